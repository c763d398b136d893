"""The recommended list: built from the evaluations at the approval stage, checked against the five-star caps
(district share and per street, Suxian's quota penalty), lowered with a note, submitted only when every check
passes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import QuotaPenalty, RecommendationStatus, RecommendedEntry, RecommendedList
from evaluations.rules.quotas import quota_checks
from evaluations.selectors.approval import recommended_list_checks
from evaluations.services.approval import (
    recommended_entry_set_stars,
    recommended_list_build,
    recommended_list_submit,
    recommended_list_withdraw,
)
from evaluations.services.quotas import five_star_cap_set, quota_penalty_remove, quota_penalty_set
from evaluations.services.recommendation import StaleRecommendation
from orgs.models import AuditEvent, AuditOutcome
from tests.support.approval import campaign_awaiting_approval
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


def _entry(recommended_list, organization) -> RecommendedEntry:
    return recommended_list.entries.get(evaluation__organization=organization)


def test_the_list_ranks_the_evaluations_at_approval_by_total_with_their_computed_stars(district):
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    entries = list(recommended_list.entries.order_by("rank").select_related("evaluation__organization"))
    assert [(e.rank, e.evaluation.organization.code, e.total, e.stars) for e in entries] == [
        (1, "C0101", Decimal("95"), 5),
        (2, "C0201", Decimal("91"), 5),
        (3, "C0102", Decimal("88"), 4),
    ]
    assert all(entry.computed_stars == entry.stars for entry in entries)
    assert recommended_list.five_star_cap == Decimal(30)
    event = AuditEvent.objects.get(action=EvaluationAuditAction.RECOMMENDATION, outcome=AuditOutcome.SUCCESS)
    assert event.detail["entries"] == 3


def test_ties_on_the_total_are_ranked_by_organization_code(district):
    campaign = campaign_awaiting_approval(
        district, {"other_community": ("90", 4), "sibling_community": ("90", 4), "community": ("90", 4)}
    )
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    codes = list(recommended_list.entries.order_by("rank").values_list("evaluation__organization__code", flat=True))
    assert codes == ["C0101", "C0102", "C0201"]


def test_an_evaluation_not_yet_at_the_approval_stage_stays_off_the_list(district):
    campaign = campaign_awaiting_approval(district)
    at_stage(evaluation_of(campaign, district.sibling_community), "consultation")
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    assert recommended_list.entries.count() == 2
    assert not recommended_list.entries.filter(evaluation__organization=district.sibling_community).exists()


def test_building_with_no_evaluation_at_approval_is_refused_audited_and_creates_nothing(district):
    campaign = open_community_campaign(district)
    with pytest.raises(ValidationError, match="尚无"):
        recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    assert not RecommendedList.objects.exists()
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.RECOMMENDATION, outcome=AuditOutcome.REFUSED).exists()


def test_building_names_an_evaluation_without_a_computed_result(district):
    campaign = campaign_awaiting_approval(district, {"community": ("95", 5)})
    at_stage(evaluation_of(campaign, district.sibling_community), "approval")
    with pytest.raises(ValidationError) as refused:
        recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    assert district.sibling_community.name in refused.value.messages[0]
    assert not RecommendedList.objects.exists()


def test_a_failing_check_names_the_street_and_the_numbers(district):
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    checks = recommended_list_checks(recommended_list)
    assert not checks.ok
    assert (checks.organizations, checks.five_star, checks.share) == (3, 2, Decimal("66.7"))
    failures = checks.failures()
    assert any("3" in line and "2" in line and "66.7" in line and "30" in line for line in failures)
    east = next(line for line in failures if district.street.name in line)
    assert "2" in east and "0" in east  # two organizations, none allowed five stars at 30 %
    assert recommended_list.checks["ok"] is False


def test_submitting_while_a_check_fails_is_refused_and_changes_nothing(district):
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])
    with pytest.raises(ValidationError) as refused:
        recommended_list_submit(recommended_list=recommended_list, by=district.users["district_admin"])
    assert any(district.other_street.name in message for message in refused.value.messages)
    recommended_list.refresh_from_db()
    assert recommended_list.status == RecommendationStatus.DRAFT
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.RECOMMENDATION, outcome=AuditOutcome.REFUSED, detail__step="submit"
    ).exists()


def test_lowering_stars_with_a_note_lets_the_list_pass_and_be_submitted(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_entry_set_stars(
        entry=_entry(recommended_list, district.community), stars=4, note="群众反映问题较多", by=admin
    )
    recommended_list.refresh_from_db()
    assert recommended_list.five_star_cap == Decimal(100)
    assert recommended_list_checks(recommended_list).ok
    recommended_list_submit(recommended_list=recommended_list, by=admin, lock_version=recommended_list.lock_version)
    recommended_list.refresh_from_db()
    assert recommended_list.status == RecommendationStatus.SUBMITTED
    assert _entry(recommended_list, district.community).note == "群众反映问题较多"


def test_stars_are_never_raised_above_the_computed_ones_nor_lowered_without_a_note(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    entry = _entry(recommended_list, district.sibling_community)
    with pytest.raises(ValidationError) as raised:
        recommended_entry_set_stars(entry=entry, stars=5, note="表现突出", by=admin)
    assert district.sibling_community.name in raised.value.messages[0]
    with pytest.raises(ValidationError) as lowered:
        recommended_entry_set_stars(entry=entry, stars=3, note=" ", by=admin)
    assert district.sibling_community.name in lowered.value.messages[0]
    entry.refresh_from_db()
    assert entry.stars == 4


def test_a_change_against_an_old_version_of_the_list_is_refused(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    loaded = recommended_list.lock_version
    recommended_entry_set_stars(entry=_entry(recommended_list, district.community), stars=4, note="降星", by=admin)
    with pytest.raises(StaleRecommendation):
        recommended_entry_set_stars(
            entry=_entry(recommended_list, district.sibling_community),
            stars=3,
            note="降星",
            by=admin,
            lock_version=loaded,
        )
    assert _entry(recommended_list, district.sibling_community).stars == 4


def test_a_quota_penalty_takes_points_from_the_streets_five_star_allowance(district):
    """Suxian (seed 002): with 10 organizations at 30 %, 3 may have five stars; 5 points lost leave 2."""
    streets = {1: "东城街道党工委"}
    entries = [(1, 5)] * 3 + [(1, 3)] * 7
    assert quota_checks(entries=entries, streets=streets, cap=Decimal(30), penalties={}).ok
    penalised = quota_checks(entries=entries, streets=streets, cap=Decimal(30), penalties={1: Decimal(5)})
    assert not penalised.ok
    (street,) = penalised.streets
    assert (street.organizations, street.five_star, street.allowed) == (10, 3, 2)
    (failure,) = penalised.failures()
    assert "东城街道党工委" in failure and "10" in failure and "2" in failure and "2.5" in failure


def test_quota_penalties_are_managed_on_the_campaign_and_recheck_the_list(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district, {"community": ("95", 4), "sibling_community": ("88", 4)})
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    version = RecommendedList.objects.get().lock_version
    penalty = quota_penalty_set(
        campaign=campaign, street=district.street, points="4", reason="日常考核排名靠后", by=admin
    )
    assert (penalty.points, penalty.reason) == (Decimal(4), "日常考核排名靠后")
    recommended_list.refresh_from_db()
    assert recommended_list.lock_version == version + 1
    assert recommended_list.checks["streets"][0]["penalty"] == "4"
    quota_penalty_remove(penalty=penalty, by=admin)
    assert not QuotaPenalty.objects.exists()


@pytest.mark.parametrize("points", ["2", "5.5", "abc", ""])
def test_a_penalty_outside_3_to_5_points_is_refused_naming_the_street(district, points):
    campaign = campaign_awaiting_approval(district)
    with pytest.raises(ValidationError) as refused:
        quota_penalty_set(
            campaign=campaign,
            street=district.street,
            points=points,
            reason="日常考核靠后",
            by=district.users["district_admin"],
        )
    assert district.street.name in refused.value.messages[0]
    assert not QuotaPenalty.objects.exists()


def test_a_cap_outside_0_to_100_is_refused(district):
    campaign = campaign_awaiting_approval(district)
    with pytest.raises(ValidationError):
        five_star_cap_set(campaign=campaign, cap="120", by=district.users["district_admin"])
    campaign.refresh_from_db()
    assert campaign.five_star_cap == Decimal(30)


def test_a_submitted_list_can_no_longer_be_changed(district):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    recommended_list_submit(recommended_list=recommended_list, by=admin)
    for change in (
        lambda: recommended_list_build(campaign=campaign, by=admin),
        lambda: recommended_entry_set_stars(
            entry=_entry(recommended_list, district.community), stars=4, note="降星", by=admin
        ),
        lambda: five_star_cap_set(campaign=campaign, cap="30", by=admin),
        lambda: quota_penalty_set(campaign=campaign, street=district.street, points="3", reason="靠后", by=admin),
    ):
        with pytest.raises(ValidationError):
            change()
    assert _entry(recommended_list, district.community).stars == 5
    assert not QuotaPenalty.objects.exists()


def test_a_submitted_list_goes_back_to_draft_with_a_reason_and_can_be_changed_again(district, login):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_submit(
        recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin
    )
    url = reverse("evaluations:recommended_list_withdraw", kwargs={"pk": campaign.pk})
    approver = login(district.users["district_approver"])
    page = approver.get(reverse("evaluations:recommended_list", kwargs={"pk": campaign.pk})).content.decode()
    assert "退回修改" in page

    refused = approver.post(url, {"version": recommended_list.lock_version, "reason": " "}, follow=True)
    assert "请说明推荐名单退回草稿的原因。" in refused.content.decode()
    assert RecommendedList.objects.get(pk=recommended_list.pk).status == RecommendationStatus.SUBMITTED

    approver.post(url, {"version": recommended_list.lock_version, "reason": "第一社区材料待补充"})
    recommended_list.refresh_from_db()
    assert (recommended_list.status, recommended_list.submitted_at) == (RecommendationStatus.DRAFT, None)
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.RECOMMENDATION,
        actor=district.users["district_approver"],
        detail__step="withdraw",
        detail__reason="第一社区材料待补充",
    ).exists()
    recommended_entry_set_stars(entry=_entry(recommended_list, district.community), stars=4, note="降星", by=admin)
    assert _entry(recommended_list, district.community).stars == 4
    with pytest.raises(ValidationError, match="草稿"):
        recommended_list_withdraw(recommended_list=recommended_list, by=admin, reason="再撤回")
