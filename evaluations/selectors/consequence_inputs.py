"""The inputs of the consequence rules, read set-based: a few queries for a whole chunk of organizations, whatever
its size (the active rule sets, the approved results of each set, the committee terms, the secretaries' tenures,
the consequences in force), handed over as plain values for the pure engine (scoring.engine.consequences)."""

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import TruncDate

from evaluations.models import (
    Consequence,
    ConsequenceStatus,
    Evaluation,
    EvaluationStatus,
    PioneerResult,
    SubjectKind,
)
from orgs.models import CommitteeTerm, Secretary
from scoring.engine.consequences import Period, ResultValue, Rule, Term
from scoring.models import ConsequenceRule, ConsequenceRuleSet, ConsequenceSubject


@dataclass(frozen=True)
class RuleSetInput:
    rule_set: ConsequenceRuleSet
    rules: tuple[tuple[ConsequenceRule, Rule], ...]


@dataclass(frozen=True)
class Tenure:
    secretary_id: int
    person: str
    name: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class SubjectResults:
    """One subject's results under one rule set: the organization, the member if the subject is one."""

    organization_id: int
    member_id: int | None
    person: str
    person_name: str
    results: list[ResultValue] = field(default_factory=list)


@dataclass
class Gathered:
    subjects: dict[tuple[int, int, int | None], SubjectResults]  # (rule set id, organization id, member id)
    terms: dict[int, list[Term]]
    approved_on: dict[int, date]  # result id: the day it was approved (a deadline counts from it)
    secretaries: dict[tuple[int, str], int]  # (organization id, person key): the latest tenure's secretary id
    existing: list[tuple]  # (pk, rule, organization, person, action, target, occasion, rule set, fingerprint)
    labels: dict[int, str]  # result id: "2023年 3星"
    results_of: dict[int, list[int]]  # organization id: its result ids, for the reason of a withdrawal
    tenures: dict[int, list[Tenure]] = field(default_factory=dict)  # organization id: its secretaries' tenures

    def result_of(self, organization_id: int, result_id: int, period: Period, stars: int | None, grade: str):
        """A result that is not approved (yet) as the rules would read it, with the secretary in office then: the
        current or the draft result of a what-if."""
        return _organization_result(self.tenures.get(organization_id, []), result_id, period, stars, grade)


def _organization_result(
    tenures: list[Tenure], result_id: int, period: Period, stars: int | None, grade: str
) -> ResultValue:
    """An organization's result with the secretary in office then; a graded result counts by its grade alone."""
    leader = _leader(tenures, period)
    return ResultValue(
        result_id,
        period,
        stars=None if grade else stars,
        grade=grade,
        leader=leader.person if leader else "",
        leader_name=leader.name if leader else "",
    )


def result_label(result: ResultValue) -> str:
    """A result as the explanations name it: "2023年 3星"."""
    return _label(result.period, result.stars, result.grade)


def active_rule_sets() -> list[RuleSetInput]:
    """The rule sets in use with their rules, as the engine takes them (two queries)."""
    sets = list(ConsequenceRuleSet.objects.filter(is_active=True).order_by("code"))
    rules: dict[int, list] = {each.pk: [] for each in sets}
    for rule in ConsequenceRule.objects.filter(rule_set__in=sets).order_by("rule_set", "order", "pk"):
        rules[rule.rule_set_id].append((rule, rule.as_rule()))
    return [RuleSetInput(each, tuple(rules[each.pk])) for each in sets]


def _templates_q(patterns: Sequence[str], prefix: str) -> Q:
    parts = [
        Q(**{f"{prefix}__startswith": each[:-1]}) if each.endswith("*") else Q(**{prefix: each}) for each in patterns
    ]
    return reduce(or_, parts) if parts else Q(pk__in=[])


@cache
def _period_bounds(period: Period) -> tuple[date, date]:
    """The first and the last day of a period."""
    if period.kind == "year":
        return date(period.year, 1, 1), date(period.year, 12, 31)
    first_month = period.number if period.kind == "month" else period.number * 3 - 2
    last_month = period.number if period.kind == "month" else period.number * 3
    return date(period.year, first_month, 1), date(period.year, last_month, monthrange(period.year, last_month)[1])


def _leader(tenures: list[Tenure], period: Period) -> Tenure | None:
    """The secretary in office at the end of the period, or the last one in office during it."""
    start, end = _period_bounds(period)
    serving = [each for each in tenures if each.started_on <= end and (each.ended_on is None or each.ended_on >= start)]
    if len(serving) < 2:
        return serving[0] if serving else None
    return max(serving, key=lambda each: (each.ended_on is None or each.ended_on >= end, each.started_on))


@cache
def _label(period: Period, stars: int | None, grade: str) -> str:
    when = f"{period.year}年" if period.kind == "year" else f"{period.year}年{period.number}月"
    if period.kind == "quarter":
        when = f"{period.year}年第{period.number}季度"
    return f"{when} {grade}" if grade and stars is None else f"{when} {stars}星" + (f"（{grade}）" if grade else "")


def gather(rule_sets: list[RuleSetInput], organization_ids: Sequence[int], *, every_id: bool = False) -> Gathered:
    """Everything the rules need about these organizations: one query per rule set for the results, one each for
    the terms, the tenures and the consequences in force."""
    subjects: dict[tuple[int, int, int | None], SubjectResults] = {}
    approved_on: dict[int, date] = {}
    labels: dict[int, str] = {}
    org_ids = list(organization_ids)

    def of(field: str) -> dict:
        """The organizations filter: a range when the ids are every id from the first to the last (a whole run,
        much cheaper to plan than thousands of ids), else the ids themselves."""
        if every_id and org_ids:
            return {f"{field}__gte": org_ids[0], f"{field}__lte": org_ids[-1]}
        return {f"{field}__in": org_ids}

    tenures: dict[int, list[Tenure]] = {}
    for row in Secretary.objects.filter(**of("organization_id")).values_list(
        "pk", "organization_id", "id_card_hash", "name", "started_on", "ended_on"
    ):
        tenures.setdefault(row[1], []).append(Tenure(row[0], row[2], row[3], row[4], row[5]))
    for each in rule_sets:
        rule_set = each.rule_set
        if rule_set.subject == ConsequenceSubject.MEMBER:
            rows = (
                PioneerResult.objects.filter(
                    finalized_at__isnull=False,
                    **of("evaluation__organization_id"),
                    evaluation__campaign__period_kind=rule_set.period_kind,
                )
                .filter(_templates_q(rule_set.templates, "evaluation__template__code"))
                .values_list(
                    "evaluation_id",
                    "evaluation__organization_id",
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
            for result_id, org_id, member_id, person, name, year, number, grade, final_at in rows:
                period = Period(rule_set.period_kind, year, number)
                subject = subjects.setdefault(
                    (rule_set.pk, org_id, member_id), SubjectResults(org_id, member_id, person, name)
                )
                subject.results.append(ResultValue(result_id, period, grade=grade))
                approved_on[result_id] = final_at
                labels[result_id] = _label(period, None, grade)
            continue
        rows = (
            Evaluation.objects.filter(
                status=EvaluationStatus.APPROVED,
                subject_kind=SubjectKind.ORGANIZATION,
                **of("organization_id"),
                campaign__period_kind=rule_set.period_kind,
            )
            .filter(_templates_q(rule_set.templates, "template__code"))
            .values_list(
                "pk",
                "organization_id",
                "campaign__year",
                "campaign__period_number",
                "approved_stars",
                "result__grade",
                TruncDate("approved_at"),
            )
            .order_by("campaign_id", "pk")
        )
        for result_id, org_id, year, number, stars, grade, approved_at in rows:
            period = Period(rule_set.period_kind, year, number)
            subject = subjects.setdefault((rule_set.pk, org_id, None), SubjectResults(org_id, None, "", ""))
            result = _organization_result(tenures.get(org_id, []), result_id, period, stars, grade or "")
            subject.results.append(result)
            approved_on[result_id] = approved_at
            labels[result_id] = _label(period, result.stars, result.grade)
    terms: dict[int, list[Term]] = {}
    for org_id, start, end in CommitteeTerm.objects.filter(**of("organization_id")).values_list(
        "organization_id", "start_year", "end_year"
    ):
        terms.setdefault(org_id, []).append(Term(start, end))
    secretaries = {
        (org_id, each.person): each.secretary_id
        for org_id, held in tenures.items()
        for each in sorted(held, key=lambda tenure: tenure.started_on)
    }
    existing = list(
        Consequence.objects.filter(**of("organization_id"), status=ConsequenceStatus.ACTIVE).values_list(
            "pk",
            *("rule_id", "organization_id", "person_key", "action", "target", "occasion"),
            "rule_set_id",
            "inputs_fingerprint",
        )
    )
    results_of: dict[int, list[int]] = {}
    for (_set, organization_id, _member), subject in subjects.items():
        results_of.setdefault(organization_id, []).extend(result.result_id for result in subject.results)
    return Gathered(subjects, terms, approved_on, secretaries, existing, labels, results_of, tenures)
