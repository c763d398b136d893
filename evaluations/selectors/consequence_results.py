"""The results each consequence rule set reads, as rows per organization, read set-based for a chunk of
organizations (consequence_inputs.py turns them into the engine's values).

A rule set over organizations reads their approved campaign results; over members, their final pioneer grades. A
rule set over secretaries reads their yearly star levels (Jinyuan, seed 001) instead: a year counts once the
district has filed it (备案), at the level it has now, so a star removed later (随时摘星) or a change undone counts
from then on. Each person is a subject at each organization they led: their own years there, counted in that
organization's committee terms (一届任期), so a predecessor's years or the person's years elsewhere do not add up
with them; the consequence names the person (the keyed hash of the ID card) and follows them.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from evaluations.models import (
    Evaluation,
    EvaluationStatus,
    PioneerResult,
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarYear,
    StarChangeStatus,
    SubjectKind,
)
from evaluations.rules.secretary_stars import StarChangeValue, level_in, year_levels
from scoring.models import ConsequenceRuleSet, ConsequenceSubject


def templates_q(patterns: Sequence[str], prefix: str) -> Q:
    parts = [
        Q(**{f"{prefix}__startswith": each[:-1]}) if each.endswith("*") else Q(**{prefix: each}) for each in patterns
    ]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def _filing_days(paths_years: set[tuple[str, int]]) -> dict[tuple[str, int], date]:
    """The day each (organization path, year) was filed: by the filed star cycle of a district above it."""
    years = {year for _path, year in paths_years}
    cycles = SecretaryStarCycle.objects.filter(filed_at__isnull=False, year__in=years).values_list(
        "scope__path", "year", "filed_at"
    )
    filed = [(path, year, timezone.localdate(filed_at)) for path, year, filed_at in cycles]
    return {
        (path, year): max(day for scope, of_year, day in filed if of_year == year and path.startswith(scope))
        for path, year in paths_years
        if any(of_year == year and path.startswith(scope) for scope, of_year, _day in filed)
    }


def _star_years(rule_set: ConsequenceRuleSet, organizations: dict):
    """Each filed year of the secretaries of these organizations whose record is under the rule set's star rules,
    with its level now: (record id, organization id, person key, name, year, level, the day the level was settled).

    Three queries: the filed records, every approved or undone change of those persons (a level carries from one
    year into the next), the filed cycles. The level is settled on the day the year was filed, or on a later
    decision on that year's record (a star removed, a change undone)."""
    records = list(
        SecretaryStarYear.objects.filter(filed_level__isnull=False, **organizations)
        .filter(templates_q(rule_set.templates, "rule_set__code"))
        .values_list(
            "pk",
            "secretary__organization_id",
            "secretary__organization__path",
            "person_key",
            "secretary__name",
            "year",
            "rule_set__max_stars",
        )
        .order_by("year", "pk")
    )
    if not records:
        return
    changes: dict[str, list[StarChangeValue]] = {}
    decided: dict[int, date] = {}
    for person, record_id, year, kind, stars, effective_on, status, decided_at, undone_at in (
        SecretaryStarChange.objects.filter(
            record__person_key__in={row[3] for row in records},
            status__in=(StarChangeStatus.APPROVED, StarChangeStatus.UNDONE),
        )
        .values_list(
            "record__person_key",
            "record_id",
            "record__year",
            "kind",
            "stars",
            "effective_on",
            "status",
            "decided_at",
            "undone_at",
        )
        .order_by("effective_on", "pk")
    ):
        if status == StarChangeStatus.APPROVED:
            changes.setdefault(person, []).append(StarChangeValue(year, kind, stars, effective_on))
        moment = undone_at if status == StarChangeStatus.UNDONE else decided_at
        if moment is not None:
            decided[record_id] = max(decided.get(record_id, date.min), timezone.localdate(moment))
    filed_on = _filing_days({(row[2], row[5]) for row in records})
    levels: dict[tuple[str, int], dict] = {}
    for record_id, organization_id, path, person, name, year, max_stars in records:
        if (person, max_stars) not in levels:
            levels[person, max_stars] = year_levels(changes.get(person, ()), max_stars=max_stars)
        settled = max(filed_on.get((path, year), date.min), decided.get(record_id, date.min))
        level = level_in(levels[person, max_stars], year) or 0
        yield record_id, organization_id, person, name, year, level, settled if settled > date.min else None


def _member_rows(rule_set: ConsequenceRuleSet, organizations: dict):
    return (
        PioneerResult.objects.filter(
            finalized_at__isnull=False, **organizations, evaluation__campaign__period_kind=rule_set.period_kind
        )
        .filter(templates_q(rule_set.templates, "evaluation__template__code"))
        .values_list(
            "evaluation__organization_id",
            "evaluation_id",
            "evaluation__member_id",
            "evaluation__member__id_card_hash",
            "evaluation__member__name",
            "evaluation__campaign__year",
            "evaluation__campaign__period_number",
            "grade",
            TruncDate("finalized_at"),
        )
        .order_by("evaluation__campaign_id", "evaluation_id")
    )


def _organization_rows(rule_set: ConsequenceRuleSet, organizations: dict):
    return (
        Evaluation.objects.filter(
            status=EvaluationStatus.APPROVED,
            subject_kind=SubjectKind.ORGANIZATION,
            **organizations,
            campaign__period_kind=rule_set.period_kind,
        )
        .filter(templates_q(rule_set.templates, "template__code"))
        .values_list(
            "organization_id",
            "pk",
            "campaign__year",
            "campaign__period_number",
            "approved_stars",
            "result__grade",
            TruncDate("approved_at"),
        )
        .order_by("campaign_id", "pk")
    )


def rule_set_rows(rule_set: ConsequenceRuleSet, of: Callable[[str], dict]) -> Iterable[tuple]:
    """The rule set's results on the organizations that ``of`` filters (given the field that names them), as
    (organization id, result id, …) rows in the order read: the row's shape depends on the rule set's subject."""
    if rule_set.subject == ConsequenceSubject.SECRETARY:
        rows = _star_years(rule_set, of("secretary__organization_id"))
        return ((org_id, record_id, *rest) for record_id, org_id, *rest in rows)
    if rule_set.subject == ConsequenceSubject.MEMBER:
        return _member_rows(rule_set, of("evaluation__organization_id"))
    return _organization_rows(rule_set, of("organization_id"))
