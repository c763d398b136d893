"""The fortress index month by month (Lengshuijiang, seed 004): next month's campaigns opened from this month's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Campaign, CampaignStatus, PeriodKind, SubjectKind
from evaluations.rules.fortress import next_month
from evaluations.services.campaigns import campaign_create, campaign_open
from orgs.models import User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record


def fortress_month_name(*, year: int, month: int, template_name: str) -> str:
    return _("%(year)d-%(month)02d fortress index: %(template)s") % {
        "year": year,
        "month": month,
        "template": template_name,
    }


def fortress_month_open_next(*, campaign: Campaign, by: User | None) -> list[Campaign]:
    """Open next month's campaigns for every organization at once: each monthly campaign of the scope in the
    campaign's month gets a successor on the same template, participants and procedure, opened at once
    (seed 004: the fortress index is scored every month). A successor that already exists is left as it is;
    when all exist nothing is done and the district is told so."""
    check_actor(by, Capability.MANAGE_CAMPAIGNS, campaign.scope, object_type="campaign", object_id=campaign.pk)
    if campaign.period_kind != PeriodKind.MONTH or campaign.subject_kind != SubjectKind.ORGANIZATION:
        raise ValidationError(_("Only a monthly campaign that rates organizations opens a next month."))
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(_("Open this month's campaign first: next month is copied from an open one."))
    year, month = next_month(campaign.year, campaign.period_number)
    this_month = Campaign.objects.filter(
        scope_id=campaign.scope_id,
        year=campaign.year,
        period_kind=PeriodKind.MONTH,
        period_number=campaign.period_number,
        subject_kind=SubjectKind.ORGANIZATION,
    ).exclude(status=CampaignStatus.DRAFT)
    with transaction.atomic():
        # Two clicks at once: the second waits here and then finds the successors made by the first.
        sources = list(this_month.select_for_update().select_related("template", "scope").order_by("pk"))
        existing = set(
            Campaign.objects.filter(
                scope_id=campaign.scope_id, year=year, period_kind=PeriodKind.MONTH, period_number=month
            ).values_list("template_id", flat=True)
        )
        made = []
        for source in sources:
            if source.template_id in existing:
                continue
            successor = campaign_create(
                name=fortress_month_name(year=year, month=month, template_name=source.template.name),
                template=source.template,
                scope=source.scope,
                year=year,
                period_kind=PeriodKind.MONTH,
                period_number=month,
                levels=source.levels,
                domains=source.domains,
                org_types=source.org_types,
                procedure=source.procedure,
                by=by,
            )
            successor.departments.set(source.departments.all())
            made.append(campaign_open(campaign=successor, by=by))
            existing.add(source.template_id)
        if not made:
            raise ValidationError(
                _("The campaigns of %(year)d-%(month)02d are already open.") % {"year": year, "month": month}
            )
        audit_record(
            action=EvaluationAuditAction.FORTRESS_MONTH_OPEN,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"year": year, "month": month, "campaigns": [row.pk for row in made]},
        )
    return made
