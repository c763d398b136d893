"""The street's review pages: the live preview of typed scores, the transition buttons, the street list with
"submit all reviewed", and the ledger (台账) as .xlsx and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.ledger import LEDGER_FORMATS, ledger_export
from evaluations.models import Campaign, CampaignStage, Evaluation, EvaluationStatus
from evaluations.selectors import (
    evaluation_tree,
    evaluations_visible_to,
    get_campaign_for_user,
    get_evaluation_for_user,
)
from evaluations.services.review import evaluation_preview, evaluations_submit_reviewed, street_review_rows
from evaluations.services.transitions import StaleEvaluation, TransitionRefused, evaluation_transition, stage_specs
from evaluations.views import STAGE_CAPABILITY, stage_from_request
from evaluations.workflow import Action, decide
from orgs.models import Level, Organization, User
from orgs.permissions import Capability, get_organization_for_user, roles_over
from orgs.services.audit import audit_refusal
from orgs.tree import STREET_PATH_LENGTH


@login_required
@require_POST
def evaluation_preview_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The stars and the why of the scores as typed, computed by the engine and not saved."""
    stage = stage_from_request(request)
    evaluation = get_evaluation_for_user(request.user, pk, STAGE_CAPABILITY[stage])
    tree = evaluation_tree(evaluation)
    typed = {leaf.code: request.POST.get(f"points-{leaf.code}", "") for leaf in tree.leaves}
    vetoes = [veto.code for veto in tree.vetoes if request.POST.get(f"veto-{veto.code}")]
    preview = evaluation_preview(evaluation=evaluation, tree=tree, typed=typed, vetoes=vetoes)
    return JsonResponse(
        {
            "stars": preview.stars,
            "total": format(preview.total.normalize(), "f"),
            "points_max": format(preview.points_max.normalize(), "f"),
            "lines": preview.lines,
            "error": preview.error,
        }
    )


def transition_controls(*, evaluation: Evaluation, user: User) -> dict:
    """What the transition panel shows: the stage, its deadline and the actions the user may take now.

    The buttons follow the transition rules for the user's roles; gates such as the publicity's days are
    checked when the button is used, and the refusal says why.
    """
    stages = list(CampaignStage.objects.filter(campaign_id=evaluation.campaign_id).order_by("order"))
    current = next((i for i, stage in enumerate(stages) if stage.pk == evaluation.stage_id), -1)
    controls = {"stage": stages[current] if current >= 0 else None, "stages": stages, "actions": False}
    if current < 0 or evaluation.campaign.status != "open":
        return controls
    specs = stage_specs(stages)
    roles = roles_over(user, evaluation.organization)
    approved = evaluation.status == EvaluationStatus.APPROVED

    def allowed(action: str, target: int | None = None) -> bool:
        return decide(
            stages=specs, current=current, approved=approved, action=action, roles=roles, reason="?", target=target
        ).allowed

    controls["submit"] = allowed(Action.SUBMIT)
    controls["is_last"] = current == len(stages) - 1
    controls["return_to"] = stages[current - 1] if current > 0 and allowed(Action.RETURN) else None
    controls["reopen_to"] = [stage for i, stage in enumerate(stages[:current]) if allowed(Action.REOPEN, i)]
    controls["revise_to"] = [stage for i, stage in enumerate(stages) if allowed(Action.REVISE, i)] if approved else []
    controls["actions"] = bool(
        controls["submit"] or controls["return_to"] or controls["reopen_to"] or controls["revise_to"]
    )
    return controls


@login_required
@require_POST
def evaluation_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, return, reopen or revise one evaluation from its page; a refusal changes nothing and says why."""
    from evaluations.views import evaluation_detail_page

    evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    action = request.POST.get("action", "")
    target = request.POST.get("target_order", "").strip()
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock_version = None
    try:
        moved = evaluation_transition(
            evaluation=evaluation,
            action=action,
            by=request.user,
            reason=request.POST.get("reason", ""),
            target_order=int(target) if target.isdigit() else None,
            lock_version=lock_version,
        )
    except StaleEvaluation as stale:
        return evaluation_detail_page(request, evaluation, transition_error=stale.messages[0], status=409)
    except TransitionRefused as refusal:
        status = 403 if getattr(refusal, "code", None) == "forbidden" else 400
        return evaluation_detail_page(request, evaluation, transition_error=refusal.messages[0], status=status)
    if moved.status == EvaluationStatus.APPROVED and evaluation.status != EvaluationStatus.APPROVED:
        messages.success(request, _("The evaluation is approved."))
    else:
        messages.success(
            request, _("The evaluation is now at the stage %(stage)s.") % {"stage": moved.stage.get_kind_display()}
        )
    return redirect("evaluation_detail", pk=evaluation.pk)


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
        from django.core.exceptions import PermissionDenied

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
