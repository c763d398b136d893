"""One-time vote codes: 128 random bits, stored only as a SHA-256, expiring, each used once."""

import hashlib
import math
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Ballot, VoteCode
from evaluations.services.votes.ballots import ballot_cast_with_code, vote_code_redeem
from evaluations.services.votes.codes import vote_code_hash, vote_code_new
from evaluations.services.votes.surveys import VoteRefused
from orgs.models import AuditEvent
from tests.support.votes import issue_codes, open_survey


def test_a_code_carries_at_least_128_random_bits_without_look_alike_characters():
    codes = {vote_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    used = set("".join(codes))
    assert not used & set("0Oo1Il")
    assert all(len(code) * math.log2(len(used)) >= 128 for code in codes)  # the alphabet drawn from, at most


def test_a_code_issued_before_with_look_alike_characters_still_votes(district):
    survey = open_survey(district)
    old_code = "Il0O1lIO0o_-Il0O1lIO0o"  # URL-safe base64 as codes were issued before
    VoteCode.objects.create(
        survey=survey,
        code_hash=vote_code_hash(old_code),
        expires_at=timezone.now() + timedelta(days=1),
        created_by=district.users["street_staff"],
    )
    ballot_cast_with_code(code=old_code, option="satisfied")
    assert Ballot.objects.filter(survey=survey).count() == 1


def test_only_the_sha256_of_a_code_is_stored(district):
    survey = open_survey(district)
    codes = issue_codes(district, survey, 3, days=7)
    stored = set(VoteCode.objects.values_list("code_hash", flat=True))
    assert stored == {hashlib.sha256(code.encode()).hexdigest() for code in codes}
    assert not {field.name for field in VoteCode._meta.get_fields()} & {"code", "plain_code", "used_at"}
    assert vote_code_hash(codes[0]) in stored
    issued = AuditEvent.objects.get(action=EvaluationAuditAction.VOTE_CODES_ISSUE)
    assert (issued.actor, issued.object_id, issued.detail["vote_codes_issued"]) == (
        district.users["street_staff"],
        str(survey.pk),
        3,
    )
    assert not any(code in str(issued.detail) for code in codes)


@pytest.mark.parametrize("count", [0, -1, 1001])
def test_a_bad_count_is_refused_and_issues_nothing(district, count):
    survey = open_survey(district)
    with pytest.raises(VoteRefused) as refusal:
        issue_codes(district, survey, count, days=1)
    assert "1" in refusal.value.messages[0] and "1000" in refusal.value.messages[0]
    assert not VoteCode.objects.exists()


def test_a_code_that_expired_is_refused_and_changes_nothing(district):
    survey = open_survey(district, days=30)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        (code,) = issue_codes(district, survey, days=2)
        assert VoteCode.objects.get(pk=vote_code_redeem(code=code)).survey == survey
        traveller.shift(timedelta(days=2, seconds=1))
        with pytest.raises(VoteRefused) as refusal:
            ballot_cast_with_code(code=code, option="satisfied")
    assert refusal.value.code == "expired"
    assert "过期" in refusal.value.messages[0]
    assert not Ballot.objects.exists()
    assert not VoteCode.objects.get().used


def test_a_used_code_is_refused_the_second_time(district):
    survey = open_survey(district)
    (code,) = issue_codes(district, survey, days=2)
    ballot_cast_with_code(code=code, option="fair")
    with pytest.raises(VoteRefused) as refusal:
        ballot_cast_with_code(code=code, option="satisfied")
    assert refusal.value.code == "used"
    assert "已经使用" in refusal.value.messages[0]
    assert list(Ballot.objects.values_list("option", flat=True)) == ["fair"]
    used = VoteCode.objects.get()
    assert used.used and used.used_on == timezone.localdate()


def test_an_unknown_code_and_a_bad_option_are_refused(district):
    survey = open_survey(district)
    (code,) = issue_codes(district, survey, days=2)
    with pytest.raises(VoteRefused) as unknown:
        ballot_cast_with_code(code=vote_code_new(), option="satisfied")
    with pytest.raises(VoteRefused) as bad_option:
        ballot_cast_with_code(code=code, option="excellent")
    assert (unknown.value.code, bad_option.value.code) == ("unknown", "bad_option")
    assert not Ballot.objects.exists()
    assert not VoteCode.objects.get().used


def test_a_closed_survey_takes_no_ballot(district):
    from evaluations.services.votes.surveys import survey_close

    survey = open_survey(district)
    (code,) = issue_codes(district, survey, days=2)
    survey_close(survey=survey, by=district.users["street_staff"])
    with pytest.raises(VoteRefused) as refusal:
        ballot_cast_with_code(code=code, option="satisfied")
    assert refusal.value.code == "closed"
    assert not Ballot.objects.exists()


def test_opening_and_closing_a_survey_is_audited(district):
    from evaluations.services.votes.surveys import survey_close
    from orgs.models import AuditEvent
    from tests.support.votes import open_survey

    survey = open_survey(district)
    survey_close(survey=survey, by=district.users["street_staff"])
    for action in (EvaluationAuditAction.SURVEY_OPEN, EvaluationAuditAction.SURVEY_CLOSE):
        assert AuditEvent.objects.filter(action=action, object_type="survey", object_id=str(survey.pk)).exists()
