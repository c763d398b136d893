"""The district's overview (全区概览): approved stars per street over the years, the consequence lists and the
rectification cases per street, and the open campaigns' progress, for
the district and street roles; ``?display=1`` is the meeting-room mode, large type without the navigation, refreshing
itself every minute."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from evaluations.selectors.dashboard import campaign_progress_for, progress_paths_for
from evaluations.selectors.overview import consequences_and_cases, stars_over_years
from orgs.permissions import Capability, refuse
from starrating.db_router import reads_from_replica

REFRESH_SECONDS = 60


@login_required
@require_GET
@reads_from_replica()
def district_overview(request: HttpRequest) -> HttpResponse:
    if progress_paths_for(request.user) == []:
        refuse(
            request.user,
            capability=Capability.VIEW_EVALUATIONS,
            object_type="district_overview",
            object_id="",
            not_found=False,
            message=_("The overview is for the district's and the streets' staff."),
        )
    display = request.GET.get("display") == "1"
    context = {
        "stars": stars_over_years(request.user),
        "actions": consequences_and_cases(request.user, timezone.localdate()),
        "progress": campaign_progress_for(request.user),
        "display": display,
        "refresh_seconds": REFRESH_SECONDS,
        "now": timezone.localtime(),
    }
    template = "evaluations/overview_display.html" if display else "evaluations/overview.html"
    return render(request, template, context)
