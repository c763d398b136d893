"""The quorum (two thirds of the branch's members by default, or the template's): shown, and the vote cannot close
below it."""

import pytest

from evaluations.models import DemocraticVote, DemocraticVoteStatus
from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import democratic_vote_close
from evaluations.services.votes.surveys import VoteRefused
from orgs.models import AuditEvent, Member
from tests.support.democratic_votes import open_branch_vote, rated_by_name, sheet_choices


def _vote_as(vote, *names):
    for member in Member.objects.filter(branch_id=vote.branch_id, name__in=names):
        democratic_sheet_submit(vote=vote, member=member, choices=sheet_choices(vote, member))


def test_a_vote_below_quorum_cannot_close(district):
    vote = open_branch_vote(district)  # four members: the quorum is 3
    _vote_as(vote, "张三", "王五")
    with pytest.raises(VoteRefused) as refused:
        democratic_vote_close(vote=vote, by=district.users["org_admin"])
    assert refused.value.messages[0] == "应投 4 人，已投仅 2 人，未达到法定人数 3 人，不能结束民主测评。"
    assert DemocraticVote.objects.get(pk=vote.pk).status == DemocraticVoteStatus.OPEN
    tally = vote_tallies([rated_by_name(vote)["赵六"].pk])[rated_by_name(vote)["赵六"].pk]
    assert (tally.voters_counted, tally.eligible_voters, tally.quorum_required, tally.quorum_met) == (2, 4, 3, False)


def test_the_vote_closes_at_the_quorum_and_takes_no_more_sheets(district):
    vote = open_branch_vote(district)
    _vote_as(vote, "张三", "王五", "赵六")
    democratic_vote_close(vote=vote, by=district.users["org_admin"])
    assert DemocraticVote.objects.get(pk=vote.pk).status == DemocraticVoteStatus.CLOSED
    assert AuditEvent.objects.filter(action="democratic_vote_close", object_id=str(vote.pk)).exists()
    with pytest.raises(VoteRefused) as refused:
        _vote_as(vote, "钱七")
    assert refused.value.code == "closed"


def test_the_template_may_set_another_quorum(district):
    vote = open_branch_vote(district, democratic_vote={"quorum": "4/5"})
    assert vote.quorum == "4/5"
    tally = next(iter(vote_tallies([rated_by_name(vote)["王五"].pk]).values()))
    assert tally.quorum_required == 4  # 4/5 of 4 members, rounded up


def test_only_the_branch_secretary_closes_the_vote(district):
    vote = open_branch_vote(district)
    _vote_as(vote, "张三", "王五", "赵六")
    with pytest.raises(Exception) as refused:
        democratic_vote_close(vote=vote, by=district.users["street_staff"])
    assert refused.type.__name__ == "PermissionDenied"
    assert DemocraticVote.objects.get(pk=vote.pk).status == DemocraticVoteStatus.OPEN
