"""The branch committee's and the street's pioneer index pages (先锋指数, seed 004): the branch's members side by
side, one member's review, moving the branch on, the campaign's results with their export, and making grades final."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports.pioneer_results import PioneerResultsExport
from evaluations.forms.pioneer import ConfirmForm, PioneerSheetForm
from evaluations.models import PioneerSheetStage
from evaluations.permissions import (
    get_campaign_for_user,
    get_pioneer_branch_for_user,
    get_pioneer_evaluation_for_user,
    get_street_in_campaign_for_user,
)
from evaluations.rules.workflow import StageKind
from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.selectors.pioneer import branch_overview, campaign_results, grade_label, sheets_of
from evaluations.services.pioneer.branch import pioneer_branch_advance
from evaluations.services.pioneer.grades import pioneer_grades_finalize
from evaluations.services.pioneer.sheets import pioneer_review_save
from orgs.models import AuditAction, Level
from orgs.permissions import Capability, get_organization_for_user, has_capability, organizations_visible_to
from orgs.services.audit import audit_record
from scoring.engine.pioneer import vote_score
from starrating.db_router import reads_from_replica

ACTING = (Capability.ENTER_SELF_ASSESSMENT, Capability.REVIEW_SCORES)


@login_required
@require_GET
def branch_view(request: HttpRequest, pk: int, branch_pk: int) -> HttpResponse:
    """Every member of the branch: self-evaluation, vote result, review and grade, side by side."""
    campaign, branch = get_pioneer_branch_for_user(request.user, pk, branch_pk, Capability.VIEW_EVALUATIONS)
    overview = branch_overview(campaign, branch)
    may_act = has_capability(request.user, Capability.ENTER_SELF_ASSESSMENT, branch)
    return render(
        request,
        "evaluations/pioneer/branch.html",
        {"overview": overview, "campaign": campaign, "branch": branch, "may_act": may_act, "form": ConfirmForm()},
    )


@login_required
@require_POST
def branch_advance_view(request: HttpRequest, pk: int, branch_pk: int) -> HttpResponse:
    campaign, branch = get_pioneer_branch_for_user(request.user, pk, branch_pk, Capability.ENTER_SELF_ASSESSMENT)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    else:
        try:
            advance = pioneer_branch_advance(campaign=campaign, branch=branch, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if advance.moved:
                messages.success(
                    request, _("%(count)d member(s) moved to the next step.") % {"count": len(advance.moved)}
                )
            for name, reason in advance.refused:
                messages.error(request, f"{name}：{reason}")
    return redirect("evaluations:pioneer_branch", pk=campaign.pk, branch_pk=branch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch committee's review of one member: the self-evaluation and the vote beside the final points."""
    evaluation = get_pioneer_evaluation_for_user(request.user, pk, Capability.ENTER_SELF_ASSESSMENT)
    template = evaluation.template.as_definition()
    sheets = sheets_of([evaluation.pk])
    own = sheets.get((evaluation.pk, PioneerSheetStage.SELF_EVALUATION))
    review = sheets.get((evaluation.pk, PioneerSheetStage.BRANCH_REVIEW))
    tally = vote_tallies([evaluation.pk]).get(evaluation.pk)
    counts = dict(tally.counts) if tally and tally.quorum_met else None
    form = PioneerSheetForm(request.POST or None, template=template, with_deductions=True)
    values = {**(review.points if review else {}), **(review.deductions if review else {})}
    reason = review.statement if review else ""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if form.is_valid():
            values, reason = {**form.points(), **form.deductions()}, form.cleaned_data["statement"]
            try:
                pioneer_review_save(
                    evaluation=evaluation,
                    points=form.points(),
                    deductions=form.deductions(),
                    reason=reason,
                    vote_counts=counts,
                    submit=form.submits,
                    by=request.user,
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            else:
                messages.success(request, _("Review submitted.") if form.submits else _("Draft saved."))
                return redirect(
                    "evaluations:pioneer_branch", pk=evaluation.campaign_id, branch_pk=evaluation.organization_id
                )
        else:
            errors = {"__all__": [str(m) for ms in form.errors.values() for m in ms]}
    rows = []
    for dimension, leaf, name in form.leaves:
        rows.append(
            {
                "dimension": dimension,
                "leaf": leaf,
                "name": name,
                "own": (own.points.get(leaf.code, "") if own else ""),
                "value": values.get(leaf.code, ""),
                "errors": errors.get(leaf.code),
            }
        )
    rules = template.pioneer
    context = {
        "evaluation": evaluation,
        "rows": rows,
        "own": own,
        "reason": reason,
        "tally": tally,
        "vote_options": [(option, (tally.counts.get(option.code, 0) if tally else 0)) for option in rules.vote_options],
        "vote_score": vote_score(rules, counts)[0],
        "tolerance": rules.review_tolerance,
        "general_errors": errors.get("__all__", []),
        "reason_errors": errors.get("reason", []),
        "open": evaluation.stage is not None and evaluation.stage.kind == StageKind.REVIEW,
        "submitted": bool(review and review.submitted_at),
    }
    return render(request, "evaluations/pioneer/review.html", context, status=400 if errors else 200)


def _scope_of(request: HttpRequest, campaign):
    """The branch asked for (``?branch=``), else the campaign's scope."""
    branch_pk = request.GET.get("branch")
    if branch_pk:
        return get_organization_for_user(request.user, branch_pk, Capability.VIEW_EVALUATIONS)
    return None


@login_required
@require_GET
def results_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's member grades in the user's scope, by branch; the streets that may make them final."""
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    branch = _scope_of(request, campaign)
    results = list(campaign_results(campaign, request.user, branch=branch)[:2000])
    for result in results:
        result.grade_text = grade_label(result.grade)
    streets = (
        organizations_visible_to(request.user, Capability.RUN_PUBLICITY)
        .filter(level=Level.STREET, path__startswith=campaign.scope.path)
        .order_by("path")
    )
    return render(
        request,
        "evaluations/pioneer/results.html",
        {"campaign": campaign, "branch": branch, "results": results, "streets": streets, "form": ConfirmForm()},
    )


@login_required
@require_GET
@reads_from_replica()
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as .xlsx: one branch (``?branch=``) or everything the user sees of the campaign."""
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    branch = _scope_of(request, campaign)
    export = PioneerResultsExport(
        campaign_results(campaign, request.user, branch=branch), campaign, branch or campaign.scope
    )
    response = export.download("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="campaign",
        object_id=campaign.pk,
        detail={
            "kind": "pioneer_results",
            "format": "xlsx",
            "rows": export.rows_written,
            "branch": branch and branch.pk,
        },
        request=request,
    )
    return response


@login_required
@require_POST
def finalize_view(request: HttpRequest, pk: int, street_pk: int) -> HttpResponse:
    campaign, street = get_street_in_campaign_for_user(request.user, pk, street_pk, Capability.RUN_PUBLICITY)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    else:
        try:
            count = pioneer_grades_finalize(campaign=campaign, street=street, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d grade(s) are final.") % {"count": count})
    return redirect("evaluations:pioneer_results", pk=campaign.pk)
