"""The member's pioneer index pages (先锋指数, seed 004), phone-sized: their ratings, the self-evaluation item by
item, and after the publicity their grade and why; and the public publicity page of a street's members."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.forms.pioneer import PioneerSheetForm
from evaluations.forms.publicity import ObjectionForm
from evaluations.models import PioneerSheet, PioneerSheetStage
from evaluations.permissions import get_own_pioneer_evaluation
from evaluations.rules.workflow import StageKind
from evaluations.selectors.forecasts import member_forecasts
from evaluations.selectors.pioneer import (
    grade_explanation,
    pioneer_evaluations_of_member,
    publicity_rows,
    step_label,
)
from evaluations.selectors.publicity import publicity_of, publicity_street
from evaluations.services.pioneer.sheets import pioneer_self_evaluation_save
from evaluations.services.publicity import ObjectionRefused, objection_file
from orgs.client_address import client_address
from orgs.models import Member


@login_required
@require_GET
def my_pioneer(request: HttpRequest) -> HttpResponse:
    """The member's own pioneer index ratings: what to do now, or the grade once final."""
    evaluations = list(pioneer_evaluations_of_member(getattr(request.user, "member_id", None)))
    for evaluation in evaluations:
        evaluation.step = step_label(evaluation)
    member = Member.objects.filter(pk=request.user.member_id).first() if evaluations else None
    forecasts = member_forecasts(member) if member else []
    return render(request, "evaluations/pioneer/mine.html", {"evaluations": evaluations, "forecasts": forecasts})


def _sheet_rows(form: PioneerSheetForm, values: dict[str, str]) -> list[dict]:
    """The items grouped by index, with the value typed or saved and the item's own messages."""
    rows_by_errors = form.errors_by_row() if form.is_bound else {}
    groups: list[dict] = []
    for dimension, leaf, name in form.leaves:
        if not groups or groups[-1]["dimension"] != dimension:
            groups.append({"dimension": dimension, "items": []})
        groups[-1]["items"].append(
            {"leaf": leaf, "name": name, "value": values.get(leaf.code, ""), "errors": rows_by_errors.get(leaf.code)}
        )
    return groups


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The member gives their own points per item and a short statement; saved as a draft or submitted once."""
    evaluation = get_own_pioneer_evaluation(request.user, pk)
    template = evaluation.template.as_definition()
    sheet = PioneerSheet.objects.filter(evaluation=evaluation, stage=PioneerSheetStage.SELF_EVALUATION).first()
    form = PioneerSheetForm(request.POST or None, template=template, with_deductions=False)
    values = dict(sheet.points) if sheet else {}
    statement = sheet.statement if sheet else ""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if form.is_valid():
            values, statement = form.points(), form.cleaned_data["statement"]
            try:
                pioneer_self_evaluation_save(
                    evaluation=evaluation, points=values, statement=statement, submit=form.submits, by=request.user
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            else:
                messages.success(
                    request,
                    _("Your self-evaluation is submitted to the branch.") if form.submits else _("Draft saved."),
                )
                return redirect("evaluations:pioneer_self_evaluation", pk=evaluation.pk)
        else:
            errors = {"__all__": [str(m) for ms in form.errors.values() for m in ms]}
    groups = _sheet_rows(form, values)
    for group in groups:
        for item in group["items"]:
            item["errors"] = errors.get(item["leaf"].code) or item["errors"]
    context = {
        "evaluation": evaluation,
        "groups": groups,
        "statement": statement,
        "general_errors": errors.get("__all__", []) + errors.get("statement", []),
        "submitted": bool(sheet and sheet.submitted_at),
        "open": evaluation.stage is not None and evaluation.stage.kind == StageKind.SELF_ASSESSMENT,
    }
    return render(request, "evaluations/pioneer/self_evaluation.html", context, status=400 if errors else 200)


@login_required
@require_GET
def my_grade(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's grade and why ("why 合格"), once the publicity has made it final."""
    evaluation = get_own_pioneer_evaluation(request.user, pk)
    explanation = grade_explanation(evaluation)
    final = explanation is not None and explanation["result"].is_final
    return render(
        request,
        "evaluations/pioneer/my_grade.html",
        {"evaluation": evaluation, "explanation": explanation if final else None},
    )


def _publicity_url(campaign_id: int, street_code: str) -> str:
    return reverse("evaluations:pioneer_publicity", kwargs={"campaign_id": campaign_id, "street_code": street_code})


@never_cache
@require_http_methods(["GET", "POST"])
def pioneer_publicity(request: HttpRequest, campaign_id: int, street_code: str) -> HttpResponse:
    """The public page of a street's members in publicity: name, branch and grade only; anyone may object."""
    campaign, street = publicity_street(campaign_id, street_code)
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST)
        values = {key: form.data.get(key, "") for key in form.fields}
        if form.is_valid():
            values = form.cleaned_data
            try:
                objection_file(
                    campaign=campaign,
                    street=street,
                    evaluation_id=values["evaluation"],
                    text=values["text"],
                    name=values["name"],
                    contact=values["contact"],
                    client_address=client_address(request) or "",
                )
            except ObjectionRefused as refusal:
                errors, status = refusal.message_dict, 429 if refusal.reason == "throttled" else 410
            except ValidationError as error:
                errors, status = error.message_dict, 400
            else:
                return redirect(_publicity_url(campaign.pk, street.code) + "?filed=1#objection")
        else:
            errors, status = {name: list(problems) for name, problems in form.errors.items()}, 400
    publicity = publicity_of(campaign, street)
    rows = publicity_rows([evaluation.pk for evaluation in publicity.evaluations])
    context = {
        "campaign": campaign,
        "street": street,
        "publicity": publicity,
        "rows": rows,
        "values": values,
        "errors": errors,
        "general_errors": errors.get("__all__", []),
        "filed": request.GET.get("filed") == "1",
        "per_hour": settings.PUBLICITY_OBJECTIONS_PER_HOUR,
    }
    return render(request, "evaluations/pioneer/publicity.html", context, status=status)
