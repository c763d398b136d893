"""The district committee approves the whole submitted list in one action: every evaluation on it becomes
approved with its entry's stars, one transition each, one audit event, the campaign published; a list that
cannot be approved names the evaluation and changes nothing."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import EvaluationStatus, RecommendationStatus, Transition
from evaluations.services.approval import (
    recommended_entry_set_stars,
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
)
from evaluations.services.quotas import five_star_cap_set
from evaluations.services.recommendation import StaleRecommendation
from evaluations.services.transitions import TransitionRefused, evaluation_transition
from orgs.models import AuditAction, AuditEvent, AuditOutcome
from tests.support.approval import campaign_awaiting_approval
from tests.support.evaluations import at_stage, evaluation_of


@pytest.fixture
def submitted(district):
    """A submitted list of three: the community lowered from 5 to 4 stars with a note."""
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    entry = recommended_list.entries.get(evaluation__organization=district.community)
    recommended_entry_set_stars(entry=entry, stars=4, note="整改未完成", by=admin)
    return recommended_list_submit(recommended_list=recommended_list, by=admin)


@time_machine.travel("2027-01-20 10:00 +0800", tick=False)
def test_the_approver_approves_the_whole_list_in_one_action(district, submitted):
    campaign = submitted.campaign
    approved = recommended_list_approve(
        recommended_list=submitted, by=district.users["district_approver"], lock_version=submitted.lock_version
    )
    assert approved.status == RecommendationStatus.APPROVED
    evaluations = {e.organization_id: e for e in campaign.evaluations.select_related("stage")}
    stars = {org: (e.status, e.approved_stars, e.stage.kind) for org, e in evaluations.items()}
    assert stars == {
        district.community.pk: (EvaluationStatus.APPROVED, 4, "approval"),
        district.sibling_community.pk: (EvaluationStatus.APPROVED, 4, "approval"),
        district.other_community.pk: (EvaluationStatus.APPROVED, 5, "approval"),
    }
    assert all(e.approved_at == timezone.now() for e in evaluations.values())
    transitions = Transition.objects.filter(evaluation__campaign=campaign)
    assert transitions.count() == 3 and all(
        t.approved and t.by == district.users["district_approver"] for t in transitions
    )
    event = AuditEvent.objects.get(action=EvaluationAuditAction.APPROVAL, outcome=AuditOutcome.SUCCESS)
    assert event.detail["approved"] == 3
    campaign.refresh_from_db()
    assert campaign.published_at == timezone.now()


def test_an_approved_evaluation_is_frozen(district, submitted):
    recommended_list_approve(recommended_list=submitted, by=district.users["district_approver"])
    evaluation = evaluation_of(submitted.campaign, district.community)
    with pytest.raises(TransitionRefused):
        evaluation_transition(
            evaluation=evaluation, action="return", reason="重新审核", by=district.users["district_approver"]
        )
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.approved_stars) == (EvaluationStatus.APPROVED, 4)


def test_a_list_with_an_evaluation_no_longer_at_approval_is_refused_by_name_and_nothing_changes(district, submitted):
    at_stage(evaluation_of(submitted.campaign, district.sibling_community), "consultation")
    with pytest.raises(ValidationError) as refused:
        recommended_list_approve(recommended_list=submitted, by=district.users["district_approver"])
    assert any(district.sibling_community.name in message for message in refused.value.messages)
    assert not submitted.campaign.evaluations.filter(status=EvaluationStatus.APPROVED).exists()
    assert not Transition.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == RecommendationStatus.SUBMITTED
    assert submitted.campaign.published_at is None
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.APPROVAL, outcome=AuditOutcome.REFUSED).exists()


def test_the_district_admin_cannot_approve_the_list(district, submitted):
    with pytest.raises(PermissionDenied):
        recommended_list_approve(recommended_list=submitted, by=district.users["district_admin"])
    assert not submitted.campaign.evaluations.filter(status=EvaluationStatus.APPROVED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["district_admin"]).exists()


def test_a_draft_list_is_not_approved(district):
    campaign = campaign_awaiting_approval(district)
    draft = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    with pytest.raises(ValidationError, match="已提交"):
        recommended_list_approve(recommended_list=draft, by=district.users["district_approver"])
    assert not campaign.evaluations.filter(status=EvaluationStatus.APPROVED).exists()


def test_approving_a_list_that_changed_since_the_page_was_loaded_is_refused(district, submitted):
    with pytest.raises(StaleRecommendation):
        recommended_list_approve(
            recommended_list=submitted, by=district.users["district_approver"], lock_version=submitted.lock_version - 1
        )
    assert not submitted.campaign.evaluations.filter(status=EvaluationStatus.APPROVED).exists()


def test_approving_twice_is_refused(district, submitted):
    approver = district.users["district_approver"]
    recommended_list_approve(recommended_list=submitted, by=approver)
    with pytest.raises(ValidationError, match="已审定"):
        recommended_list_approve(recommended_list=submitted, by=approver)
    assert Transition.objects.count() == 3


def test_the_approver_approves_on_the_page_and_sees_the_published_results(district, submitted, login):
    client = login(district.users["district_approver"])
    page = client.get(reverse("evaluations:recommended_list", kwargs={"pk": submitted.campaign_id}))
    assert "审定建议名单（3 个党组织）" in page.content.decode()
    response = client.post(
        reverse("evaluations:recommended_list_approve", kwargs={"pk": submitted.campaign_id}),
        {"version": submitted.lock_version},
        follow=True,
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "evaluations:published_results", kwargs={"pk": submitted.campaign_id}
    )
    assert "建议名单已审定" in body
    assert district.community.name in body and district.other_community.name in body


def test_the_district_admin_is_refused_the_approval_on_the_page(district, submitted, login):
    client = login(district.users["district_admin"])
    response = client.post(reverse("evaluations:recommended_list_approve", kwargs={"pk": submitted.campaign_id}))
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == RecommendationStatus.SUBMITTED


def test_a_refused_approval_on_the_page_names_the_evaluation(district, submitted, login):
    at_stage(evaluation_of(submitted.campaign, district.other_community), "publicity")
    client = login(district.users["district_approver"])
    response = client.post(
        reverse("evaluations:recommended_list_approve", kwargs={"pk": submitted.campaign_id}),
        {"version": submitted.lock_version},
        follow=True,
    )
    assert district.other_community.name in response.content.decode()
    assert not submitted.campaign.evaluations.filter(status=EvaluationStatus.APPROVED).exists()
