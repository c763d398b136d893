"""The fortress index month by month: the district's trend page, its Excel export, and opening next month."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports import campaign_export_download
from evaluations.exports.fortress import FortressTrendExport
from evaluations.models import PeriodKind
from evaluations.permissions import get_campaign_for_ranking, get_campaign_for_user
from evaluations.rules.fortress import next_month
from evaluations.selectors.fortress import MONTHS, fortress_trend, trend_svg
from evaluations.selectors.ranking import RankingFilters
from evaluations.services.fortress import fortress_month_open_next
from orgs.permissions import Capability, has_capability
from starrating.db_router import reads_from_replica


@login_required
@require_GET
def fortress_trend_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_ranking(request.user, pk)
    street = RankingFilters.from_query(request.GET).street
    trend = fortress_trend(request.user, campaign, street=street)
    page = trend.page(request.GET.get("page"))
    for row in page.object_list:
        stars = "、".join("—" if value is None else str(value) for value in row.stars[: len(row.trend.bars)])
        row.sparkline = trend_svg(row, _("Stars by month: %(stars)s") % {"stars": stars})
    monthly = campaign.period_kind == PeriodKind.MONTH
    # Next month follows the latest month of the series, whichever month's page the district is on.
    latest_month, latest_campaign = trend.month_links[-1] if trend.month_links else (None, None)
    following = next_month(trend.year, latest_month) if latest_month else None
    may_manage = has_capability(request.user, Capability.MANAGE_CAMPAIGNS, campaign.scope)
    return render(
        request,
        "evaluations/fortress_trend.html",
        {
            "campaign": campaign,
            "trend": trend,
            "page": page,
            "months": list(MONTHS),
            "monthly": monthly,
            "following": following,
            "latest_month": latest_month,
            "latest_campaign": latest_campaign,
            "query": f"street={street}" if street else "",
            "can_open_next": following is not None and may_manage,
        },
    )


@login_required
@require_GET
@reads_from_replica()
def fortress_trend_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_ranking(request.user, pk)
    street = RankingFilters.from_query(request.GET).street
    export = FortressTrendExport(fortress_trend(request.user, campaign, street=street))
    return campaign_export_download(request, export, campaign=campaign, detail={"street": street})


@login_required
@require_POST
def fortress_month_open_next_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    try:
        made = fortress_month_open_next(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluations:fortress_trend", pk=campaign.pk)
    evaluations = sum(row.evaluations.count() for row in made)
    messages.success(
        request,
        _("Next month is open: %(campaigns)d campaigns, %(evaluations)d organizations to rate.")
        % {"campaigns": len(made), "evaluations": evaluations},
    )
    return redirect("evaluations:fortress_trend", pk=made[0].pk)
