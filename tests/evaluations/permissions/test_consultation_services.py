"""The joint review's services check who acts, whoever calls them: a district department's reviewer gives the
opinions, the district sets the stages and closes the consultation; anyone else is refused (403, audited) and
nothing changes."""

import pytest

from evaluations.models import CampaignStage, DepartmentOpinion, Evaluation, OpinionKind, Stage, VetoHit
from evaluations.rules.workflow import StageKind
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.services.consultation import campaign_stages_set, consultation_close, opinion_give
from orgs.models import Department
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, consulting_campaign, reviewed_at_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(district):
    return consulting_campaign(district, deadline_in_days=-1)  # past the deadline: closing would move everyone


@pytest.fixture
def evaluation(campaign, district):
    return reviewed_at_consultation(campaign, district.community)


@pytest.mark.parametrize("username", ["street_staff", "outsider", "org_admin", "district_admin"])
def test_only_a_departments_reviewer_gives_an_opinion(district, evaluation, username):
    user = district.users[username]
    user.department = Department.objects.get(code="audit")  # a department alone does not make a reviewer
    user.save(update_fields=["department"])

    assert_refused(
        user,
        Capability.GIVE_OPINION,
        lambda: opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V11", note="越权否决", by=user),
    )

    assert not DepartmentOpinion.objects.exists()
    assert not VetoHit.objects.filter(evaluation=evaluation, stage=Stage.CONSULTATION).exists()


@pytest.mark.parametrize("username", ["department_reviewer", "street_staff", "district_approver"])
def test_only_the_district_closes_the_consultation(district, campaign, evaluation, username):
    user = district.users[username]

    assert_refused(
        user,
        Capability.MANAGE_CAMPAIGNS,
        lambda: consultation_close(campaign=campaign, evaluations=evaluations_visible_to(user), by=user),
    )

    assert Evaluation.objects.get(pk=evaluation.pk).stage.kind == StageKind.CONSULTATION


@pytest.mark.parametrize("username", ["street_staff", "outsider", "department_reviewer", "district_approver"])
def test_only_the_district_sets_the_stages_and_the_departments_consulted(district, campaign, username):
    user = district.users[username]
    stages = list(CampaignStage.objects.filter(campaign=campaign).order_by("order").values_list("deadline", "min_days"))
    consulted = set(campaign.departments.values_list("pk", flat=True))
    rows = {stage.pk: {"deadline": "", "min_days": "30"} for stage in campaign.stages.all()}

    assert_refused(
        user,
        Capability.MANAGE_CAMPAIGNS,
        lambda: campaign_stages_set(campaign=campaign, rows=rows, departments=[], by=user),
    )

    assert (
        list(CampaignStage.objects.filter(campaign=campaign).order_by("order").values_list("deadline", "min_days"))
        == stages
    )
    assert set(campaign.departments.values_list("pk", flat=True)) == consulted
