"""Closing a satisfaction survey recomputes the stars: its share gates the fifth star (Yucheng: 70% fair or above)."""

from evaluations.models import EvaluationResult, Survey
from evaluations.services.compute.request import campaign_compute_request
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from evaluations.services.votes.surveys import survey_close
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign
from tests.support.votes import cast_ballots


def test_closing_the_survey_lights_the_fifth_star_without_another_save(district, django_capture_on_commit_callbacks):
    campaign = open_community_campaign(district)
    evaluation = evaluation_of(campaign, district.community)
    values = {code: ScoreInput(points) for code, points in full_marks(campaign.template).items()}
    scores_save(evaluation=evaluation, stage="self_assessment", values=values, vetoes=None, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_compute_request(campaign=campaign)
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 4  # no vote yet: the gate holds at four
    cast_ballots(evaluation, {"satisfied": 8, "fair": 1, "unsatisfied": 1})
    with django_capture_on_commit_callbacks(execute=True):
        survey_close(survey=Survey.objects.get(evaluation=evaluation), by=district.users["street_staff"])
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 5
