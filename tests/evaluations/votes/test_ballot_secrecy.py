"""Ballots are kept apart from voters, and the count of ballots always equals used codes plus member votes."""

import uuid

from django.db import models

from evaluations.models import Ballot, MemberVote, Survey, VoteCode
from evaluations.services.votes.ballots import ballot_cast_by_member, ballot_cast_with_code
from evaluations.services.votes.surveys import VoteRefused
from tests.support.votes import issue_codes, open_survey


def test_no_field_of_a_ballot_leads_to_a_voter_a_code_or_an_exact_time():
    fields = {field.name: field for field in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "survey", "option", "rater_group", "cast_on"}
    relations = {name: field.related_model for name, field in fields.items() if field.is_relation}
    assert relations == {"survey": Survey}
    assert not any(isinstance(field, models.DateTimeField) for field in fields.values())
    assert isinstance(fields["cast_on"], models.DateField)
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert not Ballot._meta.ordering


def test_the_voter_side_keeps_at_most_the_date():
    for model in (VoteCode, MemberVote):
        assert not any(
            isinstance(field, models.DateTimeField) and field.name != "expires_at"
            for field in model._meta.get_fields()
            if not field.is_relation
        )
    assert not any(field.is_relation and field.related_model is Ballot for field in VoteCode._meta.get_fields())
    assert not any(field.is_relation and field.related_model is Ballot for field in MemberVote._meta.get_fields())


def _invariant_holds(survey: Survey) -> bool:
    ballots = Ballot.objects.filter(survey=survey).count()
    used = VoteCode.objects.filter(survey=survey, used=True).count()
    return ballots == used + MemberVote.objects.filter(survey=survey).count()


def test_ballots_equal_used_codes_plus_member_votes_whatever_is_refused(district):
    survey = open_survey(district)
    codes = issue_codes(district, survey, 5, days=2)
    attempts = [
        lambda: ballot_cast_with_code(code=codes[0], option="satisfied"),
        lambda: ballot_cast_with_code(code=codes[0], option="fair"),  # used
        lambda: ballot_cast_with_code(code=codes[1], option="nonsense"),  # bad option
        lambda: ballot_cast_with_code(code="x" * 22, option="fair"),  # unknown
        lambda: ballot_cast_with_code(code=codes[2], option="unsatisfied"),
        lambda: ballot_cast_by_member(survey=survey, member=district.member, option="fairly_satisfied"),
        lambda: ballot_cast_by_member(survey=survey, member=district.member, option="fair"),  # twice
        lambda: ballot_cast_by_member(survey=survey, member=district.other_member, option="fair"),  # not a member
    ]
    refused = 0
    for attempt in attempts:
        try:
            attempt()
        except VoteRefused:
            refused += 1
        assert _invariant_holds(survey)
    assert (Ballot.objects.count(), refused) == (3, 5)
