"""Pages of campaigns and evaluations: the campaign list, one campaign's evaluations, score entry and the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.forms.common import error_messages
from evaluations.forms.evaluations import TransitionForm
from evaluations.models import (
    CampaignStage,
    CampaignStatus,
    Evaluation,
    EvaluationStatus,
)
from evaluations.permissions import get_evaluation_for_user
from evaluations.rules.workflow import Action, decide, score_stage_open
from evaluations.selectors.history import evaluation_history
from evaluations.selectors.ranking import is_ranked, street_ranks
from evaluations.selectors.votes import surveys_visible_to
from evaluations.services.transitions import (
    StaleEvaluation,
    TransitionRefused,
    evaluation_transition,
    stage_specs,
)
from evaluations.templatetags.points import points
from orgs.models import User
from orgs.permissions import Capability, has_capability, roles_over


def _scores_open(evaluation: Evaluation) -> str | None:
    """Which score sheet is open for entry now (its links say "enter"; the others say "view")."""
    if evaluation.stage_id is None or evaluation.status != EvaluationStatus.IN_PROGRESS:
        return None
    if evaluation.campaign.status != CampaignStatus.OPEN:
        return None
    return score_stage_open(evaluation.stage.kind)


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    return evaluation_detail_page(request, evaluation)


def evaluation_detail_page(request: HttpRequest, evaluation, *, transition_error: str = "", status: int = 200):
    """The evaluation page; after a refused transition it shows why, with the refusal's status."""
    result = getattr(evaluation, "result", None)
    organization = evaluation.organization
    rank = None
    if result is not None and is_ranked(evaluation.campaign):
        rank = street_ranks(evaluation.campaign, street_path=organization.path).get(evaluation.pk)
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "result": result,
            "why": (result.explanation.get("lines") or []) if result else [],
            "rank": rank,
            "behind_percent": points(evaluation.template.as_definition().scheme.behind_share * 100) if rank else "",
            "can_self_assess": has_capability(request.user, Capability.ENTER_SELF_ASSESSMENT, organization),
            "can_review": has_capability(request.user, Capability.REVIEW_SCORES, organization),
            "scores_open": _scores_open(evaluation),
            "transitions": transition_controls(evaluation=evaluation, user=request.user),
            "surveys": surveys_visible_to(request.user).filter(evaluation=evaluation).order_by("-opens_at", "-pk"),
            "can_open_survey": has_capability(request.user, Capability.MANAGE_SURVEYS, organization),
            "transition_error": transition_error,
        },
        status=status,
    )


def transition_controls(*, evaluation: Evaluation, user: User) -> dict:
    """What the transition panel shows: the stage, its deadline and the actions the user may take now.

    The buttons follow the transition rules for the user's roles; gates such as the publicity's days are
    checked when the button is used, and the refusal says why.
    """
    stages = list(CampaignStage.objects.filter(campaign_id=evaluation.campaign_id).order_by("order"))
    current = next((i for i, stage in enumerate(stages) if stage.pk == evaluation.stage_id), -1)
    controls = {"stage": stages[current] if current >= 0 else None, "stages": stages, "actions": False}
    if current < 0 or evaluation.campaign.status != CampaignStatus.OPEN or evaluation.is_withdrawn:
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
    controls["next"] = stages[current + 1] if current + 1 < len(stages) else None
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
    evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return evaluation_detail_page(request, evaluation, transition_error=" ".join(error_messages(form)), status=400)
    try:
        moved = evaluation_transition(
            evaluation=evaluation,
            action=form.cleaned_data["action"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            target_order=form.cleaned_data["target_order"],
            lock_version=form.cleaned_data["lock_version"],
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
    return redirect("evaluations:evaluation_detail", pk=evaluation.pk)


@login_required
@require_GET
def evaluation_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The timeline of one evaluation; with htmx only the timeline, to sit inside the evaluation page."""
    evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    context = {"evaluation": evaluation, "entries": evaluation_history(evaluation)}
    template = "evaluations/history_timeline.html" if request.htmx else "evaluations/history.html"
    return render(request, template, context)
