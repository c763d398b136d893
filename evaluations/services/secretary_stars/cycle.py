"""The six steps of a year (Jinyuan, seed 001: 制定指标, 动员培训, 季度考评, 年度考核, 星级评定, 备案管理): opening
the year refines the indicators by copying last year's template into a new version; the district approves the
year's star levels and files them (备案) as a frozen record that later changes never touch; filing queues the
consequence rules over the secretaries' levels."""

from datetime import date

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
)
from evaluations.selectors.secretary_stars import secretary_star_levels, star_records_in
from evaluations.services.consequence_runs import consequences_request
from orgs.models import Level, Organization, Secretary, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.models import IndicatorTemplate
from scoring.services import template_load

CYCLE_CAPABILITY = Capability.BUILD_RECOMMENDATION


def _check(by: User | None, scope: Organization, object_id: object) -> None:
    check_actor(by, CYCLE_CAPABILITY, scope, object_type="secretary_star_cycle", object_id=object_id)


def _template_for_year(last: IndicatorTemplate, year: int, by: User | None) -> IndicatorTemplate:
    """Last year's indicators copied into a new version for this year, to be refined (按年度动态完善考核细则)."""
    if last.year == year:
        return last
    newest = IndicatorTemplate.objects.filter(code=last.code).order_by("-version").values_list("version", flat=True)
    definition = dict(last.definition, year=year, version=newest[0] + 1)
    source = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=120)
    return template_load(source_yaml=source, by=by)


def _carry_forward(scope: Organization, year: int, rule_set: SecretaryStarRuleSet) -> int:
    """Every secretary of the district still in office who was rated before gets this year's record, held in their
    current tenure: the level carries over (一年一总结) until a change of this year adds, reduces or removes stars."""
    rated = set(
        SecretaryStarYear.objects.filter(secretary__organization__path__startswith=scope.path, year__lt=year)
        .values_list("person_key", flat=True)
        .distinct()
    )
    rated -= set(SecretaryStarYear.objects.filter(year=year).values_list("person_key", flat=True))
    current = {}
    for tenure in (
        Secretary.objects.filter(id_card_hash__in=rated, ended_on__isnull=True)
        .filter(organization__path__startswith=scope.path)
        .order_by("started_on", "pk")
    ):
        current[tenure.id_card_hash] = tenure  # the latest tenure wins
    SecretaryStarYear.objects.bulk_create(
        SecretaryStarYear(person_key=person_key, year=year, secretary=tenure, rule_set=rule_set)
        for person_key, tenure in current.items()
    )
    return len(current)


def star_cycle_open(
    *,
    scope: Organization,
    year: int,
    rule_set: SecretaryStarRuleSet,
    template: IndicatorTemplate | None,
    trained_on: date | None,
    by: User | None,
) -> SecretaryStarCycle:
    """Open the district's year: the indicators are last year's copied into a new version (or the template given),
    the date of the mobilisation and training, when held, and every secretary in office rated before carries their
    level into the year."""
    _check(by, scope, scope.pk)
    if scope.level != Level.DISTRICT:
        raise ValidationError({"scope": _("The star year is opened for a whole district.")})
    if SecretaryStarCycle.objects.filter(scope=scope, year=year).exists():
        raise ValidationError({"year": _("The star year %(year)s is already open.") % {"year": year}})
    with transaction.atomic():
        if template is None:
            last = SecretaryStarCycle.objects.filter(scope=scope, year__lt=year, template__isnull=False).first()
            template = _template_for_year(last.template, year, by) if last is not None else None
        cycle = SecretaryStarCycle.objects.create(
            scope=scope, year=year, rule_set=rule_set, template=template, trained_on=trained_on
        )
        carried = _carry_forward(scope, year, rule_set)
        audit_record(
            action=EvaluationAuditAction.STAR_CYCLE_OPEN,
            actor=by,
            object_type="secretary_star_cycle",
            object_id=cycle.pk,
            detail={"year": year, "template": template.pk if template else None, "carried": carried},
        )
    return cycle


def _locked(cycle: SecretaryStarCycle) -> SecretaryStarCycle:
    return SecretaryStarCycle.objects.select_for_update(of=("self",)).select_related("scope").get(pk=cycle.pk)


def star_levels_approve(*, cycle: SecretaryStarCycle, by: User | None) -> SecretaryStarCycle:
    """The district approves the year's star levels (星级评定); nothing may still wait for a decision."""
    _check(by, cycle.scope, cycle.pk)
    with transaction.atomic():
        cycle = _locked(cycle)
        if cycle.approved_at is not None:
            raise ValidationError(_("The star levels of %(year)s are already approved.") % {"year": cycle.year})
        waiting = SecretaryStarChange.objects.filter(
            record__in=star_records_in(cycle.scope), record__year=cycle.year, status=StarChangeStatus.PROPOSED
        ).count()
        if waiting:
            raise ValidationError(
                _("%(count)s proposed changes of %(year)s still wait for a decision: approve or reject them first.")
                % {"count": waiting, "year": cycle.year}
            )
        cycle.approved_by, cycle.approved_at = by, timezone.now()
        cycle.save(update_fields=["approved_by", "approved_at"])
        audit_record(
            action=EvaluationAuditAction.STAR_LEVELS_APPROVE,
            actor=by,
            object_type="secretary_star_cycle",
            object_id=cycle.pk,
            detail={"year": cycle.year},
        )
    return cycle


def star_levels_file(*, cycle: SecretaryStarCycle, by: User | None) -> SecretaryStarCycle:
    """备案: freeze the approved levels of the year, one row per secretary, into the cycle; done once."""
    _check(by, cycle.scope, cycle.pk)
    with transaction.atomic():
        cycle = _locked(cycle)
        if cycle.approved_at is None:
            raise ValidationError(_("Approve the star levels of %(year)s before filing them.") % {"year": cycle.year})
        if cycle.filed_at is not None:
            raise ValidationError(_("The star levels of %(year)s are already filed.") % {"year": cycle.year})
        levels = secretary_star_levels(year=cycle.year, records=star_records_in(cycle.scope))
        cycle.filed_levels = [
            {
                "record": level.record_id,
                "secretary": level.secretary_id,
                "name": level.name,
                "organization": level.organization_name,
                "level": level.level,
                "last_year": level.last_year_level,
                "first_rating": level.first_rating_level,
                "changes": [
                    {"date": line.effective_on.isoformat(), "kind": line.kind_label, "delta": line.delta}
                    for line in level.changes
                ],
            }
            for level in levels
        ]
        cycle.filed_by, cycle.filed_at = by, timezone.now()
        cycle.save(update_fields=["filed_levels", "filed_by", "filed_at"])
        SecretaryStarYear.objects.bulk_update(
            [SecretaryStarYear(pk=level.record_id, filed_level=level.level) for level in levels], ["filed_level"]
        )
        audit_record(
            action=EvaluationAuditAction.STAR_LEVELS_FILE,
            actor=by,
            object_type="secretary_star_cycle",
            object_id=cycle.pk,
            detail={"year": cycle.year, "secretaries": len(levels)},
        )
        # The filed levels are the results the secretaries' consequence rules read.
        consequences_request(
            organization_ids={level.organization_id for level in levels}, cause="star_levels_filed", by=by
        )
    return cycle
