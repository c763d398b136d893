"""The API's bulk upsert saves what the score-entry page saves: the star level declared with the self-assessment
and how the review checked each item, with the page's Chinese messages naming the field or the item."""

import json

import pytest
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ReviewCheck, Score, Stage
from orgs.models import AuditEvent
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


@pytest.fixture
def put(district, client):
    """PUT a JSON body to the evaluation's scores as a user by name, in a browser session."""

    def _put(username, evaluation, body):
        client.force_login(district.users[username])
        url = reverse("api-evaluation-scores", args=[evaluation.pk])
        return client.put(url, json.dumps(body), content_type="application/json")

    return _put


def _declared(evaluation):
    evaluation.refresh_from_db()
    return evaluation.declared_stars


def test_the_self_assessment_declares_its_stars_and_reads_them_back(district, evaluation, put):
    body = {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}, "declared_stars": 4}
    response = put("org_admin", evaluation, body)
    assert response.status_code == 200, response.json()
    assert response.json()["declared_stars"] == 4
    assert _declared(evaluation) == 4
    event = AuditEvent.objects.filter(action=EvaluationAuditAction.SCORES_SAVE).latest("pk")
    assert event.detail["declared_stars"] == 4

    put("org_admin", evaluation, {"stage": "self_assessment", "version": 1, "scores": {"A1.2": "1"}})
    assert _declared(evaluation) == 4  # not sent: it stays
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 2, "declared_stars": None})
    assert response.json()["declared_stars"] is None
    assert _declared(evaluation) is None


def test_the_review_records_how_each_item_was_checked(district, evaluation, put):
    at_stage(evaluation, "review")
    body = {
        "stage": "review",
        "version": 0,
        "scores": {"A1.1": "1"},
        "methods": {"A1.1": ["interview", "on_site", "interview"], "A1.2": ["documents"]},
    }
    assert put("street_staff", evaluation, body).status_code == 200
    assert dict(ReviewCheck.objects.values_list("code", "methods")) == {
        "A1.1": ["on_site", "interview"],
        "A1.2": ["documents"],
    }
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.REVIEW_CHECK, actor=district.users["street_staff"]
    ).exists()

    body = {"stage": "review", "version": 1, "methods": {"A1.2": []}}
    assert put("street_staff", evaluation, body).status_code == 200
    assert dict(ReviewCheck.objects.values_list("code", "methods")) == {"A1.1": ["on_site", "interview"]}


@pytest.mark.parametrize("value", [7, -1, "four", 4.5, "", " 3 "])
def test_a_declared_star_level_is_checked_as_on_the_page(district, evaluation, put, value):
    body = {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}, "declared_stars": value}
    response = put("org_admin", evaluation, body)
    if value in ("", " 3 "):  # blank declares none; spaces around a number do not matter
        assert response.status_code == 200
        assert _declared(evaluation) == (None if value == "" else 3)
        return
    assert response.status_code == 400
    assert response.json() == {"errors": {"declared_stars": f"申报星级：{value} 不在 0 到 5 星之间。"}}
    assert not Score.objects.exists()
    assert _declared(evaluation) is None


@pytest.mark.parametrize("value", [True, [4], {"stars": 4}])
def test_a_declared_star_level_of_the_wrong_type_names_the_field(district, evaluation, put, value):
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "declared_stars": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["declared_stars"]


def test_a_bad_check_method_names_the_item_and_nothing_is_saved(district, evaluation, put):
    at_stage(evaluation, "review")
    body = {
        "stage": "review",
        "version": 0,
        "scores": {"A1.1": "1", "A1.2": "9"},
        "methods": {"A1.1": ["telepathy"], "A1.2": ["documents"], "ZZ9": ["on_site"]},
    }
    response = put("street_staff", evaluation, body)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "A1.1": "A1.1 社区党组织设置：telepathy 不是核查方式（实地查看、查阅资料、个别访谈）。",
            "A1.2": "A1.2 小区（网格）党支部覆盖：9 超出 0–2 分的范围。",
            "ZZ9": "ZZ9：不是本次评定的指标项。",
        }
    }
    assert not Score.objects.exists()
    assert not ReviewCheck.objects.exists()


@pytest.mark.parametrize("methods", ["on_site", [1], [["on_site"]]])
def test_check_methods_of_the_wrong_shape_name_the_item(district, evaluation, put, methods):
    at_stage(evaluation, "review")
    response = put("street_staff", evaluation, {"stage": "review", "version": 0, "methods": {"A1.1": methods}})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["A1.1"] and errors["A1.1"].startswith("A1.1")
    assert not ReviewCheck.objects.exists()


def test_each_stage_refuses_what_belongs_to_the_other(district, evaluation, put):
    body = {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}, "methods": {"A1.1": ["on_site"]}}
    response = put("district_admin", evaluation, body)
    assert response.json() == {"errors": {"methods": "各项的核查方式只能在复核阶段填写。"}}
    at_stage(evaluation, "review")
    response = put("district_admin", evaluation, {"stage": "review", "version": 0, "declared_stars": 3})
    assert response.status_code == 400
    assert response.json() == {"errors": {"declared_stars": "申报星级只能在自评阶段填写。"}}
    assert not Score.objects.exists()
    assert not ReviewCheck.objects.exists()
    assert _declared(evaluation) is None


def test_a_stale_version_saves_no_declared_stars(district, evaluation, put):
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "declared_stars": 2})
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "declared_stars": 5})
    assert response.status_code == 409
    assert _declared(evaluation) == 2


def test_a_stage_the_role_does_not_enter_is_refused_before_its_methods_are_read(district, evaluation, put):
    at_stage(evaluation, "review")
    body = {"stage": Stage.REVIEW, "version": 0, "methods": {"A1.1": ["on_site"]}}
    assert put("org_admin", evaluation, body).status_code == 403
    assert not ReviewCheck.objects.exists()
