"""Results: counts, fair-or-above share and a 0–100 score; Yantian's rater groups weighted per group."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.models import Survey
from evaluations.selectors.votes import evaluation_satisfaction, survey_tally
from evaluations.services.votes.ballots import ballot_cast_with_code
from evaluations.services.votes.codes import vote_codes_issue
from evaluations.services.votes.surveys import VoteRefused
from tests.support.votes import community_evaluation, open_survey, stored_template


def _vote(district, survey, options):
    codes = vote_codes_issue(
        survey=survey,
        count=len(options),
        expires_at=timezone.now() + timedelta(days=1),
        by=district.users["street_staff"],
    )
    for code, option in zip(codes, options, strict=True):
        ballot_cast_with_code(code=code, option=option)


def test_a_survey_tally_follows_the_template_points(district):
    survey = open_survey(district)
    _vote(district, survey, ["satisfied"] * 6 + ["unsatisfied"] * 3 + ["fair"])
    tally = survey_tally(survey)
    assert tally.result.total == 10 == tally.voters
    assert tally.result.fair_or_above_share == Decimal("0.7")
    assert tally.result.score == Decimal(66)  # (6 × 100 + 60) / 10
    assert [count.label for count in tally.result.counts] == ["满意", "较满意", "一般", "不满意"]


def test_yantian_surveys_need_a_rater_group_and_are_weighted_per_group(district):
    evaluation = community_evaluation(district, stored_template("yantian_quality.yaml"))
    with pytest.raises(VoteRefused) as refusal:
        open_survey(district, evaluation)
    assert refusal.value.code == "bad_group"
    masses = open_survey(district, evaluation, rater_group="mass_representatives")
    members = open_survey(district, evaluation, rater_group="member_representatives")
    _vote(district, masses, ["satisfied"] * 9 + ["unsatisfied"])  # 90 points, 90%
    _vote(district, members, ["fair"])  # 60 points, 100%
    result = evaluation_satisfaction(evaluation)
    assert result.total == 11
    assert result.score == Decimal(75)  # equal weights over the two groups that voted
    assert result.fair_or_above_share == Decimal("0.95")
    assert Survey.objects.filter(evaluation=evaluation).count() == 2


def test_an_unknown_rater_group_is_refused(district):
    evaluation = community_evaluation(district, stored_template("yantian_quality.yaml"))
    with pytest.raises(VoteRefused) as refusal:
        open_survey(district, evaluation, rater_group="aliens")
    assert "aliens" in refusal.value.messages[0]
    assert not Survey.objects.exists()
