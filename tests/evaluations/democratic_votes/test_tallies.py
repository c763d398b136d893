"""vote_tallies: the counts, shares and quorum of many members in a fixed number of queries."""

from decimal import Decimal

from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from orgs.models import Member
from tests.factories import MemberFactory
from tests.support.democratic_votes import open_branch_vote, open_member_campaign, rated_by_name, sheet_choices


def test_the_tallies_of_a_whole_branch_take_five_queries(district, django_assert_num_queries):
    vote = open_branch_vote(district, extra_names=[f"党员{n}" for n in range(20)])
    for member in Member.objects.filter(branch=district.branch)[:5]:
        democratic_sheet_submit(vote=vote, member=member, choices=sheet_choices(vote, member, "excellent"))
    ids = [evaluation.pk for evaluation in rated_by_name(vote).values()]
    with django_assert_num_queries(5):
        tallies = vote_tallies(ids)
    assert len(tallies) == 21
    assert all(t.voters_counted == 5 and t.eligible_voters == 21 and t.quorum_required == 14 for t in tallies.values())
    rated_by_all = [t for t in tallies.values() if t.ballots_counted == 5]
    assert rated_by_all and all(t.shares["excellent"] == Decimal(1) for t in rated_by_all)


def test_a_member_whose_branch_has_not_opened_its_vote_has_an_empty_tally(district):
    MemberFactory(branch=district.other_branch, name="孙八")
    campaign = open_member_campaign(district)
    evaluation = campaign.evaluations.get(member__name="孙八")
    tally = vote_tallies([evaluation.pk])[evaluation.pk]
    assert (tally.vote_id, tally.status, tally.ballots_counted, tally.quorum_met) == (None, "not_opened", 0, False)
    assert [code for code, _label in tally.options] == ["excellent", "qualified", "basically_qualified", "unqualified"]
