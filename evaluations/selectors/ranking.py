"""The district ranking of a campaign: its rows (one set-based query), the Excel export and the star chart.

The ranking lists every evaluation the user sees in a campaign with its organization, street, domain,
total, stars and stage, sorted by total (ties by organization code). A street is the ancestor of an
organization at the street level: its path is the first steps of the organization's path, so the streets
are one more query, not one per row. The chart is inline SVG drawn on the server (no script, no CDN; the
CSP allows SVG presentation attributes but no ``style``).
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape as html_escape

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from evaluations.models import Campaign, Evaluation, EvaluationStatus
from evaluations.rules.workflow import STAGE_KIND_LABELS
from evaluations.selectors.chart import StarChart, star_chart
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.templatetags.points import points
from orgs.models import Domain, Level, Organization, User
from orgs.tree import street_path_length, street_path_of
from scoring.engine import Rank, ranked_score
from scoring.models import IndicatorTemplate, StarScheme

SORTS = ("-total", "total")


@dataclass(frozen=True)
class RankingFilters:
    """What the ranking is narrowed to; empty values mean all."""

    street: int | None = None
    domain: str = ""
    stars: int | None = None
    sort: str = "-total"

    @classmethod
    def from_query(cls, query) -> "RankingFilters":
        """Read ``?street=&domain=&stars=&sort=`` leniently: a value that is not one of the choices is ignored."""

        def number(name: str, low: int, high: int | None = None) -> int | None:
            raw = (query.get(name) or "").strip()
            if not raw.isdigit():
                return None
            value = int(raw)
            return value if value >= low and (high is None or value <= high) else None

        domain = query.get("domain") or ""
        sort = query.get("sort") or "-total"
        return cls(
            street=number("street", 1),
            domain=domain if domain in Domain.values else "",
            stars=number("stars", 0, 5),
            sort=sort if sort in SORTS else "-total",
        )

    def as_query(self) -> str:
        parts = []
        if self.street:
            parts.append(f"street={self.street}")
        if self.domain:
            parts.append(f"domain={self.domain}")
        if self.stars is not None:
            parts.append(f"stars={self.stars}")
        if self.sort != "-total":
            parts.append(f"sort={self.sort}")
        return "&".join(parts)


@dataclass
class RankingRow:
    rank: int
    evaluation_id: int
    code: str
    name: str
    street: str
    domain: str
    total: Decimal | None
    stars: int | None
    stage: str
    approved_stars: int | None
    street_rank: Rank | None = None  # under a ranked scheme (Jinyuan): the place within the street


@dataclass
class Ranking:
    rows: list[RankingRow]
    streets: list[Organization]
    filters: RankingFilters
    chart: "StarChart" = field(default=None)
    ranked: bool = False  # the campaign's scheme ranks within each street rather than giving stars


def is_ranked(campaign: Campaign) -> bool:
    return campaign.template.scheme == StarScheme.RANKED_SCORE


def street_ranks(campaign: Campaign, *, street_path: str = "") -> dict[int, Rank]:
    """Jinyuan quarterly scoring: each evaluation's place among those of its street with the same template, by total
    high to low (ties share a place; the last ``behind_share`` are flagged for a reminder), as the engine ranks.

    Only evaluations with a computed total take part (none whose inputs the engine refused). Empty for a scheme that
    does not rank. ``street_path`` narrows to one street (one evaluation's page). Two queries.
    """
    templates = {
        template.pk: template.as_definition()
        for template in IndicatorTemplate.objects.filter(
            pk__in=Evaluation.objects.filter(campaign=campaign).values("template_id"), scheme=StarScheme.RANKED_SCORE
        )
    }
    if not templates:
        return {}
    evaluations = Evaluation.objects.filter(campaign=campaign, template_id__in=templates, result__total__isnull=False)
    if street_path:
        evaluations = evaluations.filter(organization__path__startswith=street_path_of(street_path))
    groups: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for pk, template_id, path, total in (
        evaluations.exclude(result__explanation__has_key="error")
        .values_list("pk", "template_id", "organization__path", "result__total")
        .order_by()
    ):
        groups[template_id, street_path_of(path)][str(pk)] = total
    ranks: dict[int, Rank] = {}
    for (template_id, _street), totals in groups.items():
        behind_share = templates[template_id].scheme.behind_share
        ranks.update((int(key), rank) for key, rank in ranked_score(totals, behind_share=behind_share).items())
    return ranks


def rank_text(rank: Rank) -> str:
    return f"{rank.rank}/{rank.group_size}"


def campaign_streets(campaign: Campaign) -> list[Organization]:
    """The streets of a campaign's scope (one query), in tree order."""
    return list(
        Organization.objects.filter(level=Level.STREET, path__startswith=street_path_of(campaign.scope.path))
        .only("pk", "path", "name", "code")
        .order_by("path")
    )


def ranking_queryset(user: User, campaign: Campaign, filters: RankingFilters, *, published: bool = False) -> QuerySet:
    """The campaign's evaluations the user sees, filtered, as tuples of RANKING_FIELDS sorted by total then code."""
    evaluations = evaluations_visible_to(user).filter(campaign=campaign)
    if published:
        evaluations = evaluations.filter(status=EvaluationStatus.APPROVED)
    if filters.domain:
        evaluations = evaluations.filter(organization__domain=filters.domain)
    stars_field = "approved_stars" if published else "result__stars"
    if filters.stars is not None:
        evaluations = evaluations.filter(**{stars_field: filters.stars})
    total = F("result__total")
    order = total.asc(nulls_first=True) if filters.sort == "total" else total.desc(nulls_last=True)
    return evaluations.values_list(*RANKING_FIELDS).order_by(order, "organization__code")


# Tuples rather than dicts: a city's ranking reads some 20,000 rows.
RANKING_FIELDS = (
    "pk",
    "organization__code",
    "organization__name",
    "secretary__name",
    "member__name",
    "organization__path",
    "organization__domain",
    "result__total",
    "result__stars",
    "stage__kind",
    "approved_stars",
)


def _subject_name(organization: str, person: str | None) -> str:
    """The ranked subject as Evaluation.subject_name names it: a person with their organization, or the organization."""
    return f"{person}（{organization}）" if person else organization


def campaign_ranking(user: User, campaign: Campaign, filters: RankingFilters, *, published: bool = False) -> Ranking:
    """The ranking rows, the streets to filter by and the star chart: two queries whatever the size."""
    streets = campaign_streets(campaign)
    street_names = {street.path: street.name for street in streets}
    rows_queryset = ranking_queryset(user, campaign, filters, published=published)
    if filters.street:
        chosen = next((street for street in streets if street.pk == filters.street), None)
        prefix = chosen.path if chosen else "-"
        rows_queryset = rows_queryset.filter(organization__path__startswith=prefix)
    domains = {value: str(label) for value, label in Domain.choices}
    stages = {kind.value: str(label) for kind, label in STAGE_KIND_LABELS.items()}
    ranked = is_ranked(campaign)
    ranks = street_ranks(campaign) if ranked else {}
    rows = []
    street_length = street_path_length()
    for rank, values in enumerate(rows_queryset, start=1):
        pk, code, organization, secretary, member, path, domain, total, stars, stage, approved_stars = values
        rows.append(
            RankingRow(
                rank=rank,
                evaluation_id=pk,
                code=code,
                name=_subject_name(organization, secretary or member),
                street=street_names.get(path[:street_length], ""),
                domain=domains.get(domain, ""),
                total=total,
                stars=stars,
                stage=stages.get(stage, ""),
                approved_stars=approved_stars,
                street_rank=ranks.get(pk),
            )
        )
    ranking = Ranking(rows=rows, streets=streets, filters=filters, ranked=ranked)
    ranking.chart = star_chart(
        [street.name for street in streets],
        ((row.street, row.approved_stars if published else row.stars) for row in rows),
    )
    return ranking


def ranking_rows_html(
    rows: list[RankingRow], detail_prefix: str, *, published: bool = False, ranked: bool = False
) -> SafeString:
    """The table rows of a ranking, every value escaped.

    Rendered here rather than in a template loop: the template engine needs about 1 ms for 3 rows of 8 cells,
    which for a district of 1,221 organizations is most of the page's 300 ms budget.
    """
    dash = "—"
    behind = escape(_("Falling behind"))
    detail_prefix = escape(detail_prefix)
    # A city's ranking has some 20,000 rows: the few streets, domains, stages and totals are escaped or formatted
    # once each, and cells with html.escape (what Django's escape wraps, without its lazy-text check per cell).
    escaped = functools.cache(html_escape)
    formatted = functools.cache(points)
    lines = []
    for row in rows:
        total = formatted(row.total) if row.total is not None else dash
        line = (
            f'<tr><td class="num">{row.rank}</td><td>{html_escape(row.code)}</td>'
            f'<td><a href="{detail_prefix}{row.evaluation_id}/">{html_escape(row.name)}</a></td>'
            f'<td>{escaped(row.street)}</td><td>{escaped(row.domain)}</td><td class="num">{total}</td>'
        )
        if published:
            if not ranked:  # a ranked scheme gives places, not stars
                line += f'<td class="num">{row.approved_stars if row.approved_stars is not None else dash}</td>'
        else:
            if not ranked:
                line += f'<td class="num">{row.stars if row.stars is not None else dash}</td>'
            line += f"<td>{escaped(row.stage)}</td>"
        if ranked:
            rank = row.street_rank
            line += f'<td class="num">{rank_text(rank) if rank else dash}</td>'
            line += f'<td class="behind">{behind}</td>' if rank and rank.behind else "<td></td>"
        lines.append(line + "</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 -- every value above is escaped


def evaluation_url_prefix() -> str:
    """The evaluation page's address without its id: reversed once, not once per row of a long ranking."""
    return reverse("evaluations:evaluation_detail", kwargs={"pk": 0}).removesuffix("0/")
