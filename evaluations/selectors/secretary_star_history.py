"""A secretary's star history over the term and the district's lists built on the levels (Jinyuan, seed 001).

The history follows the person (every tenure with the same ID-card hash): each year's stars, each change with its
status and reasons, each quarter's place in the street, and the chart geometry the page draws as SVG (no script).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from evaluations.models import (
    PeriodKind,
    SecretaryStarChange,
    SecretaryStarYear,
    SecretarySupervision,
    StarChangeStatus,
)
from evaluations.rules.secretary_stars import StarChangeValue, honour_candidate, under_supervision, year_levels
from evaluations.selectors.evaluations import person_evaluations
from evaluations.selectors.ranking import street_ranks
from evaluations.selectors.secretary_stars import SecretaryStarLevel, secretary_star_levels
from orgs.models import Secretary

CHART_WIDTH = 640
CHART_HEIGHT = 180
CHART_LEFT = 36
CHART_BOTTOM = 150
CHART_TOP = 16


@dataclass(frozen=True)
class QuarterPlace:
    year: int
    quarter: int
    organization: str
    rank: int
    group_size: int
    behind: bool


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: int
    x: float
    y: float
    height: float


@dataclass
class StarHistory:
    years: list[tuple[int, int, str]]  # year, level, organization held in that year
    changes: list[SecretaryStarChange]
    quarters: list[QuarterPlace]
    star_bars: list[ChartPoint] = field(default_factory=list)
    place_points: list[ChartPoint] = field(default_factory=list)
    most_stars: int = 10

    @property
    def place_polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.place_points)


def _quarter_places(secretary: Secretary) -> list[QuarterPlace]:
    """Each quarterly rating of the person with its place among the secretaries of the same street."""
    places = []
    quarterly = person_evaluations(secretary).filter(campaign__period_kind=PeriodKind.QUARTER)
    for evaluation in quarterly.select_related("organization"):
        rank = street_ranks(evaluation.campaign, street_path=evaluation.organization.path).get(evaluation.pk)
        if rank is not None:
            places.append(
                QuarterPlace(
                    evaluation.campaign.year,
                    evaluation.campaign.period_number,
                    evaluation.organization.name,
                    rank.rank,
                    rank.group_size,
                    rank.behind,
                )
            )
    return sorted(places, key=lambda place: (place.year, place.quarter))


def _bars(years: list[tuple[int, int, str]], most: int) -> list[ChartPoint]:
    if not years:
        return []
    step = (CHART_WIDTH - CHART_LEFT) / len(years)
    scale = (CHART_BOTTOM - CHART_TOP) / max(most, 1)
    return [
        ChartPoint(
            str(year),
            level,
            round(CHART_LEFT + index * step + step * 0.2, 1),
            round(CHART_BOTTOM - level * scale, 1),
            round(level * scale, 1),
        )
        for index, (year, level, _organization) in enumerate(years)
    ]


def _place_points(quarters: list[QuarterPlace]) -> list[ChartPoint]:
    """First place at the top, last at the bottom, whatever the size of the street."""
    if not quarters:
        return []
    step = (CHART_WIDTH - CHART_LEFT) / len(quarters)
    points = []
    for index, place in enumerate(quarters):
        share = (place.rank - 1) / max(place.group_size - 1, 1)
        y = CHART_TOP + share * (CHART_BOTTOM - CHART_TOP)
        points.append(
            ChartPoint(
                f"{place.year}Q{place.quarter}", place.rank, round(CHART_LEFT + (index + 0.5) * step, 1), round(y, 1), 0
            )
        )
    return points


def secretary_star_history(secretary: Secretary) -> StarHistory:
    """The person's stars per year, every change (approved, proposed, rejected or undone) and quarterly places."""
    changes = list(
        SecretaryStarChange.objects.filter(record__person_key=secretary.id_card_hash)
        .select_related("record__rule_set", "rule", "secretary__organization", "proposed_by", "decided_by", "undone_by")
        .prefetch_related("evidence")
        .order_by("-effective_on", "-pk")
    )
    records = list(
        SecretaryStarYear.objects.filter(person_key=secretary.id_card_hash)
        .select_related("secretary__organization", "rule_set")
        .order_by("year")
    )
    most = records[-1].rule_set.max_stars if records else 10
    values = [
        StarChangeValue(
            change.record.year,
            change.kind,
            change.stars,
            change.effective_on,
            bool(change.rule_id and change.rule.is_education_upgrade),
        )
        for change in changes
        if change.status == StarChangeStatus.APPROVED
    ]
    levels = year_levels(values, max_stars=most)
    years = [
        (record.year, levels[record.year].level if record.year in levels else 0, record.secretary.organization.name)
        for record in records
    ]
    quarters = _quarter_places(secretary)
    return StarHistory(years, changes, quarters, _bars(years, most), _place_points(quarters), most)


@dataclass(frozen=True)
class StarListRow:
    level: SecretaryStarLevel
    supervision: SecretarySupervision | None = None


def star_lists(
    *, records: QuerySet, year: int, as_of: date | None = None
) -> tuple[list[StarListRow], list[StarListRow]]:
    """The honour candidates (high stars: 两代表一委员, 两优一先) and the secretaries for admonition supervision (low
    stars), from the rule set's bands, with the supervision already set."""
    levels = secretary_star_levels(year=year, as_of=as_of, records=records)
    bands = {
        record.pk: record.rule_set
        for record in SecretaryStarYear.objects.filter(pk__in=[level.record_id for level in levels]).select_related(
            "rule_set"
        )
    }
    supervisions = {
        supervision.person_key: supervision
        for supervision in SecretarySupervision.objects.filter(
            year=year, person_key__in=[level.person_key for level in levels]
        )
    }
    honours, supervision = [], []
    for level in levels:
        rule_set = bands[level.record_id]
        if honour_candidate(level.level, honour_stars_at_least=rule_set.honour_stars_at_least):
            honours.append(StarListRow(level))
        elif under_supervision(level.level, supervision_stars_at_most=rule_set.supervision_stars_at_most):
            supervision.append(StarListRow(level, supervisions.get(level.person_key)))
    honours.sort(key=lambda row: (-row.level.level, row.level.name))
    supervision.sort(key=lambda row: (row.level.level, row.level.name))
    return honours, supervision
