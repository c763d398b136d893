"""Paper results of a branch meeting: counts per member and option entered by the branch secretary, audited,
validated with messages naming the member and the option, all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import DemocraticPaperCount, DemocraticVote
from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import democratic_paper_results_enter, democratic_vote_close
from orgs.models import AuditEvent
from tests.support.democratic_votes import open_branch_vote, rated_by_name, sheet_choices


def test_a_paper_result_entered_counts_with_the_online_sheets_and_reaches_the_quorum(district):
    vote = open_branch_vote(district)
    democratic_sheet_submit(vote=vote, member=district.member, choices=sheet_choices(vote, district.member))
    rated = rated_by_name(vote)
    democratic_paper_results_enter(
        vote=vote,
        paper_voters=2,
        counts={rated["王五"].pk: {"excellent": 2}, rated["张三"].pk: {"qualified": 1, "basically_qualified": 1}},
        by=district.users["org_admin"],
    )
    tallies = vote_tallies([rated["王五"].pk, rated["张三"].pk])
    assert tallies[rated["王五"].pk].counts["excellent"] == 2
    assert tallies[rated["王五"].pk].counts["qualified"] == 1  # 张三's sheet
    assert str(tallies[rated["王五"].pk].shares["excellent"]) == "0.6667"
    assert tallies[rated["张三"].pk].paper_counts == {
        "excellent": 0,
        "qualified": 1,
        "basically_qualified": 1,
        "unqualified": 0,
    }
    assert tallies[rated["王五"].pk].voters_counted == 3 and tallies[rated["王五"].pk].quorum_met
    event = AuditEvent.objects.get(action="democratic_vote_paper", object_id=str(vote.pk))
    assert event.actor == district.users["org_admin"] and event.detail["paper_voters"] == 2
    democratic_vote_close(vote=vote, by=district.users["org_admin"])  # 1 online + 2 on paper of 4: quorum 3


def test_paper_counts_above_the_paper_voters_are_refused_naming_the_member_and_change_nothing(district):
    vote = open_branch_vote(district)
    rated = rated_by_name(vote)
    with pytest.raises(ValidationError) as refused:
        democratic_paper_results_enter(
            vote=vote,
            paper_voters=2,
            counts={rated["赵六"].pk: {"excellent": 2, "qualified": 1}, rated["钱七"].pk: {"perfect": 1}},
            by=district.users["org_admin"],
        )
    assert refused.value.messages == [
        "赵六：纸质票合计 3 票，多于纸质投票人数 2 人。",
        "钱七：“perfect”不是本次测评的选项。",
    ]
    assert DemocraticPaperCount.objects.count() == 0
    assert DemocraticVote.objects.get(pk=vote.pk).paper_voters == 0


def test_more_voters_than_members_are_refused(district):
    vote = open_branch_vote(district)
    with pytest.raises(ValidationError) as refused:
        democratic_paper_results_enter(vote=vote, paper_voters=5, counts={}, by=district.users["org_admin"])
    assert "超过了应投人数 4 人" in refused.value.messages[0]
