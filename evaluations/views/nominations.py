"""Award nominations (评先评优, "两优一先"): the list in scope with its filters, counts and .xlsx, the level above's
form that nominates an organization or a person, and the district's confirmation or rejection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports import export_download
from evaluations.exports.nominations import NominationExport
from evaluations.forms.common import error_messages
from evaluations.forms.nominations import BackForm, ChosenForm, DecisionForm, NominationFilterForm, NominationForm
from evaluations.models import NominationStatus
from evaluations.nomination_permissions import (
    NOMINATE_CAPABILITY,
    get_nomination_for_user,
    may_decide,
    may_nominate,
)
from evaluations.selectors.nominations import (
    NominationFilters,
    Subject,
    barring_reason,
    ineligibility,
    nomination_counts,
    nominations_visible_to,
    organizations_to_nominate,
    people_of,
    recommending,
    street_names,
    years_of,
)
from evaluations.selectors.rectification import streets_of
from evaluations.services.nominations import (
    award_nominate,
    award_nomination_confirm,
    award_nomination_reject,
    award_nomination_withdraw,
)
from orgs.permissions import refuse
from orgs.tree import street_path_of
from starrating.db_router import reads_from_replica

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    """The nominations in scope, the filter form read from the query string and the filters it gives."""
    nominations = nominations_visible_to(request.user)
    form = NominationFilterForm(request.GET, streets=streets_of(request.user), years=years_of(nominations))
    form.is_valid()
    values = form.cleaned_data
    filters = NominationFilters(
        year=values.get("year"),
        award=values.get("award") or "",
        street=values.get("street"),
        status=values.get("status") or "",
    )
    return nominations, form, filters


@login_required
@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    nominations, form, filters = _filtered(request)
    counts = nomination_counts(filters.apply(nominations, with_status=False))
    page = Paginator(filters.apply(nominations), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    streets = street_names(rows)
    barred = ineligibility(rows)
    listed = [
        {
            "nomination": nomination,
            "street": streets.get(street_path_of(nomination.organization.path), ""),
            "barred": [
                barring_reason(consequence, nomination.subject_name) for consequence in barred.get(nomination.pk, [])
            ],
            "may_decide": nomination.status == NominationStatus.SUBMITTED and may_decide(request.user, nomination),
            "may_withdraw": nomination.status == NominationStatus.SUBMITTED
            and may_nominate(request.user, nomination.organization),
        }
        for nomination in rows
    ]
    query = {name: value for name, value in request.GET.items() if name != "page" and value}
    without_status = {name: value for name, value in query.items() if name != "status"}
    tabs = [
        (status.value, status.label, counts[status.value], urlencode(without_status | {"status": status.value}))
        for status in NominationStatus
    ]
    return render(
        request,
        "evaluations/nominations/list.html",
        {
            "form": form,
            "page": page,
            "rows": listed,
            "tabs": tabs,
            "total": sum(counts.values()),
            "current_status": filters.status,
            "all_query": urlencode(without_status),
            "query": urlencode(query),
            "next": request.get_full_path(),
            "may_nominate": organizations_to_nominate(request.user).exists(),
        },
    )


@login_required
@require_GET
@reads_from_replica()
def nomination_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered (.xlsx); the download is audited."""
    nominations, _form, filters = _filtered(request)
    export = NominationExport(filters.apply(nominations))
    return export_download(
        request, export, object_type="award_nomination", detail={"year": filters.year, "award": filters.award}
    )


def _hints(organizations, people: list[tuple[str, str, str]], organization, year: int | None) -> dict:
    """The commendation candidates for the year (推荐表彰对象) among the user's organizations and the people of the
    chosen organization, with the rule behind each; the choices of the people, a candidate marked."""
    marker = _("commendation candidate")
    if year is None:
        return {"recommended": frozenset(), "hints": [], "people": [(choice, label) for choice, label, _key in people]}
    subjects = {("organization", pk): (Subject(pk), year) for pk in organizations.values_list("pk", flat=True)}
    subjects |= {("person", key): (Subject(organization.pk, key), year) for _choice, _label, key in people}
    found = recommending(subjects)
    hints = [consequence for consequences in found.values() for consequence in consequences]
    recommended = frozenset(pk for (kind, pk), consequences in found.items() if kind == "organization" and consequences)
    choices = [(choice, f"{label} ★{marker}" if found.get(("person", key)) else label) for choice, label, key in people]
    return {"recommended": recommended, "hints": hints, "people": choices}


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest) -> HttpResponse:
    """The level above nominates an organization, or a secretary or member of one, for a year's award."""
    organizations = organizations_to_nominate(request.user)
    if not organizations.exists():
        refuse(request.user, capability=NOMINATE_CAPABILITY, object_type="", object_id="", not_found=False)
    chosen = ChosenForm(request.POST if request.method == "POST" else request.GET, organizations=organizations).chosen()
    organization, year = chosen["organization"], chosen["year"] or timezone.localdate().year
    hints = _hints(organizations, people_of(organization) if organization else [], organization, year)
    if request.method == "GET":
        initial = {
            "year": year,
            "award": chosen["award"],
            "organization": organization,
        }
        form = NominationForm(
            initial=initial, organizations=organizations, people=hints["people"], recommended=hints["recommended"]
        )
        return render(request, "evaluations/nominations/new.html", {"form": form, "errors": [], **hints})
    form = NominationForm(
        request.POST, organizations=organizations, people=hints["people"], recommended=hints["recommended"]
    )
    if form.is_valid():
        data = form.cleaned_data
        secretary, member = data["person"]
        try:
            nomination = award_nominate(
                year=data["year"],
                award=data["award"],
                organization=data["organization"],
                secretary=secretary,
                member=member,
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("%(subject)s is nominated for “%(award)s” of %(year)s; the district confirms it.")
                % {
                    "subject": nomination.subject_name,
                    "award": nomination.get_award_display(),
                    "year": nomination.year,
                },
            )
            return redirect("evaluations:nomination_list")
    context = {"form": form, "errors": error_messages(form), **hints}
    return render(request, "evaluations/nominations/new.html", context, status=400)


def _back(request: HttpRequest, back: BackForm):
    """Back to the list the user came from (its filters kept)."""
    target = back.cleaned_data.get("next", "") if back.is_valid() else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("evaluations:nomination_list")


@login_required
@require_POST
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The district confirms a nomination (refused if a consequence in force now bars it) or rejects it with the
    reason."""
    nomination = get_nomination_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to reject the nomination."))
        return _back(request, form)
    try:
        if form.cleaned_data["decision"] == "confirm":
            award_nomination_confirm(nomination=nomination, by=request.user)
            messages.success(
                request, _("The nomination of %(subject)s is confirmed.") % {"subject": nomination.subject_name}
            )
        else:
            award_nomination_reject(
                nomination=nomination, reason=form.cleaned_data["rejection_reason"], by=request.user
            )
            messages.success(
                request, _("The nomination of %(subject)s is not adopted.") % {"subject": nomination.subject_name}
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{nomination.subject_name}：{message}")
    return _back(request, form)


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The nominator's side withdraws a nomination that awaits the district."""
    nomination = get_nomination_for_user(request.user, pk)
    back = BackForm(request.POST)
    try:
        award_nomination_withdraw(nomination=nomination, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The nomination of %(subject)s is withdrawn.") % {"subject": nomination.subject_name}
        )
    return _back(request, back)
