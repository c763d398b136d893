"""Writes of the rewards ledger (以星定奖, seed 001): bring the ledgers of a year up to date with the star levels,
and record a correction by hand. The ledger only grows: what changed becomes an adjusting entry with its reason.

Computing is set-based: a constant number of queries whatever the number of secretaries (the star levels, the
tenures, the circumstances, the sums recorded so far, one bulk insert, one audit event).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import RewardAuditAction
from evaluations.models import (
    RewardEntry,
    RewardEntryKind,
    RewardEntryType,
    RewardRuleSet,
    SecretaryStarYear,
)
from evaluations.rules.reward_rules import (
    REWARD_RULES_FIXTURE,
    RewardRules,
    rule_set_fields_from_yaml,
    rules_from_dict,
)
from evaluations.rules.rewards import Entry, adjustments, secretary_rewards, translator, yuan
from evaluations.selectors.reward_inputs import departed_reward_inputs, reward_inputs
from orgs.models import Organization, Secretary, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record

ENTRY_FIELDS = ("kind", "amount", "computation", "effective_from")


def reward_rules_in_use() -> tuple[RewardRuleSet | None, RewardRules]:
    """The newest active rule set of the admin, or the fixture's documented defaults when there is none."""
    rule_set = RewardRuleSet.objects.filter(is_active=True).order_by("-version", "-pk").first()
    if rule_set is not None:
        return rule_set, rule_set.as_rules()
    return None, rules_from_dict(rule_set_fields_from_yaml(REWARD_RULES_FIXTURE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class ComputedLedgers:
    secretaries: int
    entries: int
    adjustments: int


def _expected_entries(year: int, records, scope: Organization, rules: RewardRules) -> dict[int, list[Entry]]:
    """The year's entries of every rated secretary of the scope, and of the departed ones whose departure subsidy
    runs on (or whose entries of the year are no longer due)."""
    translate = translator()
    found = [
        *reward_inputs(year=year, records=records),
        *departed_reward_inputs(year=year, scope_path=scope.path, rated=records),
    ]
    return {each.secretary_id: secretary_rewards(each.facts, rules, translate) for each in found}


COPY_COLUMNS = (
    "secretary_id",
    "year",
    "kind",
    "amount",
    "computation",
    "effective_from",
    "entry_type",
    "reason",
    "rule_set_id",
    "recorded_by_id",
    "recorded_at",
)


def _entries_insert(rows: list[RewardEntry]) -> None:
    """Append the entries in one statement: COPY on PostgreSQL (a district's thousands of rows in milliseconds),
    a bulk INSERT elsewhere."""
    if connection.vendor != "postgresql":
        RewardEntry.objects.bulk_create(rows)
        return
    now = timezone.now()
    table = RewardEntry._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            row.recorded_at = now
            copy.write_row([getattr(row, column) for column in COPY_COLUMNS])


def rewards_ledger_compute(*, year: int, scope: Organization, by: User | None) -> ComputedLedgers:
    """Bring the rewards ledger of every secretary with a star record in ``year`` under ``scope`` (and of those who
    left normally before, for the departure subsidy) up to date:
    first figures as computed, then only adjusting entries for what changed (idempotent). Corrections entered by
    hand stay as they are. Needs the campaign manager's capability on the scope (the district)."""
    check_actor(by, Capability.MANAGE_CAMPAIGNS, scope, object_type="organization", object_id=scope.pk)
    rule_set, rules = reward_rules_in_use()
    records = SecretaryStarYear.objects.filter(year=year, secretary__organization__path__startswith=scope.path)
    default_reason = _("The star level, the circumstances (departure, collective economy) or the reward rules changed.")
    with transaction.atomic():
        list(records.select_for_update().values_list("pk", flat=True))
        expected = _expected_entries(year, records, scope, rules)
        translate = translator()
        recorded: dict[int, dict[str, Decimal]] = defaultdict(dict)
        sums = (
            RewardEntry.objects.filter(year=year, secretary_id__in=list(expected))
            .exclude(entry_type=RewardEntryType.CORRECTION)
            .values("secretary_id", "kind")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for row in sums:
            recorded[row["secretary_id"]][row["kind"]] = row["total"]
        rows = []
        for secretary_id, entries in expected.items():
            on = entries[0].effective_from if entries else date(year, 1, 1)
            for entry, is_adjustment, reason in adjustments(
                entries, recorded[secretary_id], default_reason, on, translate
            ):
                rows.append(
                    RewardEntry(
                        secretary_id=secretary_id,
                        year=year,
                        entry_type=RewardEntryType.ADJUSTMENT if is_adjustment else RewardEntryType.COMPUTED,
                        reason=reason,
                        rule_set=rule_set,
                        recorded_by=by,
                        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
                    )
                )
        _entries_insert(rows)
        computed = ComputedLedgers(
            secretaries=len(expected),
            entries=len(rows),
            adjustments=sum(row.entry_type == RewardEntryType.ADJUSTMENT for row in rows),
        )
        if rows:
            audit_record(
                action=RewardAuditAction.REWARDS_COMPUTE,
                actor=by,
                object_type="organization",
                object_id=scope.pk,
                detail={"year": year, "secretaries": computed.secretaries, "entries": computed.entries},
            )
    return computed


def reward_correction_add(
    *, secretary: Secretary, year: int, kind: str, amount: Decimal, reason: str, by: User | None
) -> RewardEntry:
    """A correction entered by hand (e.g. a figure the finance office paid differently), with its reason; the
    ledger keeps it beside the computed figures and computing never undoes it."""
    check_actor(
        by, Capability.MANAGE_CAMPAIGNS, secretary.organization, object_type="secretary", object_id=secretary.pk
    )
    if kind not in RewardEntryKind.values:
        raise ValidationError({"kind": _("Choose one of the ledger's kinds of figure.")})
    if not amount:
        raise ValidationError({"amount": _("A correction of 0 yuan changes nothing; give the difference to add.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    with transaction.atomic():
        entry = RewardEntry.objects.create(
            secretary=secretary,
            year=year,
            kind=kind,
            amount=amount,
            computation=_("correction by hand: %(amount)s") % {"amount": yuan(amount)},
            effective_from=date(year, 1, 1),
            entry_type=RewardEntryType.CORRECTION,
            reason=reason.strip(),
            recorded_by=by,
        )
        audit_record(
            action=RewardAuditAction.REWARD_CORRECTION,
            actor=by,
            object_type="secretary",
            object_id=secretary.pk,
            detail={"year": year, "kind": kind, "amount": str(amount), "entry": entry.pk},
        )
    return entry
