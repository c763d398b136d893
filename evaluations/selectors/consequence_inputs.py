"""The inputs of the consequence rules, read set-based: a few queries for a whole chunk of organizations, whatever
its size (the active rule sets, the approved results of each set, the committee terms, the secretaries' tenures,
the digests of the last run, the consequences in force), handed over as plain values for the pure engine
(scoring.engine.consequences). The job hands over only the organizations whose inputs digest changed since the
last run: the others would give the same rows.

What each rule set reads, and how a secretary's star levels count, is in consequence_results.py.
"""

import hashlib
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import NamedTuple

from evaluations.models import (
    Consequence,
    ConsequenceInputs,
    ConsequenceStatus,
    MemberGrade,
)
from evaluations.selectors.consequence_results import rule_set_rows
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
    """One subject's results under one rule set: the organization, the member if the subject is one, the person (a
    member or a secretary) by the keyed hash of their ID card."""

    organization_id: int
    member_id: int | None
    person: str
    person_name: str
    results: list[ResultValue] = field(default_factory=list)


@dataclass
class ResultFacts:
    """What the explanations and deadlines need of results named by one kind of id (evaluations, or a secretary's
    star records): the ids of the two kinds may coincide, so each kind has its own."""

    approved_on: dict[int, date] = field(default_factory=dict)  # the day it was approved (a deadline counts from it)
    labels: dict[int, str] = field(default_factory=dict)  # "2023年 3星"


# A subject: (rule set id, organization id, member id for a member, person key for a secretary, None otherwise).
SubjectKey = tuple[int, int, int | str | None]


@dataclass
class Gathered:
    subjects: dict[SubjectKey, SubjectResults]
    terms: dict[int, list[Term]]
    facts: ResultFacts  # of the results of evaluations (organizations, members)
    star_year_facts: ResultFacts  # of the secretaries' yearly star levels (the ids are star record ids)
    secretaries: dict[tuple[int, str], int]  # (organization id, person key): the latest tenure's secretary id
    # (rule set id, organization id, the subject's person or ""): the labels of its results now, for the reason of
    # a withdrawal
    results_of: dict[tuple[int, int, str], list[str]]
    tenures: dict[int, list[Tenure]] = field(default_factory=dict)  # organization id: its secretaries' tenures

    def facts_of(self, subject: str) -> ResultFacts:
        return self.star_year_facts if subject == ConsequenceSubject.SECRETARY else self.facts

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


def chunk_inputs(
    rule_sets: list[RuleSetInput], organization_ids: Sequence[int], *, every_id: bool, digests: bool = True
) -> ChunkInputs:
    """Read what the rules need about these organizations: the secretaries' tenures, the results of each rule set
    (one query for campaign results, three for secretaries' star levels), the committee terms, and the digests of
    the last run (unless ``digests`` is False: a page's forecast needs none)."""

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
        pk = rule_set.pk
        for org_id, *row in rule_set_rows(rule_set, of):
            results.setdefault(org_id, []).append((pk, *row))
    terms: dict[int, list[tuple]] = {}
    for org_id, start, end in CommitteeTerm.objects.filter(**of("organization_id")).values_list(
        "organization_id", "start_year", "end_year"
    ):
        terms.setdefault(org_id, []).append((start, end))
    applied = applied_digests(organization_ids, every_id=every_id) if digests else {}
    return ChunkInputs(tenures, results, terms, applied)


def applied_digests(organization_ids: Sequence[int], *, every_id: bool) -> dict[int, str]:
    """The inputs digests stored by the last run on these organizations (one query)."""
    stored = ConsequenceInputs.objects.filter(**_of("organization_id", organization_ids, every_id))
    return dict(stored.values_list("organization_id", "inputs_digest"))


def gather_from(rule_sets: list[RuleSetInput], inputs: ChunkInputs, organization_ids: Sequence[int]) -> Gathered:
    """The engine's inputs for these organizations of the chunk, as plain values (no query: it may run beside the
    writing of another chunk)."""
    subjects: dict[SubjectKey, SubjectResults] = {}
    facts, star_year_facts = ResultFacts(), ResultFacts()
    approved_on, labels = facts.approved_on, facts.labels
    kinds = {each.rule_set.pk: (each.rule_set.period_kind, each.rule_set.subject) for each in rule_sets}
    member_subject, secretary_subject = ConsequenceSubject.MEMBER, ConsequenceSubject.SECRETARY
    grade_names = dict(MemberGrade.choices)  # a member's result is named by its grade ("2026年 优秀党员")
    terms: dict[int, list[Term]] = {}
    secretaries: dict[tuple[int, str], int] = {}
    tenures: dict[int, list[Tenure]] = {}
    results_of: dict[tuple[int, int, str], list[str]] = {}
    for org_id in organization_ids:
        held = tenures[org_id] = [Tenure(*row) for row in inputs.tenures.get(org_id, ())]
        for each in sorted(held, key=lambda tenure: tenure.started_on):
            secretaries[org_id, each.person] = each.secretary_id
        if org_id in inputs.terms:
            terms[org_id] = [Term(start, end) for start, end in inputs.terms[org_id]]
        for rule_set_id, *row in inputs.results.get(org_id, ()):
            period_kind, subject_kind = kinds[rule_set_id]
            if subject_kind == secretary_subject:
                record_id, person, name, year, level, settled = row
                period = Period("year", year)
                key = (rule_set_id, org_id, person)
                subject = subjects.get(key)
                if subject is None:
                    subject = subjects[key] = SubjectResults(org_id, None, person, name)
                subject.results.append(ResultValue(record_id, period, stars=level, leader=person, leader_name=name))
                star_year_facts.approved_on[record_id] = settled
                label = star_year_facts.labels[record_id] = _label(period, level, "")
            elif subject_kind == member_subject:
                result_id, member_id, person, name, year, number, grade, final_at = row
                period = Period(period_kind, year, number)
                key = (rule_set_id, org_id, member_id)
                subject = subjects.get(key)
                if subject is None:
                    subject = subjects[key] = SubjectResults(org_id, member_id, person, name)
                subject.results.append(ResultValue(result_id, period, grade=grade))
                approved_on[result_id] = final_at
                label = labels[result_id] = _label(period, None, str(grade_names.get(grade, grade)))
            else:
                result_id, year, number, stars, grade, approved_at = row
                period = Period(period_kind, year, number)
                key = (rule_set_id, org_id, None)
                subject = subjects.get(key)
                if subject is None:
                    subject = subjects[key] = SubjectResults(org_id, None, "", "")
                result = _organization_result(held, result_id, period, stars, grade or "")
                subject.results.append(result)
                approved_on[result_id] = approved_at
                label = labels[result_id] = _label(period, result.stars, result.grade)
            results_of.setdefault((rule_set_id, org_id, subject.person), []).append(label)
    return Gathered(subjects, terms, facts, star_year_facts, secretaries, results_of, tenures)


def gather(rule_sets: list[RuleSetInput], organization_ids: Sequence[int], *, every_id: bool = False) -> Gathered:
    """Everything the rules need about these organizations, read and handed over at once (a page's forecast, a
    what-if); the job reads a chunk's inputs with ``chunk_inputs`` and hands over only the changed ones."""
    ids = list(organization_ids)
    return gather_from(rule_sets, chunk_inputs(rule_sets, ids, every_id=every_id, digests=False), ids)


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
