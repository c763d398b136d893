"""The recommended list's services check who acts, whoever calls them: the district organization department builds
and changes the list, the committee approves it, either sends a submitted list back; anyone else is refused (403,
audited) and nothing changes."""

import pytest

from evaluations.models import QuotaPenalty, RecommendationStatus, RecommendedList
from evaluations.services.approval import (
    recommended_entry_set_stars,
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
    recommended_list_withdraw,
)
from evaluations.services.quotas import five_star_cap_set, quota_penalty_remove, quota_penalty_set
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, campaign_awaiting_approval

pytestmark = pytest.mark.django_db

NOT_THE_DEPARTMENT = ["street_staff", "outsider", "district_approver", "department_reviewer", "org_admin"]


@pytest.fixture
def campaign(district):
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=district.users["district_admin"])
    return campaign


@pytest.fixture
def draft(district, campaign):
    return recommended_list_build(campaign=campaign, by=district.users["district_admin"])


@pytest.fixture
def submitted(district, draft):
    return recommended_list_submit(recommended_list=draft, by=district.users["district_admin"])


def _list_as_stored(recommended_list: RecommendedList) -> tuple:
    stored = RecommendedList.objects.get(pk=recommended_list.pk)
    entries = list(stored.entries.order_by("rank").values_list("evaluation_id", "stars", "note"))
    return stored.status, stored.lock_version, stored.five_star_cap, stored.submitted_at, entries


def test_street_staff_of_another_street_cannot_withdraw_a_submitted_list(district, submitted):
    before = _list_as_stored(submitted)

    assert_refused(
        district.users["outsider"],
        Capability.BUILD_RECOMMENDATION,
        lambda: recommended_list_withdraw(recommended_list=submitted, by=district.users["outsider"], reason="越权退回"),
    )

    assert _list_as_stored(submitted) == before
    assert before[0] == RecommendationStatus.SUBMITTED


@pytest.mark.parametrize("username", ["street_staff", "department_reviewer", "org_admin", "member"])
def test_only_the_district_and_the_committee_send_a_submitted_list_back(district, submitted, username):
    user = district.users[username]
    before = _list_as_stored(submitted)

    assert_refused(
        user,
        Capability.BUILD_RECOMMENDATION,
        lambda: recommended_list_withdraw(recommended_list=submitted, by=user, reason="退回"),
    )

    assert _list_as_stored(submitted) == before


def test_the_committee_may_send_a_submitted_list_back(district, submitted):
    returned = recommended_list_withdraw(
        recommended_list=submitted, by=district.users["district_approver"], reason="材料待补充"
    )

    assert returned.status == RecommendationStatus.DRAFT


@pytest.mark.parametrize("username", NOT_THE_DEPARTMENT)
def test_only_the_district_organization_department_builds_the_list(district, campaign, username):
    assert_refused(
        district.users[username],
        Capability.BUILD_RECOMMENDATION,
        lambda: recommended_list_build(campaign=campaign, by=district.users[username]),
    )

    assert not RecommendedList.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("username", NOT_THE_DEPARTMENT)
def test_only_the_district_organization_department_changes_a_draft_list(district, campaign, draft, username):
    user = district.users[username]
    entry = draft.entries.get(evaluation__organization=district.community)
    before = _list_as_stored(draft)

    for change in (
        lambda: recommended_entry_set_stars(entry=entry, stars=4, note="降星", by=user),
        lambda: quota_penalty_set(
            campaign=campaign, street=district.street, points="3", reason="常态考核靠后", by=user
        ),
        lambda: five_star_cap_set(campaign=campaign, cap="20", by=user),
        lambda: recommended_list_submit(recommended_list=draft, by=user),
    ):
        assert_refused(user, Capability.BUILD_RECOMMENDATION, change)

    assert _list_as_stored(draft) == before
    assert not QuotaPenalty.objects.exists()
    campaign.refresh_from_db()
    assert campaign.five_star_cap == 100


def test_street_staff_cannot_take_a_quota_penalty_back(district, campaign, draft):
    penalty = quota_penalty_set(
        campaign=campaign,
        street=district.street,
        points="3",
        reason="常态考核靠后",
        by=district.users["district_admin"],
    )

    assert_refused(
        district.users["street_staff"],
        Capability.BUILD_RECOMMENDATION,
        lambda: quota_penalty_remove(penalty=penalty, by=district.users["street_staff"]),
    )

    assert QuotaPenalty.objects.filter(pk=penalty.pk).exists()


@pytest.mark.parametrize("username", ["district_admin", "street_staff", "department_reviewer"])
def test_only_the_committee_approves_the_list(district, submitted, username):
    before = _list_as_stored(submitted)

    assert_refused(
        district.users[username],
        Capability.APPROVE_RESULTS,
        lambda: recommended_list_approve(recommended_list=submitted, by=district.users[username]),
    )

    assert _list_as_stored(submitted) == before
    assert not submitted.campaign.evaluations.filter(approved_at__isnull=False).exists()
