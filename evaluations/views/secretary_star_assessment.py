"""The annual assessment step of the secretaries' star year (年度考核, Jinyuan, seed 001): generating the base-star
proposals from the quarterly results for a street or the district, and the table as .xlsx. The table itself is shown
on the yearly cycle page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports.annual_assessment import AnnualAssessmentExport
from evaluations.forms.common import cleaned
from evaluations.forms.secretary_stars import AnnualAssessmentProposeForm
from evaluations.secretary_permissions import get_assessment_scope_for_user
from evaluations.selectors.annual_assessment import annual_assessment_table
from evaluations.selectors.secretary_stars import active_rule_set
from evaluations.services.secretary_stars.annual import AnnualProposalOutcome, annual_assessment_propose
from orgs.models import AuditAction
from orgs.services.audit import audit_record
from starrating.db_router import reads_from_replica

SHOWN_NAMES = 5  # the names of kept proposals the message lists before "…"


def _names(names: list[str]) -> str:
    shown = pgettext("list separator", ", ").join(names[:SHOWN_NAMES])
    return shown + ("…" if len(names) > SHOWN_NAMES else "")


def _report(request: HttpRequest, outcome: AnnualProposalOutcome) -> None:
    messages.success(
        request,
        _(
            "Proposals from the quarterly results: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(withdrawn)s withdrawn; %(not_assessable)s secretaries not assessable."
        )
        % vars(outcome),
    )
    if outcome.decided:
        messages.warning(
            request,
            _("Already decided, left as they are: %(names)s") % {"names": _names(outcome.decided)},
        )
    if outcome.by_hand:
        messages.warning(
            request,
            _("Proposed by hand and still undecided, left as they are: %(names)s") % {"names": _names(outcome.by_hand)},
        )


def _cycle_page(year: int | None, scope_pk: int) -> str:
    query = f"?year={year}&scope={scope_pk}" if year else f"?scope={scope_pk}"
    return reverse("evaluations:secretary_star_cycles") + query + "#annual-assessment"


@login_required
@require_POST
def secretary_star_assessment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """按季度考评结果生成年度考核定星建议: the street for its own secretaries, the district for all."""
    scope = get_assessment_scope_for_user(request.user, pk)
    year = None
    try:
        year = cleaned(AnnualAssessmentProposeForm(request.POST))["year"]
        _report(request, annual_assessment_propose(scope=scope, year=year, by=request.user))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_cycle_page(year, scope.pk))


@login_required
@require_GET
@reads_from_replica()
def secretary_star_assessment_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The annual assessment of the street or district as .xlsx."""
    scope = get_assessment_scope_for_user(request.user, pk)
    rule_set = active_rule_set()
    if rule_set is None or not 2000 <= year <= 2099:
        raise Http404(_("No such item in your scope."))
    export = AnnualAssessmentExport(annual_assessment_table(scope=scope, year=year, rule_set=rule_set))
    response = export.download("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="organization",
        object_id=scope.pk,
        detail={"kind": "secretary_annual_assessment", "year": year, "rows": export.rows_written},
        request=request,
    )
    return response
