"""Campaigns: create, open (one evaluation per subject: organization, secretary or member) and the "+1" sub-items."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Campaign, CampaignStatus, Evaluation, PeriodKind, PersonalizedItem, SubjectKind
from evaluations.rules.workflow import PROCEDURES
from evaluations.selectors.evaluations import personalised_items_scored
from evaluations.services.pioneer.members import pioneer_subjects, refuse_members_without_category, used_templates
from evaluations.services.transitions import campaign_stages_create
from orgs.models import Member, MemberCategory, Organization, Secretary, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.definitions import is_half_step
from scoring.models import IndicatorItem, IndicatorTemplate, ItemLevel, StarScheme
from scoring.services import template_freeze

NO_SUBJECT = {
    SubjectKind.ORGANIZATION: gettext_lazy(
        "No organization of the scope matches the campaign's levels, domains and types."
    ),
    SubjectKind.SECRETARY: gettext_lazy(
        "No organization of the campaign has a secretary in office: there is no one to rate."
    ),
    SubjectKind.MEMBER: gettext_lazy(
        "No organization of the campaign has active party members: there is no one to rate."
    ),
}


def campaign_create(
    *,
    name: str,
    template: IndicatorTemplate,
    scope: Organization,
    year: int,
    period_kind: str = PeriodKind.YEAR,
    period_number: int | None = None,
    levels: list[str] | None = None,
    domains: list[str] | None = None,
    org_types: list[str] | None = None,
    procedure: str = "yucheng",
    subject_kind: str | None = None,
    member_categories: list[str] | None = None,
    by: User | None,
) -> Campaign:
    """A draft campaign with the stages of its procedure; nothing is evaluated until it is opened.

    It rates the kind of subject its template rates (organizations unless the template says secretaries or
    members); naming another kind is refused.
    """
    rated = template.definition.get("subject", SubjectKind.ORGANIZATION)
    subject_kind = subject_kind or rated
    if subject_kind not in SubjectKind.values:
        raise ValidationError({"subject_kind": _("Choose what the campaign rates.")})
    if subject_kind != rated:
        raise ValidationError(
            {
                "subject_kind": _("The template %(template)s rates %(rated)s; the campaign cannot rate %(chosen)s.")
                % {
                    "template": template.name,
                    "rated": SubjectKind(rated).label,
                    "chosen": SubjectKind(subject_kind).label,
                }
            }
        )
    if procedure not in PROCEDURES:
        raise ValidationError({"procedure": _("Choose one of the procedures.")})
    unknown = [category for category in member_categories or [] if category not in MemberCategory.values]
    if unknown or (member_categories and subject_kind != SubjectKind.MEMBER):
        raise ValidationError({"member_categories": _("Member categories are chosen for a member campaign only.")})
    check_actor(by, Capability.MANAGE_CAMPAIGNS, scope, object_type="organization", object_id=scope.pk)
    if period_kind == PeriodKind.YEAR and period_number is not None:
        raise ValidationError({"period_number": _("A yearly campaign has no quarter or month.")})
    if period_kind == PeriodKind.QUARTER and period_number not in range(1, 5):
        raise ValidationError({"period_number": _("Give the quarter, from 1 to 4.")})
    if period_kind == PeriodKind.MONTH and period_number not in range(1, 13):
        raise ValidationError({"period_number": _("Give the month, from 1 to 12.")})
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            template=template,
            scope=scope,
            year=year,
            period_kind=period_kind,
            period_number=period_number,
            levels=list(levels or []),
            domains=list(domains or []),
            org_types=list(org_types or []),
            procedure=procedure,
            subject_kind=subject_kind,
            member_categories=list(member_categories or []),
            created_by=by,
        )
        campaign_stages_create(campaign=campaign, procedure=procedure)
        audit_record(
            action=EvaluationAuditAction.CAMPAIGN_CREATE,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"template": template.pk, "scope": scope.pk, "subject_kind": subject_kind, "procedure": procedure},
        )
    return campaign


def participants(campaign: Campaign):
    """The active organizations of the campaign's scope that match its levels, domains and org types."""
    organizations = Organization.objects.filter(path__startswith=campaign.scope.path, is_active=True)
    if campaign.levels:
        organizations = organizations.filter(level__in=campaign.levels)
    if campaign.domains:
        organizations = organizations.filter(domain__in=campaign.domains)
    if campaign.org_types:
        organizations = organizations.filter(org_type__in=campaign.org_types)
    return organizations


def subjects(campaign: Campaign, organization_ids: list[int]) -> tuple[list[dict], list[int]]:
    """Who the campaign rates among its organizations, as Evaluation fields; and the organizations left out.

    A secretary campaign rates the secretary in office at each organization today (one without leaves it out);
    a member campaign rates the active members of its branches, each once at their branch.
    """
    if campaign.subject_kind == SubjectKind.SECRETARY:
        today = timezone.localdate()
        in_office = (
            Secretary.objects.filter(organization_id__in=organization_ids, started_on__lte=today)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .order_by("organization_id", "-started_on", "-pk")
            .values_list("organization_id", "pk")
        )
        secretary_of: dict[int, int] = {}
        for organization_id, secretary_id in in_office:
            secretary_of.setdefault(organization_id, secretary_id)
        rated = [
            {"organization_id": pk, "secretary_id": secretary_of[pk]} for pk in organization_ids if pk in secretary_of
        ]
        return rated, [pk for pk in organization_ids if pk not in secretary_of]
    if campaign.subject_kind == SubjectKind.MEMBER and campaign.template.scheme == StarScheme.PIONEER_GRADE:
        return pioneer_subjects(campaign, organization_ids)
    if campaign.subject_kind == SubjectKind.MEMBER:
        members = Member.objects.filter(branch_id__in=organization_ids, is_active=True).order_by("branch_id", "pk")
        rated = [
            {"organization_id": branch_id, "member_id": pk} for branch_id, pk in members.values_list("branch_id", "pk")
        ]
        with_members = {row["organization_id"] for row in rated}
        return rated, [pk for pk in organization_ids if pk not in with_members]
    return [{"organization_id": pk} for pk in organization_ids], []


def campaign_open(*, campaign: Campaign, by: User | None) -> Campaign:
    """Open a draft campaign: freeze its template version and create one evaluation per subject in bulk."""
    check_actor(by, Capability.MANAGE_CAMPAIGNS, campaign.scope, object_type="campaign", object_id=campaign.pk)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("scope", "template").get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise ValidationError(_("Only a draft campaign can be opened."))
        organization_ids = list(participants(campaign).values_list("pk", flat=True))
        if not organization_ids:
            raise ValidationError(_("No organization of the scope matches the campaign's levels, domains and types."))
        if campaign.template.scheme == StarScheme.PIONEER_GRADE:
            refuse_members_without_category(organization_ids)
        rated, left_out = subjects(campaign, organization_ids)
        if not rated:
            raise ValidationError(NO_SUBJECT[campaign.subject_kind])
        template_freeze(template=campaign.template)
        for template in used_templates(rated).exclude(pk=campaign.template_id):
            template_freeze(template=template)
        first_stage = campaign.stages.order_by("order").first()
        if first_stage is None:
            first_stage = campaign_stages_create(campaign=campaign, procedure=campaign.procedure)[0]
        now = timezone.now()
        Evaluation.objects.bulk_create(
            [
                Evaluation(
                    campaign=campaign,
                    subject_kind=campaign.subject_kind,
                    stage=first_stage,
                    stage_entered_at=now,
                    **{"template_id": campaign.template_id, **subject},
                )
                for subject in rated
            ],
            batch_size=2000,
        )
        campaign.status = CampaignStatus.OPEN
        campaign.opened_at = now
        campaign.save(update_fields=["status", "opened_at"])
        audit_record(
            action=EvaluationAuditAction.CAMPAIGN_OPEN,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"evaluations": len(rated), "organizations_left_out": left_out[:100], "left_out": len(left_out)},
        )
    return campaign


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def personalized_items_set(
    *, campaign: Campaign, organization: Organization, items: list[dict], by: User | None
) -> list[PersonalizedItem]:
    """Set the "+1" sub-items of a community (Yucheng: the street sets them; their points make the dimension's).

    ``items`` are dicts with parent_code, code, name, points and standard; the list replaces the earlier one.
    Once a stage has scored one of them they are fixed, so no score is left pointing at a changed item.
    """
    check_actor(by, Capability.REVIEW_SCORES, organization, object_type="organization", object_id=organization.pk)
    with transaction.atomic():
        # The evaluation's row lock is the one scores_save takes: no score can land while we check and write.
        list(Evaluation.objects.select_for_update().filter(campaign=campaign, organization=organization))
        if personalised_items_scored(campaign.pk, organization.pk):
            raise ValidationError(
                _("%(organization)s has scores on its personalised sub-items: they can no longer be changed.")
                % {"organization": organization.name}
            )
        return _personalized_items_write(campaign=campaign, organization=organization, items=items, by=by)


def _personalized_items_write(
    *, campaign: Campaign, organization: Organization, items: list[dict], by: User | None
) -> list[PersonalizedItem]:
    template_items = {row.code: row for row in IndicatorItem.objects.filter(template_id=campaign.template_id)}
    errors: list[str] = []
    sums: dict[str, Decimal] = {}
    codes: set[str] = set()
    rows: list[PersonalizedItem] = []
    for position, entry in enumerate(items, start=1):
        code = str(entry.get("code", "")).strip()
        name = str(entry.get("name", "")).strip()
        where = _("Sub-item %(position)s (%(code)s)") % {"position": position, "code": code or "?"}
        parent = template_items.get(str(entry.get("parent_code", "")))
        if parent is None or parent.level != ItemLevel.ITEM or not parent.personalised:
            errors.append(_("%(where)s: choose an item of the personalised dimension.") % {"where": where})
            continue
        if not code or not name:
            errors.append(_("%(where)s: give a code and a name.") % {"where": where})
            continue
        if code in template_items or code in codes:
            errors.append(_("%(where)s: the code %(code)s is already used.") % {"where": where, "code": code})
            continue
        try:
            points = Decimal(str(entry.get("points", "")).strip())
        except InvalidOperation:
            points = None
        if points is None or not points.is_finite() or points <= 0 or not is_half_step(points):
            errors.append(_("%(where)s: the points are a positive number in half points.") % {"where": where})
            continue
        codes.add(code)
        sums[parent.dimension_code] = sums.get(parent.dimension_code, Decimal(0)) + points
        rows.append(
            PersonalizedItem(
                campaign=campaign,
                organization=organization,
                parent_code=parent.code,
                dimension_code=parent.dimension_code,
                code=code,
                name=name,
                points_max=points,
                standard=str(entry.get("standard", "")).strip(),
                order=position,
                updated_by=by,
            )
        )
    for dimension in (row for row in template_items.values() if row.level == ItemLevel.DIMENSION and row.personalised):
        given = sums.get(dimension.code, Decimal(0))
        if not errors and given != dimension.points_max:
            errors.append(
                _("The sub-items of %(dimension)s add up to %(given)s points; they must make %(points)s.")
                % {"dimension": dimension.name, "given": _number(given), "points": _number(dimension.points_max)}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {
            row.code: row for row in PersonalizedItem.objects.filter(campaign=campaign, organization=organization)
        }
        PersonalizedItem.objects.filter(pk__in=[row.pk for code, row in existing.items() if code not in codes]).delete()
        for row in rows:
            if row.code in existing:
                row.pk = existing[row.code].pk
        PersonalizedItem.objects.bulk_update(
            [row for row in rows if row.pk],
            ["parent_code", "dimension_code", "name", "points_max", "standard", "order", "updated_by"],
        )
        PersonalizedItem.objects.bulk_create([row for row in rows if not row.pk])
        audit_record(
            action=EvaluationAuditAction.PERSONALISED_SET,
            actor=by,
            object_type="organization",
            object_id=organization.pk,
            detail={"campaign": campaign.pk, "codes": sorted(codes)},
        )
    return rows
