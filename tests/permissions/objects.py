"""The objects the permission matrix acts on that only some cases need: each is made once per test district."""

from datetime import date

from evaluations.models import (
    DepartmentOpinion,
    Notification,
    Objection,
    QuotaPenalty,
    RecommendedEntry,
    RecommendedList,
    RewardEntry,
)
from evaluations.services.approval import recommended_list_build
from evaluations.services.quotas import five_star_cap_set, quota_penalty_set
from orgs.models import Department
from tests.factories import SecretaryFactory
from tests.support.approval import campaign_awaiting_approval


def objection(district):
    """One objection on the community's evaluation."""
    if not hasattr(district, "objection"):
        district.objection = Objection.objects.create(evaluation=district.evaluation, text="异议")
    return district.objection


def opinion(district):
    """One department's opinion on the community's evaluation."""
    if not hasattr(district, "opinion"):
        district.opinion = DepartmentOpinion.objects.create(
            evaluation=district.evaluation,
            department=Department.objects.get(code="discipline"),
            kind="no_objection",
            given_by=district.users["department_reviewer"],
        )
    return district.opinion


def street_staff_notification(district):
    """A notification of the street staff: only its own user may mark it read."""
    notification, _created = Notification.objects.get_or_create(
        user=district.users["street_staff"], key="matrix", defaults={"text": "公示期已满", "url": "/worklist/"}
    )
    return notification


def approval_campaign(district):
    """A campaign waiting for approval, with a draft recommended list and a quota penalty."""
    campaign = getattr(district, "approval_campaign", None)
    if campaign is None:
        admin = district.users["district_admin"]
        campaign = campaign_awaiting_approval(district, template=district.campaign.template)
        five_star_cap_set(campaign=campaign, cap="100", by=admin)
        recommended_list_build(campaign=campaign, by=admin)
        quota_penalty_set(campaign=campaign, street=district.street, points="3", reason="日常考核靠后", by=admin)
        district.approval_campaign = campaign
    return campaign


def approval_entry(district):
    """The community's entry on the recommended list of the approval campaign."""
    return RecommendedEntry.objects.get(
        recommended_list__campaign=approval_campaign(district), evaluation__organization=district.community
    )


def approval_penalty(district):
    return QuotaPenalty.objects.get(campaign=approval_campaign(district))


def recommended_list(district):
    return RecommendedList.objects.get(campaign=approval_campaign(district))


def secretary(district):
    """The community's secretary."""
    if not hasattr(district, "secretary"):
        district.secretary = SecretaryFactory(organization=district.community)
    return district.secretary


def reward_entry(district):
    """One figure of the community secretary's rewards ledger."""
    if not hasattr(district, "reward_entry"):
        district.reward_entry = RewardEntry.objects.create(
            secretary=secretary(district),
            year=2026,
            kind="pension_subsidy",
            amount=300,
            computation="3星 × 100元 = 300元",
            effective_from=date(2026, 1, 1),
        )
    return district.reward_entry
