"""The score sheet: one form for an evaluation's whole tree, and the live preview as the user types."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evaluations.forms import stage_from_request
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
from evaluations.services.review import (
    evaluation_preview,
    review_checks_save,
)
from evaluations.services.scores import ScoreErrors, ScoreInput, parse_points, scores_save
from evaluations.services.transitions import (
    evaluation_declare_stars,
)

STAR_CHOICES = range(6)


def _declared_stars(raw: str) -> tuple[int | None, str]:
    """The declared star level chosen in the form, or the message that names the field."""
    raw = raw.strip()
    if raw == "":
        return None, ""
    if raw.isdigit() and int(raw) in STAR_CHOICES:
        return int(raw), ""
    return None, _("Declared star level: %(value)s is not 0 to 5 stars.") % {"value": raw}


def _save_scores_form(*, evaluation, tree, stage, values, hit, methods, declared, by, lock_version) -> None:
    """The scores, vetoes and (review) check methods or (self-assessment) declared stars: all or nothing."""
    with transaction.atomic():
        scores_save(evaluation=evaluation, stage=stage, values=values, vetoes=hit, by=by, lock_version=lock_version)
        if stage == Stage.REVIEW:
            review_checks_save(evaluation=evaluation, tree=tree, methods=methods, by=by)
        elif declared != evaluation.declared_stars:
            try:
                evaluation_declare_stars(evaluation=evaluation, stars=declared, by=by)
            except ValidationError as error:
                raise ScoreErrors({"declared_stars": " ".join(error.messages)}) from None


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for the whole tree of an evaluation, for the stage the user may enter.

    The review shows the self-assessed points beside each input, how each item was checked and the
    declared star level; the stars and why update as the reviewer types (evaluation_preview).
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
        or evaluation.status == EvaluationStatus.APPROVED
        or evaluation.campaign.status != CampaignStatus.OPEN
    )
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    notes: dict[str, str] = {}
    veto_notes: dict[str, str] = {}
    methods: dict[str, list[str]] = {}
    declared_typed = "" if evaluation.declared_stars is None else str(evaluation.declared_stars)
    prefilled = 0
    if request.method == "POST":
        values = {}
        for leaf in tree.leaves:
            typed[leaf.code] = request.POST.get(f"points-{leaf.code}", "").strip()
            notes[leaf.code] = request.POST.get(f"note-{leaf.code}", "").strip()
            values[leaf.code] = ScoreInput(typed[leaf.code], notes[leaf.code])
            methods[leaf.code] = request.POST.getlist(f"check-{leaf.code}")
        hit = {}
        for veto in tree.vetoes:
            veto_notes[veto.code] = request.POST.get(f"veto-note-{veto.code}", "").strip()
            if request.POST.get(f"veto-{veto.code}"):
                hit[veto.code] = veto_notes[veto.code]
        declared_typed = request.POST.get("declared_stars", "")
        declared, declared_error = _declared_stars(declared_typed)
        try:
            lock_version = int(request.POST.get("lock_version", ""))
        except ValueError:
            lock_version = None
        try:
            if declared_error and not reviewing:
                raise ScoreErrors({"declared_stars": declared_error})
            _save_scores_form(
                evaluation=evaluation,
                tree=tree,
                stage=stage,
                values=values,
                hit=hit,
                methods=methods,
                declared=declared,
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
        methods = saved_methods
        if reviewing and not read_only and request.GET.get("prefill") == "self":
            # The reviewer starts from the self-assessment: empty items take the self-assessed points, shown
            # in the inputs only; nothing is saved until the reviewer checks them and saves.
            for code, self_score in self_scores.items():
                if code not in typed:
                    typed[code] = format(self_score.points.normalize(), "f")
                    prefilled += 1
    checked = set(request.POST) if request.method == "POST" else {f"veto-{code}" for code in vetoes}
    dimensions = []
    overall = Decimal(0)
    self_overall = Decimal(0)
    for dimension in tree.dimensions:
        rows = []
        subtotal = Decimal(0)
        self_subtotal = Decimal(0)
        for item in dimension.items:
            for leaf in item.leaves:
                points, _message = parse_points(leaf, typed.get(leaf.code, ""))
                subtotal += points or 0
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
                "checked": f"veto-{veto.code}" in checked,
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
