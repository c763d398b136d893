"""Forecasts (后果预警), pure: what the next result of a subject would trigger, by the same consequence rules.

Each value the next result could take (the stars or grades the rules name) is tried as a hypothetical result of
the next period, led by the secretary in office now; the firings that hold only with it, and were not already made
by the real results, are what that value would bring. A committee term that has ended by the next period counts
nothing of its results: the next result opens a new term (assumed as long as the last one if none is recorded).
No ORM, no settings, no clock: the caller gives the period to fall back on when there is no result yet.
(Yucheng "3+2", seed 000: "任期内两次及以上被评为三星级的，取消党组织及其负责人评先评优资格" is warned of at the first.)
"""

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.engine.consequences import (
    PERIODS_PER_YEAR,
    Firing,
    Period,
    ResultValue,
    Rule,
    Term,
    rules_fire,
    term_of,
)

HYPOTHETICAL_ID = 0  # the hypothetical result's id: no stored result has it


@dataclass(frozen=True)
class ForecastFiring:
    """One new firing of the hypothetical result, with the real results that count with it."""

    rule: Rule
    firing: Firing
    counted: tuple[ResultValue, ...]  # the real results behind the firing, oldest first


@dataclass(frozen=True)
class Forecast:
    """What one value of the next result would bring."""

    value: str
    period: Period
    term: Term | None  # the committee term the next result falls in
    new_term: bool  # the term of the next result is not the term of the latest one (nothing earlier counts)
    firings: tuple[ForecastFiring, ...]


def period_after(period: Period) -> Period:
    """The period that follows, of the same kind (2025 → 2026, 2025-12 → 2026-01)."""
    per_year = PERIODS_PER_YEAR[period.kind]
    index = period.index + 1
    year, place = divmod(index, per_year)
    return Period(period.kind, year, None if period.kind == "year" else place + 1)


def next_period(results: Sequence[ResultValue], fallback: Period) -> Period:
    """The period after the latest result, or the fallback (the current period) when there is none."""
    if not results:
        return fallback
    return period_after(max(results, key=lambda result: result.period.index).period)


def candidate_values(rules: Sequence[Rule], order: Sequence[str] = ()) -> list[str]:
    """The values a next result could take that some rule looks for: in the given order, then stars best first."""
    named = {value for rule in rules for value in rule.values}
    ordered = [value for value in order if value in named]
    rest = sorted(named - set(ordered), key=lambda value: (not value.isdigit(), -int(value) if value.isdigit() else 0))
    return ordered + [value for value in rest if value not in ordered]


def _terms_with_next(terms: Sequence[Term], period: Period) -> tuple[list[Term], Term | None]:
    """The terms, with an assumed new one holding the next period when no recorded term does."""
    held = term_of(terms, period.year)
    if held is not None or not terms:
        return list(terms), held
    last = max(terms, key=lambda term: term.start_year)
    assumed = Term(period.year, period.year + (last.end_year - last.start_year))
    return [*terms, assumed], assumed


def _hypothetical(value: str, period: Period, leader: str, leader_name: str) -> ResultValue:
    if value.isdigit():
        return ResultValue(HYPOTHETICAL_ID, period, stars=int(value), leader=leader, leader_name=leader_name)
    return ResultValue(HYPOTHETICAL_ID, period, grade=value, leader=leader, leader_name=leader_name)


def _key(firing: Firing) -> tuple:
    return firing.rule_code, firing.action, firing.target, firing.person, firing.occasion


def forecast(
    rules: Sequence[Rule],
    results: Sequence[ResultValue],
    *,
    terms: Sequence[Term] = (),
    fallback: Period,
    leader: str = "",
    leader_name: str = "",
    subject_person: str = "",
    order: Sequence[str] = (),
) -> list[Forecast]:
    """Per value the next result could take (those the rules name, in ``order`` then stars best first), the firings
    it alone would add, de-duplicated by rule, action, target and person. Values adding nothing are left out."""
    period = next_period(results, fallback)
    terms_now, term = _terms_with_next(terms, period)
    latest = max(results, key=lambda result: result.period.index) if results else None
    new_term = latest is not None and term is not None and not term.holds(latest.period.year)
    already = {_key(firing) for firing in rules_fire(rules, results, terms=terms_now, subject_person=subject_person)}
    by_code = {rule.code: rule for rule in rules}
    forecasts: list[Forecast] = []
    for value in candidate_values(rules, order):
        hypothetical = _hypothetical(value, period, leader, leader_name)
        seen: set[tuple] = set()
        found: list[ForecastFiring] = []
        for firing in rules_fire(rules, [*results, hypothetical], terms=terms_now, subject_person=subject_person):
            if HYPOTHETICAL_ID not in firing.result_ids or _key(firing) in already or _key(firing)[:4] in seen:
                continue
            seen.add(_key(firing)[:4])
            counted = tuple(result for result in firing.results if result.result_id != HYPOTHETICAL_ID)
            found.append(ForecastFiring(by_code[firing.rule_code], firing, counted))
        if found:
            forecasts.append(Forecast(value, period, term, new_term, tuple(found)))
    return forecasts
