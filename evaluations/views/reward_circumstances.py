"""The circumstances the money needs beyond the stars (seed 001): a tenure's page where the street records a normal
departure or collective economy growth with its evidence and the district confirms, the list of a street's (or the
district's) records, the district's decision, and the evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports.evidence import evidence_file_response
from evaluations.forms.common import cleaned, error_messages
from evaluations.forms.rewards import RewardCircumstanceForm
from evaluations.forms.secretary_stars import StarDecisionForm
from evaluations.models import CircumstanceStatus
from evaluations.permissions import get_secretary_for_user
from evaluations.secretary_permissions import (
    get_circumstance_change_for_user,
    get_circumstance_evidence_for_user,
    get_secretary_ledger_for_user,
)
from evaluations.selectors.rewards import circumstance_changes_visible_to, secretary_circumstances
from evaluations.services.reward_circumstances import reward_circumstance_decide, reward_circumstance_propose
from evaluations.services.secretary_stars.changes import DECIDE_CAPABILITY, PROPOSE_CAPABILITY
from orgs.permissions import has_capability, require_capability

DECIDED_SHOWN = 200  # the latest decisions; older ones stay on each secretary's page


def _page(request: HttpRequest, secretary, form: RewardCircumstanceForm | None, errors: list[str]) -> HttpResponse:
    organization = secretary.organization
    can_propose = has_capability(request.user, PROPOSE_CAPABILITY, organization)
    if can_propose and form is None:
        year = secretary.ended_on.year if secretary.ended_on else timezone.localdate().year
        form = RewardCircumstanceForm(initial={"year": year, "operation": "record"})
    confirmed, changes = secretary_circumstances(secretary)
    return render(
        request,
        "evaluations/reward_circumstances.html",
        {
            "secretary": secretary,
            "confirmed": confirmed,
            "changes": changes,
            "form": form if can_propose else None,
            "errors": errors,
            "can_decide": has_capability(request.user, DECIDE_CAPABILITY, organization),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def secretary_reward_circumstances(request: HttpRequest, pk: int) -> HttpResponse:
    """A tenure's normal departure and collective economy growth: what the district confirmed, every record with its
    evidence and decision, and the street's form to record one (confirmed by the district)."""
    if request.method == "GET":
        return _page(request, get_secretary_ledger_for_user(request.user, pk), None, [])
    secretary = get_secretary_for_user(request.user, pk, PROPOSE_CAPABILITY)
    form = RewardCircumstanceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, secretary, form, error_messages(form))
    try:
        reward_circumstance_propose(secretary=secretary, by=request.user, **form.circumstance_arguments())
    except ValidationError as error:
        return _page(request, secretary, form, error.messages)
    messages.success(request, _("Recorded; the district organization department confirms it before the money follows."))
    return redirect("evaluations:secretary_reward_circumstances", pk=secretary.pk)


@login_required
@require_GET
def reward_circumstance_list(request: HttpRequest) -> HttpResponse:
    """The records of the street's (or the district's) secretaries: those waiting for the district, oldest first,
    then the latest decisions."""
    require_capability(request.user, PROPOSE_CAPABILITY)
    changes = circumstance_changes_visible_to(request.user, PROPOSE_CAPABILITY)
    waiting = changes.filter(status=CircumstanceStatus.PROPOSED).order_by("proposed_at", "pk")
    decided = changes.exclude(status=CircumstanceStatus.PROPOSED).order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    return render(
        request,
        "evaluations/reward_circumstance_list.html",
        {"waiting": waiting, "decided": decided, "can_decide": has_capability(request.user, DECIDE_CAPABILITY)},
    )


@login_required
@require_POST
def reward_circumstance_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district confirms a record (the ledgers follow) or rejects it with a note."""
    change = get_circumstance_change_for_user(request.user, pk, DECIDE_CAPABILITY)
    try:
        data = cleaned(StarDecisionForm(request.POST))
        reward_circumstance_decide(
            change=change, approve=data["decision"] == "approve", note=data["note"], by=request.user
        )
        messages.success(request, _("The decision is saved and the street is notified."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    back = request.GET.get("next", "")
    if back == "list":
        return redirect("evaluations:reward_circumstance_list")
    return redirect(reverse("evaluations:secretary_reward_circumstances", args=[change.secretary_id]))


@login_required
@require_GET
def reward_circumstance_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to those who may read the secretary's ledger; every download is audited."""
    evidence = get_circumstance_evidence_for_user(request.user, pk)
    return evidence_file_response(
        request,
        evidence,
        object_type="reward_circumstance_change",
        object_id=evidence.change_id,
        detail={"kind": "reward_circumstance_evidence", "evidence": evidence.pk},
    )
