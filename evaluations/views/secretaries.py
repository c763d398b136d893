"""A secretary's star record across campaigns: the results follow the person, whatever organization they lead now."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.permissions import get_secretary_for_user
from evaluations.selectors.evaluations import person_evaluations
from evaluations.selectors.forecasts import secretary_forecasts
from orgs.permissions import Capability


@login_required
@require_GET
def secretary_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Jinyuan (seed 001) rates secretaries, not organizations: every rating of the person, in every tenure."""
    secretary = get_secretary_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    return render(
        request,
        "evaluations/secretary_results.html",
        {
            "secretary": secretary,
            "evaluations": person_evaluations(secretary),
            "forecasts": secretary_forecasts(secretary),
        },
    )
