"""Moving evaluations between stages: who may, what a refusal leaves, history and audit, revisions."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import EvaluationStatus, Objection, Transition
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.scores.inputs import ScoreErrors, ScoreInput
from evaluations.services.scores.sheet import evaluation_submit, scores_save
from evaluations.services.transitions import StaleEvaluation, TransitionRefused, evaluation_transition
from orgs.models import AuditEvent, AuditOutcome
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _snapshot(evaluation):
    evaluation.refresh_from_db()
    return (evaluation.stage_id, evaluation.status, evaluation.lock_version, evaluation.stage_entered_at)


def test_the_community_submits_and_the_street_reviews_next(district, evaluation):
    moved = evaluation_submit(evaluation=evaluation, by=district.users["org_admin"])
    assert moved.stage.kind == StageKind.REVIEW and moved.lock_version == 1
    transition = Transition.objects.get(evaluation=evaluation)
    assert (transition.action, transition.from_stage.kind, transition.to_stage.kind) == (
        Action.SUBMIT,
        StageKind.SELF_ASSESSMENT,
        StageKind.REVIEW,
    )
    assert transition.by == district.users["org_admin"]
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.TRANSITION, object_id=str(evaluation.pk)).exists()


@pytest.mark.parametrize("username", ["street_staff", "district_approver", "department_reviewer", "member"])
def test_only_the_community_submits_its_self_assessment_and_a_refusal_changes_nothing(district, evaluation, username):
    before = _snapshot(evaluation)
    with pytest.raises(TransitionRefused) as caught:
        evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=district.users[username])
    assert "自评" in caught.value.messages[0]
    assert _snapshot(evaluation) == before
    assert not Transition.objects.exists()
    refusal = AuditEvent.objects.get(action=EvaluationAuditAction.TRANSITION, outcome=AuditOutcome.REFUSED)
    assert refusal.actor == district.users[username]


def test_the_street_returns_a_review_with_a_reason_and_the_community_can_score_again(district, evaluation):
    evaluation_submit(evaluation=evaluation, by=district.users["org_admin"])
    with pytest.raises(TransitionRefused, match="请填写理由"):
        evaluation_transition(evaluation=evaluation, action=Action.RETURN, by=district.users["street_staff"])
    evaluation_transition(
        evaluation=evaluation, action=Action.RETURN, by=district.users["street_staff"], reason="佐证材料不全"
    )
    scores_save(evaluation=evaluation, stage="self_assessment", values={"A1.1": ScoreInput("1")}, vetoes=None, by=None)
    assert Transition.objects.filter(action=Action.RETURN).get().reason == "佐证材料不全"


def test_publicity_cannot_close_before_three_days_nor_with_an_unanswered_objection(district, evaluation):
    at_stage(evaluation, StageKind.PUBLICITY)
    street = district.users["street_staff"]
    with pytest.raises(TransitionRefused, match="3 天"):
        evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=street)
    objection = Objection.objects.create(evaluation=evaluation, text="组织生活记录不实")
    later = timezone.now() + timedelta(days=3, minutes=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(TransitionRefused, match="1 条异议"):
            evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=street)
        objection.answer, objection.answered_at = "经核实，记录齐全。", timezone.now()
        objection.save()
        moved = evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=street)
    assert moved.stage.kind == StageKind.CONSULTATION


def test_approval_freezes_and_only_a_revision_with_a_reason_opens_it_again(district, evaluation):
    at_stage(evaluation, StageKind.APPROVAL)
    approved = evaluation_transition(
        evaluation=evaluation, action=Action.SUBMIT, by=district.users["district_approver"]
    )
    assert approved.status == EvaluationStatus.APPROVED and approved.approved_stars == 0
    with pytest.raises(ScoreErrors):
        scores_save(evaluation=evaluation, stage="review", values={"A1.1": ScoreInput("1")}, vetoes=None, by=None)
    with pytest.raises(TransitionRefused, match="审定并锁定"):
        evaluation_transition(
            evaluation=evaluation, action=Action.REOPEN, by=district.users["district_admin"], reason="x", target_order=1
        )
    revised = evaluation_transition(
        evaluation=evaluation,
        action=Action.REVISE,
        by=district.users["district_admin"],
        reason="信访部门反映情况属实，更正复核分",
        target_order=1,
    )
    assert (revised.status, revised.stage.kind, revised.revision) == (EvaluationStatus.IN_PROGRESS, "review", 1)
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.REVISION, object_id=str(evaluation.pk)).exists()


def test_a_form_with_an_old_version_is_told_that_the_evaluation_changed(district, evaluation):
    at_stage(evaluation, StageKind.REVIEW)
    version = evaluation.lock_version
    evaluation_transition(
        evaluation=evaluation, action=Action.SUBMIT, by=district.users["street_staff"], lock_version=version
    )
    with pytest.raises(StaleEvaluation, match="已被他人更改"):
        evaluation_transition(
            evaluation=evaluation,
            action=Action.RETURN,
            by=district.users["street_staff"],
            reason="重新核对",
            lock_version=version,
        )
    assert Transition.objects.count() == 1
