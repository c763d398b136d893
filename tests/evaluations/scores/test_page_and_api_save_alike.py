"""The score-entry page and the API save a score sheet through one service: the same input gives the same rows
(scores, vetoes hit, check methods, declared stars, history, audit) and the same messages."""

import json

import pytest
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ReviewCheck, Score, ScoreChange, VetoHit
from orgs.models import AuditEvent
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

SELF_ASSESSMENT = {
    "scores": {"A1.1": "1.5", "A1.2": "2", "A1.3": "0"},
    "notes": {"A1.2": "见台账"},
    "vetoes": {"V01": "未按期换届"},
    "declared_stars": "4",
}
REVIEW = {
    "scores": {"A1.1": "1", "A1.2": "2"},
    "notes": {"A1.1": "实地查看后扣分"},
    "vetoes": {},
    "methods": {"A1.1": ["on_site", "interview"], "A1.2": ["documents"]},
}


@pytest.fixture
def pair(district):
    """Two evaluations of one campaign: one saved on the page, one through the API."""
    campaign = open_community_campaign(district)
    return evaluation_of(campaign, district.community), evaluation_of(campaign, district.sibling_community)


def _page_form(evaluation, sheet) -> dict:
    data = {"lock_version": evaluation.lock_version}
    data.update({f"points-{code}": points for code, points in sheet["scores"].items()})
    data.update({f"note-{code}": note for code, note in sheet["notes"].items()})
    for code, note in sheet["vetoes"].items():
        data.update({f"veto-{code}": "1", f"veto-note-{code}": note})
    data.update({f"check-{code}": methods for code, methods in sheet.get("methods", {}).items()})
    if "declared_stars" in sheet:
        data["declared_stars"] = sheet["declared_stars"]
    return data


def _save_both(client, user, pair, stage, sheet) -> None:
    on_page, through_api = (evaluation.__class__.objects.get(pk=evaluation.pk) for evaluation in pair)
    client.force_login(user)
    url = reverse("evaluations:evaluation_scores", kwargs={"pk": on_page.pk}) + f"?stage={stage}"
    assert client.post(url, _page_form(on_page, sheet)).status_code == 302
    body = {"stage": stage, "version": through_api.lock_version, **sheet}
    response = client.put(
        reverse("api-evaluation-scores", args=[through_api.pk]), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.json()


def _rows(evaluation) -> dict:
    evaluation.refresh_from_db()
    scores = Score.objects.filter(evaluation=evaluation)
    vetoes = VetoHit.objects.filter(evaluation=evaluation)
    checks = ReviewCheck.objects.filter(evaluation=evaluation)
    history = ScoreChange.objects.filter(evaluation=evaluation)
    audit = AuditEvent.objects.filter(object_type="evaluation", object_id=str(evaluation.pk)).order_by("pk")
    return {
        "scores": sorted(scores.values_list("item__code", "stage", "points", "note", "updated_by")),
        "vetoes": sorted(vetoes.values_list("veto_item__code", "stage", "note", "marked_by")),
        "checks": sorted(checks.values_list("code", "methods", "updated_by")),
        "history": sorted(history.values_list("stage", "kind", "code", "old_value", "new_value", "note", "by")),
        "audit": [(event.action, event.actor_id, event.detail) for event in audit],
        "declared_stars": evaluation.declared_stars,
        "version": evaluation.lock_version,
    }


def test_the_page_and_the_api_give_the_same_rows_for_the_same_sheet(district, client, pair):
    _save_both(client, district.users["district_admin"], pair, "self_assessment", SELF_ASSESSMENT)
    on_page, through_api = _rows(pair[0]), _rows(pair[1])
    assert on_page == through_api
    assert on_page["declared_stars"] == 4 and len(on_page["scores"]) == 3 and len(on_page["vetoes"]) == 1

    for evaluation in pair:
        at_stage(evaluation, "review")
    _save_both(client, district.users["district_admin"], pair, "review", REVIEW)
    on_page, through_api = _rows(pair[0]), _rows(pair[1])
    assert on_page == through_api
    assert [code for code, _methods, _by in on_page["checks"]] == ["A1.1", "A1.2"]
    assert [action for action, _actor, _detail in on_page["audit"]] == [
        EvaluationAuditAction.SCORES_SAVE,
        EvaluationAuditAction.REVIEW_CHECK,
        EvaluationAuditAction.SCORES_SAVE,
    ]


def test_the_page_and_the_api_give_the_same_messages(district, client, pair):
    client.force_login(district.users["district_admin"])
    sheet = {"scores": {"A1.1": "2.3"}, "notes": {}, "vetoes": {"V01": ""}, "declared_stars": "6"}
    on_page, through_api = pair
    url = reverse("evaluations:evaluation_scores", kwargs={"pk": on_page.pk}) + "?stage=self_assessment"
    page = client.post(url, _page_form(on_page, sheet))
    body = {"stage": "self_assessment", "version": 0, **sheet}
    api = client.put(
        reverse("api-evaluation-scores", args=[through_api.pk]), json.dumps(body), content_type="application/json"
    )
    assert (page.status_code, api.status_code) == (400, 400)
    assert page.context["errors"] == api.json()["errors"]
    assert set(api.json()["errors"]) == {"A1.1", "V01", "declared_stars"}
    assert not Score.objects.exists()
