"""The joint review pages: a department gives its opinions, the district sees every answer and closes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import DepartmentOpinion, EvaluationResult, OpinionKind
from evaluations.rules.workflow import StageKind
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.consultation import opinion_give
from tests.support.consultation import consulting_campaign, department_reviewer, reviewed_at_consultation
from tests.support.evaluations import evaluation_of

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def campaign(district):
    campaign = consulting_campaign(district)
    reviewed_at_consultation(campaign, district.community)
    reviewed_at_consultation(campaign, district.other_community)
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    return campaign


def _deadline_passed(campaign):
    """The consultation's deadline an hour ago (rather than travelling in time past the session's expiry)."""
    stage = campaign.stages.get(kind=StageKind.CONSULTATION)
    stage.deadline = timezone.now() - timedelta(hours=1)
    stage.save(update_fields=["deadline"])


def _opinions_url(campaign):
    return reverse("evaluations:consultation_opinions", kwargs={"pk": campaign.pk})


def _overview_url(campaign):
    return reverse("evaluations:consultation_overview", kwargs={"pk": campaign.pk})


def test_the_reviewer_sees_the_organizations_at_consultation_with_stars_total_and_why(
    district, campaign, login, django_assert_max_num_queries
):
    client = login(district.users["department_reviewer"])
    with django_assert_max_num_queries(14):
        page = client.get(_opinions_url(campaign)).content.decode()
    assert "东城第一社区党委" in page and "西城第一社区党委" in page
    assert "东城村党总支" not in page  # still at the self-assessment
    assert "100/100" in page and "为什么是5星：" in page
    assert "V04 违反程序发展党员" in page


def test_the_opinions_page_answers_in_the_same_queries_for_more_organizations(
    district, campaign, login, django_assert_num_queries
):
    client = login(district.users["department_reviewer"])
    client.get(_opinions_url(campaign))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_opinions_url(campaign))
    reviewed_at_consultation(campaign, district.sibling_community)
    with django_assert_num_queries(len(few)):
        client.get(_opinions_url(campaign))


def test_a_veto_given_in_the_browser_takes_the_star_away(district, campaign, login, django_capture_on_commit_callbacks):
    evaluation = evaluation_of(campaign, district.community)
    client = login(district.users["department_reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _opinions_url(campaign),
            {"evaluation": evaluation.pk, "kind": "veto", "veto_item": "V04", "note": "违反程序发展党员1名"},
        )
    assert response.status_code == 302
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 4
    page = client.get(response["Location"]).content.decode()
    assert "对东城第一社区党委的意见已保存。" in page


def test_a_concern_without_a_note_keeps_the_typed_values_and_says_which_organization(district, campaign, login):
    evaluation = evaluation_of(campaign, district.community)
    client = login(district.users["department_reviewer"])
    response = client.post(
        _opinions_url(campaign), {"evaluation": evaluation.pk, "kind": "concern", "veto_item": "V02", "note": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "东城第一社区党委：提出意见须填写说明。" in page
    assert 'value="concern" checked' in page and 'value="V02" selected' in page
    assert not DepartmentOpinion.objects.exists()


def test_the_reviewer_cannot_post_on_another_campaigns_evaluation(district, campaign, login):
    other = consulting_campaign(district)
    evaluation = reviewed_at_consultation(other, district.community)
    client = login(district.users["department_reviewer"])
    response = client.post(_opinions_url(campaign), {"evaluation": evaluation.pk, "kind": "no_objection"})
    assert response.status_code == 404
    assert not DepartmentOpinion.objects.exists()


def test_the_overview_shows_which_department_answered_what(district, campaign, login, django_assert_max_num_queries):
    evaluation = evaluation_of(campaign, district.community)
    opinion_give(
        evaluation=evaluation,
        kind=OpinionKind.VETO,
        veto_code="V04",
        note="违反程序发展党员1名",
        by=district.users["department_reviewer"],
    )
    audit = department_reviewer(district, "audit", "audit-reviewer")
    opinion_give(evaluation=evaluation, kind=OpinionKind.CONCERN, note="经费台账不全", by=audit)
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(14):
        page = client.get(_overview_url(campaign)).content.decode()
    for name in ("纪检", "组织", "宣传", "审计", "信访", "环保"):
        assert f"<th>{name}</th>" in page
    assert "V04 违反程序发展党员" in page and "经费台账不全" in page
    assert page.count("尚未反馈") == 2 * 6 - 2
    assert "逾期未反馈，视为无异议" not in page


def test_after_the_deadline_silence_counts_as_no_objection(district, campaign, login):
    _deadline_passed(campaign)
    page = login(district.users["district_admin"]).get(_overview_url(campaign)).content.decode()
    assert page.count("逾期未反馈，视为无异议") == 2 * 6
    assert "尚未反馈" not in page


def test_closing_before_the_deadline_keeps_organizations_missing_opinions_and_says_why(district, campaign, login):
    client = login(district.users["district_admin"])
    response = client.post(reverse("evaluations:consultation_close", kwargs={"pk": campaign.pk}), follow=True)
    page = response.content.decode()
    assert "东城第一社区党委：还有 6 个部门未提出意见，且截止时间未到。" in page
    assert evaluation_of(campaign, district.community).stage.kind == StageKind.CONSULTATION


def test_closing_after_the_deadline_moves_everyone_on_to_approval(district, campaign, login):
    _deadline_passed(campaign)
    client = login(district.users["district_admin"])
    response = client.post(reverse("evaluations:consultation_close", kwargs={"pk": campaign.pk}), follow=True)
    assert "2 个党组织已进入下一阶段。" in response.content.decode()
    assert evaluation_of(campaign, district.community).stage.kind == StageKind.APPROVAL
    assert evaluation_of(campaign, district.other_community).stage.kind == StageKind.APPROVAL
    assert evaluation_of(campaign, district.sibling_community).stage.kind == StageKind.SELF_ASSESSMENT


def test_no_objection_on_all_the_rest_in_one_action_keeps_the_veto_given_before(
    district, campaign, login, django_capture_on_commit_callbacks
):
    vetoed = evaluation_of(campaign, district.community)
    rest = evaluation_of(campaign, district.other_community)
    reviewer = district.users["department_reviewer"]
    opinion_give(evaluation=vetoed, kind=OpinionKind.VETO, veto_code="V04", note="违反程序发展党员1名", by=reviewer)
    client = login(reviewer)
    page = client.get(_opinions_url(campaign)).content.decode()
    assert "其余 1 个组织一律无异议" in page
    assert "对尚未出具本部门意见的 1 个组织一律出具“无异议”意见？" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_opinions_url(campaign), {"action": "no_objection_all"}, follow=True)
    assert "已对 1 个组织出具“无异议”意见" in response.content.decode()
    kinds = dict(DepartmentOpinion.objects.filter(department=reviewer.department).values_list("evaluation", "kind"))
    assert kinds == {vetoed.pk: OpinionKind.VETO, rest.pk: OpinionKind.NO_OBJECTION}
    assert "一律无异议" not in response.content.decode()


def test_no_objection_on_all_after_the_deadline_is_refused_and_saves_nothing(district, campaign, login):
    _deadline_passed(campaign)
    client = login(district.users["department_reviewer"])
    response = client.post(_opinions_url(campaign), {"action": "no_objection_all"}, follow=True)
    assert "截止时间" in response.content.decode() and "已过" in response.content.decode()
    assert not DepartmentOpinion.objects.exists()
