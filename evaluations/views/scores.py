"""The score sheet: one form for an evaluation's whole tree, and the live preview as the user types."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evaluations.forms.scores import ScoreSheetForm, stage_from_request
from evaluations.models import (
    CampaignStatus,
    CheckMethod,
    EvaluationStatus,
    ReviewCheck,
    Stage,
)
from evaluations.permissions import STAGE_CAPABILITY, get_evaluation_for_user
from evaluations.rules.workflow import score_stage_open
from evaluations.selectors.evaluations import evaluation_tree, evidence_by_code, stage_entries
from evaluations.services.review import evaluation_preview
from evaluations.services.scores.inputs import ScoreErrors, parse_points
from evaluations.services.scores.sheet import evaluation_save_and_submit, evaluation_scores_save
from scoring.models import StarScheme

STAR_CHOICES = range(6)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for the whole tree of an evaluation, for the stage the user may enter.

    The review shows the self-assessed points beside each input (those that differ are marked), how each item was
    checked and the declared star level; the stars and why update as the reviewer types (evaluation_preview).
    The self-assessment's submit button posts the sheet: what it shows is saved, then handed in.
    A ranked (secretary) campaign has neither stars nor a declared star level.
    """
    stage = stage_from_request(request)
    evaluation = get_evaluation_for_user(request.user, pk, STAGE_CAPABILITY[stage])
    tree = evaluation_tree(evaluation)
    scores, vetoes = stage_entries(evaluation, stage)
    files = evidence_by_code(evaluation)
    reviewing = stage == Stage.REVIEW
    self_scores = stage_entries(evaluation, Stage.SELF_ASSESSMENT)[0] if reviewing else {}
    saved_methods = (
        dict(ReviewCheck.objects.filter(evaluation=evaluation).values_list("code", "methods")) if reviewing else {}
    )
    at_stage = evaluation.stage is not None and score_stage_open(evaluation.stage.kind) == stage
    submitted = stage == Stage.SELF_ASSESSMENT and not at_stage
    read_only = (
        not at_stage
        or evaluation.status != EvaluationStatus.IN_PROGRESS
        or evaluation.campaign.status != CampaignStatus.OPEN
    )
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    notes: dict[str, str] = {}
    veto_notes: dict[str, str] = {}
    methods: dict[str, list[str]] = {}
    declared_typed = "" if evaluation.declared_stars is None else str(evaluation.declared_stars)
    prefilled = 0
    ranked = evaluation.template.scheme == StarScheme.RANKED_SCORE
    submitting = False
    if request.method == "POST":
        form = ScoreSheetForm(request.POST, tree=tree, stage=stage, ranked=ranked)
        valid = form.is_valid()
        submitting = form.submits()
        if not valid:
            errors = form.errors_by_code()
        else:
            sheet = {
                "evaluation": evaluation,
                "values": form.values(),
                "vetoes": form.vetoes(),
                "declared_stars": form.declared_stars(),
                "by": request.user,
                "lock_version": form.cleaned_data["lock_version"],
            }
            try:
                if submitting:
                    evaluation_save_and_submit(**sheet)
                else:
                    evaluation_scores_save(stage=stage, methods=form.methods(), **sheet)
            except ScoreErrors as error:
                errors = error.errors_by_code
            except ValidationError as refusal:  # saved, but the transition was refused
                messages.error(
                    request,
                    _("Your entries were saved, but the self-assessment was not submitted: %(reason)s")
                    % {"reason": " ".join(refusal.messages)},
                )
                return redirect(f"{request.path}?stage={stage}")
            else:
                if submitting:
                    submitted_message = _("The self-assessment was submitted to the street for review.")
                    messages.success(request, submitted_message)
                    return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?stage={stage}")
        values = form.values()
        typed = {code: entry.points for code, entry in values.items()}
        notes = {code: entry.note for code, entry in values.items()}
        methods = form.methods() or {}
        veto_notes = form.veto_notes()
        vetoes_hit = set(form.vetoes())
        declared_typed = form.cleaned_data.get("declared_stars", "")
    else:
        for code, score in scores.items():
            typed[code] = format(score.points.normalize(), "f")
            notes[code] = score.note
        veto_notes = {code: hit.note for code, hit in vetoes.items()}
        vetoes_hit = set(vetoes)
        methods = saved_methods
        if reviewing and not read_only and request.GET.get("prefill") == "self":
            # The reviewer starts from the self-assessment: empty items take the self-assessed points, shown
            # in the inputs only; nothing is saved until the reviewer checks them and saves.
            for code, self_score in self_scores.items():
                if code not in typed:
                    typed[code] = format(self_score.points.normalize(), "f")
                    prefilled += 1
    dimensions = []
    overall = Decimal(0)
    self_overall = Decimal(0)
    filled = 0
    for dimension in tree.dimensions:
        rows = []
        subtotal = Decimal(0)
        self_subtotal = Decimal(0)
        for item in dimension.items:
            for leaf in item.leaves:
                points, _message = parse_points(leaf, typed.get(leaf.code, ""))
                subtotal += points or 0
                filled += bool(typed.get(leaf.code, "").strip())
                self_score = self_scores.get(leaf.code)
                self_subtotal += self_score.points if self_score else 0
                chosen = methods.get(leaf.code, [])
                rows.append(
                    {
                        "item": item,
                        "leaf": leaf,
                        "first": leaf is item.leaves[0],
                        "typed": typed.get(leaf.code, ""),
                        "note": notes.get(leaf.code, ""),
                        "error": errors.get(leaf.code, ""),
                        "evidence": files.get(leaf.code, []),
                        "self_points": self_score.points if self_score else None,
                        "self_note": self_score.note if self_score else "",
                        "differs": reviewing
                        and points is not None
                        and (self_score is None or self_score.points != points),
                        "methods": [(value, label, value in chosen) for value, label in CheckMethod.choices],
                    }
                )
        subtotal = min(max(subtotal, Decimal(0)), dimension.points_max)
        self_subtotal = min(max(self_subtotal, Decimal(0)), dimension.points_max)
        overall += subtotal
        self_overall += self_subtotal
        veto_rows = [
            {
                "veto": veto,
                "checked": veto.code in vetoes_hit,
                "note": veto_notes.get(veto.code, ""),
                "error": errors.get(veto.code, ""),
            }
            for veto in dimension.vetoes
        ]
        dimensions.append(
            {
                "dimension": dimension,
                "rows": rows,
                "subtotal": subtotal,
                "self_subtotal": self_subtotal,
                "vetoes": veto_rows,
            }
        )
    template_vetoes = [
        {
            "veto": veto,
            "checked": veto.code in vetoes_hit,
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
            "reviewing": reviewing,
            "dimensions": dimensions,
            "template_vetoes": template_vetoes,
            "overall": overall,
            "self_overall": self_overall,
            "points_max": sum((d.points_max for d in tree.dimensions), Decimal(0)),
            "errors": errors,
            "general_error": errors.get("__all__", ""),
            "error_count": len(errors),
            "read_only": read_only,
            "submitted": submitted,
            "can_submit": stage == Stage.SELF_ASSESSMENT and not read_only,
            "submitting": submitting,
            "ranked": ranked,
            "filled": filled,
            "leaf_count": len(tree.leaves),
            "declared_typed": declared_typed,
            "declared_error": errors.get("declared_stars", ""),
            "star_choices": STAR_CHOICES,
            "result": getattr(evaluation, "result", None),
            "prefilled": prefilled,
            "can_prefill": reviewing and not read_only and any(code not in scores for code in self_scores),
        },
        status=status,
    )


@login_required
@require_POST
def evaluation_preview_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The stars and the why of the scores as typed, computed by the engine and not saved."""
    stage = stage_from_request(request)
    evaluation = get_evaluation_for_user(request.user, pk, STAGE_CAPABILITY[stage])
    tree = evaluation_tree(evaluation)
    form = ScoreSheetForm(request.POST, tree=tree, stage=stage)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors_by_code()}, status=400)
    typed = {code: entry.points for code, entry in form.values().items()}
    if stage == Stage.REVIEW:
        # Until an item is reviewed, its self-assessed points count: the stars start from the self-assessment.
        for code, self_score in stage_entries(evaluation, Stage.SELF_ASSESSMENT)[0].items():
            if not str(typed.get(code) or "").strip():
                typed[code] = format(self_score.points.normalize(), "f")
    preview = evaluation_preview(evaluation=evaluation, tree=tree, typed=typed, vetoes=list(form.vetoes()))
    return JsonResponse(
        {
            "stars": preview.stars,
            "total": format(preview.total.normalize(), "f"),
            "points_max": format(preview.points_max.normalize(), "f"),
            "lines": preview.lines,
            "error": preview.error,
        }
    )
