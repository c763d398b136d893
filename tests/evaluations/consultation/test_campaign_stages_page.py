"""The district sets a campaign's stage deadlines, least days and the departments it consults."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import CampaignStage, OpinionKind
from evaluations.rules.workflow import StageKind
from evaluations.services.consultation import opinion_give
from orgs.models import AuditAction, AuditEvent, AuditOutcome, Department
from tests.support.consultation import consulting_campaign, reviewed_at_consultation

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def campaign(district):
    campaign = consulting_campaign(district, deadline_in_days=None)
    campaign.departments.clear()
    return campaign


def _url(campaign):
    return reverse("evaluations:campaign_stages", kwargs={"pk": campaign.pk})


def _stages(campaign) -> dict[str, CampaignStage]:
    return {stage.kind: stage for stage in CampaignStage.objects.filter(campaign=campaign)}


def _form(campaign, **changes) -> dict:
    """The page's fields as saved, with ``kind`` → (deadline, least days) changes."""
    data: dict = {"departments": [str(pk) for pk in Department.objects.values_list("pk", flat=True)]}
    for kind, stage in _stages(campaign).items():
        deadline, days = changes.get(kind, ("", stage.min_days))
        data[f"deadline-{stage.pk}"] = deadline
        data[f"min_days-{stage.pk}"] = str(days)
    return data


def test_the_page_shows_the_stages_and_proposes_the_six_departments(district, campaign, login):
    page = login(district.users["district_admin"]).get(_url(campaign)).content.decode()
    for text in ("自评", "复核", "公示", "部门联审意见", "审定", "街道党工委工作人员"):
        assert text in page
    assert "尚未选择联审部门：默认勾选全部区级部门。" in page
    assert page.count('name="departments"') == 6 and page.count(" checked>") == 6


def test_saving_sets_deadlines_days_and_departments_and_is_audited(district, campaign, login):
    client = login(district.users["district_admin"])
    data = _form(campaign, publicity=("2026-11-10T18:00", 5), consultation=("2026-11-20T17:00", 0))
    data["departments"] = [str(Department.objects.get(code=code).pk) for code in ("discipline", "audit")]
    response = client.post(_url(campaign), data)
    assert response.status_code == 302
    stages = _stages(campaign)
    assert stages["publicity"].min_days == 5
    assert timezone.localtime(stages["consultation"].deadline).replace(tzinfo=None) == datetime(2026, 11, 20, 17, 0)
    assert set(campaign.departments.values_list("name", flat=True)) == {"纪检", "审计"}
    event = AuditEvent.objects.filter(object_type="campaign", object_id=str(campaign.pk)).latest("pk")
    assert (event.action, event.action_label) == (
        EvaluationAuditAction.CAMPAIGN_SETUP,
        "设置评定环节和联审部门",
    )
    assert event.detail["departments"] == ["audit", "discipline"]
    assert "环节设置和联审部门已保存。" in client.get(_url(campaign)).content.decode()


def test_a_bad_deadline_and_a_short_publicity_name_their_stage_and_change_nothing(district, campaign, login):
    client = login(district.users["district_admin"])
    response = client.post(_url(campaign), _form(campaign, review=("明天", 0), publicity=("", 2)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 2 步（复核）：截止时间不是有效的日期和时间（例如 2026-06-30 17:00）。" in page
    assert "第 3 步（公示）：公示期不少于 3 天。" in page
    assert 'value="明天"' in page  # the typed value stays
    assert _stages(campaign)["publicity"].min_days == 3
    assert not campaign.departments.exists()
    assert AuditEvent.objects.filter(
        object_type="campaign", action=EvaluationAuditAction.CAMPAIGN_SETUP, outcome=AuditOutcome.REFUSED
    ).exists()


def test_deadlines_follow_the_order_of_the_stages(district, campaign, login):
    client = login(district.users["district_admin"])
    response = client.post(
        _url(campaign), _form(campaign, review=("2026-10-31T17:00", 0), publicity=("2026-10-20T17:00", 3))
    )
    assert response.status_code == 400
    assert "第 3 步（公示）：截止时间早于第 2 步（复核）的截止时间。" in response.content.decode()
    assert _stages(campaign)["review"].deadline is None


def test_a_department_that_gave_opinions_stays_consulted(district, campaign, login):
    campaign.departments.set(Department.objects.all())
    evaluation = reviewed_at_consultation(campaign, district.community)
    opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=district.users["department_reviewer"])
    data = _form(campaign)
    data["departments"] = [str(Department.objects.get(code="audit").pk)]
    response = login(district.users["district_admin"]).post(_url(campaign), data)
    assert response.status_code == 400
    assert "纪检已在本次评星定级活动中提出意见，不能取消征求其意见。" in response.content.decode()
    assert campaign.departments.count() == 6


def test_the_kinds_and_roles_of_the_stages_are_not_changed_by_the_page(district, campaign, login):
    before = list(CampaignStage.objects.filter(campaign=campaign).values_list("order", "kind", "actor_role"))
    data = _form(campaign) | {"kind-1": "approval", "actor_role-1": "org_admin"}
    login(district.users["district_admin"]).post(_url(campaign), data)
    assert list(CampaignStage.objects.filter(campaign=campaign).values_list("order", "kind", "actor_role")) == before
    assert _stages(campaign)[StageKind.REVIEW].actor_role == "street_staff"


def test_street_staff_cannot_change_the_stages(district, campaign, login):
    response = login(district.users["street_staff"]).post(_url(campaign), _form(campaign, publicity=("", 1)))
    assert response.status_code == 403
    assert _stages(campaign)["publicity"].min_days == 3
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["street_staff"]).exists()


def test_the_procedure_list_marks_where_the_evaluations_are_and_says_departments_give_opinions(
    district, campaign, login
):
    page = login(district.users["district_admin"]).get(_url(campaign)).content.decode()
    first = _stages(campaign)["self_assessment"]
    row = page.split(f'id="stage-{first.pk}"')[1].split("</tr>")[0]
    assert 'aria-current="step"' in row and "个办理中" in row
    assert "区级部门出具意见，区级管理员结束本环节" in page
