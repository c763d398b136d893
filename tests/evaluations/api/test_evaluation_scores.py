"""The bulk upsert of one evaluation's scores through the API: all or nothing with a Chinese message per
item, 409 on a stale version, 403 for a stage the role may not enter, 404 out of scope; session with
CSRF or token."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from evaluations.audit import EvaluationAuditAction
from evaluations.models import CampaignStatus, Score, Stage, VetoHit
from evaluations.services.scores.inputs import ScoreErrors, ScoreInput, StaleVersion
from evaluations.services.scores.sheet import scores_save
from orgs.models import AuditAction, AuditEvent
from tests.support.api import token_headers
from tests.support.evaluations import at_stage, evaluation_of, full_marks, open_community_campaign

pytestmark = pytest.mark.django_db

# token and user, grants, the evaluation, its scores, its vetoes
READ_QUERIES = 5
# the same, then the tree (items, personalised sub-items), the locked evaluation, the stage's scores, one
# insert, one update or one delete each at most, the version, the audit event, the computation request
# (with its savepoints), the saved scores and vetoes read back; the saved notes when some are not sent
SAVE_QUERIES = 21  # with the one bulk insert of the score history


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


@pytest.fixture
def put(district, client):
    """PUT (or POST, or GET) a JSON body as a user by name, with the user's token made beforehand."""

    headers = token_headers(district)

    def _put(username, evaluation, body=None, method="put"):
        url = reverse("api-evaluation-scores", args=[evaluation.pk])
        if method == "get":
            return client.get(url, **headers[username])
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers[username])

    return _put


def _points():
    return dict(Score.objects.values_list("item__code", "points"))


def test_an_org_admin_saves_the_self_assessment_and_reads_it_back(district, evaluation, put):
    body = {
        "stage": "self_assessment",
        "version": 0,
        "scores": {"A1.1": "1.5", "A1.3": 0.5},
        "notes": {"A1.1": "见台账"},
    }
    response = put("org_admin", evaluation, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["version"] == 1
    assert data["stages"]["self_assessment"] == {
        "scores": {"A1.1": "1.5", "A1.3": "0.5"},
        "notes": {"A1.1": "见台账"},
        "vetoes": {},
    }
    assert data["may_enter"] == ["self_assessment"]
    assert _points() == {"A1.1": Decimal("1.5"), "A1.3": Decimal("0.5")}
    assert Score.objects.get(item__code="A1.1").updated_by == district.users["org_admin"]
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.SCORES_SAVE, actor=district.users["org_admin"]
    ).exists()
    assert put("org_admin", evaluation, method="get").json() == data


def test_a_bad_item_gets_its_chinese_message_and_nothing_changes(district, evaluation, put):
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.2": "1"}})
    response = put(
        "org_admin",
        evaluation,
        {
            "stage": "self_assessment",
            "version": 1,
            "scores": {"A1.2": "2", "A1.1": "1.3", "ZZ9": "1"},
            "vetoes": {"V01": " "},
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "A1.1": "A1.1 社区党组织设置：1.3 不是半分的整数倍（例如 1 或 1.5）。",
            "ZZ9": "ZZ9：不是本次评定的指标项。",
            "V01": "否定项 V01 党组织未按期换届：请说明认定的理由。",
        }
    }
    assert _points() == {"A1.2": Decimal(1)}
    assert not VetoHit.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.lock_version == 1


def test_vetoes_replace_the_stages_list_and_a_null_clears_a_score(district, evaluation, put):
    put(
        "org_admin",
        evaluation,
        {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "2"}, "vetoes": {"V01": "未换届"}},
    )
    assert VetoHit.objects.get().note == "未换届"
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 1, "scores": {"A1.1": None}})
    assert response.status_code == 200
    assert not Score.objects.exists()
    assert VetoHit.objects.count() == 1  # vetoes not given: left as they were
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 2, "vetoes": {}})
    assert not VetoHit.objects.exists()


def test_a_stale_version_is_a_409_and_changes_nothing(district, evaluation, put):
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "2"}})
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}})
    assert response.status_code == 409
    assert response.json()["version"] == 1
    assert "版本" in response.json()["errors"]["version"]
    assert _points() == {"A1.1": Decimal(2)}


def test_a_save_landing_while_the_request_is_read_is_a_409(district, evaluation, put, monkeypatch):
    """The service's check under the row lock decides, not a read before it."""
    from evaluations.api import views

    read_inputs = views._score_inputs

    def _someone_saves_first(*args, **kwargs):
        inputs = read_inputs(*args, **kwargs)
        scores_save(
            evaluation=evaluation,
            stage=Stage.SELF_ASSESSMENT,
            values={"A1.1": ScoreInput("2")},
            vetoes=None,
            by=district.users["org_admin"],
        )
        return inputs

    monkeypatch.setattr(views, "_score_inputs", _someone_saves_first)
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}})
    assert response.status_code == 409
    assert response.json()["version"] == 1
    assert _points() == {"A1.1": Decimal(2)}


def test_a_stale_version_is_a_score_error_to_callers_of_the_service(district, evaluation):
    scores_save(evaluation=evaluation, stage=Stage.SELF_ASSESSMENT, values={}, vetoes=None, by=None)
    with pytest.raises(ScoreErrors) as caught:
        scores_save(evaluation=evaluation, stage=Stage.SELF_ASSESSMENT, values={}, vetoes=None, by=None, lock_version=0)
    assert isinstance(caught.value, StaleVersion)
    assert (caught.value.given, caught.value.current) == (0, 1)


@pytest.mark.parametrize(
    ("username", "stage", "status"),
    [
        ("org_admin", "review", 403),
        ("street_staff", "self_assessment", 403),
        ("department_reviewer", "review", 403),
        ("district_approver", "self_assessment", 403),
        ("member", "self_assessment", 404),
        ("outsider", "review", 404),
        ("nobody", "review", 404),
        ("street_staff", "review", 200),
        ("district_admin", "review", 200),
    ],
)
def test_who_may_enter_which_stage(district, evaluation, put, username, stage, status):
    at_stage(evaluation, stage)
    response = put(username, evaluation, {"stage": stage, "version": 0, "scores": {"A1.1": "1"}})
    assert response.status_code == status
    assert Score.objects.exists() == (status == 200)
    if status != 200:
        assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users[username]).exists()


def test_the_review_is_kept_apart_from_the_self_assessment(district, evaluation, put):
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "2"}})
    at_stage(evaluation, "review")
    response = put("street_staff", evaluation, {"stage": "review", "version": 1, "scores": {"A1.1": "1"}}, "post")
    assert response.status_code == 200
    stages = response.json()["stages"]
    assert (stages["self_assessment"]["scores"], stages["review"]["scores"]) == ({"A1.1": "2"}, {"A1.1": "1"})
    assert Score.objects.filter(stage=Stage.REVIEW).get().points == Decimal(1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": 0}, "stage"),
        ({"stage": "approval", "version": 0}, "stage"),
        ({"stage": "self_assessment"}, "version"),
        ({"stage": "self_assessment", "version": "x"}, "version"),
        ({"stage": "self_assessment", "version": 0, "scores": ["A1.1"]}, "scores"),
        ({"stage": "self_assessment", "version": 0, "scores": {"A1.1": {"points": 1}}}, "A1.1"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_field(district, evaluation, put, body, field):
    response = put("org_admin", evaluation, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Score.objects.exists()


def test_a_closed_campaign_refuses_the_save_with_a_message(district, evaluation, put):
    evaluation.campaign.status = CampaignStatus.CLOSED
    evaluation.campaign.save(update_fields=["status"])
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}})
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == "评星定级活动未在进行中，不能修改分数。"


def test_a_session_caller_needs_the_csrf_token(district, evaluation):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(district.users["org_admin"])
    url = reverse("api-evaluation-scores", args=[evaluation.pk])
    body = json.dumps({"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}})
    assert strict.put(url, body, content_type="application/json").status_code == 403
    assert not Score.objects.exists()
    token = strict.get(reverse("api-evaluation-scores", args=[evaluation.pk])).cookies
    csrf = strict.cookies.get("csrftoken") or token.get("csrftoken")
    if csrf is None:
        strict.get(reverse("home"))
        csrf = strict.cookies["csrftoken"]
    response = strict.put(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf.value)
    assert response.status_code == 200
    assert _points() == {"A1.1": Decimal(1)}


def test_a_token_caller_needs_no_csrf_token(district, evaluation):
    strict = Client(enforce_csrf_checks=True)
    token = Token.objects.create(user=district.users["org_admin"])
    response = strict.put(
        reverse("api-evaluation-scores", args=[evaluation.pk]),
        json.dumps({"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200


@pytest.mark.parametrize("body", [{}, {"stage": "review", "version": 0}])
def test_a_role_that_enters_no_stage_is_refused_whatever_it_sends(district, evaluation, put, body):
    assert put("department_reviewer", evaluation, body).status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_REFUSED, actor=district.users["department_reviewer"], object_type="evaluation"
    ).exists()


def test_reading_and_saving_scores_take_the_same_queries_for_few_or_many_items(
    district, evaluation, put, django_assert_max_num_queries
):
    body = {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "1"}}
    with django_assert_max_num_queries(SAVE_QUERIES):
        assert put("org_admin", evaluation, body).status_code == 200
    with django_assert_max_num_queries(READ_QUERIES):
        assert put("org_admin", evaluation, method="get").status_code == 200
    body = {"stage": "self_assessment", "version": 1, "scores": full_marks(evaluation.template)}
    assert len(body["scores"]) > 30
    with django_assert_max_num_queries(SAVE_QUERIES):
        assert put("org_admin", evaluation, body).status_code == 200
    with django_assert_max_num_queries(READ_QUERIES):
        assert len(put("org_admin", evaluation, method="get").json()["stages"]["self_assessment"]["scores"]) > 30


def test_an_upsert_keeps_the_notes_and_points_it_does_not_name(district, evaluation, put):
    body = {"stage": "self_assessment", "version": 0, "scores": {"A1.1": "2", "A1.2": "1"}, "notes": {"A1.1": "见台账"}}
    put("org_admin", evaluation, body)
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 1, "scores": {"A1.1": "1.5"}})
    assert Score.objects.get(item__code="A1.1").note == "见台账"
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 2, "notes": {"A1.1": "", "A1.2": "补充"}})
    assert dict(Score.objects.values_list("item__code", "note")) == {"A1.1": "", "A1.2": "补充"}
    assert _points() == {"A1.1": Decimal("1.5"), "A1.2": Decimal(1)}
    response = put("org_admin", evaluation, {"stage": "self_assessment", "version": 3, "notes": {"A1.3": "无分"}})
    assert response.json()["errors"] == {"A1.3": "A1.3 楼栋党小组设置：填写说明前请先打分。"}
    put("org_admin", evaluation, {"stage": "self_assessment", "version": 3, "scores": {"A1.2": None}})
    assert not Score.objects.filter(item__code="A1.2").exists()
