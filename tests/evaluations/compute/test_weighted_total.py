"""Yantian (seed 003): a result's total is the weighted total, 60% indicators + 40% evaluation by the rater groups,
shown beside both parts in the API and on the evaluation page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import EvaluationResult
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from tests.factories import SurveyFactory
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign, save_scores
from tests.support.votes import stored_template

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def evaluation(district):
    campaign = open_community_campaign(district, stored_template("yantian_quality.yaml"))
    evaluation = evaluation_of(campaign, district.community)
    save_scores(evaluation, full_marks(campaign.template, except_dimensions={"L": Decimal(15)}))  # 85 of 100
    SurveyFactory(evaluation=evaluation, rater_group="leaders", ballots={"satisfied": 2, "fairly_satisfied": 2})  # 90
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    return evaluation


def test_the_stored_total_is_the_weighted_total_of_100(evaluation):
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert (result.total, result.points_max, result.grade) == (Decimal(87), Decimal(100), "较好")  # 0.6×85 + 0.4×90


def test_the_api_gives_the_weighted_total_beside_both_parts(evaluation, api_get):
    detail = api_get("street_staff", reverse("api-evaluation-detail", args=[evaluation.pk])).json()
    assert detail["total"] == "87.00"
    result = detail["result"]
    assert (result["total"], result["points_max"]) == ("87.00", "100.00")
    assert (result["indicator_score"], result["evaluation_score"]) == ("85.00", "90.00")


def test_the_evaluation_page_shows_the_weighted_total_and_its_parts(evaluation, district, login):
    page = login(district.users["street_staff"]).get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
    text = page.content.decode()
    assert '<dd id="result-total">87 / 100' in text
    assert "（加权：指标量化考评 85 × 60% + 党员群众评议 90 × 40%）" in text
    assert "指标量化考评 85/100 分。" in text
