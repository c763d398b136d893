"""Secretaries' star management pages (Jinyuan, seed 001): the year's board, a secretary's history over the term,
and the honour and supervision lists with their export and the supervision deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports.secretary_stars import star_lists_workbook
from evaluations.forms.common import cleaned
from evaluations.forms.secretary_stars import SupervisionForm
from evaluations.models import StarChangeStatus
from evaluations.permissions import get_secretary_for_user
from evaluations.secretary_permissions import LEDGER_VIEW_CAPABILITIES, get_star_record_for_user
from evaluations.selectors.forecasts import secretary_forecasts
from evaluations.selectors.secretary_star_history import secretary_star_history, star_lists
from evaluations.selectors.secretary_stars import (
    secretary_star_levels,
    star_changes_visible_to,
    star_records_visible_to,
)
from evaluations.services.secretary_stars.supervision import supervision_set
from orgs.models import AuditAction
from orgs.permissions import (
    Capability,
    has_any_capability,
    has_capability,
    require_capability,
    secretaries_visible_to,
)
from orgs.services.audit import audit_record
from starrating.db_router import reads_from_replica
from starrating.exports import CONTENT_TYPES

LIST_CAPABILITY = Capability.BUILD_RECOMMENDATION


def selected_year(request: HttpRequest) -> int:
    """``?year=`` when it is a plausible year, else the current one."""
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2099:
        return int(text)
    return timezone.localdate().year


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def secretary_star_board(request: HttpRequest) -> HttpResponse:
    """The year's star levels of the secretaries in the user's scope, the proposals waiting for the district, and
    the current secretaries without stars yet (to propose their base stars)."""
    require_capability(request.user, Capability.VIEW_EVALUATIONS)
    year = selected_year(request)
    levels = secretary_star_levels(year=year, records=star_records_visible_to(request.user))
    rated = {level.secretary_id for level in levels}
    unrated = (
        secretaries_visible_to(request.user)
        .filter(ended_on__isnull=True)
        .exclude(pk__in=rated)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    waiting = (
        star_changes_visible_to(request.user)
        .filter(status=StarChangeStatus.PROPOSED)
        .select_related("secretary__organization", "rule", "record", "proposed_by")
        .prefetch_related("evidence")
        .order_by("proposed_at", "pk")
    )
    return render(
        request,
        "evaluations/secretary_stars/board.html",
        {
            "year": year,
            "years": range(year - 3, year + 2),
            "levels": levels,
            "unrated": unrated,
            "waiting": waiting,
            "can_propose": has_capability(request.user, Capability.REVIEW_SCORES),
            "can_decide": has_capability(request.user, Capability.BUILD_RECOMMENDATION),
        },
    )


@login_required
@require_GET
def secretary_star_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's stars per year, each quarter's place in the street as a chart, and every change with its reason,
    whichever organization they led at the time."""
    secretary = get_secretary_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    organization = secretary.organization
    return render(
        request,
        "evaluations/secretary_stars/history.html",
        {
            "secretary": secretary,
            "history": secretary_star_history(secretary),
            "forecasts": secretary_forecasts(secretary),
            "can_propose": has_capability(request.user, Capability.REVIEW_SCORES, organization),
            "can_decide": has_capability(request.user, Capability.BUILD_RECOMMENDATION, organization),
            "can_view_ledger": has_any_capability(request.user, LEDGER_VIEW_CAPABILITIES, organization),
            "year": timezone.localdate().year,
        },
    )


def _lists(request: HttpRequest):
    require_capability(request.user, LIST_CAPABILITY)
    year = selected_year(request)
    honours, supervision = star_lists(records=star_records_visible_to(request.user, LIST_CAPABILITY), year=year)
    return year, honours, supervision


@login_required
@require_GET
def secretary_star_lists(request: HttpRequest) -> HttpResponse:
    """High stars (candidates for 两代表一委员, 两优一先) and low stars (admonition supervision, a deadline)."""
    year, honours, supervision = _lists(request)
    return render(
        request,
        "evaluations/secretary_stars/lists.html",
        {"year": year, "years": range(year - 3, year + 2), "honours": honours, "supervision": supervision},
    )


@login_required
@require_GET
@reads_from_replica()
def secretary_star_lists_export(request: HttpRequest) -> HttpResponse:
    year, honours, supervision = _lists(request)
    content = star_lists_workbook(honours, supervision, year)
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="secretary_star_lists",
        object_id=year,
        detail={"kind": "secretary_star_lists", "honours": len(honours), "supervision": len(supervision)},
        request=request,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, f"书记星级名单-{year}.xlsx")
    return response


@login_required
@require_POST
def secretary_supervision_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set (or move) the rectification deadline of a low-star secretary's year."""
    record = get_star_record_for_user(request.user, pk, LIST_CAPABILITY)
    try:
        data = cleaned(SupervisionForm(request.POST))
        supervision = supervision_set(record=record, deadline=data["deadline"], note=data["note"], by=request.user)
        messages.success(
            request,
            _("%(name)s is under admonition supervision until %(deadline)s.")
            % {"name": record.secretary.name, "deadline": supervision.deadline.isoformat()},
        )
    except ValidationError as error:
        _report(request, error)
    return redirect(f"{reverse('evaluations:secretary_star_lists')}?year={record.year}")
