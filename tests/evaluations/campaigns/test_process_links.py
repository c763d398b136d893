"""The campaign page links each user to the process pages they work on, and only to those."""

import pytest
from django.urls import reverse

from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        ("district_admin", ["环节与联审部门", "部门联审意见", "排名", "建议名单", "审定结果"], ["填报本部门联审意见"]),
        ("department_reviewer", ["填报本部门联审意见", "审定结果"], ["环节与联审部门", "建议名单"]),
        ("district_approver", ["排名", "建议名单", "审定结果"], ["环节与联审部门", "填报本部门联审意见"]),
        ("street_staff", ["各街道公示：", "/manage/", "按街道复核与台账", "审定结果"], ["排名", "环节与联审部门"]),
        ("org_admin", ["审定结果"], ["各街道公示", "/manage/", "按街道复核与台账", "排名"]),
    ],
)
def test_each_role_sees_the_links_to_its_own_process_pages(district, login, username, shown, hidden):
    campaign = open_community_campaign(district)
    page = login(district.users[username]).get(reverse("evaluations:campaign_evaluations", kwargs={"pk": campaign.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    for label in shown:
        assert label in text, label
    for label in hidden:
        assert label not in text, label
    assert "自评" in text  # the stage of every evaluation is shown


@pytest.mark.parametrize(
    ("kind", "self_assessment", "review"),
    [
        ("self_assessment", "填写自评", "查看复核"),
        ("review", "查看自评", "填写复核"),
        ("approval", "查看自评", "查看复核"),
    ],
)
def test_the_score_sheet_links_say_enter_only_while_that_sheet_is_open(district, login, kind, self_assessment, review):
    campaign = open_community_campaign(district)
    evaluation = at_stage(evaluation_of(campaign, district.community), kind)
    page = login(district.users["district_admin"]).get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
    text = page.content.decode()
    assert f'id="self-assessment-link">{self_assessment}</a>' in text
    assert f'id="review-link">{review}</a>' in text
