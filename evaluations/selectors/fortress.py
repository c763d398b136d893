"""The fortress index month by month (Lengshuijiang, seed 004): each organization's monthly stars in a year.

The monthly campaigns of a year are those that rate organizations month by month over the same scope (the four
domain templates of Lengshuijiang make up to four campaigns a month). An organization's stars in a month are
the approved stars, or the computed ones while the month is not approved yet. Three queries whatever the size:
the campaigns, the evaluations as plain values, the streets.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evaluations.models import Campaign, EvaluationStatus, PeriodKind, SubjectKind
from evaluations.rules.fortress import StarTrend, star_trend
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.selectors.ranking import campaign_streets
from orgs.models import Organization, User
from orgs.tree import street_path_of

MONTHS = range(1, 13)
PAGE_SIZE = 100


@dataclass
class MonthCell:
    stars: int | None = None
    approved: bool = False


@dataclass
class TrendRow:
    organization_id: int
    code: str
    name: str
    street: str
    months: list[MonthCell]
    trend: StarTrend = field(default=None)

    @property
    def stars(self) -> list[int | None]:
        return [cell.stars for cell in self.months]


@dataclass
class FortressTrend:
    campaign: Campaign
    year: int
    campaigns_by_month: dict[int, list[int]]
    streets: list[Organization]
    street: int | None
    rows: list[TrendRow]

    @property
    def months_open(self) -> list[int]:
        return sorted(self.campaigns_by_month)

    @property
    def month_links(self) -> list[tuple[int, int]]:
        """Each month with a campaign, and the first campaign of that month, for the page's links."""
        return [(month, self.campaigns_by_month[month][0]) for month in self.months_open]

    def page(self, number: object, size: int = PAGE_SIZE) -> Page:
        return Paginator(self.rows, size).get_page(number)

    def month_averages(self) -> list[str]:
        """The average stars of each month over the rows, one decimal, or an empty string for a month not rated."""
        averages = []
        for index in range(len(MONTHS)):
            values = [row.months[index].stars for row in self.rows if row.months[index].stars is not None]
            averages.append(f"{sum(values) / len(values):.1f}" if values else "")
        return averages


def monthly_campaigns(campaign: Campaign, year: int | None = None) -> list[Campaign]:
    """The monthly campaigns rating organizations over the campaign's scope in its year (or the year given)."""
    return list(
        Campaign.objects.filter(
            scope_id=campaign.scope_id,
            year=year or campaign.year,
            period_kind=PeriodKind.MONTH,
            subject_kind=SubjectKind.ORGANIZATION,
        )
        .only("pk", "period_number", "year", "scope_id", "template_id", "name", "status")
        .order_by("period_number", "pk")
    )


def fortress_trend(user: User, campaign: Campaign, *, street: int | None = None) -> FortressTrend:
    """Each organization the user sees in the year's monthly campaigns, with its stars per month and its trend,
    in tree order; narrowed to one street (by id) when given."""
    campaigns = monthly_campaigns(campaign)
    by_month: dict[int, list[int]] = {}
    month_of: dict[int, int] = {}
    for monthly in campaigns:
        by_month.setdefault(monthly.period_number, []).append(monthly.pk)
        month_of[monthly.pk] = monthly.period_number
    streets = campaign_streets(campaign)
    street_names = {row.path: row.name for row in streets}
    evaluations = evaluations_visible_to(user).filter(campaign_id__in=month_of)
    if street:
        chosen = next((row for row in streets if row.pk == street), None)
        evaluations = evaluations.filter(organization__path__startswith=chosen.path if chosen else "-")
    values = evaluations.values_list(
        "organization_id",
        "organization__code",
        "organization__name",
        "organization__path",
        "campaign_id",
        "status",
        "approved_stars",
        "result__stars",
    ).order_by("organization__path", "campaign_id")
    rows: list[TrendRow] = []
    current: TrendRow | None = None
    for organization_id, code, name, path, campaign_id, status, approved_stars, computed_stars in values:
        if current is None or current.organization_id != organization_id:
            current = TrendRow(
                organization_id=organization_id,
                code=code,
                name=name,
                street=street_names.get(street_path_of(path), ""),
                months=[MonthCell() for _month in MONTHS],
            )
            rows.append(current)
        approved = status == EvaluationStatus.APPROVED
        stars = approved_stars if approved else computed_stars
        if stars is not None:  # a later campaign of the same month (by id) wins
            current.months[month_of[campaign_id] - 1] = MonthCell(stars=stars, approved=approved)
    shown = max(by_month, default=0)  # the trend reads the months up to the latest campaign, not the year's end
    for row in rows:
        row.trend = star_trend(row.stars[:shown])
    return FortressTrend(
        campaign=campaign, year=campaign.year, campaigns_by_month=by_month, streets=streets, street=street, rows=rows
    )


SPARK_WIDTH, SPARK_HEIGHT = 100, 24
TREND_COLOURS = {"up": "#2e7d32", "down": "#b71c1c", "flat": "#555", "": "#555"}


def trend_svg(row: TrendRow, label: str) -> SafeString:
    """A small line of the row's stars per month (inline SVG with presentation attributes only: the CSP allows no
    ``style``); 1 star at the bottom, 5 at the top, a dot per rated month, green rising, red falling."""
    step = (SPARK_WIDTH - 8) / 11
    points = [
        (round(4 + index * step, 1), round(SPARK_HEIGHT - 4 - (min(max(stars, 1), 5) - 1) * (SPARK_HEIGHT - 8) / 4, 1))
        for index, stars in enumerate(row.stars)
        if stars is not None
    ]
    colour = TREND_COLOURS[row.trend.direction]
    line = " ".join(f"{x},{y}" for x, y in points)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2" fill="{colour}"/>' for x, y in points)
    return mark_safe(  # noqa: S308 -- numbers and an escaped label only
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" aria-label="{escape(label)}">'
        f'<line x1="0" y1="{SPARK_HEIGHT - 4}" x2="{SPARK_WIDTH}" y2="{SPARK_HEIGHT - 4}" stroke="#ddd"/>'
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"/>{dots}</svg>'
    )
