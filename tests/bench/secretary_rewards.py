"""The rewards ledger of 2,000 secretaries (issue 12, seed 001): computed in at most 1 s on PostgreSQL.

Every secretary has last year's base stars and this year's added or reduced stars; a tenth are one-shoulder village
secretaries. Three figures: the first computation of every ledger, the recomputation after a tenth of them lost a
star mid-year (adjusting entries), and a run with nothing to change. The queries are counted for 200 and for 2,000
secretaries: they must be the same number.
"""

from datetime import date

from django.utils import timezone

from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.services.rewards import rewards_ledger_compute
from orgs.models import Organization, Secretary
from tests.bench import figure
from tests.bench._secretaries import analyze, secretaries_add, timed_with_queries, two_streets

SECRETARIES = 2_000
SMALL = 200
YEAR = 2026
TARGET_S = 1.0


def _rules() -> dict[str, SecretaryStarRule]:
    rule_set = SecretaryStarRuleSet.objects.create(code="bench", name="书记星级")
    return {
        kind: SecretaryStarRule.objects.create(rule_set=rule_set, kind=kind, code=kind, name=kind, stars=5)
        for kind in (StarRuleKind.BASE, StarRuleKind.ADDED, StarRuleKind.REDUCED)
    }


def _star_records(secretaries: list[Secretary], rules: dict[str, SecretaryStarRule]) -> None:
    rule_set = next(iter(rules.values())).rule_set
    now = timezone.now()
    records, changes = [], []
    for secretary in secretaries:
        for year in (YEAR - 1, YEAR):
            records.append(
                SecretaryStarYear(person_key=secretary.id_card_hash, year=year, secretary=secretary, rule_set=rule_set)
            )
    SecretaryStarYear.objects.bulk_create(records)
    for index, (last, this) in enumerate(zip(records[::2], records[1::2], strict=True)):
        base = 1 + index % 5
        changes.append(_change(last, StarRuleKind.BASE, base, rules, now))
        kind = StarRuleKind.ADDED if index % 3 else StarRuleKind.REDUCED
        changes.append(_change(this, kind, 1 + index % 2, rules, now))
    SecretaryStarChange.objects.bulk_create(changes)


def _change(record, kind, stars, rules, now, effective_on=None) -> SecretaryStarChange:
    return SecretaryStarChange(
        record=record,
        secretary=record.secretary,
        kind=kind,
        rule=rules.get(kind),
        stars=stars,
        effective_on=effective_on or date(record.year, 1, 1),
        reason="年度评定" if kind != StarRuleKind.REMOVED else "随时摘星",
        status=StarChangeStatus.APPROVED,
        proposed_at=now,
    )


def _timed(scope: Organization) -> tuple[float, object, int]:
    return timed_with_queries(lambda: rewards_ledger_compute(year=YEAR, scope=scope, by=None))


def run() -> list[dict]:
    district, small_street, large_street = two_streets(YEAR)
    rules = _rules()
    _star_records(secretaries_add(small_street, SMALL, 0, one_shoulder_every=10), rules)
    _star_records(secretaries_add(large_street, SECRETARIES - SMALL, SMALL, one_shoulder_every=10), rules)
    analyze()
    _, small_run, small_queries = _timed(small_street)
    first_s, first, queries = _timed(district)
    removals = [
        _change(record, StarRuleKind.REMOVED, 1, rules, timezone.now(), date(YEAR, 7, 1))
        for record in SecretaryStarYear.objects.filter(year=YEAR).select_related("secretary").order_by("pk")[::10]
    ]
    SecretaryStarChange.objects.bulk_create(removals)
    again_s, again, _ = _timed(district)
    idle_s, idle, idle_queries = _timed(district)
    return [
        figure(
            "rewards_ledger_2000_secretaries_first_s",
            first_s,
            "s",
            TARGET_S,
            secretaries=first.secretaries,
            computed_before=small_run.secretaries,
            entries=first.entries,
            queries=queries,
            queries_for_200=small_queries,
        ),
        figure(
            "rewards_ledger_2000_secretaries_after_removals_s",
            again_s,
            "s",
            TARGET_S,
            adjustments=again.adjustments,
            removals=len(removals),
        ),
        figure(
            "rewards_ledger_2000_secretaries_unchanged_s",
            idle_s,
            "s",
            TARGET_S,
            entries=idle.entries,
            queries=idle_queries,
        ),
        figure("rewards_ledger_queries_200_vs_2000", queries - small_queries, "queries", 0),
    ]
