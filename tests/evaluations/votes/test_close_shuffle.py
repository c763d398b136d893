"""Closing a survey rewrites its ballots in random order: after the close, neither the rows' order on disk nor
the transaction that wrote them follows the order of voting, and the counts do not change."""

import threading
from collections import Counter

import pytest
from django.db import connection

from evaluations.models import Ballot, MemberVote, Survey, VoteCode
from evaluations.services.votes.ballots import ballot_cast_by_member, ballot_cast_with_code
from evaluations.services.votes.surveys import VoteRefused, survey_close
from tests.factories import build_district
from tests.support.votes import issue_codes, open_survey

OPTIONS = ("satisfied", "fairly_satisfied", "fair", "unsatisfied")


def _codes(district, survey: Survey, count: int) -> list[str]:
    return issue_codes(district, survey, count, days=1)


def _options_in_storage_order(survey: Survey) -> list[str]:
    """The ballots' options in the order the database keeps the rows (PostgreSQL's ctid, SQLite's rowid)."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "option" FROM evaluations_ballot WHERE survey_id = %s ORDER BY {position}',  # noqa: S608
            [survey.pk],
        )
        return [option for (option,) in cursor.fetchall()]


def _writing_transactions(table: str, survey: Survey, condition: str = "TRUE") -> set[str]:
    """PostgreSQL: the ids of the transactions that wrote the survey's rows of a table (``xmin``)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE survey_id = %s AND {condition}", [survey.pk])  # noqa: S608
        return {xmin for (xmin,) in cursor.fetchall()}


def test_after_the_close_the_ballots_are_stored_in_an_order_unrelated_to_voting(district):
    survey = open_survey(district)
    codes = _codes(district, survey, 24)
    voting_order = [OPTIONS[index // 6] for index in range(24)]  # six of each, in blocks
    for code, option in zip(codes, voting_order, strict=True):
        ballot_cast_with_code(code=code, option=option)
    ids_before = set(Ballot.objects.filter(survey=survey).values_list("pk", flat=True))

    survey_close(survey=survey, by=district.users["street_staff"])

    stored = _options_in_storage_order(survey)
    assert stored != voting_order  # the same order by chance: about 1 in 3·10^12
    assert Counter(stored) == Counter(voting_order)
    ids_after = set(Ballot.objects.filter(survey=survey).values_list("pk", flat=True))
    assert len(ids_after) == 24 and not ids_after & ids_before
    assert Ballot.objects.filter(survey=survey).count() == VoteCode.objects.filter(survey=survey, used=True).count()


def test_closing_keeps_the_counts_per_rater_group_and_option_and_the_days(district):
    survey = open_survey(district)
    for code, option in zip(_codes(district, survey, 8), OPTIONS * 2, strict=True):
        ballot_cast_with_code(code=code, option=option)
    ballot_cast_by_member(survey=survey, member=district.member, option="fair")
    before = Counter(Ballot.objects.filter(survey=survey).values_list("option", "rater_group", "cast_on"))

    survey_close(survey=survey, by=district.users["street_staff"])
    survey_close(survey=survey, by=district.users["street_staff"])  # closing again changes no count

    assert Counter(Ballot.objects.filter(survey=survey).values_list("option", "rater_group", "cast_on")) == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_the_close_no_ballot_shares_its_transaction_with_a_code_or_a_member_vote():
    district = build_district()
    survey = open_survey(district)
    for code, option in zip(_codes(district, survey, 6), OPTIONS + OPTIONS[:2], strict=True):
        ballot_cast_with_code(code=code, option=option)
    ballot_cast_by_member(survey=survey, member=district.member, option="fair")

    def voter_side() -> set[str]:
        return _writing_transactions("evaluations_votecode", survey, "used") | _writing_transactions(
            "evaluations_membervote", survey
        )

    # While the survey is open, each ballot was written by the transaction that used its code or vote.
    assert _writing_transactions("evaluations_ballot", survey) == voter_side()

    survey_close(survey=survey, by=district.users["street_staff"])

    written_by = _writing_transactions("evaluations_ballot", survey)
    assert len(written_by) == 1  # all by the close
    assert not written_by & voter_side()
    assert Ballot.objects.filter(survey=survey).count() == 7


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ballots_racing_the_close_are_written_before_it_or_refused_as_closed():
    district = build_district()
    survey = open_survey(district)
    codes = _codes(district, survey, 30)
    barrier = threading.Barrier(len(codes) + 1)
    lock = threading.Lock()
    outcomes: list[str] = []

    def cast(code: str) -> None:
        try:
            barrier.wait(timeout=30)
            ballot_cast_with_code(code=code, option="satisfied")
            outcome = "cast"
        except VoteRefused as refusal:
            outcome = refusal.code
        except BaseException as error:  # reported by the test, never swallowed
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    def close() -> None:
        try:
            barrier.wait(timeout=30)
            survey_close(survey=Survey.objects.get(pk=survey.pk), by=district.users["street_staff"])
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(code,)) for code in codes] + [threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    counts = Counter(outcomes)
    assert set(counts) <= {"cast", "closed"} and counts.total() == 30
    assert Ballot.objects.filter(survey=survey).count() == counts["cast"]
    assert VoteCode.objects.filter(survey=survey, used=True).count() == counts["cast"]
    assert MemberVote.objects.filter(survey=survey).count() == 0
    # Every ballot that was cast was rewritten by the close: none landed after it.
    assert len(_writing_transactions("evaluations_ballot", survey)) <= 1
