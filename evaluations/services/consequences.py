"""Applying the consequence rules (结果运用) to the approved results: after an approval, a correction of a result,
a removed star, and on demand.

Each chunk of organizations is read set-based (selectors/consequence_inputs.py), handed to the pure engine
(scoring.engine.consequences), and compared with the consequences in force: new ones are inserted in bulk, those
whose results changed are updated, and those that no longer hold are withdrawn with the reason. Running it again
on the same results changes nothing. Runs are serialised by a lock on the rule sets in use.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Consequence, ConsequenceStatus
from evaluations.selectors.consequence_inputs import Gathered, RuleSetInput, active_rule_sets, gather
from orgs.models import Organization, User
from orgs.services.audit import audit_record
from scoring.engine.consequences import ConditionKind, Firing, rules_fire
from scoring.models import ConsequenceRule, ConsequenceRuleSet

CHUNK_ORGANIZATIONS = 2000
KEY_FIELDS = ("rule_id", "organization_id", "person_key", "action", "target", "occasion")


@dataclass
class ConsequenceRun:
    organizations: int = 0
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    kept: int = 0

    def as_dict(self) -> dict:
        return dict(vars(self))


def _explanation(rule: ConsequenceRule, firing: Firing, labels: dict[int, str]) -> str:
    results = "、".join(labels[result_id] for result_id in firing.result_ids)
    text = _("%(rule)s. Results: %(results)s.") % {"rule": rule.name, "results": results}
    if rule.condition == ConditionKind.IN_TERM and firing.term is not None:
        text += _(" Committee term %(start)s–%(end)s: %(count)s times.") % {
            "start": firing.term.start_year,
            "end": firing.term.end_year,
            "count": len(firing.results),
        }
    if firing.person_name:
        text += _(" Leader at the time: %(name)s.") % {"name": firing.person_name}
    return text


def _due_on(firing: Firing, approved_on: dict[int, date]) -> date | None:
    if not firing.deadline_days:
        return None
    days = [approved_on[result_id] for result_id in firing.result_ids if approved_on.get(result_id)]
    return max(days) + timedelta(days=firing.deadline_days) if days else None


def _desired(rule_sets: list[RuleSetInput], gathered: Gathered) -> dict[tuple, dict]:
    """What the rules say now, keyed like the consequences in force."""
    desired: dict[tuple, dict] = {}
    by_set = {each.rule_set.pk: each for each in rule_sets}
    for (rule_set_id, organization_id, member_id), subject in gathered.subjects.items():
        each = by_set[rule_set_id]
        terms = gathered.terms.get(organization_id, ())
        for rule, pure in each.rules:
            for firing in rules_fire([pure], subject.results, terms=terms, subject_person=subject.person):
                key = (
                    rule.pk,
                    organization_id,
                    firing.person,
                    firing.action.value,
                    firing.target.value,
                    firing.occasion,
                )
                desired[key] = {
                    "rule": rule,
                    "rule_set": each.rule_set,
                    "member_id": member_id,
                    "person_name": firing.person_name or (subject.person_name if member_id else ""),
                    "secretary_id": gathered.secretaries.get((organization_id, firing.person)),
                    "year": firing.year,
                    "result_ids": list(firing.result_ids),
                    "explanation": _explanation(rule, firing, gathered.labels),
                    "due_on": _due_on(firing, gathered.approved_on),
                }
    return desired


def _withdrawal_reason(row: dict, active_sets: set[int], labels_now: str) -> str:
    if row["rule_set_id"] not in active_sets:
        return _("The rule set was revised: this rule version is no longer in use.")
    return _("The results behind it changed and the rule no longer holds. Results now: %(results)s.") % {
        "results": labels_now or _("none approved")
    }


def _chunk_apply(rule_sets: list[RuleSetInput], organization_ids: Sequence[int], now: datetime, run: ConsequenceRun):
    with transaction.atomic():
        # One run at a time over the rules in use: two runs never insert the same consequence twice.
        list(ConsequenceRuleSet.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True))
        gathered = gather(rule_sets, organization_ids)
        desired = _desired(rule_sets, gathered)
        active_sets = {each.rule_set.pk for each in rule_sets}
        results_of: dict[int, list[int]] = {}
        for (_set, organization_id, _member), subject in gathered.subjects.items():
            results_of.setdefault(organization_id, []).extend(result.result_id for result in subject.results)
        to_update, withdrawals = [], {}
        for row in gathered.existing:
            key = tuple(row[name] for name in KEY_FIELDS)
            wanted = desired.pop(key, None)
            if wanted is None:
                shown = "、".join(gathered.labels[pk] for pk in sorted(results_of.get(row["organization_id"], [])))
                withdrawals.setdefault(_withdrawal_reason(row, active_sets, shown), []).append(row["pk"])
            elif wanted["result_ids"] != row["result_ids"] or wanted["explanation"] != row["explanation"]:
                to_update.append(
                    Consequence(
                        pk=row["pk"],
                        result_ids=wanted["result_ids"],
                        explanation=wanted["explanation"],
                        due_on=wanted["due_on"],
                        updated_at=now,
                    )
                )
            else:
                run.kept += 1
        for reason, ids in withdrawals.items():
            run.withdrawn += Consequence.objects.filter(pk__in=ids, status=ConsequenceStatus.ACTIVE).update(
                status=ConsequenceStatus.WITHDRAWN, withdrawn_reason=reason, withdrawn_at=now, updated_at=now
            )
        Consequence.objects.bulk_update(to_update, ["result_ids", "explanation", "due_on", "updated_at"], 2000)
        run.updated += len(to_update)
        made = [
            Consequence(
                rule_set=wanted["rule_set"],
                rule=wanted["rule"],
                rule_version=wanted["rule_set"].version,
                action=action,
                target=target,
                organization_id=organization_id,
                person_key=person,
                person_name=wanted["person_name"][:50],
                secretary_id=wanted["secretary_id"],
                member_id=wanted["member_id"],
                occasion=occasion,
                year=wanted["year"],
                result_ids=wanted["result_ids"],
                explanation=wanted["explanation"],
                due_on=wanted["due_on"],
                created_at=now,
                updated_at=now,
            )
            for (_rule, organization_id, person, action, target, occasion), wanted in desired.items()
        ]
        Consequence.objects.bulk_create(made, batch_size=2000)
        run.added += len(made)
        run.organizations += len(organization_ids)


def consequences_apply(
    *, organization_ids: Iterable[int] | None = None, by: User | None = None, cause: str = "", now=None
) -> ConsequenceRun:
    """Apply the rule sets in use to the organizations given (all when None), chunk by chunk, and audit what
    changed. Running it twice on the same results gives the same rows."""
    now = now or timezone.now()
    rule_sets = active_rule_sets()
    if organization_ids is None:
        ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(organization_ids))
    run = ConsequenceRun()
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), CHUNK_ORGANIZATIONS):
            _chunk_apply(rule_sets, ids[start : start + CHUNK_ORGANIZATIONS], now, run)
    audit_record(
        action=EvaluationAuditAction.CONSEQUENCES_APPLY,
        actor=by,
        object_type="consequences",
        object_id="all" if organization_ids is None else len(ids),
        detail=run.as_dict() | {"cause": cause, "organization_ids": ids[:50] if organization_ids is not None else []},
    )
    return run


def consequences_request(*, organization_ids: Iterable[int] | None, cause: str, by: User | None = None) -> None:
    """Queue the job after the current transaction commits (an approval, a correction, a removed star)."""
    from evaluations.tasks import consequences_apply as task  # lazily: the task module imports this service

    ids = None if organization_ids is None else sorted(set(organization_ids))
    if ids == []:
        return
    by_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
    transaction.on_commit(lambda: task.delay(ids, cause, by_id))
