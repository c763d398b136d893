"""The publicity's services check who acts, whoever calls them: the street's staff answer its objections and close
its publicity; staff of another street, or anyone else, are refused (403, audited) and nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import Evaluation, Objection
from evaluations.rules.workflow import StageKind
from evaluations.services.publicity import objection_answer, publicity_close
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicised(district):
    """The street's community at the publicity stage for longer than its days, with one objection filed."""
    campaign = open_community_campaign(district)
    evaluation = at_stage(evaluation_of(campaign, district.community), StageKind.PUBLICITY)
    Evaluation.objects.filter(pk=evaluation.pk).update(stage_entered_at=timezone.now() - timedelta(days=10))
    return campaign, evaluation, Objection.objects.create(evaluation=evaluation, text="党员大会记录缺失")


@pytest.mark.parametrize("username", ["outsider", "org_admin", "department_reviewer", "district_approver"])
def test_only_the_streets_staff_answer_its_objections(district, publicised, username):
    _campaign, _evaluation, objection = publicised
    user = district.users[username]

    assert_refused(
        user, Capability.RUN_PUBLICITY, lambda: objection_answer(objection=objection, answer="越权答复", by=user)
    )

    objection.refresh_from_db()
    assert (objection.answer, objection.answered_by, objection.answered_at) == ("", None, None)


@pytest.mark.parametrize("username", ["outsider", "org_admin", "department_reviewer", "district_approver"])
def test_only_the_streets_staff_close_its_publicity(district, publicised, username):
    campaign, evaluation, objection = publicised
    objection_answer(objection=objection, answer="经核实，记录齐全。", by=district.users["street_staff"])
    user = district.users[username]

    assert_refused(
        user, Capability.RUN_PUBLICITY, lambda: publicity_close(campaign=campaign, street=district.street, by=user)
    )

    assert Evaluation.objects.get(pk=evaluation.pk).stage.kind == StageKind.PUBLICITY
