"""Consequence rules (结果运用), pure: which rules a subject's approved results fire, and the results behind each.

A rule is a condition over one subject's results (an organization's stars or grades, a member's pioneer grade)
and the actions it takes on the organization and/or its leader. The condition is one of three kinds:

- ``current``: each result of the given values fires once (Yucheng: "被评为二星级的，取消…当年评先评优资格");
- ``in_term``: at least ``times`` results of the given values within one committee term of the organization
  (Yucheng: "任期内两次及以上被评为三星级的"); results of an earlier term count only in that term;
- ``consecutive``: ``times`` results of the given values in consecutive periods of the same kind
  (Yucheng: "连续两年被评为一星级的"); a period without a result breaks the run.

The leader is the secretary in office at the time of each result, named by a person key so that the consequence
follows the person. A leader is concerned by a count or a run only when that person led the organization at
enough of its results (``times`` of them): a new secretary does not answer for the results of a predecessor.
No ORM, no settings, no clock: the service gathers the values and writes what ``fire`` returns.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class ConditionKind(StrEnum):
    CURRENT = "current"
    IN_TERM = "in_term"
    CONSECUTIVE = "consecutive"


class Target(StrEnum):
    ORGANIZATION = "organization"
    LEADER = "leader"
    MEMBER = "member"


class Action(StrEnum):
    """What a rule does; the labels live with the models (scoring.models.ConsequenceAction)."""

    AWARD_INELIGIBLE_YEAR = "award_ineligible_year"
    AWARD_INELIGIBLE_TERM = "award_ineligible_term"
    TERM_REVIEW_NOT_EXCELLENT = "term_review_not_excellent"
    NOT_NOMINATED = "not_nominated"
    ADMONITION_TALK = "admonition_talk"
    RECTIFICATION = "rectification"
    ORGANIZATIONAL_HANDLING = "organizational_handling"
    WEAK_AND_LAX = "weak_and_lax"
    COMMENDATION_CANDIDATE = "commendation_candidate"
    ADVANCED_ORGANIZATION = "advanced_organization"
    HONOURS_FIRST = "honours_first"
    ANNUAL_ASSESSMENT = "annual_assessment"
    CADRE_SELECTION = "cadre_selection"
    FUNDING_UP = "funding_up"
    PIONEER_FOLLOW_UP = "pioneer_follow_up"
    SECRETARY_FOLLOW_UP = "secretary_follow_up"


# Period kinds and how many of them a year holds, to number periods one after the other across years.
PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12}


class Period(NamedTuple):
    kind: str
    year: int
    number: int | None = None  # the quarter or month; None for a year

    @property
    def index(self) -> int:
        """The period's place in the sequence of its kind: consecutive periods differ by one."""
        return self.year * PERIODS_PER_YEAR[self.kind] + ((self.number or 1) - 1)

    @property
    def key(self) -> str:
        return str(self.year) if self.number is None else f"{self.year}-{self.number:02d}"


class Term(NamedTuple):
    start_year: int
    end_year: int

    def holds(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @property
    def key(self) -> str:
        return f"term:{self.start_year}-{self.end_year}"


class ResultValue(NamedTuple):
    """One approved result of a subject, as the rules need it: its stars, or its grade, or both. (Named tuples:
    a run builds hundreds of thousands of them.)"""

    result_id: int
    period: Period
    stars: int | None = None
    grade: str = ""
    leader: str = ""  # the person key of the secretary in office at the time, "" when none is recorded
    leader_name: str = ""


@dataclass(frozen=True)
class ActionSpec:
    action: Action
    target: Target
    deadline_days: int | None = None  # a rectification's deadline, counted from the result's approval


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    values: frozenset[str]
    kind: ConditionKind
    actions: tuple[ActionSpec, ...]
    times: int = 1

    def matches(self, result: ResultValue) -> bool:
        """A star count is matched as its digit ("3"), a grade as its text ("差")."""
        if result.stars is not None and str(result.stars) in self.values:
            return True
        return bool(result.grade) and result.grade in self.values


class Firing(NamedTuple):
    """One rule fired on one subject for one occasion (a period, a term, or the period that completed a run),
    with the results that triggered it and the action taken on whom (``person`` for a leader or member)."""

    rule_code: str
    action: Action
    target: Target
    occasion: str
    person: str
    person_name: str
    year: int
    results: tuple[ResultValue, ...] = ()
    deadline_days: int | None = None
    term: Term | None = None  # the committee term counted in, for a rule over a term
    result_ids: tuple[int, ...] = ()


def term_of(terms: Sequence[Term], year: int) -> Term | None:
    """The committee term that holds the year (the latest-starting one if terms overlap), or None."""
    holding = [term for term in terms if term.holds(year)]
    return max(holding, key=lambda term: term.start_year) if holding else None


def _occasions(rule: Rule, matching: list[ResultValue], by_index: dict[int, ResultValue], terms: Sequence[Term]):
    """(occasion, the results behind it, the term) for each time the rule's condition holds."""
    if rule.kind == ConditionKind.CURRENT:
        for result in matching:
            yield result.period.key, (result,), None
    elif rule.kind == ConditionKind.IN_TERM:
        by_term: dict[Term, list[ResultValue]] = {}
        for result in matching:
            term = term_of(terms, result.period.year)
            if term is not None:
                by_term.setdefault(term, []).append(result)
        for term, held in sorted(by_term.items(), key=lambda pair: pair[0].start_year):
            if len(held) >= rule.times:
                yield term.key, tuple(held), term
    else:
        for result in matching:
            run = [by_index.get(result.period.index - back) for back in range(rule.times)]
            if all(each is not None and rule.matches(each) for each in run):
                yield result.period.key, tuple(reversed(run)), None


def _leaders(rule: Rule, held: Sequence[ResultValue]) -> list[tuple[str, str, tuple[ResultValue, ...]]]:
    """The persons who led the organization at enough of the results (all of them for ``current``), with theirs."""
    by_person: dict[str, list[ResultValue]] = {}
    for result in held:
        if result.leader:
            by_person.setdefault(result.leader, []).append(result)
    needed = 1 if rule.kind == ConditionKind.CURRENT else rule.times
    return [
        (person, own[-1].leader_name, tuple(own))
        for person, own in sorted(by_person.items())
        if len(own) >= needed and (rule.kind != ConditionKind.CONSECUTIVE or len(own) == len(held))
    ]


def _latest(results: Iterable[ResultValue]) -> tuple[list[ResultValue], dict[int, ResultValue]]:
    """The results in period order, a later result of a period replacing an earlier one, and by period index."""
    latest: dict[int, ResultValue] = {}
    for result in results:
        latest[result.period.index] = result
    return [latest[index] for index in sorted(latest)], latest


def _ids(held: Sequence[ResultValue]) -> tuple[int, ...]:
    return tuple(result.result_id for result in held)


def _fire(rule: Rule, matching, by_index, terms: Sequence[Term], subject_person: str) -> list[Firing]:
    firings: list[Firing] = []
    leader, member = Target.LEADER, Target.MEMBER
    for occasion, held, term in _occasions(rule, matching, by_index, terms):
        year = held[-1].period.year
        leaders = None
        whole = (held, _ids(held))
        for spec in rule.actions:
            target = spec.target
            if target is leader:
                if leaders is None:
                    leaders = [(person, name, (own, _ids(own))) for person, name, own in _leaders(rule, held)]
                chosen = leaders
            else:
                chosen = [(subject_person if target is member else "", "", whole)]
            firings.extend(
                Firing(rule.code, spec.action, target, occasion, person, name, year, own, spec.deadline_days, term, ids)
                for person, name, (own, ids) in chosen
            )
    return firings


def rule_fire(
    rule: Rule, results: Iterable[ResultValue], *, terms: Sequence[Term] = (), subject_person: str = ""
) -> list[Firing]:
    """Every firing of one rule over one subject's results (of one period kind), oldest first. A later result of
    the same period replaces an earlier one (results are taken in the order given)."""
    ordered, by_index = _latest(results)
    return _fire(rule, [result for result in ordered if rule.matches(result)], by_index, terms, subject_person)


def rules_fire(
    rules: Iterable[Rule], results: Sequence[ResultValue], *, terms: Sequence[Term] = (), subject_person: str = ""
) -> list[Firing]:
    """Every firing of every rule of a set over one subject's results."""
    ordered, by_index = _latest(results)
    matching: dict[frozenset[str], list[ResultValue]] = {}  # rules often look for the same results
    firings: list[Firing] = []
    for rule in rules:
        if rule.values not in matching:
            matching[rule.values] = [result for result in ordered if rule.matches(result)]
        if matching[rule.values]:
            firings.extend(_fire(rule, matching[rule.values], by_index, terms, subject_person))
    return firings
