"""How a secretary's star level follows from the approved changes, pure: no database, no clock.

Jinyuan (seed 001): "初次评定与年度动态调整相结合" - the first rating sets the base stars (定星: annual assessment,
honours, years in office); every later year starts from the level the year before ended on and adds (增星) or
reduces (降星) stars; a serious problem removes stars at any time (随时摘星), from the date the district decides.
A year with base stars of its own (a first rating, or a new rating after a break) starts from them instead.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BASE = "base"
ADDED = "added"
REDUCED = "reduced"
REMOVED = "removed"
KINDS = (BASE, ADDED, REDUCED, REMOVED)


@dataclass(frozen=True)
class StarChangeValue:
    """One approved change, as the rule needs it."""

    year: int
    kind: str
    stars: int
    effective_on: date
    is_education_upgrade: bool = False


@dataclass(frozen=True)
class YearLevel:
    """A year's level and how it came about: where it started, what was added, reduced and removed."""

    year: int
    start: int
    level: int
    base: int | None  # the base stars set in this year, None if the year carried on from the one before
    added: int
    reduced: int
    removed: int
    education_upgrade: int


def year_levels(
    changes: Iterable[StarChangeValue], *, max_stars: int, as_of: date | None = None
) -> dict[int, YearLevel]:
    """Each year's level from the changes effective on or before ``as_of`` (all of them when None), bounded to
    0..max_stars. A year without changes of its own carries the level of the latest year before it."""
    by_year: dict[int, list[StarChangeValue]] = {}
    for change in changes:
        if change.kind not in KINDS:
            raise ValueError(f"unknown star change kind {change.kind!r}")
        if as_of is not None and change.effective_on > as_of:
            continue
        by_year.setdefault(change.year, []).append(change)
    levels: dict[int, YearLevel] = {}
    previous = 0
    for year in sorted(by_year):
        year_changes = by_year[year]
        base_changes = [change.stars for change in year_changes if change.kind == BASE]
        base = sum(base_changes) if base_changes else None
        start = min(base, max_stars) if base is not None else previous
        added = sum(change.stars for change in year_changes if change.kind == ADDED)
        reduced = sum(change.stars for change in year_changes if change.kind == REDUCED)
        removed = sum(change.stars for change in year_changes if change.kind == REMOVED)
        education = sum(change.stars for change in year_changes if change.kind == ADDED and change.is_education_upgrade)
        level = max(0, min(max_stars, start + added - reduced - removed))
        levels[year] = YearLevel(year, start, level, base, added, reduced, removed, education)
        previous = level
    return levels


def level_in(levels: dict[int, YearLevel], year: int) -> int | None:
    """The level a year ended on, carried from the latest year before it; None before the first rating."""
    known = [known_year for known_year in levels if known_year <= year]
    return levels[max(known)].level if known else None


def first_rating(levels: dict[int, YearLevel], *, from_year: int, to_year: int) -> tuple[int, int] | None:
    """The first rating of a term (初评): the base stars of the first year from ``from_year`` to ``to_year`` that set
    them, as (year, stars); None if the term has none yet. Seed 001 measures the departure subsidy against it."""
    for year in sorted(levels):
        if from_year <= year <= to_year and levels[year].base is not None:
            return year, levels[year].start
    return None


def honour_candidate(level: int, *, honour_stars_at_least: int) -> bool:
    """High stars: first recommended for 两代表一委员 and 两优一先 (seed 001: 星级较高的…可优先推荐)."""
    return level >= honour_stars_at_least


def under_supervision(level: int, *, supervision_stars_at_most: int) -> bool:
    """Low stars in the term: admonition supervision and a rectification deadline (seed 001: 任期内星级较低的)."""
    return level <= supervision_stars_at_most
