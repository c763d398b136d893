"""The API acts like the pages: 201 moved, 403 wrong role, 400 wrong state, 409 stale, 404 out of scope."""

import pytest
from rest_framework.test import APIClient

from evaluations.models import Transition
from evaluations.rules.workflow import StageKind
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


@pytest.fixture
def evaluation(district):
    return at_stage(evaluation_of(open_community_campaign(district), district.community), StageKind.REVIEW)


def _post(user, body):
    client = APIClient()
    client.force_authenticate(user)
    return client.post("/api/v1/transitions/", body, format="json")


def test_the_street_submits_its_review_and_the_move_is_listed(district, evaluation):
    response = _post(district.users["street_staff"], {"evaluation": evaluation.pk, "action": "submit", "version": 0})
    assert response.status_code == 201
    assert response.json() == {
        "evaluation": evaluation.pk,
        "stage": "publicity",
        "status": "in_progress",
        "version": 1,
        "revision": 0,
    }
    client = APIClient()
    client.force_authenticate(district.users["org_admin"])
    listed = client.get("/api/v1/transitions/", {"evaluation": evaluation.pk}).json()
    assert [(row["action"], row["from_stage"], row["to_stage"]) for row in listed["results"]] == [
        ("submit", "review", "publicity")
    ]


@pytest.mark.parametrize(
    ("username", "body", "status", "message"),
    [
        ("org_admin", {"action": "submit", "version": 0}, 403, "复核"),
        ("street_staff", {"action": "return", "version": 0}, 400, "请填写理由"),
        ("street_staff", {"action": "submit", "version": 7}, 409, "已被他人更改"),
        ("outsider", {"action": "submit", "version": 0}, 404, ""),
    ],
)
def test_a_refused_action_says_why_and_changes_nothing(district, evaluation, username, body, status, message):
    response = _post(district.users[username], {"evaluation": evaluation.pk, **body})
    assert response.status_code == status
    assert message in str(response.json())
    evaluation.refresh_from_db()
    assert (evaluation.stage.kind, evaluation.lock_version) == (StageKind.REVIEW, 0)
    assert not Transition.objects.exists()


def test_stages_of_a_campaign_are_listed_in_order(district, evaluation):
    client = APIClient()
    client.force_authenticate(district.users["street_staff"])
    rows = client.get("/api/v1/stages/", {"campaign": evaluation.campaign_id}).json()["results"]
    assert [(row["kind"], row["actor_role"], row["min_days"]) for row in rows] == [
        ("self_assessment", "org_admin", 0),
        ("review", "street_staff", 0),
        ("publicity", "street_staff", 3),
        ("consultation", "district_admin", 0),
        ("approval", "district_approver", 0),
    ]
