"""A member's sheet: one choice about every other member of the branch, submitted once, counted per member."""

import pytest

from evaluations.models import DemocraticBallot, DemocraticVoter
from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.votes.surveys import VoteRefused
from tests.support.democratic_votes import open_branch_vote, rated_by_name, sheet_choices


def test_a_members_sheet_counts_one_choice_about_each_other_member(district):
    vote = open_branch_vote(district)
    democratic_sheet_submit(
        vote=vote, member=district.member, choices=sheet_choices(vote, district.member, 王五="excellent")
    )
    rated = rated_by_name(vote)
    tallies = vote_tallies([evaluation.pk for evaluation in rated.values()])
    assert tallies[rated["王五"].pk].counts == {
        "excellent": 1,
        "qualified": 0,
        "basically_qualified": 0,
        "unqualified": 0,
    }
    assert tallies[rated["赵六"].pk].counts["qualified"] == 1
    assert tallies[rated["张三"].pk].ballots_counted == 0  # nobody rates themselves
    assert (tallies[rated["王五"].pk].voters_counted, tallies[rated["王五"].pk].eligible_voters) == (1, 4)


def test_a_sheet_missing_a_member_is_refused_naming_them_and_changes_nothing(district):
    vote = open_branch_vote(district)
    choices = sheet_choices(vote, district.member)
    del choices[rated_by_name(vote)["钱七"].pk]
    with pytest.raises(VoteRefused) as refused:
        democratic_sheet_submit(vote=vote, member=district.member, choices=choices)
    assert "钱七" in refused.value.messages[0]
    assert (DemocraticVoter.objects.count(), DemocraticBallot.objects.count()) == (0, 0)


def test_a_choice_that_is_not_an_option_is_refused_naming_the_member(district):
    vote = open_branch_vote(district)
    with pytest.raises(VoteRefused) as refused:
        democratic_sheet_submit(
            vote=vote, member=district.member, choices=sheet_choices(vote, district.member, 赵六="perfect")
        )
    assert "赵六" in refused.value.messages[0] and "优秀" in refused.value.messages[0]
    assert DemocraticBallot.objects.count() == 0


def test_a_member_submits_once(district):
    vote = open_branch_vote(district)
    democratic_sheet_submit(vote=vote, member=district.member, choices=sheet_choices(vote, district.member))
    with pytest.raises(VoteRefused) as refused:
        democratic_sheet_submit(vote=vote, member=district.member, choices=sheet_choices(vote, district.member))
    assert refused.value.code == "already_voted"
    assert (DemocraticVoter.objects.count(), DemocraticBallot.objects.count()) == (1, 3)


def test_a_member_of_another_branch_cannot_vote(district):
    vote = open_branch_vote(district)
    with pytest.raises(VoteRefused) as refused:
        democratic_sheet_submit(vote=vote, member=district.other_member, choices={})
    assert refused.value.code == "not_member"
    assert "本支部" in refused.value.messages[0] or "支部" in refused.value.messages[0]
