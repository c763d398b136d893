"""A district department gives one opinion per organization in the joint review ("X+2"), and only then."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import DepartmentOpinion, OpinionKind, VetoHit
from evaluations.rules.workflow import StageKind
from evaluations.services.consultation import opinion_give
from orgs.models import AuditEvent, AuditOutcome
from tests.support.consultation import consulting_campaign, department, reviewed_at_consultation
from tests.support.evaluations import at_stage

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def campaign(district):
    return consulting_campaign(district)


@pytest.fixture
def evaluation(district, campaign):
    return reviewed_at_consultation(campaign, district.community)


def _refusals():
    return AuditEvent.objects.filter(action=EvaluationAuditAction.OPINION_GIVE, outcome=AuditOutcome.REFUSED)


def test_a_department_gives_no_objection_and_it_is_audited(district, evaluation):
    reviewer = district.users["department_reviewer"]
    opinion = opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=reviewer)
    assert (opinion.department.name, opinion.kind, opinion.given_by) == ("纪检", "no_objection", reviewer)
    event = AuditEvent.objects.get(action=EvaluationAuditAction.OPINION_GIVE, outcome=AuditOutcome.SUCCESS)
    assert event.detail["department"] == "discipline" and event.object_id == str(evaluation.pk)


def test_changing_the_opinion_keeps_one_per_department(district, evaluation):
    reviewer = district.users["department_reviewer"]
    opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=reviewer)
    opinion_give(evaluation=evaluation, kind=OpinionKind.CONCERN, note="信访件办结率偏低", by=reviewer)
    (opinion,) = DepartmentOpinion.objects.filter(evaluation=evaluation)
    assert (opinion.kind, opinion.note) == ("concern", "信访件办结率偏低")


def test_a_concern_without_a_note_is_refused_naming_the_organization(district, evaluation):
    with pytest.raises(ValidationError) as refused:
        opinion_give(
            evaluation=evaluation, kind=OpinionKind.CONCERN, note="  ", by=district.users["department_reviewer"]
        )
    assert refused.value.messages == ["东城第一社区党委：提出意见须填写说明。"]
    assert not DepartmentOpinion.objects.exists()
    assert _refusals().count() == 1


def test_a_veto_names_a_veto_item_of_the_template(district, evaluation):
    reviewer = district.users["department_reviewer"]
    with pytest.raises(ValidationError) as unnamed:
        opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, note="违规", by=reviewer)
    with pytest.raises(ValidationError) as unknown:
        opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="A1.1", note="违规", by=reviewer)
    with pytest.raises(ValidationError) as without_note:
        opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V04", by=reviewer)
    assert unnamed.value.messages == ["东城第一社区党委：否决须指明所触及的否定项。"]
    assert unknown.value.messages == ["东城第一社区党委：A1.1 不是本指标体系的否定项。"]
    assert without_note.value.messages == ["东城第一社区党委：否决须填写理由。"]
    assert not DepartmentOpinion.objects.exists() and not VetoHit.objects.filter(stage="consultation").exists()


def test_no_opinion_before_the_organization_reaches_the_consultation(district, campaign, evaluation):
    at_stage(evaluation, StageKind.PUBLICITY)
    with pytest.raises(ValidationError) as refused:
        opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=district.users["department_reviewer"])
    assert refused.value.messages == ["东城第一社区党委 不在部门联审意见阶段，现在不能提出意见。"]
    assert not DepartmentOpinion.objects.exists()
    assert _refusals().count() == 1


def test_no_opinion_from_a_department_the_campaign_does_not_consult(district, campaign, evaluation):
    campaign.departments.remove(department("discipline"))
    with pytest.raises(ValidationError) as refused:
        opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=district.users["department_reviewer"])
    assert refused.value.messages == ["本次评星定级活动未征求纪检的意见。"]
    assert not DepartmentOpinion.objects.exists()


def test_no_opinion_after_the_deadline(district, evaluation):
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False), pytest.raises(ValidationError) as refused:
        opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=district.users["department_reviewer"])
    assert "联审意见的截止时间" in refused.value.messages[0] and "已过" in refused.value.messages[0]
    assert not DepartmentOpinion.objects.exists()


def test_an_account_without_a_department_gives_no_opinion(district, evaluation):
    with pytest.raises(ValidationError) as refused:
        opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=district.users["superuser"])
    assert refused.value.messages == ["您的账号不属于任何区级部门：只有区级部门才能提出联审意见。"]
