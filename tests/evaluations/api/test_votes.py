"""API of satisfaction votes: the surveys in scope and a survey's results; never a voter."""

from django.urls import reverse

from evaluations.services.votes.ballots import ballot_cast_by_member, ballot_cast_with_code
from tests.support.votes import issue_codes, open_survey


def _survey_with_votes(district):
    survey = open_survey(district)
    codes = issue_codes(district, survey, 3, days=2)
    for code, option in zip(codes, ["satisfied", "fair", "unsatisfied"], strict=True):
        ballot_cast_with_code(code=code, option=option)
    ballot_cast_by_member(survey=survey, member=district.member, option="fairly_satisfied")
    return survey


def test_a_survey_detail_gives_counts_share_and_score(district, login):
    survey = _survey_with_votes(district)
    data = login(district.users["street_staff"]).get(reverse("api-survey-detail", args=[survey.pk])).json()
    results = data["results"]
    assert results["ballots"] == 4
    assert {row["option"]: row["count"] for row in results["counts"]} == {
        "satisfied": 1,
        "fairly_satisfied": 1,
        "fair": 1,
        "unsatisfied": 1,
    }
    assert results["fair_or_above"] == 3
    assert results["fair_or_above_share"] == "0.7500"
    assert results["score"] == "60.00"  # (100 + 80 + 60 + 0) / 4
    assert (results["codes_issued"], results["codes_used"], results["member_votes"]) == (3, 3, 1)
    assert "member" not in str(data).replace("member_votes", "")


def test_the_survey_list_is_scoped_and_its_query_count_fixed(district, login, django_assert_max_num_queries):
    survey = _survey_with_votes(district)
    for _ in range(3):
        open_survey(district, survey.evaluation)
    client = login(district.users["district_approver"])
    with django_assert_max_num_queries(8):
        data = client.get(reverse("api-survey-list")).json()
    assert data["count"] == 4
    outsider = login(district.users["outsider"])
    assert outsider.get(reverse("api-survey-list")).json()["count"] == 0
    assert outsider.get(reverse("api-survey-detail", args=[survey.pk])).status_code == 404
