"""On PostgreSQL with real threads: one code used 50 times at once gives one ballot; a member voting twice
at once gives one ballot. Each thread has its own connection, closed at its end."""

import threading

import pytest

from evaluations.models import Ballot, MemberVote, VoteCode
from evaluations.services.votes.ballots import ballot_cast_by_member, ballot_cast_with_code
from tests.factories import build_district
from tests.support.races import race as _race
from tests.support.votes import issue_codes, open_survey

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 50


def test_fifty_concurrent_ballots_with_one_code_give_one_ballot_and_49_refusals():
    district = build_district()
    survey = open_survey(district)
    (code,) = issue_codes(district, survey, days=1)
    succeeded, refusals, errors = _race(lambda: ballot_cast_with_code(code=code, option="satisfied"))
    assert errors == []
    assert succeeded == 1
    assert len(refusals) == ATTEMPTS - 1
    assert {refusal.code for refusal in refusals} == {"used"}
    assert all("已经使用" in refusal.messages[0] for refusal in refusals)
    assert Ballot.objects.filter(survey=survey).count() == 1
    assert VoteCode.objects.filter(survey=survey, used=True).count() == 1


def test_a_member_voting_many_times_at_once_gets_one_ballot():
    district = build_district()
    survey = open_survey(district)
    succeeded, refusals, errors = _race(
        lambda: ballot_cast_by_member(survey=survey, member=district.member, option="fair"), attempts=20
    )
    assert errors == []
    assert (succeeded, len(refusals)) == (1, 19)
    assert {refusal.code for refusal in refusals} == {"already_voted"}
    assert Ballot.objects.filter(survey=survey).count() == MemberVote.objects.filter(survey=survey).count() == 1


def test_the_invariant_holds_after_concurrent_attempts_with_many_codes():
    district = build_district()
    survey = open_survey(district)
    codes = issue_codes(district, survey, 10, days=1)
    turn = iter(range(ATTEMPTS))
    lock = threading.Lock()

    def cast() -> None:
        with lock:
            index = next(turn)
        ballot_cast_with_code(code=codes[index % len(codes)], option="fairly_satisfied")

    succeeded, refusals, errors = _race(cast)
    assert errors == []
    assert (succeeded, len(refusals)) == (10, ATTEMPTS - 10)
    used = VoteCode.objects.filter(survey=survey, used=True).count()
    assert Ballot.objects.filter(survey=survey).count() == used + MemberVote.objects.filter(survey=survey).count() == 10
