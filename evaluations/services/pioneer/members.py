"""Who a pioneer index campaign rates (seed 004): the members of the chosen categories in its branches, each once
where they report (a floating member at the branch they report to), each on the template of their category."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from evaluations.models import Campaign
from orgs.models import Member, MemberCategory
from scoring.models import IndicatorTemplate, StarScheme

LISTED_AT_MOST = 20


def campaign_categories(campaign: Campaign) -> list[str]:
    """The categories the campaign rates: those chosen on it, else those its templates cover."""
    if campaign.member_categories:
        return list(campaign.member_categories)
    return list(category_templates(campaign))


def category_templates(campaign: Campaign) -> dict[str, IndicatorTemplate]:
    """The template of each member category: the campaign's own where it covers the category, else the newest
    version of the pioneer template that does, preferring templates of the campaign template's year."""
    found: dict[str, IndicatorTemplate] = {}
    own = campaign.template.definition.get("pioneer") or {}
    for category in own.get("categories") or MemberCategory.values:
        found[category] = campaign.template
    others = IndicatorTemplate.objects.filter(scheme=StarScheme.PIONEER_GRADE).exclude(pk=campaign.template_id)
    year = campaign.template.year
    for template in sorted(others, key=lambda row: (row.year != year, row.code, -row.version)):
        for category in (template.definition.get("pioneer") or {}).get("categories") or ():
            found.setdefault(category, template)
    return found


def statuses_of(template: IndicatorTemplate) -> list[str]:
    return list((template.definition.get("pioneer") or {}).get("statuses") or ("full", "probationary"))


def members_without_category(organization_ids: list[int]) -> QuerySet:
    """The active members of these branches whose category the roster does not give: the branch settles them
    before the campaign opens."""
    return (
        Member.objects.filter(branch_id__in=organization_ids, is_active=True, category="")
        .select_related("branch")
        .order_by("branch__path", "name", "pk")
    )


def refuse_members_without_category(organization_ids: list[int]) -> None:
    """A campaign does not open while members of its branches have no category: they are named with their branch."""
    unsettled = list(members_without_category(organization_ids)[: LISTED_AT_MOST + 1])
    if not unsettled:
        return
    named = "、".join(f"{member.name}（{member.branch.name}）" for member in unsettled[:LISTED_AT_MOST])
    more = _(" and more") if len(unsettled) > LISTED_AT_MOST else ""
    raise ValidationError(
        _("Members without a category in the roster; settle them before opening: %(names)s%(more)s.")
        % {"names": named, "more": more}
    )


def pioneer_subjects(campaign: Campaign, organization_ids: list[int]) -> tuple[list[dict], list[int]]:
    """The members rated, as Evaluation fields with their category's template; and the branches left out."""
    templates = category_templates(campaign)
    categories = [category for category in campaign_categories(campaign) if category in templates]
    members = (
        Member.objects.filter(branch_id__in=organization_ids, is_active=True, category__in=categories)
        .order_by("branch_id", "pk")
        .values_list("branch_id", "pk", "category", "status")
    )
    rated = [
        {"organization_id": branch_id, "member_id": pk, "template_id": templates[category].pk}
        for branch_id, pk, category, status in members
        if status in statuses_of(templates[category])
    ]
    with_members = {row["organization_id"] for row in rated}
    return rated, [pk for pk in organization_ids if pk not in with_members]


def used_templates(rated: list[dict]) -> QuerySet:
    return IndicatorTemplate.objects.filter(pk__in={row["template_id"] for row in rated if "template_id" in row})
