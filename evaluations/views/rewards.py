"""The money that follows a secretary's stars (seed 001): a secretary's rewards ledger with each figure's
computation, the tables of a street and of the district for a year, their .xlsx for the finance office, and the
district's computing of the ledgers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports.rewards import RewardsExport
from evaluations.forms.rewards import RewardCorrectionForm, RewardsComputeForm
from evaluations.models import RewardEntryKind
from evaluations.secretary_permissions import (
    REWARDS_VIEW_CAPABILITIES,
    get_rewards_scope_for_user,
    get_secretary_ledger_for_user,
)
from evaluations.selectors.rewards import rewards_table, secretary_ledger
from evaluations.services.rewards import reward_correction_add
from evaluations.tasks import rewards_ledgers_compute
from orgs.models import AuditAction, Level, Organization, Secretary
from orgs.permissions import (
    NOT_IN_SCOPE,
    Capability,
    has_any_capability,
    has_capability,
    subtree_condition,
    user_grants,
)
from orgs.services.audit import audit_record
from starrating.db_router import reads_from_replica
from starrating.exports import CONTENT_TYPES


def _checked_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404(NOT_IN_SCOPE)
    return year


def _ledger_page(request: HttpRequest, secretary, form: RewardCorrectionForm | None = None) -> HttpResponse:
    can_correct = has_capability(request.user, Capability.MANAGE_CAMPAIGNS, secretary.organization)
    if can_correct and form is None:
        form = RewardCorrectionForm(initial={"year": timezone.localdate().year})
    return render(
        request,
        "evaluations/rewards_ledger.html",
        {
            "secretary": secretary,
            "years": secretary_ledger(secretary),
            "form": form if can_correct else None,
            "kinds": RewardEntryKind.choices,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_GET
def secretary_rewards(request: HttpRequest, pk: int) -> HttpResponse:
    """A secretary's ledger year by year, every figure with its computation and every adjusting entry's reason."""
    return _ledger_page(request, get_secretary_ledger_for_user(request.user, pk))


@login_required
@require_POST
def secretary_reward_correct(request: HttpRequest, pk: int) -> HttpResponse:
    secretary = get_secretary_ledger_for_user(request.user, pk, correct=True)
    form = RewardCorrectionForm(request.POST)
    if not form.is_valid():
        return _ledger_page(request, secretary, form)
    try:
        reward_correction_add(secretary=secretary, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _ledger_page(request, secretary, form)
    messages.success(request, _("The correction is added to the ledger."))
    return redirect("evaluations:secretary_rewards", pk=secretary.pk)


@login_required
@require_GET
def rewards_index(request: HttpRequest) -> HttpResponse:
    """The table of the highest street or district the user holds a role on, for this year; for a community's
    administrators, their secretary's ledger."""
    scopes = Organization.objects.filter(level__in=(Level.DISTRICT, Level.STREET)).order_by("depth", "path")
    if not request.user.is_superuser:
        scopes = scopes.filter(path__in={grant.path for grant in user_grants(request.user)})
    scope = next(
        (scope for scope in scopes if has_any_capability(request.user, REWARDS_VIEW_CAPABILITIES, scope)), None
    )
    if scope is not None:
        return redirect("evaluations:rewards_table", pk=scope.pk, year=timezone.localdate().year)
    # A community's own administrators (the secretary among them) open their secretary's ledger.
    own = subtree_condition(request.user, Capability.ENTER_SELF_ASSESSMENT, "organization__path")
    tenures = Secretary.objects.filter(ended_on__isnull=True).order_by("organization__path", "-started_on")
    tenure = (tenures if own is None else tenures.filter(own)).first()
    if tenure is None:
        raise Http404(NOT_IN_SCOPE)
    return redirect("evaluations:secretary_rewards", pk=tenure.pk)


@login_required
@require_GET
def rewards_table_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    scope = get_rewards_scope_for_user(request.user, pk)
    table = rewards_table(scope, _checked_year(year))
    streets = []
    if scope.level == Level.DISTRICT:
        streets = list(Organization.objects.filter(path__startswith=scope.path, level=Level.STREET).order_by("path"))
    return render(
        request,
        "evaluations/rewards_table.html",
        {
            "table": table,
            "scope": scope,
            "year": year,
            "streets": streets,
            "can_compute": has_capability(request.user, Capability.MANAGE_CAMPAIGNS, scope),
            "can_record": has_capability(request.user, Capability.REVIEW_SCORES, scope),
            "compute_form": RewardsComputeForm(),
        },
    )


@login_required
@require_GET
@reads_from_replica()
def rewards_table_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    scope = get_rewards_scope_for_user(request.user, pk)
    export = RewardsExport(rewards_table(scope, _checked_year(year)))
    content = export.render("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="organization",
        object_id=scope.pk,
        detail={"kind": "rewards", "format": "xlsx", "year": year, "rows": export.rows_written},
        request=request,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, export.filename("xlsx"))
    return response


@login_required
@require_POST
def rewards_compute_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Queue the computing of the scope's ledgers for the year (a Celery task, after the request commits)."""
    scope = get_rewards_scope_for_user(request.user, pk, compute=True)
    year = _checked_year(year)
    form = RewardsComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["confirm"]))
        return redirect("evaluations:rewards_table", pk=scope.pk, year=year)
    user_id = request.user.pk
    transaction.on_commit(lambda: rewards_ledgers_compute.delay(scope.pk, year, user_id))
    messages.success(
        request, _("The ledgers of %(scope)s for %(year)s are being computed.") % {"scope": scope.name, "year": year}
    )
    return redirect("evaluations:rewards_table", pk=scope.pk, year=year)
