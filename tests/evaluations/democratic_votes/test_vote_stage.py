"""The pioneer procedure's vote stage (seed 004: 党员自评 → 民主测评 → 支部评议): a member's evaluation cannot
leave it before the branch's democratic vote has closed, which it does only at its quorum."""

import pytest

from evaluations.rules.workflow import Action
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import democratic_vote_close
from evaluations.services.transitions import TransitionRefused, evaluation_transition
from orgs.models import Member
from tests.support.democratic_votes import open_branch_vote, rated_by_name, sheet_choices
from tests.support.evaluations import at_stage


def test_a_member_evaluation_leaves_the_vote_stage_only_once_the_vote_closed_at_its_quorum(district):
    vote = open_branch_vote(district)
    evaluation = at_stage(rated_by_name(vote)["王五"], "vote")
    secretary = district.users["org_admin"]
    with pytest.raises(TransitionRefused) as refused:
        evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=secretary)
    assert "民主测评" in refused.value.messages[0]
    for member in Member.objects.filter(branch=district.branch).order_by("pk")[:3]:
        democratic_sheet_submit(vote=vote, member=member, choices=sheet_choices(vote, member))
    democratic_vote_close(vote=vote, by=secretary)
    moved = evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=secretary)
    assert moved.stage.kind == "review"
