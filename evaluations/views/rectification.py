"""Rectification to close-out (整改销号, seed 003): the list of cases in scope with its counts, filters and .xlsx
ledger, and the level above's page that opens a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.exports import export_download
from evaluations.exports.rectification import RectificationCasesExport
from evaluations.forms.common import error_messages
from evaluations.forms.rectification import CaseFilterForm, CaseOpenForm, CaseSourceForm
from evaluations.rules.rectification import is_overdue
from evaluations.selectors.consequence_lists import cases_opened_from, consequences_to_open_from
from evaluations.selectors.rectification import (
    CaseFilters,
    case_counts,
    cases_visible_to,
    organizations_to_open_on,
    owner_accounts,
    street_names,
    streets_of,
    years_of,
)
from evaluations.services.rectification import open_case, open_case_from_consequence
from orgs.permissions import Capability, refuse
from orgs.tree import street_path_of
from starrating.db_router import reads_from_replica

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    """The cases in scope, the filter form read from the query string and the filters it gives."""
    cases = cases_visible_to(request.user)
    form = CaseFilterForm(request.GET, streets=streets_of(request.user), years=years_of(cases))
    form.is_valid()
    values = form.cleaned_data
    filters = CaseFilters(
        street=values.get("street"),
        status=values.get("status") or "",
        overdue=bool(values.get("overdue")),
        year=values.get("year"),
        sort=values.get("sort") or "deadline",
    )
    return cases, form, filters


@login_required
@require_GET
def rectification_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cases, form, filters = _filtered(request)
    counts = case_counts(filters.apply(cases, today, with_status=False), today)
    page = Paginator(filters.apply(cases, today), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    streets = street_names(rows)
    listed = [
        (
            case,
            streets.get(street_path_of(case.organization.path), ""),
            is_overdue(deadline=case.deadline, status=case.status, today=today),
            (today - case.deadline).days,
        )
        for case in rows
    ]
    query = urlencode({name: value for name, value in request.GET.items() if name != "page" and value})
    return render(
        request,
        "evaluations/rectification/list.html",
        {
            "form": form,
            "page": page,
            "rows": listed,
            "counts": counts,
            "query": query,
            "may_open": organizations_to_open_on(request.user).exists(),
        },
    )


@login_required
@require_GET
@reads_from_replica()
def rectification_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as the rectification ledger (.xlsx); the download is audited."""
    today = timezone.localdate()
    cases, _form, filters = _filtered(request)
    export = RectificationCasesExport(filters.apply(cases, today), today)
    return export_download(request, export, object_type="rectification_case")


def _initial_from(consequence) -> dict:
    """What a case opened from a consequence starts with: its year, what it is, the explanation, its deadline."""
    today = timezone.localdate()
    return {
        "year": consequence.year,
        "title": consequence.get_action_display(),
        "description": consequence.explanation,
        "deadline": consequence.due_on if consequence.due_on and consequence.due_on >= today else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def rectification_open(request: HttpRequest) -> HttpResponse:
    """The level above opens a case (a problem list or task list item, a public commitment) on an organization, or
    from a consequence of a rating (a row of the consequence lists)."""
    organizations = organizations_to_open_on(request.user)
    if not organizations.exists():
        refuse(request.user, capability=Capability.REVIEW_SCORES, object_type="", object_id="", not_found=False)
    owners = owner_accounts(request.user)
    consequences = consequences_to_open_from(request.user)
    if request.method == "GET":
        source = CaseSourceForm(request.GET, consequences=consequences)
        consequence = source.cleaned_data.get("consequence") if source.is_valid() else None
        initial = {"year": timezone.localdate().year, "organization": request.GET.get("organization")}
        if consequence is not None:
            opened = cases_opened_from([consequence]).get(consequence.pk)
            if opened is not None:  # the same firing's other row opened it: one case serves both
                messages.info(request, _("This consequence already has its rectification case."))
                return redirect("evaluations:rectification_detail", pk=opened.pk)
            initial = _initial_from(consequence)
        form = CaseOpenForm(initial=initial, organizations=organizations, owners=owners, consequence=consequence)
        context = {"form": form, "source": source, "consequence": consequence, "errors": error_messages(source)}
        return render(request, "evaluations/rectification/open.html", context)
    source = CaseSourceForm(request.POST, consequences=consequences)
    consequence = source.cleaned_data.get("consequence") if source.is_valid() else None
    form = CaseOpenForm(request.POST, organizations=organizations, owners=owners, consequence=consequence)
    if source.is_valid() and form.is_valid():
        data = form.cleaned_data
        common = {
            name: data[name] for name in ("year", "title", "description", "tasks", "deadline", "owner", "owner_name")
        }
        try:
            if consequence is not None:
                case = open_case_from_consequence(consequence=consequence, by=request.user, **common)
            else:
                case = open_case(organization=data["organization"], kind=data["kind"], by=request.user, **common)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The case is opened and its owner notified."))
            return redirect("evaluations:rectification_detail", pk=case.pk)
    errors = error_messages(source) + error_messages(form)
    context = {"form": form, "source": source, "consequence": consequence, "errors": errors}
    return render(request, "evaluations/rectification/open.html", context, status=400)
