"""The street's review pages: the live preview of typed scores, the transition buttons, the street list with
"submit all reviewed", and the ledger (台账) as .xlsx and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports.ledger import LEDGER_FORMATS, ledger_export
from evaluations.models import Campaign
from evaluations.permissions import get_campaign_for_user
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.services.review import evaluations_submit_reviewed, street_review_rows
from orgs.models import Level, Organization, User
from orgs.permissions import Capability, get_organization_for_user
from orgs.services.audit import audit_refusal
from orgs.tree import STREET_PATH_LENGTH


def _reviewed_streets(user: User, campaign: Campaign) -> list[Organization]:
    """The streets taking part in the campaign in which the user reviews (403, audited, when there is none)."""
    street_paths = (
        evaluations_visible_to(user, Capability.REVIEW_SCORES)
        .filter(campaign=campaign)
        .annotate(street_path=Substr("organization__path", 1, STREET_PATH_LENGTH))
        .values("street_path")
    )
    streets = list(Organization.objects.filter(path__in=street_paths, level=Level.STREET).order_by("path"))
    if not streets:
        audit_refusal(user=user, capability=Capability.REVIEW_SCORES, object_type="campaign", object_id=campaign.pk)
        raise PermissionDenied(_("You do not have permission to do this."))
    return streets


@login_required
@require_GET
def campaign_streets_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The streets of a campaign for review: how many wait, how many are reviewed, the ledger and the bulk submit."""
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    streets = _reviewed_streets(request.user, campaign)
    rows = street_review_rows(campaign=campaign, streets=streets)
    return render(
        request,
        "evaluations/ledger_streets.html",
        {"campaign": campaign, "rows": rows, "formats": LEDGER_FORMATS},
    )


def _street_in_campaign(request: HttpRequest, pk: int, street_pk: int) -> tuple[Campaign, Organization]:
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    street = get_organization_for_user(request.user, street_pk, Capability.REVIEW_SCORES)
    if street.level != Level.STREET:
        raise Http404(_("No such item in your scope."))
    return campaign, street


@login_required
@require_POST
def street_submit_reviewed_view(request: HttpRequest, pk: int, street_pk: int) -> HttpResponse:
    """Move on every evaluation of the street at the review stage that has review scores; say why for the rest."""
    campaign, street = _street_in_campaign(request, pk, street_pk)
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
    return redirect(reverse("campaign_streets", kwargs={"pk": campaign.pk}))


@login_required
@require_GET
def street_ledger_view(request: HttpRequest, pk: int, street_pk: int, fmt: str) -> HttpResponse:
    """The street's ledger of the campaign, one row per evaluation, as .xlsx or PDF (audited export)."""
    if fmt not in LEDGER_FORMATS:
        raise Http404(_("No such item in your scope."))
    campaign, street = _street_in_campaign(request, pk, street_pk)
    filename, content_type, content = ledger_export(campaign=campaign, street=street, fmt=fmt, by=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
