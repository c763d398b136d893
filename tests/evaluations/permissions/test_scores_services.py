"""Saving scores and adding evidence check who acts, whoever calls them: the organization's administrator enters the
self-assessment, the street's staff the review; anyone else is refused (403, audited) and nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import Evaluation, Evidence, Score, ScoreChange, Stage
from evaluations.rules.workflow import StageKind
from evaluations.services.evidence import evidence_add
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minutes of the meeting\n"
# Who may not enter each stage's scores of the street's community, with the capability the stage needs.
REFUSED = [
    (Stage.SELF_ASSESSMENT, StageKind.SELF_ASSESSMENT, "street_staff", Capability.ENTER_SELF_ASSESSMENT),
    (Stage.SELF_ASSESSMENT, StageKind.SELF_ASSESSMENT, "outsider", Capability.ENTER_SELF_ASSESSMENT),
    (Stage.SELF_ASSESSMENT, StageKind.SELF_ASSESSMENT, "department_reviewer", Capability.ENTER_SELF_ASSESSMENT),
    (Stage.REVIEW, StageKind.REVIEW, "org_admin", Capability.REVIEW_SCORES),
    (Stage.REVIEW, StageKind.REVIEW, "outsider", Capability.REVIEW_SCORES),
    (Stage.REVIEW, StageKind.REVIEW, "district_approver", Capability.REVIEW_SCORES),
]


@pytest.fixture
def community(district):
    return evaluation_of(open_community_campaign(district), district.community)


@pytest.mark.parametrize(("stage", "kind", "username", "capability"), REFUSED)
def test_scores_of_a_stage_are_saved_only_by_who_enters_that_stage(
    district, community, stage, kind, username, capability
):
    evaluation = at_stage(community, kind)
    user = district.users[username]
    version = Evaluation.objects.get(pk=evaluation.pk).lock_version

    assert_refused(
        user,
        capability,
        lambda: scores_save(evaluation=evaluation, stage=stage, values={"A1.1": ScoreInput("1")}, vetoes=None, by=user),
    )

    assert not Score.objects.exists() and not ScoreChange.objects.exists()
    assert Evaluation.objects.get(pk=evaluation.pk).lock_version == version


@pytest.mark.parametrize(("stage", "kind", "username", "capability"), REFUSED)
def test_evidence_of_a_stage_is_added_only_by_who_enters_that_stage(
    district, community, stage, kind, username, capability
):
    evaluation = at_stage(community, kind)
    user = district.users[username]
    upload = SimpleUploadedFile("会议记录.pdf", PDF)

    assert_refused(
        user,
        capability,
        lambda: evidence_add(evaluation=evaluation, stage=stage, code="A1.1", upload=upload, by=user),
    )

    assert not Evidence.objects.exists()


def test_a_system_job_saves_scores_without_an_actor(community):
    saved = scores_save(
        evaluation=community, stage=Stage.SELF_ASSESSMENT, values={"A1.1": ScoreInput("1")}, vetoes=None, by=None
    )

    assert Score.objects.get(evaluation=saved).points == 1
