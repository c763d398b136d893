"""A satisfaction share from fewer ballots than SATISFACTION_MIN_BALLOTS (default 30) is marked "样本不足（N 票）"
on the survey page, in the API and in the street ledger; at the minimum it is not."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from tests.factories import SurveyFactory
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign, save_scores
from tests.support.votes import community_evaluation

pytestmark = pytest.mark.django_db


def _survey_with_three_ballots(district):
    return SurveyFactory(evaluation=community_evaluation(district), ballots={"satisfied": 2, "unsatisfied": 1})


@override_settings(SATISFACTION_MIN_BALLOTS=30)
def test_a_share_from_three_ballots_is_marked_on_the_page_and_in_the_api(district, login):
    survey = _survey_with_three_ballots(district)
    client = login(district.users["street_staff"])
    page = client.get(reverse("evaluations:survey_detail", args=[survey.pk])).content.decode()
    assert "样本不足（3 票）" in page
    assert client.get(reverse("api-survey-detail", args=[survey.pk])).json()["results"]["few_ballots"] is True


@override_settings(SATISFACTION_MIN_BALLOTS=3)
def test_at_the_minimum_the_share_is_not_marked(district, login):
    survey = _survey_with_three_ballots(district)
    client = login(district.users["street_staff"])
    assert "样本不足" not in client.get(reverse("evaluations:survey_detail", args=[survey.pk])).content.decode()
    assert client.get(reverse("api-survey-detail", args=[survey.pk])).json()["results"]["few_ballots"] is False


@pytest.mark.postgres
@override_settings(SATISFACTION_MIN_BALLOTS=30)
def test_the_ledger_marks_a_share_from_few_ballots(district, login):
    campaign = open_community_campaign(district)
    evaluation = evaluation_of(campaign, district.community)
    save_scores(evaluation, full_marks(campaign.template))
    SurveyFactory(evaluation=evaluation, ballots={"satisfied": 2, "fair": 1})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    url = reverse(
        "evaluations:street_ledger", kwargs={"pk": campaign.pk, "street_pk": district.street.pk, "fmt": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(login(district.users["street_staff"]).get(url).content))["台账"]
    header = [cell.value for cell in sheet[2]]
    row = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == district.community.code)
    assert row[header.index("一般及以上占比")] == "100% 样本不足（3 票）"
