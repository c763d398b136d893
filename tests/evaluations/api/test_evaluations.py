"""API of campaigns and evaluations: scoped like the pages, filtered, with the result and its "why", in a
fixed number of queries."""

import pytest
from django.urls import reverse

from evaluations.models import EvaluationResult
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from orgs.models import AuditAction, AuditEvent, Level
from tests.factories import CampaignFactory, add_org
from tests.support.evaluations import evaluation_of, full_marks, save_scores

pytestmark = pytest.mark.django_db

# token and user, the user's grants, the count, the page
LIST_QUERIES = 4
COMMUNITIES = {"C0101", "C0102", "C0201"}
VISIBLE_EVALUATIONS = {
    "superuser": COMMUNITIES,
    "district_admin": COMMUNITIES,
    "district_approver": COMMUNITIES,
    "department_reviewer": COMMUNITIES,
    "street_staff": {"C0101", "C0102"},
    "org_admin": {"C0101"},
    "outsider": {"C0201"},
    "member": set(),
    "nobody": set(),
}


def _compute(campaign):
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)


def _full_marks_computed(evaluation, vetoes=None):
    """The self-assessment at full marks (with the vetoes given), and the campaign computed."""
    save_scores(evaluation, full_marks(evaluation.template), vetoes=vetoes)
    _compute(evaluation.campaign)


def _next_year_campaign(district, campaign):
    """A second campaign over the district's communities, opened."""
    return CampaignFactory(
        name="2027年度",
        template=campaign.template,
        scope=district.district,
        year=2027,
        levels=["community"],
        opened=True,
    )


@pytest.mark.parametrize("username", sorted(VISIBLE_EVALUATIONS))
def test_evaluation_list_shows_exactly_the_users_subtree(district, campaign, api_get, username):
    response = api_get(username, reverse("api-evaluation-list"))
    assert response.status_code == 200
    assert {item["organization"]["code"] for item in response.json()["results"]} == VISIBLE_EVALUATIONS[username]


def test_district_roles_see_every_campaign_of_the_district_and_streets_those_they_take_part_in(
    district, campaign, api_get
):
    draft = CampaignFactory(name="草稿活动", template=campaign.template, scope=district.district, year=2027)
    other_street_only = CampaignFactory(
        name="西城街道活动", template=campaign.template, scope=district.other_street, opened=True
    )
    url = reverse("api-campaign-list")

    def names(username):
        return {item["name"] for item in api_get(username, url).json()["results"]}

    everything = {campaign.name, draft.name, other_street_only.name}
    assert names("district_admin") == everything
    assert names("department_reviewer") == everything
    assert names("street_staff") == {campaign.name}
    assert names("org_admin") == {campaign.name}
    assert names("outsider") == {campaign.name, other_street_only.name}
    assert names("member") == set()
    assert api_get("street_staff", reverse("api-campaign-detail", args=[other_street_only.pk])).status_code == 404
    assert api_get("street_staff", reverse("api-campaign-detail", args=[draft.pk])).status_code == 404
    detail = api_get("org_admin", reverse("api-campaign-detail", args=[campaign.pk])).json()
    assert (detail["status"], detail["scope"]["code"], detail["levels"]) == ("open", "D01", ["community"])
    assert detail["template"]["id"] == campaign.template_id


def test_an_evaluation_outside_the_scope_is_404_and_audited(district, campaign, api_get):
    evaluation = evaluation_of(campaign, district.community)
    response = api_get("outsider", reverse("api-evaluation-detail", args=[evaluation.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_REFUSED, actor=district.users["outsider"], object_type="evaluation"
    ).exists()
    assert api_get("outsider", reverse("api-evaluation-scores", args=[evaluation.pk])).status_code == 404


def test_the_evaluation_detail_carries_the_result_and_its_explanation(district, campaign, api_get):
    evaluation = evaluation_of(campaign, district.community)
    url = reverse("api-evaluation-detail", args=[evaluation.pk])
    assert api_get("org_admin", url).json()["result"] is None
    _full_marks_computed(evaluation, vetoes={"V01": "未按期换届"})
    stored = EvaluationResult.objects.get(evaluation=evaluation)
    data = api_get("org_admin", url).json()
    assert data["stars"] == stored.stars
    assert data["total"] == str(stored.total)
    result = data["result"]
    assert result["stage"] == "self_assessment"
    assert result["stars"] == stored.stars
    assert result["lines"] == stored.explanation["lines"]
    assert result["lines"][0].startswith("为什么")
    assert any("V01" in line or "换届" in line for line in result["lines"])


def test_the_evaluation_list_filters_by_campaign_street_and_stars(district, campaign, api_get):
    second = _next_year_campaign(district, campaign)
    url = reverse("api-evaluation-list")

    def codes(**params):
        response = api_get("district_admin", url, **params)
        assert response.status_code == 200, response.json()
        return sorted(item["organization"]["code"] for item in response.json()["results"])

    assert len(codes()) == 6
    assert codes(campaign=second.pk) == sorted(COMMUNITIES)
    assert codes(campaign=second.pk, street=district.street.pk) == ["C0101", "C0102"]
    evaluation = evaluation_of(campaign, district.community)
    _full_marks_computed(evaluation)
    stars = EvaluationResult.objects.get(evaluation=evaluation).stars
    assert codes(campaign=campaign.pk, stars=stars) == ["C0101"]
    assert codes(q="东城村") == ["C0102", "C0102"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"stars": "6"}, 400),
        ({"stars": "many"}, 400),
        ({"campaign": "x"}, 400),
        ({"street": "x"}, 400),
        ({"campaign": ""}, 400),
        ({"campaign": "-1"}, 400),
        ({"secretary": "0"}, 400),
        ({"street": " "}, 400),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(district, campaign, api_get, params, status):
    response = api_get("district_admin", reverse("api-evaluation-list"), **params)
    assert response.status_code == status
    assert set(response.json()["errors"]) == set(params)


def test_filters_naming_what_lies_outside_the_scope_are_404(district, campaign, api_get):
    other_street_only = CampaignFactory(
        name="西城街道活动", template=campaign.template, scope=district.other_street, opened=True
    )
    url = reverse("api-evaluation-list")
    assert api_get("street_staff", url, campaign=other_street_only.pk).status_code == 404
    assert api_get("street_staff", url, street=district.other_street.pk).status_code == 404
    assert (
        AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["street_staff"]).count() == 2
    )


def _add_communities(district, count: int) -> None:
    for index in range(count):
        add_org(district.street, f"C01{index + 10:02d}", f"东城第{index + 10}社区党委", Level.COMMUNITY)


@pytest.mark.parametrize("username", ["district_admin", "street_staff"])
def test_evaluation_list_queries_do_not_grow_with_rows(
    district, campaign, api_get, django_assert_max_num_queries, username
):
    _compute(campaign)
    url = reverse("api-evaluation-list")
    with django_assert_max_num_queries(LIST_QUERIES):
        few = api_get(username, url).json()
    _add_communities(district, 30)
    second = _next_year_campaign(district, campaign)
    _compute(second)
    with django_assert_max_num_queries(LIST_QUERIES):
        many = api_get(username, url).json()
    assert many["count"] >= few["count"] + 30
    assert all(item["stars"] is not None for item in many["results"])


def test_campaign_list_queries_do_not_grow_with_rows(district, campaign, api_get, django_assert_max_num_queries):
    url = reverse("api-campaign-list")
    for username in ("district_admin", "street_staff"):
        with django_assert_max_num_queries(LIST_QUERIES):
            assert api_get(username, url).json()["count"] == 1
    for year in range(2000, 2030):
        CampaignFactory(name=f"{year}年度", template=campaign.template, scope=district.street, year=year, opened=True)
    for username in ("district_admin", "street_staff"):
        with django_assert_max_num_queries(LIST_QUERIES):
            assert api_get(username, url).json()["count"] == 31


def test_evaluation_detail_with_its_result_takes_three_queries(district, campaign, api_get, django_assert_num_queries):
    evaluation = evaluation_of(campaign, district.community)
    _full_marks_computed(evaluation)
    # token and user, grants, the evaluation with its campaign, organization and result
    with django_assert_num_queries(3):
        assert api_get("street_staff", reverse("api-evaluation-detail", args=[evaluation.pk])).json()["result"]
