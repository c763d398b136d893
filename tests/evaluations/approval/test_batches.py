"""Approval in batches: each batch of the recommended list holds the organizations ready now, one batch is open at a
time, the five-star caps hold over the whole campaign (the approved ones and the batch together), and the campaign
is complete when every evaluation is approved or withdrawn with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import CampaignStatus, EvaluationStatus, RecommendationStatus, RecommendedList
from evaluations.services.approval import (
    recommended_entry_remove,
    recommended_entry_set_stars,
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
)
from evaluations.services.quotas import five_star_cap_set, quota_penalty_set
from evaluations.services.recommendation import StaleRecommendation
from evaluations.services.transitions import TransitionRefused, evaluation_transition
from evaluations.services.withdrawal import evaluation_withdraw
from orgs.models import AuditEvent, AuditOutcome
from tests.support.approval import campaign_awaiting_approval, give_result
from tests.support.evaluations import at_stage, evaluation_of


@pytest.fixture
def first_batch_approved(district):
    """At a 50 % cap, the community (5 stars) approved alone in batch 1; its sibling (5 stars) and the other street's
    community (4 stars) computed but still in earlier stages."""
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district, {"community": ("95", 5)})
    give_result(evaluation_of(campaign, district.sibling_community), total="93", stars=5)
    give_result(evaluation_of(campaign, district.other_community), total="80", stars=4)
    five_star_cap_set(campaign=campaign, cap="50", by=admin)
    batch = recommended_list_submit(recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin)
    recommended_list_approve(recommended_list=batch, by=district.users["district_approver"])
    return campaign


def _names(batch) -> list[str]:
    return list(batch.entries.order_by("rank").values_list("evaluation__organization__name", flat=True))


def test_approving_a_batch_leaves_the_others_for_the_next_batch(district, first_batch_approved):
    campaign = first_batch_approved
    statuses = dict(campaign.evaluations.values_list("organization_id", "status"))
    assert statuses == {
        district.community.pk: EvaluationStatus.APPROVED,
        district.sibling_community.pk: EvaluationStatus.IN_PROGRESS,
        district.other_community.pk: EvaluationStatus.IN_PROGRESS,
    }
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN

    at_stage(evaluation_of(campaign, district.other_community), "approval")
    second = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    assert (second.number, second.status) == (2, RecommendationStatus.DRAFT)
    assert _names(second) == [district.other_community.name]
    assert RecommendedList.objects.filter(campaign=campaign).count() == 2


def test_an_evaluation_revised_after_approval_comes_back_on_the_next_batch(district, first_batch_approved):
    campaign = first_batch_approved
    community = evaluation_transition(
        evaluation=evaluation_of(campaign, district.community),
        action="revise",
        by=district.users["district_admin"],
        reason="信访核实后更正复核分",
        target_order=1,
    )
    at_stage(community, "approval")
    second = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    assert (second.number, _names(second)) == (2, [district.community.name])
    first = RecommendedList.objects.get(campaign=campaign, number=1)
    assert first.status == RecommendationStatus.APPROVED and not first.entries.exists()
    assert AuditEvent.objects.filter(detail__step="build", detail__batch=2, detail__revised=1).exists()


def test_a_second_batch_waits_until_the_open_one_is_approved(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    first = recommended_list_submit(recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin)
    with pytest.raises(ValidationError, match="第 1 批建议名单已提交审定"):
        recommended_list_build(campaign=campaign, by=admin)
    assert RecommendedList.objects.filter(campaign=campaign).count() == 1
    recommended_list_approve(recommended_list=first, by=district.users["district_approver"])
    with pytest.raises(ValidationError, match="尚无"):
        recommended_list_build(campaign=campaign, by=admin)
    assert RecommendedList.objects.filter(campaign=campaign).count() == 1


def test_a_batch_that_pushes_the_campaign_over_the_cap_is_refused_naming_the_cap_and_the_figures(
    district, first_batch_approved
):
    campaign = first_batch_approved
    admin = district.users["district_admin"]
    at_stage(evaluation_of(campaign, district.sibling_community), "approval")
    second = recommended_list_build(campaign=campaign, by=admin)
    with pytest.raises(ValidationError) as refused:
        recommended_list_submit(recommended_list=second, by=admin)
    district_line = next(message for message in refused.value.messages if message.startswith("全区"))
    # 3 organizations at 50 % give 1 five-star place; the approved community holds it, the batch brings a second.
    assert "3 个党组织中将有 2 个五星" in district_line
    assert "本批 1 个中 1 个" in district_line and "此前已审定 1 个中 1 个" in district_line
    assert "上限 50%（至多 1 个）" in district_line
    assert any(district.street.name in message for message in refused.value.messages)
    second.refresh_from_db()
    assert second.status == RecommendationStatus.DRAFT
    assert AuditEvent.objects.filter(outcome=AuditOutcome.REFUSED, detail__step="submit").exists()

    # Lowered to four stars with a note, the batch fits beside the approved one and is approved as batch 2.
    entry = second.entries.get()
    recommended_entry_set_stars(entry=entry, stars=4, note="名额已满，降为四星", by=admin)
    second = recommended_list_submit(recommended_list=second, by=admin)
    recommended_list_approve(recommended_list=second, by=district.users["district_approver"])
    assert evaluation_of(campaign, district.sibling_community).approved_stars == 4


def test_the_same_batch_alone_passes_the_caps(district):
    """The sibling's five stars fit the campaign's one place when no other organization was approved before."""
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district, {"sibling_community": ("93", 5)})
    five_star_cap_set(campaign=campaign, cap="50", by=admin)
    alone = recommended_list_submit(recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin)
    assert alone.status == RecommendationStatus.SUBMITTED
    assert (alone.checks["batch"], alone.checks["approved"], alone.checks["organizations"]) == (1, 0, 3)
    assert (alone.checks["five_star"], alone.checks["allowed"], alone.checks["ok"]) == (1, 1, True)


def test_removing_an_organization_from_the_draft_batch_leaves_it_for_a_later_batch(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    batch = recommended_list_build(campaign=campaign, by=admin)
    entry = batch.entries.get(evaluation__organization=district.community)
    with pytest.raises(StaleRecommendation):
        recommended_entry_remove(entry=entry, by=admin, lock_version=batch.lock_version - 1)
    recommended_entry_remove(entry=entry, by=admin)
    assert list(batch.entries.order_by("rank").values_list("rank", "evaluation__organization__name")) == [
        (1, district.other_community.name),
        (2, district.sibling_community.name),
    ]
    submitted = recommended_list_submit(recommended_list=batch, by=admin)
    recommended_list_approve(recommended_list=submitted, by=district.users["district_approver"])
    second = recommended_list_build(campaign=campaign, by=admin)
    assert (second.number, _names(second)) == (2, [district.community.name])


def test_an_organization_cannot_be_removed_from_a_submitted_batch(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    batch = recommended_list_submit(recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin)
    with pytest.raises(ValidationError, match="已提交审定"):
        recommended_entry_remove(entry=batch.entries.first(), by=admin)
    assert batch.entries.count() == 3


def test_withdrawing_needs_a_reason_and_changes_nothing_without_one(district, first_batch_approved):
    evaluation = evaluation_of(first_batch_approved, district.other_community)
    with pytest.raises(ValidationError) as refused:
        evaluation_withdraw(evaluation=evaluation, reason="  ", by=district.users["district_admin"])
    assert district.other_community.name in refused.value.messages[0]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.EVALUATION_WITHDRAW, outcome=AuditOutcome.REFUSED
    ).exists()


def test_an_approved_evaluation_or_one_on_the_open_batch_is_not_withdrawn(district, first_batch_approved):
    admin = district.users["district_admin"]
    with pytest.raises(ValidationError, match="已审定"):
        evaluation_withdraw(evaluation=evaluation_of(first_batch_approved, district.community), reason="合并", by=admin)
    at_stage(evaluation_of(first_batch_approved, district.other_community), "approval")
    recommended_list_build(campaign=first_batch_approved, by=admin)
    with pytest.raises(ValidationError, match="第 2 批"):
        evaluation_withdraw(
            evaluation=evaluation_of(first_batch_approved, district.other_community), reason="合并", by=admin
        )


def test_the_approver_may_not_withdraw_an_evaluation(district, first_batch_approved):
    with pytest.raises(PermissionDenied):
        evaluation_withdraw(
            evaluation=evaluation_of(first_batch_approved, district.other_community),
            reason="撤销建制",
            by=district.users["district_approver"],
        )


def test_the_campaign_is_complete_when_every_evaluation_is_approved_or_withdrawn(district, first_batch_approved):
    campaign = first_batch_approved
    admin = district.users["district_admin"]
    withdrawn = evaluation_withdraw(
        evaluation=evaluation_of(campaign, district.other_community), reason="社区撤并，不参与本年度评定", by=admin
    )
    assert (withdrawn.status, withdrawn.withdrawn_reason, withdrawn.withdrawn_by) == (
        EvaluationStatus.WITHDRAWN,
        "社区撤并，不参与本年度评定",
        admin,
    )
    with pytest.raises(TransitionRefused, match="撤并"):
        evaluation_transition(evaluation=withdrawn, action="submit", by=district.users["street_staff"])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN  # the sibling is still in progress

    at_stage(evaluation_of(campaign, district.sibling_community), "approval")
    second = recommended_list_build(campaign=campaign, by=admin)
    recommended_entry_set_stars(entry=second.entries.get(), stars=4, note="名额已满", by=admin)
    recommended_list_approve(
        recommended_list=recommended_list_submit(recommended_list=second, by=admin),
        by=district.users["district_approver"],
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    event = AuditEvent.objects.get(action=EvaluationAuditAction.CAMPAIGN_COMPLETE)
    assert (event.detail["approved"], event.detail["withdrawn"]) == (2, 1)


def test_a_cap_lowered_or_a_penalty_under_which_the_approved_break_the_caps_is_refused(district, first_batch_approved):
    admin = district.users["district_admin"]
    with pytest.raises(ValidationError, match="已审定的党组织超出上限"):
        five_star_cap_set(campaign=first_batch_approved, cap="30", by=admin)
    with pytest.raises(ValidationError, match="已审定的党组织超出上限"):
        quota_penalty_set(campaign=first_batch_approved, street=district.street, points="5", reason="靠后", by=admin)
    first_batch_approved.refresh_from_db()
    assert first_batch_approved.five_star_cap == 50
    assert not first_batch_approved.quota_penalties.exists()


def test_the_page_shows_the_progress_the_batches_and_asks_before_each_irreversible_step(
    district, first_batch_approved, login
):
    campaign = first_batch_approved
    at_stage(evaluation_of(campaign, district.sibling_community), "approval")
    client = login(district.users["district_admin"])
    url = reverse("evaluations:recommended_list", kwargs={"pk": campaign.pk})
    page = client.get(url).content.decode()
    assert "共 3 个，1 个处于审定环节，已审定 1 个" in page
    assert "生成建议名单（第 2 批）" in page
    assert "将处于审定环节、尚未编入批次的 1 个党组织生成第 2 批建议名单？" in page
    assert "撤回所选党组织（1 个党组织）？" in page

    client.post(reverse("evaluations:recommended_list_build", kwargs={"pk": campaign.pk}), {"version": ""})
    page = client.get(url).content.decode()
    assert "第 2 批党组织（1 个）" in page
    assert "本批 1 个、已审定 1 个（全活动参评 3 个），五星 2 个，五星占比 66.7%，上限 50%（至多 1 个）。" in page
    assert "将第 2 批（1 个党组织）提交区委审定？" in page
    assert f"将 {district.sibling_community.name}（1 个党组织）移出第 2 批？" in page
    assert 'href="?batch=1"' in page
    earlier = client.get(url + "?batch=1").content.decode()
    assert district.community.name in earlier and "第 1 批党组织（1 个）" in earlier


def test_withdrawing_on_the_page_names_the_organization_and_refuses_a_blank_reason(
    district, first_batch_approved, login
):
    campaign = first_batch_approved
    client = login(district.users["district_admin"])
    url = reverse("evaluations:evaluation_withdraw", kwargs={"pk": campaign.pk})
    other = evaluation_of(campaign, district.other_community)
    refused = client.post(url, {"evaluation": other.pk, "reason": ""}, follow=True).content.decode()
    assert f"{district.other_community.name}：请说明撤回（不参与评定）的原因。" in refused
    done = client.post(url, {"evaluation": other.pk, "reason": "撤销建制"}, follow=True).content.decode()
    assert f"{district.other_community.name} 已撤回，不参与评定。" in done
    assert "撤销建制" in done and "已撤回 1 个" in done


def test_the_page_with_earlier_batches_an_open_one_and_a_withdrawal_pins_its_queries(
    district, first_batch_approved, login, django_assert_max_num_queries
):
    """Every list on the page (entries, batches, outstanding, withdrawn) is one query, not one per row."""
    campaign = first_batch_approved
    at_stage(evaluation_of(campaign, district.sibling_community), "approval")
    recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    evaluation_withdraw(
        evaluation=evaluation_of(campaign, district.other_community),
        reason="撤销建制",
        by=district.users["district_admin"],
    )
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(23):
        response = client.get(reverse("evaluations:recommended_list", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200


def test_a_withdrawn_evaluation_says_so_on_its_page_and_offers_no_step(district, first_batch_approved, login):
    evaluation = at_stage(evaluation_of(first_batch_approved, district.other_community), "review")
    client = login(district.users["outsider"])  # the other street's staff, who reviews it
    url = reverse("evaluations:evaluation_detail", kwargs={"pk": evaluation.pk})
    assert "transition-actions" in client.get(url).content.decode()
    evaluation_withdraw(evaluation=evaluation, reason="撤销建制", by=district.users["district_admin"])
    body = client.get(url).content.decode()
    assert "已撤回，不参与评定：撤销建制" in body
    assert "transition-actions" not in body


def test_a_withdrawal_that_would_put_the_approved_over_a_streets_cap_is_refused(district, first_batch_approved):
    """Without the sibling, the street would rate one organization: at 50 % it may have no five-star one."""
    sibling = evaluation_of(first_batch_approved, district.sibling_community)
    with pytest.raises(ValidationError) as refused:
        evaluation_withdraw(evaluation=sibling, reason="合并", by=district.users["district_admin"])
    assert any(district.street.name in message and "最多允许 0 个" in message for message in refused.value.messages)
    sibling.refresh_from_db()
    assert sibling.status == EvaluationStatus.IN_PROGRESS
