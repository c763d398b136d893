"""The yearly cycle of secretaries' star management (六步工作法, Jinyuan, seed 001): opening the year with last
year's indicators copied into a new version, the annual assessment from the quarterly results (shown here, generated
in views/secretary_star_assessment.py), approving the year's levels, filing them and printing the filing sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports.secretary_stars import filing_sheet_pdf
from evaluations.forms.common import cleaned
from evaluations.forms.secretary_stars import StarCycleOpenForm
from evaluations.models import Campaign, PeriodKind, SecretaryStarCycle, SubjectKind
from evaluations.secretary_permissions import ASSESSMENT_CAPABILITY, get_star_cycle_for_user
from evaluations.selectors.annual_assessment import annual_assessment_table
from evaluations.selectors.secretary_stars import active_rule_set
from evaluations.services.secretary_stars.cycle import star_cycle_open, star_levels_approve, star_levels_file
from orgs.models import AuditAction, Level, Organization
from orgs.permissions import Capability, organizations_visible_to, require_capability
from orgs.services.audit import audit_record

CYCLE_CAPABILITY = Capability.BUILD_RECOMMENDATION


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _district_and_scope(request: HttpRequest) -> tuple[Organization, Organization, bool]:
    """The district whose years the page shows, the street or district whose annual assessment it shows, and whether
    the user runs the district's year: the district organization department, or a street's staff for their street."""
    districts = organizations_visible_to(request.user, CYCLE_CAPABILITY).filter(level=Level.DISTRICT)
    district = districts.order_by("path").first()
    if district is not None:
        scope = district
        wanted = (request.GET.get("scope") or "").strip()
        if wanted.isdigit():
            scope = (
                Organization.objects.filter(pk=int(wanted), level=Level.STREET, path__startswith=district.path).first()
                or district
            )
        return district, scope, True
    streets = organizations_visible_to(request.user, ASSESSMENT_CAPABILITY).filter(level=Level.STREET)
    street = streets.order_by("path").first()
    if street is None:
        require_capability(request.user, CYCLE_CAPABILITY)  # refused, audited
        raise Http404(_("No such item in your scope."))
    return Organization.objects.get_parent(street), street, False


def _year(request: HttpRequest, cycles: list[SecretaryStarCycle]) -> int:
    raw = (request.GET.get("year") or "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2099:
        return int(raw)
    return cycles[0].year if cycles else timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def secretary_star_cycles(request: HttpRequest) -> HttpResponse:
    """The district's years and their six steps, with the annual assessment of a year from the quarterly results;
    POST opens a new year (the district). A street's staff see their street's annual assessment."""
    if request.method == "POST":
        require_capability(request.user, CYCLE_CAPABILITY)
    district, scope, runs_cycle = _district_and_scope(request)
    if request.method == "POST":
        try:
            data = cleaned(StarCycleOpenForm(request.POST))
            rule_set = active_rule_set()
            if rule_set is None:
                raise ValidationError(_("No secretary star rule set is in use: load one first."))
            star_cycle_open(
                scope=district,
                year=data["year"],
                rule_set=rule_set,
                template=None,
                trained_on=data["trained_on"],
                by=request.user,
            )
            messages.success(request, _("The star year %(year)s is open.") % {"year": data["year"]})
        except ValidationError as error:
            _report(request, error)
        return redirect("evaluations:secretary_star_cycles")
    cycles = list(SecretaryStarCycle.objects.filter(scope=district).select_related("template", "rule_set"))
    campaigns = Campaign.objects.filter(
        scope__path__startswith=district.path,
        subject_kind=SubjectKind.SECRETARY,
        year__in=[cycle.year for cycle in cycles],
    ).values_list("year", "period_kind")
    quarterly = {year for year, kind in campaigns if kind == PeriodKind.QUARTER}
    annual = {year for year, kind in campaigns if kind == PeriodKind.YEAR}
    steps = [(cycle, cycle.year in quarterly, cycle.year in annual) for cycle in cycles]
    year = _year(request, cycles)
    cycle = next((cycle for cycle in cycles if cycle.year == year), None)
    rule_set = cycle.rule_set if cycle is not None else active_rule_set()
    assessment = annual_assessment_table(scope=scope, year=year, rule_set=rule_set) if rule_set else None
    return render(
        request,
        "evaluations/secretary_stars/cycles.html",
        {
            "district": district,
            "steps": steps,
            "form": StarCycleOpenForm(),
            "runs_cycle": runs_cycle,
            "assessment": assessment,
            "assessment_year": year,
            "assessment_years": sorted({cycle.year for cycle in cycles} | {year}, reverse=True),
            "filed": bool(cycle and cycle.filed_at),
        },
    )


@login_required
@require_POST
def secretary_star_cycle_approve(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_star_cycle_for_user(request.user, pk, CYCLE_CAPABILITY)
    try:
        star_levels_approve(cycle=cycle, by=request.user)
        messages.success(request, _("The star levels of %(year)s are approved.") % {"year": cycle.year})
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:secretary_star_cycles")


@login_required
@require_POST
def secretary_star_cycle_file(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_star_cycle_for_user(request.user, pk, CYCLE_CAPABILITY)
    try:
        star_levels_file(cycle=cycle, by=request.user)
        messages.success(request, _("The star levels of %(year)s are filed.") % {"year": cycle.year})
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:secretary_star_cycles")


@login_required
@require_GET
def secretary_star_filing_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable filing sheet (备案表) of a filed year."""
    cycle = get_star_cycle_for_user(request.user, pk, CYCLE_CAPABILITY)
    if cycle.filed_at is None:
        raise Http404(_("The star levels of %(year)s are not filed yet.") % {"year": cycle.year})
    content = filing_sheet_pdf(cycle)
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="secretary_star_cycle",
        object_id=cycle.pk,
        detail={"kind": "secretary_star_filing_sheet", "rows": len(cycle.filed_levels)},
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"书记星级备案表-{cycle.year}.pdf")
    return response
