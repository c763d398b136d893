"""The street's review pages: the live preview of typed scores, the transition buttons, the street list with
"submit all reviewed", and the ledger (台账) as .xlsx and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports.ledger.export import LEDGER_FORMATS, ledger_export
from evaluations.permissions import get_campaign_for_user, get_street_in_campaign_for_user, get_streets_reviewed_by_user
from evaluations.services.review import evaluations_submit_reviewed, street_review_rows
from orgs.permissions import Capability
from starrating.db_router import reads_from_replica


@login_required
@require_GET
def campaign_streets_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The streets of a campaign for review: how many wait, how many are reviewed, the ledger and the bulk submit."""
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    streets = get_streets_reviewed_by_user(request.user, campaign)
    rows = street_review_rows(campaign=campaign, streets=streets)
    return render(
        request,
        "evaluations/ledger_streets.html",
        {"campaign": campaign, "rows": rows, "formats": LEDGER_FORMATS},
    )


@login_required
@require_POST
def street_submit_reviewed_view(request: HttpRequest, pk: int, street_pk: int) -> HttpResponse:
    """Move on every evaluation of the street at the review stage that has review scores; say why for the rest."""
    campaign, street = get_street_in_campaign_for_user(request.user, pk, street_pk, Capability.REVIEW_SCORES)
    moved, left = evaluations_submit_reviewed(campaign=campaign, street=street, by=request.user)
    if moved:
        messages.success(
            request,
            _("%(count)d reviewed evaluation(s) of %(street)s moved on: %(names)s.")
            % {"count": len(moved), "street": street.name, "names": "、".join(e.organization.name for e in moved)},
        )
    for evaluation, reason in left:
        messages.warning(request, f"{evaluation.organization.name}：{reason}")
    if not moved and not left:
        messages.info(request, _("No evaluation of %(street)s is at the review stage.") % {"street": street.name})
    return redirect(reverse("evaluations:campaign_streets", kwargs={"pk": campaign.pk}))


@login_required
@require_GET
@reads_from_replica()
def street_ledger_view(request: HttpRequest, pk: int, street_pk: int, fmt: str) -> HttpResponse:
    """The street's ledger of the campaign, one row per evaluation, as .xlsx or PDF (audited export)."""
    if fmt not in LEDGER_FORMATS:
        raise Http404(_("No such item in your scope."))
    campaign, street = get_street_in_campaign_for_user(request.user, pk, street_pk, Capability.REVIEW_SCORES)
    filename, content_type, content = ledger_export(campaign=campaign, street=street, fmt=fmt, by=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
