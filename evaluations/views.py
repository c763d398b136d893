"""Pages of campaigns and evaluations: the campaign list, one campaign's evaluations, score entry and the result."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.models import CampaignStatus, EvaluationStatus, Stage
from evaluations.selectors import (
    campaigns_visible_to,
    evaluation_tree,
    evaluations_visible_to,
    evidence_by_code,
    get_campaign_for_user,
    get_evaluation_for_user,
    stage_entries,
)
from evaluations.services.campaigns import campaign_open
from evaluations.services.compute import campaign_compute_request
from evaluations.services.scores import ScoreErrors, ScoreInput, parse_points, scores_save
from orgs.permissions import Capability, has_capability

STAGE_CAPABILITY = {Stage.SELF_ASSESSMENT: Capability.ENTER_SELF_ASSESSMENT, Stage.REVIEW: Capability.REVIEW_SCORES}


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_visible_to(request.user).select_related("template", "scope").order_by("-year", "-pk")
    return render(
        request,
        "evaluations/campaign_list.html",
        {"campaigns": campaigns, "can_manage": has_capability(request.user, Capability.MANAGE_CAMPAIGNS)},
    )


@login_required
@require_GET
def campaign_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    evaluations = (
        evaluations_visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("organization", "result")
        .order_by("organization__path")
    )
    return render(
        request,
        "evaluations/campaign_evaluations.html",
        {
            "campaign": campaign,
            "evaluations": evaluations,
            "can_manage": has_capability(request.user, Capability.MANAGE_CAMPAIGNS, campaign.scope),
        },
    )


@login_required
@require_POST
def campaign_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    try:
        campaign_open(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is open: every participating organization has its evaluation."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("campaign_evaluations", pk=campaign.pk)


@login_required
@require_POST
def campaign_compute_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    campaign_compute_request(campaign=campaign)
    messages.success(request, _("The campaign is being computed; the results appear when it is done."))
    return redirect("campaign_evaluations", pk=campaign.pk)


def stage_from_request(request: HttpRequest) -> Stage:
    """The stage named in ``?stage=``: the review, or else the self-assessment."""
    return Stage.REVIEW if request.GET.get("stage") == Stage.REVIEW else Stage.SELF_ASSESSMENT


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    result = getattr(evaluation, "result", None)
    organization = evaluation.organization
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "result": result,
            "why": (result.explanation.get("lines") or []) if result else [],
            "can_self_assess": has_capability(request.user, Capability.ENTER_SELF_ASSESSMENT, organization),
            "can_review": has_capability(request.user, Capability.REVIEW_SCORES, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for the whole tree of an evaluation, for the stage the user may enter."""
    stage = stage_from_request(request)
    evaluation = get_evaluation_for_user(request.user, pk, STAGE_CAPABILITY[stage])
    tree = evaluation_tree(evaluation)
    scores, vetoes = stage_entries(evaluation, stage)
    files = evidence_by_code(evaluation)
    submitted = stage == Stage.SELF_ASSESSMENT and evaluation.status == EvaluationStatus.SUBMITTED
    read_only = submitted or evaluation.campaign.status != CampaignStatus.OPEN
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    notes: dict[str, str] = {}
    veto_notes: dict[str, str] = {}
    if request.method == "POST":
        values = {}
        for leaf in tree.leaves:
            typed[leaf.code] = request.POST.get(f"points-{leaf.code}", "").strip()
            notes[leaf.code] = request.POST.get(f"note-{leaf.code}", "").strip()
            values[leaf.code] = ScoreInput(typed[leaf.code], notes[leaf.code])
        hit = {}
        for veto in tree.vetoes:
            veto_notes[veto.code] = request.POST.get(f"veto-note-{veto.code}", "").strip()
            if request.POST.get(f"veto-{veto.code}"):
                hit[veto.code] = veto_notes[veto.code]
        try:
            lock_version = int(request.POST.get("lock_version", ""))
        except ValueError:
            lock_version = None
        try:
            scores_save(
                evaluation=evaluation,
                stage=stage,
                values=values,
                vetoes=hit,
                by=request.user,
                lock_version=lock_version,
            )
        except ScoreErrors as error:
            errors = error.errors_by_code
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?stage={stage}")
    else:
        for code, score in scores.items():
            typed[code] = format(score.points.normalize(), "f")
            notes[code] = score.note
        veto_notes = {code: hit.note for code, hit in vetoes.items()}
    checked = set(request.POST) if request.method == "POST" else {f"veto-{code}" for code in vetoes}
    dimensions = []
    overall = Decimal(0)
    for dimension in tree.dimensions:
        rows = []
        subtotal = Decimal(0)
        for item in dimension.items:
            for leaf in item.leaves:
                points, _message = parse_points(leaf, typed.get(leaf.code, ""))
                subtotal += points or 0
                rows.append(
                    {
                        "item": item,
                        "leaf": leaf,
                        "first": leaf is item.leaves[0],
                        "typed": typed.get(leaf.code, ""),
                        "note": notes.get(leaf.code, ""),
                        "error": errors.get(leaf.code, ""),
                        "evidence": files.get(leaf.code, []),
                    }
                )
        subtotal = min(max(subtotal, Decimal(0)), dimension.points_max)
        overall += subtotal
        veto_rows = [
            {
                "veto": veto,
                "checked": f"veto-{veto.code}" in checked,
                "note": veto_notes.get(veto.code, ""),
                "error": errors.get(veto.code, ""),
            }
            for veto in dimension.vetoes
        ]
        dimensions.append({"dimension": dimension, "rows": rows, "subtotal": subtotal, "vetoes": veto_rows})
    template_vetoes = [
        {
            "veto": veto,
            "checked": f"veto-{veto.code}" in checked,
            "note": veto_notes.get(veto.code, ""),
            "error": errors.get(veto.code, ""),
        }
        for veto in tree.template_vetoes
    ]
    status = 400 if errors else 200
    return render(
        request,
        "evaluations/score_entry.html",
        {
            "evaluation": evaluation,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "dimensions": dimensions,
            "template_vetoes": template_vetoes,
            "overall": overall,
            "points_max": sum((d.points_max for d in tree.dimensions), Decimal(0)),
            "errors": errors,
            "general_error": errors.get("__all__", ""),
            "error_count": len(errors),
            "read_only": read_only,
            "submitted": submitted,
            "can_submit": stage == Stage.SELF_ASSESSMENT and not read_only,
        },
        status=status,
    )
