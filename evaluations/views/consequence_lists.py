"""The consequence lists (结果运用清单, seeds 000, 003 and 004): weak-and-lax organizations, award-ineligible
organizations and leaders, talks due, nominations barred, term reviews capped, commendation candidates and the rest,
each row with the rule and the results behind it; filtered by street, year and rule, exported to .xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports import export_download
from evaluations.exports.consequence_lists import ConsequenceListExport, consequence_row
from evaluations.forms.consequence_lists import LIST_LABELS, ConsequenceFilterForm, ConsequenceRunForm
from evaluations.selectors.consequence_lists import (
    ConsequenceFilters,
    cases_opened_from,
    consequences_visible_to,
    list_counts,
    opening_rectification,
    rules_of,
    street_names,
    street_of,
    supervisions_of,
    years_of,
)
from evaluations.selectors.consequence_runs import (
    consequence_run_may_request,
    consequence_run_under_way,
    consequences_last_run,
)
from evaluations.selectors.rectification import streets_of
from evaluations.services.consequence_runs import consequences_run_request
from starrating.db_router import reads_from_replica

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    """The consequences in scope, the filter form read from the query string and the filters it gives."""
    consequences = consequences_visible_to(request.user)
    form = ConsequenceFilterForm(
        request.GET, streets=streets_of(request.user), years=years_of(consequences), rules=rules_of(consequences)
    )
    form.is_valid()
    values = form.cleaned_data
    filters = ConsequenceFilters(
        street=values.get("street"),
        year=values.get("year"),
        rule=values.get("rule"),
        list_code=values.get("list") or "",
    )
    return consequences, form, filters


# The id of the run panel, which follows a run under way by asking for the page again (and keeps only itself).
RUN_PANEL = "consequence-run"


@login_required
@require_GET
@reads_from_replica()
def consequence_list(request: HttpRequest) -> HttpResponse:
    consequences, form, filters = _filtered(request)
    counts = list_counts(filters.apply(consequences, with_list=False))
    page = Paginator(filters.apply(consequences), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    streets = street_names(rows)
    openable = opening_rectification(request.user, rows)
    cases = cases_opened_from(rows)
    supervisions = supervisions_of(rows)
    listed = [
        (
            consequence,
            consequence_row(consequence, street_of(consequence, streets)),
            consequence.pk in openable,
            cases.get(consequence.pk),
            supervisions.get(consequence.pk),
        )
        for consequence in rows
    ]
    query = {name: value for name, value in request.GET.items() if name != "page" and value}
    without_list = {name: value for name, value in query.items() if name != "list"}
    tabs = [
        (code.value, label, counts[code.value], urlencode(without_list | {"list": code.value}))
        for code, label in LIST_LABELS.items()
    ]
    under_way = consequence_run_under_way()
    if request.headers.get("HX-Target") == RUN_PANEL and under_way is None:
        # The panel followed a run that has ended: the whole page again, so the rows show what the run changed.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "evaluations/consequences/list.html",
        {
            "form": form,
            "page": page,
            "rows": listed,
            "tabs": tabs,
            "total": sum(counts.values()),
            "current_list": filters.list_code,
            "all_query": urlencode(without_list),
            "query": urlencode(query),
            "last_run": consequences_last_run(),
            "under_way": under_way,
            "may_run": consequence_run_may_request(request.user),
            "run_form": ConsequenceRunForm(),
        },
    )


@login_required
@require_POST
def consequence_run(request: HttpRequest) -> HttpResponse:
    """Apply the rules again to every organization (the district's own); back to the lists, which show the run."""
    form = ConsequenceRunForm(request.POST)
    if form.is_valid():
        try:
            consequences_run_request(by=request.user)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rules are being applied again; this page shows the outcome when done."))
    return redirect("evaluations:consequence_list")


@login_required
@require_GET
@reads_from_replica()
def consequence_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered (.xlsx); the download is audited."""
    consequences, _form, filters = _filtered(request)
    export = ConsequenceListExport(filters.apply(consequences))
    return export_download(request, export, object_type="consequence", detail={"list": filters.list_code})
