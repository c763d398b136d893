"""An organization's forecast (后果预警): what its next result would trigger, loaded into the organization's page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.selectors.forecasts import organization_forecasts
from orgs.permissions import Capability, get_organization_for_user


@login_required
@require_GET
def organization_forecast(request: HttpRequest, pk: int) -> HttpResponse:
    """With htmx only the warning, to sit in the organization's page; else a page of its own."""
    organization = get_organization_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    forecasts = organization_forecasts(organization)
    if request.htmx:
        return render(request, "evaluations/forecasts/_warning.html", {"forecasts": forecasts})
    return render(
        request, "evaluations/forecasts/organization.html", {"organization": organization, "forecasts": forecasts}
    )
