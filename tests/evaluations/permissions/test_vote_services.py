"""The satisfaction survey's services check who acts, whoever calls them: the street's staff open and close the
surveys of its organizations and issue their codes; anyone else is refused (403, audited) and nothing changes. The
beat job closes a survey past its time without an actor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import Survey, SurveyStatus, VoteCode
from evaluations.services.votes.codes import vote_codes_issue
from evaluations.services.votes.surveys import survey_close, survey_open
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, community_evaluation, open_survey

pytestmark = pytest.mark.django_db

NOT_THE_STREET = ["outsider", "org_admin", "department_reviewer", "district_approver", "member"]


@pytest.mark.parametrize("username", NOT_THE_STREET)
def test_only_the_streets_staff_open_a_survey(district, username):
    evaluation = community_evaluation(district)
    user = district.users[username]
    now = timezone.now()

    assert_refused(
        user,
        Capability.MANAGE_SURVEYS,
        lambda: survey_open(evaluation=evaluation, opens_at=now, closes_at=now + timedelta(days=7), by=user),
    )

    assert not Survey.objects.exists()


@pytest.mark.parametrize("username", NOT_THE_STREET)
def test_only_the_streets_staff_issue_vote_codes(district, username):
    survey = open_survey(district)
    user = district.users[username]
    expires_at = timezone.now() + timedelta(days=3)

    assert_refused(
        user,
        Capability.MANAGE_SURVEYS,
        lambda: vote_codes_issue(survey=survey, count=5, expires_at=expires_at, by=user),
    )

    assert not VoteCode.objects.exists()


@pytest.mark.parametrize("username", NOT_THE_STREET)
def test_only_the_streets_staff_close_a_survey(district, username):
    survey = open_survey(district)
    user = district.users[username]

    assert_refused(user, Capability.MANAGE_SURVEYS, lambda: survey_close(survey=survey, by=user))

    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_the_beat_job_closes_a_survey_without_an_actor(district):
    survey = open_survey(district)

    survey_close(survey=survey, by=None)

    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
