"""Pages that change a secretary's stars: the street's proposal with evidence, the district's decision, removal at
any time (随时摘星) and undoing a change, and the evidence files (Jinyuan, seed 001)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports import evidence_file_response
from evaluations.forms.common import cleaned, error_messages
from evaluations.forms.secretary_stars import StarDecisionForm, StarProposalForm, StarRemovalForm, StarUndoForm
from evaluations.permissions import get_secretary_for_user
from evaluations.secretary_permissions import get_star_change_for_user, get_star_evidence_for_user
from evaluations.selectors.secretary_stars import active_rule_set
from evaluations.services.secretary_stars.changes import (
    star_change_decide,
    star_change_propose,
    star_change_undo,
    star_remove,
)
from orgs.models import AuditAction
from orgs.permissions import Capability
from orgs.services.audit import audit_record


def _history(secretary_pk: int) -> HttpResponse:
    return redirect("evaluations:secretary_star_history", pk=secretary_pk)


def _form_page(request, secretary, form, template: str, errors: list[str]) -> HttpResponse:
    return render(
        request,
        f"evaluations/secretary_stars/{template}",
        {"secretary": secretary, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def secretary_star_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """The street proposes base, added or reduced stars with evidence; the district decides."""
    secretary = get_secretary_for_user(request.user, pk, Capability.REVIEW_SCORES)
    rule_set = active_rule_set()
    if rule_set is None:
        raise Http404(_("No secretary star rule set is in use: load one first."))
    if request.method == "GET":
        initial = {"year": timezone.localdate().year, "effective_on": timezone.localdate(), "stars": 1}
        return _form_page(request, secretary, StarProposalForm(initial=initial, rule_set=rule_set), "propose.html", [])
    form = StarProposalForm(request.POST, request.FILES, rule_set=rule_set)
    if not form.is_valid():
        return _form_page(request, secretary, form, "propose.html", error_messages(form))
    data = form.cleaned_data
    try:
        star_change_propose(
            secretary=secretary,
            year=data["year"],
            rule=data["rule"],
            stars=data["stars"],
            effective_on=data["effective_on"],
            reason=data["reason"],
            uploads=data["evidence"],
            by=request.user,
        )
    except ValidationError as error:
        return _form_page(request, secretary, form, "propose.html", error.messages)
    messages.success(request, _("The proposal is sent to the district organization department for approval."))
    return _history(secretary.pk)


@login_required
@require_http_methods(["GET", "POST"])
def secretary_star_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """随时摘星: the district removes stars at once, from a date, with a reason and evidence."""
    secretary = get_secretary_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    rule_set = active_rule_set()
    if rule_set is None:
        raise Http404(_("No secretary star rule set is in use: load one first."))
    if request.method == "GET":
        form = StarRemovalForm(initial={"effective_on": timezone.localdate(), "stars": 1})
        return _form_page(request, secretary, form, "remove.html", [])
    form = StarRemovalForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, secretary, form, "remove.html", error_messages(form))
    data = form.cleaned_data
    try:
        star_remove(
            secretary=secretary,
            stars=data["stars"],
            effective_on=data["effective_on"],
            reason=data["reason"],
            uploads=data["evidence"],
            by=request.user,
            rule_set=rule_set,
        )
    except ValidationError as error:
        return _form_page(request, secretary, form, "remove.html", error.messages)
    messages.success(request, _("The stars are removed; the secretary and their street are notified."))
    return _history(secretary.pk)


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def secretary_star_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_star_change_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    try:
        data = cleaned(StarDecisionForm(request.POST))
        star_change_decide(change=change, approve=data["decision"] == "approve", note=data["note"], by=request.user)
        messages.success(request, _("The decision is saved and the street is notified."))
    except ValidationError as error:
        _report(request, error)
    return _history(change.secretary_id)


@login_required
@require_POST
def secretary_star_change_undo(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_star_change_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    try:
        data = cleaned(StarUndoForm(request.POST))
        star_change_undo(change=change, reason=data["reason"], by=request.user)
        messages.success(request, _("The change is undone; the secretary and their street are notified."))
    except ValidationError as error:
        _report(request, error)
    return _history(change.secretary_id)


@login_required
@require_GET
def secretary_star_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to those who see the secretary; every download is audited."""
    evidence = get_star_evidence_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    response = evidence_file_response(evidence)
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="secretary_star_change",
        object_id=evidence.change_id,
        detail={"kind": "secretary_star_evidence", "evidence": evidence.pk},
        request=request,
    )
    return response
