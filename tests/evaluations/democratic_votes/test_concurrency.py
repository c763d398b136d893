"""On PostgreSQL with real threads: one voter's sheet submitted 50 times at once is recorded once."""

import pytest

from evaluations.models import DemocraticBallot, DemocraticVoter
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from tests.factories import build_district
from tests.support.democratic_votes import open_branch_vote, sheet_choices
from tests.support.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 50


def test_fifty_concurrent_submissions_of_one_sheet_record_one():
    district = build_district()
    vote = open_branch_vote(district)
    choices = sheet_choices(vote, district.member)
    succeeded, refusals, errors = race(
        lambda: democratic_sheet_submit(vote=vote, member=district.member, choices=choices), attempts=ATTEMPTS
    )
    assert errors == []
    assert (succeeded, len(refusals)) == (1, ATTEMPTS - 1)
    assert {refusal.code for refusal in refusals} == {"already_voted"}
    assert DemocraticVoter.objects.filter(vote=vote).count() == 1
    assert DemocraticBallot.objects.filter(vote=vote).count() == len(choices) == 3
