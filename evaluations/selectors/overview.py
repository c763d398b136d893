"""The district's overview (全区概览), for the subtrees whose progress the user watches (a street sees its own, the
district every street): the approved stars of the organizations per street over the last years (an aggregate grouped by
street, year and stars, and the streets' names), and per street the consequences in force on each list and the
rectification cases open, overdue and closed out."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr

from evaluations.models import (
    Consequence,
    ConsequenceStatus,
    Evaluation,
    EvaluationStatus,
    PeriodKind,
    RectificationCase,
    SubjectKind,
)
from evaluations.rules.rectification import FINISHED, CaseStatus
from evaluations.selectors.dashboard import progress_paths_for
from evaluations.selectors.rectification import overdue_condition
from orgs.models import Organization, User
from orgs.tree import street_path_length
from scoring.models import ConsequenceAction

YEARS_SHOWN = 5  # the years the overview compares, the latest last
MOST_STARS = 5


@dataclass
class StarSegment:
    """One star level's part of a cell's bar, in percent of the cell's organizations."""

    stars: int
    count: int
    start: float
    width: float


@dataclass
class StarCell:
    """How many organizations of one street got each star level (0 to 5) in one year's approved results."""

    counts: list[int] = field(default_factory=lambda: [0] * (MOST_STARS + 1))

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float:
        return sum(stars * count for stars, count in enumerate(self.counts)) / self.total if self.total else 0.0

    @property
    def high(self) -> int:
        """Four and five stars: the commendation pool of the Yucheng rules."""
        return self.counts[4] + self.counts[5]

    @property
    def low(self) -> int:
        """Two stars or fewer."""
        return sum(self.counts[:3])

    @property
    def segments(self) -> list[StarSegment]:
        segments, start = [], 0.0
        for stars in range(MOST_STARS, -1, -1):
            count = self.counts[stars]
            if count and self.total:
                width = round(count * 100 / self.total, 2)
                segments.append(StarSegment(stars, count, round(start, 2), width))
                start += width
        return segments


@dataclass
class StreetStars:
    name: str
    organization_id: int | None
    cells: list[StarCell | None]  # one per year of the overview; None: no approved result that year


@dataclass
class StarsOverYears:
    years: list[int]
    streets: list[StreetStars]
    total: list[StarCell | None]

    @property
    def star_levels(self) -> list[int]:
        return list(range(MOST_STARS, -1, -1))


def stars_over_years(user: User) -> StarsOverYears | None:
    """The approved stars of yearly organization campaigns per street over the last ``YEARS_SHOWN`` years that have
    any; None when the user watches no subtree or nothing is approved yet."""
    paths = progress_paths_for(user)
    if paths == []:
        return None
    condition = Q()
    for path in paths or []:
        condition |= Q(organization__path__startswith=path)
    rows = list(
        Evaluation.objects.filter(
            condition,
            status=EvaluationStatus.APPROVED,
            campaign__subject_kind=SubjectKind.ORGANIZATION,
            campaign__period_kind=PeriodKind.YEAR,
        )
        .annotate(street=Substr("organization__path", 1, street_path_length()))
        .values("street", "campaign__year", "approved_stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
    years = sorted({row["campaign__year"] for row in rows})[-YEARS_SHOWN:]
    if not years:
        return None
    column = {year: index for index, year in enumerate(years)}
    cells: dict[str, list[StarCell | None]] = defaultdict(lambda: [None] * len(years))
    total: list[StarCell | None] = [None] * len(years)
    for row in rows:
        index = column.get(row["campaign__year"])
        if index is None:
            continue
        street_cells = cells[row["street"]]
        for target in (street_cells, total):
            if target[index] is None:
                target[index] = StarCell()
            target[index].counts[min(row["approved_stars"], MOST_STARS)] += row["count"]
    names = {
        path: (name, pk)
        for path, name, pk in Organization.objects.filter(path__in=cells).values_list("path", "name", "pk")
    }
    streets = [
        StreetStars(*names.get(path, ("", None)), cells=street_cells) for path, street_cells in sorted(cells.items())
    ]
    return StarsOverYears(years=years, streets=streets, total=total)


# The consequence lists the overview counts, each a group of actions (the lists page shows their rows).
CONSEQUENCE_COLUMNS = {
    "weak_and_lax": (ConsequenceAction.WEAK_AND_LAX,),
    "award_ineligible": (ConsequenceAction.AWARD_INELIGIBLE_YEAR, ConsequenceAction.AWARD_INELIGIBLE_TERM),
    "talks": (ConsequenceAction.ADMONITION_TALK,),
    "handling": (ConsequenceAction.ORGANIZATIONAL_HANDLING, ConsequenceAction.NOT_NOMINATED),
    "commendation": (ConsequenceAction.COMMENDATION_CANDIDATE, ConsequenceAction.ADVANCED_ORGANIZATION),
}
CASE_COLUMNS = ("cases_open", "cases_overdue", "cases_closed")


@dataclass
class StreetActions:
    """One street's consequences in force per list and its rectification cases open, overdue and closed out."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)

    def cells(self) -> list[int]:
        return [self.counts.get(key, 0) for key in (*CONSEQUENCE_COLUMNS, *CASE_COLUMNS)]


def _paths_condition(paths: list[str] | None, field_name: str) -> Q:
    condition = Q()
    for path in paths or []:
        condition |= Q(**{f"{field_name}__startswith": path})
    return condition


def consequences_and_cases(user: User, today: date) -> list[StreetActions] | None:
    """Per street: the consequences in force on each list and the rectification cases open, overdue and closed out;
    the last row is the total. Three queries (consequences, cases, the streets' names); None when nothing exists."""
    paths = progress_paths_for(user)
    if paths == []:
        return None
    street = Substr("organization__path", 1, street_path_length())
    action_column = {action: key for key, actions in CONSEQUENCE_COLUMNS.items() for action in actions}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    consequences = (
        Consequence.objects.filter(
            _paths_condition(paths, "organization__path"),
            status=ConsequenceStatus.ACTIVE,
            action__in=action_column,
        )
        .annotate(street=street)
        .values("street", "action")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in consequences:
        counts[row["street"]][action_column[row["action"]]] += row["count"]
    cases = (
        RectificationCase.objects.filter(_paths_condition(paths, "organization__path"))
        .annotate(street=street)
        .values("street")
        .annotate(
            cases_open=Count("pk", filter=~Q(status__in=list(FINISHED))),
            cases_overdue=Count("pk", filter=overdue_condition(today)),
            cases_closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
        )
        .order_by()
    )
    for row in cases:
        for key in CASE_COLUMNS:
            counts[row["street"]][key] += row[key]
    if not counts:
        return None
    names = dict(Organization.objects.filter(path__in=counts).values_list("path", "name"))
    rows = [StreetActions(names.get(path, ""), dict(values)) for path, values in sorted(counts.items())]
    total = StreetActions("", {})
    for row in rows:
        for key, count in row.counts.items():
            total.counts[key] = total.counts.get(key, 0) + count
    return [*rows, total]
