"""The district ranking, its chart and Excel export, and the published results."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.exports import campaign_export_download
from evaluations.exports.ranking import RankingExport
from evaluations.permissions import get_campaign_for_ranking, get_campaign_for_user
from evaluations.selectors.chart import STAR_LEVELS
from evaluations.selectors.ranking import RankingFilters, campaign_ranking, evaluation_url_prefix, ranking_rows_html
from orgs.models import Domain
from orgs.permissions import Capability, has_capability
from starrating.db_router import reads_from_replica


@login_required
@require_GET
@reads_from_replica()
def campaign_ranking_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_ranking(request.user, pk)
    ranking = campaign_ranking(request.user, campaign, RankingFilters.from_query(request.GET))
    return render(
        request,
        "evaluations/ranking.html",
        {
            "campaign": campaign,
            "ranking": ranking,
            "rows": ranking.rows,
            "chart": ranking.chart,
            "domains": Domain.choices,
            "star_choices": STAR_LEVELS,
            "query": ranking.filters.as_query(),
            "can_build": has_capability(request.user, Capability.BUILD_RECOMMENDATION, campaign.scope),
            "rows_html": ranking_rows_html(ranking.rows, evaluation_url_prefix(), ranked=ranking.ranked),
        },
    )


@login_required
@require_GET
@reads_from_replica()
def campaign_ranking_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_ranking(request.user, pk)
    ranking = campaign_ranking(request.user, campaign, RankingFilters.from_query(request.GET))
    export = RankingExport(ranking, campaign)
    return campaign_export_download(request, export, campaign=campaign, detail={"filters": ranking.filters.as_query()})


@login_required
@require_GET
@reads_from_replica()
def published_results_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    ranking = None
    if campaign.published_at is not None:
        ranking = campaign_ranking(request.user, campaign, RankingFilters.from_query(request.GET), published=True)
    return render(
        request,
        "evaluations/published_results.html",
        {
            "campaign": campaign,
            "ranking": ranking,
            "rows": ranking.rows if ranking else [],
            "chart": ranking.chart if ranking else None,
            "domains": Domain.choices,
            "star_choices": STAR_LEVELS,
            "rows_html": (
                ranking_rows_html(ranking.rows, evaluation_url_prefix(), published=True, ranked=ranking.ranked)
                if ranking
                else ""
            ),
        },
    )
