"""The inputs of the consequence rules, read set-based: a few queries for a whole chunk of organizations, whatever
its size (the active rule sets, the approved results of each set, the committee terms, the secretaries' tenures,
the digests of the last run, the consequences in force), handed over as plain values for the pure engine
(scoring.engine.consequences). Only the organizations whose inputs digest changed since the last run are handed
over: the others would give the same rows."""

import hashlib
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, reduce
from operator import or_
from typing import NamedTuple

from django.db.models import Q
from django.db.models.functions import TruncDate

from evaluations.models import (
    Consequence,
    ConsequenceInputs,
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


class Tenure(NamedTuple):
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
    labels: dict[int, str]  # result id: "2023年 3星"
    results_of: dict[int, list[int]]  # organization id: its result ids, for the reason of a withdrawal


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


def _of(field: str, organization_ids: Sequence[int], every_id: bool) -> dict:
    """The organizations filter: a range when the ids are every id from the first to the last (a whole run, much
    cheaper to plan than thousands of ids), else the ids themselves."""
    if every_id and organization_ids:
        return {f"{field}__gte": organization_ids[0], f"{field}__lte": organization_ids[-1]}
    return {f"{field}__in": list(organization_ids)}


@dataclass
class ChunkInputs:
    """What the rules read about a chunk of organizations, as fetched and grouped by organization, with the digest
    each organization's inputs had when the rules were last applied to it."""

    tenures: dict[int, list[tuple]]  # (secretary id, person key, name, started on, ended on)
    results: dict[int, list[tuple]]  # (rule set id, result row as read), in the order read
    terms: dict[int, list[tuple]]  # (start year, end year)
    applied: dict[int, str]  # the inputs digest stored by the last run

    def digests(self, rule_sets: list[RuleSetInput], organization_ids: Sequence[int]) -> dict[int, str]:
        """Each organization's inputs digest: the rule set versions in use and every value read about it. The same
        digest means the rules would make the same rows, so a rerun need not look at them."""
        in_use = tuple((each.rule_set.pk, each.rule_set.version) for each in rule_sets)
        tenures, terms, results = self.tenures, self.terms, self.results
        return {
            pk: hashlib.blake2b(
                repr((in_use, tenures.get(pk), terms.get(pk), results.get(pk))).encode(), digest_size=16
            ).hexdigest()
            for pk in organization_ids
        }


def chunk_inputs(rule_sets: list[RuleSetInput], organization_ids: Sequence[int], *, every_id: bool) -> ChunkInputs:
    """Read what the rules need about these organizations: the secretaries' tenures, one query per rule set for the
    approved results, the committee terms, and the digests of the last run."""

    def of(field: str) -> dict:
        return _of(field, organization_ids, every_id)

    tenures: dict[int, list[tuple]] = {}
    for org_id, *tenure in Secretary.objects.filter(**of("organization_id")).values_list(
        "organization_id", "pk", "id_card_hash", "name", "started_on", "ended_on"
    ):
        tenures.setdefault(org_id, []).append(tuple(tenure))
    results: dict[int, list[tuple]] = {}
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
        else:
            rows = (
                Evaluation.objects.filter(
                    status=EvaluationStatus.APPROVED,
                    subject_kind=SubjectKind.ORGANIZATION,
                    **of("organization_id"),
                    campaign__period_kind=rule_set.period_kind,
                )
                .filter(_templates_q(rule_set.templates, "template__code"))
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
        pk = rule_set.pk
        for org_id, *row in rows:
            results.setdefault(org_id, []).append((pk, *row))
    terms: dict[int, list[tuple]] = {}
    for org_id, start, end in CommitteeTerm.objects.filter(**of("organization_id")).values_list(
        "organization_id", "start_year", "end_year"
    ):
        terms.setdefault(org_id, []).append((start, end))
    return ChunkInputs(tenures, results, terms, applied_digests(organization_ids, every_id=every_id))


def applied_digests(organization_ids: Sequence[int], *, every_id: bool) -> dict[int, str]:
    """The inputs digests stored by the last run on these organizations (one query)."""
    stored = ConsequenceInputs.objects.filter(**_of("organization_id", organization_ids, every_id))
    return dict(stored.values_list("organization_id", "inputs_digest"))


def gather(rule_sets: list[RuleSetInput], inputs: ChunkInputs, organization_ids: Sequence[int]) -> Gathered:
    """The engine's inputs for these organizations of the chunk, as plain values (no query: it may run beside the
    writing of another chunk)."""
    subjects: dict[tuple[int, int, int | None], SubjectResults] = {}
    approved_on: dict[int, date] = {}
    labels: dict[int, str] = {}
    kinds = {each.rule_set.pk: (each.rule_set.period_kind, each.rule_set.subject) for each in rule_sets}
    member_subject = ConsequenceSubject.MEMBER
    terms: dict[int, list[Term]] = {}
    secretaries: dict[tuple[int, str], int] = {}
    for org_id in organization_ids:
        held = [Tenure(*row) for row in inputs.tenures.get(org_id, ())]
        for each in sorted(held, key=lambda tenure: tenure.started_on):
            secretaries[org_id, each.person] = each.secretary_id
        if org_id in inputs.terms:
            terms[org_id] = [Term(start, end) for start, end in inputs.terms[org_id]]
        for rule_set_id, *row in inputs.results.get(org_id, ()):
            period_kind, subject_kind = kinds[rule_set_id]
            if subject_kind == member_subject:
                result_id, member_id, person, name, year, number, grade, final_at = row
                period = Period(period_kind, year, number)
                subject = subjects.get((rule_set_id, org_id, member_id))
                if subject is None:
                    subject = subjects[rule_set_id, org_id, member_id] = SubjectResults(org_id, member_id, person, name)
                subject.results.append(ResultValue(result_id, period, grade=grade))
                approved_on[result_id] = final_at
                labels[result_id] = _label(period, None, grade)
                continue
            result_id, year, number, stars, grade, approved_at = row
            period = Period(period_kind, year, number)
            leader = _leader(held, period)
            subject = subjects.get((rule_set_id, org_id, None))
            if subject is None:
                subject = subjects[rule_set_id, org_id, None] = SubjectResults(org_id, None, "", "")
            grade = grade or ""
            shown_stars = None if grade else stars
            subject.results.append(
                ResultValue(
                    result_id,
                    period,
                    stars=shown_stars,
                    grade=grade,
                    leader=leader.person if leader else "",
                    leader_name=leader.name if leader else "",
                )
            )
            approved_on[result_id] = approved_at
            labels[result_id] = _label(period, shown_stars, grade)
    results_of: dict[int, list[int]] = {}
    for (_set, organization_id, _member), subject in subjects.items():
        results_of.setdefault(organization_id, []).extend(result.result_id for result in subject.results)
    return Gathered(subjects, terms, approved_on, secretaries, labels, results_of)


def consequences_in_force(organization_ids: Sequence[int], *, every_id: bool) -> list[tuple]:
    """The consequences in force on these organizations, keyed as the rules key them (one query): (pk, rule,
    organization, person, action, target, occasion, rule set, fingerprint)."""
    in_force = Consequence.objects.filter(
        **_of("organization_id", organization_ids, every_id), status=ConsequenceStatus.ACTIVE
    )
    return list(
        in_force.values_list(
            "pk",
            *("rule_id", "organization_id", "person_key", "action", "target", "occasion"),
            "rule_set_id",
            "inputs_fingerprint",
        )
    )


def in_force_count(organization_ids: Sequence[int], *, every_id: bool, excluding: Sequence[int]) -> int:
    """How many consequences are in force on these organizations, but for those excluded (one query)."""
    in_force = Consequence.objects.filter(**_of("organization_id", organization_ids, every_id))
    return in_force.filter(status=ConsequenceStatus.ACTIVE).exclude(organization_id__in=list(excluding)).count()
