"""Each event notifies the people concerned in the application, and nobody else: an objection filed, a return with
its reason, a department's veto, an approval (single or by the list), approved stars withdrawn for a revision."""

import pytest
from django.urls import reverse

from evaluations.models import Notification, OpinionKind
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.approval import (
    recommended_entry_set_stars,
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
)
from evaluations.services.consultation import opinion_give
from evaluations.services.publicity import objection_file
from evaluations.services.quotas import five_star_cap_set
from evaluations.services.transitions import evaluation_transition
from orgs.permissions import assign_role
from orgs.roles import Role
from tests.factories import UserFactory
from tests.support.approval import campaign_awaiting_approval, give_result
from tests.support.consultation import consulting_campaign, reviewed_at_consultation
from tests.support.evaluations import at_stage, evaluation_of
from tests.support.publicity import publicised

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling_admin(district):
    """The administrator of the street's other community: never concerned with the first community's events."""
    user = UserFactory(username="sibling_admin")
    assign_role(user=user, role=Role.ORG_ADMIN, organization=district.sibling_community)
    return user


def notified(key_prefix: str) -> dict[str, Notification]:
    """The notifications whose key starts with the prefix, by the username of who got them."""
    rows = Notification.objects.filter(key__startswith=key_prefix).select_related("user")
    return {notification.user.username: notification for notification in rows}


def test_an_objection_notifies_the_community_and_its_street_only(district, sibling_admin, own_cache):
    campaign, evaluation = publicised(district)
    objection = objection_file(
        campaign=campaign, street=district.street, evaluation_id=evaluation.pk, text="会议记录与实际不符"
    )
    got = notified("objection:")
    assert set(got) == {"org_admin", "street_staff"}
    assert "东城第一社区党委 在公示期间收到一条异议" in got["org_admin"].text
    assert got["street_staff"].url == reverse(
        "evaluations:publicity_manage", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
    )
    assert got["org_admin"].url == reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    assert got["org_admin"].key == f"objection:{objection.pk}"


def test_a_return_tells_the_community_the_reason_and_not_the_street_that_returned_it(district, campaign, sibling_admin):
    evaluation = at_stage(evaluation_of(campaign, district.community), StageKind.REVIEW)
    evaluation_transition(
        evaluation=evaluation, action=Action.RETURN, reason="组织生活记录缺少签到表", by=district.users["street_staff"]
    )
    got = notified("sent-back:")
    assert set(got) == {"org_admin"}
    assert got["org_admin"].text.endswith("已从“复核”退回到“自评”。理由：组织生活记录缺少签到表")


def test_a_reopen_by_the_district_tells_the_street_that_acts_again_and_the_community(district, campaign):
    evaluation = at_stage(evaluation_of(campaign, district.community), StageKind.CONSULTATION)
    evaluation_transition(
        evaluation=evaluation,
        action=Action.REOPEN,
        target_order=1,
        reason="复核分数与台账不一致",
        by=district.users["district_admin"],
    )
    got = notified("sent-back:")
    assert set(got) == {"org_admin", "street_staff"}
    assert "理由：复核分数与台账不一致" in got["street_staff"].text


def test_a_veto_tells_the_community_its_street_and_the_district_which_star_it_removes(district, sibling_admin):
    evaluation = reviewed_at_consultation(consulting_campaign(district), district.community)
    reviewer = district.users["department_reviewer"]
    opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V11", note="挪用党建经费2万元", by=reviewer)
    got = notified("veto:")
    assert set(got) == {"org_admin", "street_staff", "district_admin"}
    text = got["org_admin"].text
    assert "挤占挪用党建经费" in text and "“保障落实”维度不亮星" in text and "挪用党建经费2万元" in text
    # Giving the same veto again (a changed note) tells nobody twice; a concern tells nobody.
    opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V11", note="挪用经费", by=reviewer)
    assert Notification.objects.filter(key__startswith="veto:").count() == 3
    sibling = reviewed_at_consultation(evaluation.campaign, district.sibling_community)
    opinion_give(evaluation=sibling, kind=OpinionKind.CONCERN, note="请关注", by=reviewer)
    assert not Notification.objects.filter(user=sibling_admin).exists()


def test_an_approval_tells_the_community_and_its_street_the_stars(district, campaign):
    evaluation = give_result(
        at_stage(evaluation_of(campaign, district.community), StageKind.APPROVAL), total="95", stars=5
    )
    evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=district.users["district_approver"])
    got = notified("approved:")
    assert set(got) == {"org_admin", "street_staff"}
    assert got["org_admin"].text.endswith("东城第一社区党委 经审定为 5 星；结果为最终结果。")


def test_approving_the_list_tells_each_community_and_street_and_names_stars_lowered(district, sibling_admin):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    entry = recommended_list.entries.get(evaluation__organization=district.community)
    recommended_entry_set_stars(entry=entry, stars=4, note="整改未完成", by=admin)
    recommended_list = recommended_list_submit(recommended_list=recommended_list, by=admin)
    recommended_list_approve(recommended_list=recommended_list, by=district.users["district_approver"])
    texts = {(n.user.username, n.text.split("：", 1)[1]) for n in Notification.objects.select_related("user")}
    assert texts == {
        ("org_admin", "东城第一社区党委 经审定为 4 星，少于测算的 5 星；结果为最终结果。"),
        ("street_staff", "东城第一社区党委 经审定为 4 星，少于测算的 5 星；结果为最终结果。"),
        ("sibling_admin", "东城村党总支 经审定为 4 星；结果为最终结果。"),
        ("street_staff", "东城村党总支 经审定为 4 星；结果为最终结果。"),
        ("outsider", "西城第一社区党委 经审定为 5 星；结果为最终结果。"),
    }


def test_a_revision_after_approval_tells_the_community_and_its_street_the_stars_withdrawn(district, campaign):
    evaluation = give_result(
        at_stage(evaluation_of(campaign, district.community), StageKind.APPROVAL), total="95", stars=5
    )
    evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=district.users["district_approver"])
    evaluation_transition(
        evaluation=evaluation,
        action=Action.REVISE,
        target_order=3,
        reason="信访核实存在问题",
        by=district.users["district_admin"],
    )
    got = notified("revised:")
    assert set(got) == {"org_admin", "street_staff"}
    assert got["street_staff"].text.endswith(
        "东城第一社区党委 已审定的 5 星因修订被撤销（摘星），回到“部门联审意见”阶段。理由：信访核实存在问题"
    )
