"""The joint review ("X+2") in the browser: a campaign's stages and departments, the departments' opinions,
and the district's overview from which it closes the consultation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evaluations.forms.common import error_messages
from evaluations.forms.consultation import CampaignStagesForm, OpinionForm
from evaluations.models import CampaignStage, EvaluationStatus, OpinionKind
from evaluations.permissions import get_campaign_for_user, get_evaluation_for_user
from evaluations.selectors.campaigns import evaluations_per_stage
from evaluations.selectors.consultation import consultation_rows, consultation_stage, veto_items_of
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.services.consultation import (
    campaign_stages_set,
    consultation_close,
    opinion_give,
    opinions_give_no_objection,
)
from orgs.models import Department
from orgs.permissions import Capability

REFUSALS_LISTED = 20


def _deadline_input(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


@login_required
@require_http_methods(["GET", "POST"])
def campaign_stages_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district sets each stage's deadline and least days and the departments the campaign consults."""
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    stages = list(CampaignStage.objects.filter(campaign=campaign).order_by("order"))
    departments = list(Department.objects.order_by("pk"))
    consulted = set(campaign.departments.values_list("pk", flat=True))
    proposed = not consulted
    errors: dict[str, list[str]] = {}
    typed: dict[int, dict] = {}
    if request.method == "POST":
        form = CampaignStagesForm(request.POST, stages=stages, departments=departments)
        if not form.is_valid():
            errors = form.errors_by_row()
        else:
            try:
                campaign_stages_set(campaign=campaign, rows=form.rows(), departments=form.chosen(), by=request.user)
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            else:
                messages.success(request, _("The stages and the departments consulted were saved."))
                return redirect("evaluations:campaign_stages", pk=campaign.pk)
        typed = form.rows()
        consulted, proposed = {department.pk for department in form.chosen()}, False
    elif proposed:
        consulted = {department.pk for department in departments}
    per_stage = evaluations_per_stage(campaign)
    rows = [
        {
            "stage": stage,
            "in_progress": per_stage.get(stage.pk, {}).get(EvaluationStatus.IN_PROGRESS, 0),
            "approved": per_stage.get(stage.pk, {}).get(EvaluationStatus.APPROVED, 0),
            "deadline": typed.get(stage.pk, {}).get("deadline", _deadline_input(stage.deadline)),
            "min_days": typed.get(stage.pk, {}).get("min_days", stage.min_days),
            "errors": errors.get(f"stage-{stage.pk}", []),
        }
        for stage in stages
    ]
    return render(
        request,
        "evaluations/campaign_stages.html",
        {
            "campaign": campaign,
            "rows": rows,
            "departments": [(department, department.pk in consulted) for department in departments],
            "proposed": proposed,
            "department_errors": errors.get("departments", []),
            "general_errors": errors.get("__all__", []),
        },
        status=400 if errors else 200,
    )


def _opinion_page(request, campaign, *, posted=None, status=200) -> HttpResponse:
    department = request.user.department if request.user.department_id else None
    evaluations = evaluations_visible_to(request.user, Capability.GIVE_OPINION)
    stage = consultation_stage(campaign)
    rows = consultation_rows(
        campaign=campaign, evaluations=evaluations, departments=[department] if department else [], stage=stage
    )
    vetoes = veto_items_of(row.evaluation.template_id for row in rows)
    for row in rows:
        row.own = row.cells[0].opinion if row.cells else None
        row.vetoes = vetoes.get(row.evaluation.template_id, [])
        if posted and posted["evaluation"] == row.evaluation.pk:
            row.typed = posted
        elif row.own:
            row.typed = {
                "kind": row.own.kind,
                "note": row.own.note,
                "veto_code": row.own.veto_item.code if row.own.veto_item_id else "",
            }
        else:
            row.typed = {"kind": OpinionKind.NO_OBJECTION, "note": "", "veto_code": ""}
    return render(
        request,
        "evaluations/consultation_opinions.html",
        {
            "campaign": campaign,
            "department": department,
            "consulted": department is not None and campaign.departments.filter(pk=department.pk).exists(),
            "stage": stage,
            "deadline_passed": stage is not None and stage.deadline is not None and stage.deadline <= timezone.now(),
            "rows": rows,
            "without_opinion": sum(1 for row in rows if row.own is None),
            "kinds": OpinionKind.choices,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_opinions_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A district department's reviewer gives an opinion per organization at the consultation stage."""
    campaign = get_campaign_for_user(request.user, pk, Capability.GIVE_OPINION)
    if request.method == "GET":
        return _opinion_page(request, campaign)
    if request.POST.get("action") == "no_objection_all":
        return _no_objection_all(request, campaign)
    form = OpinionForm(request.POST)
    if not form.is_valid() and "evaluation" in form.errors:
        raise Http404(_("No such item in your scope."))
    evaluation = get_evaluation_for_user(request.user, form.cleaned_data["evaluation"], Capability.GIVE_OPINION)
    if evaluation.campaign_id != campaign.pk:
        raise Http404(_("No such item in your scope."))
    posted = {
        "evaluation": evaluation.pk,
        "kind": form.cleaned_data.get("kind", ""),
        "note": form.cleaned_data.get("note", ""),
        "veto_code": form.cleaned_data.get("veto_item", ""),
    }
    if form.errors:
        posted["errors"] = error_messages(form)
        return _opinion_page(request, campaign, posted=posted, status=400)
    try:
        opinion_give(
            evaluation=evaluation,
            kind=posted["kind"],
            note=posted["note"],
            veto_code=posted["veto_code"],
            by=request.user,
        )
    except ValidationError as error:
        posted["errors"] = error.messages
        return _opinion_page(request, campaign, posted=posted, status=400)
    messages.success(
        request, _("The opinion on %(organization)s was saved.") % {"organization": evaluation.organization.name}
    )
    return redirect(f"{request.path}#evaluation-{evaluation.pk}")


def _no_objection_all(request: HttpRequest, campaign) -> HttpResponse:
    try:
        scope = evaluations_visible_to(request.user, Capability.GIVE_OPINION)
        given = opinions_give_no_objection(campaign=campaign, evaluations=scope, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(request.path)
    if given:
        messages.success(
            request,
            _("No objection was given on %(count)d organization(s); the opinions already given were kept.")
            % {"count": len(given)},
        )
    else:
        messages.info(request, _("Every organization at this stage already has your department's opinion."))
    return redirect(request.path)


@login_required
@require_http_methods(["GET"])
def consultation_overview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district sees which department answered what for every organization at the consultation stage."""
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    departments = list(campaign.departments.order_by("pk"))
    stage = consultation_stage(campaign)
    rows = consultation_rows(
        campaign=campaign,
        evaluations=evaluations_visible_to(request.user, Capability.MANAGE_CAMPAIGNS),
        departments=departments,
        stage=stage,
    )
    return render(
        request,
        "evaluations/consultation_overview.html",
        {
            "campaign": campaign,
            "departments": departments,
            "rows": rows,
            "stage": stage,
            "deadline_passed": stage is not None and stage.deadline is not None and stage.deadline <= timezone.now(),
        },
    )


@login_required
@require_POST
def consultation_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the consultation: every organization at the stage moves on to approval, or the page says why not."""
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    moved, refused = consultation_close(
        campaign=campaign,
        evaluations=evaluations_visible_to(request.user, Capability.MANAGE_CAMPAIGNS),
        by=request.user,
    )
    if moved:
        messages.success(request, _("%(count)d organization(s) moved on to the next stage.") % {"count": len(moved)})
    if refused:
        names = dict(
            evaluations_visible_to(request.user, Capability.MANAGE_CAMPAIGNS)
            .filter(pk__in=list(refused)[:REFUSALS_LISTED])
            .values_list("pk", "organization__name")
        )
        for evaluation_pk, reason in list(refused.items())[:REFUSALS_LISTED]:
            messages.error(request, f"{names.get(evaluation_pk, evaluation_pk)}：{reason}")
        if len(refused) > REFUSALS_LISTED:
            messages.error(
                request,
                _("%(count)d more organization(s) could not move on.") % {"count": len(refused) - REFUSALS_LISTED},
            )
    if not moved and not refused:
        messages.info(request, _("No organization is waiting at the department opinions stage."))
    return redirect("evaluations:consultation_overview", pk=campaign.pk)
