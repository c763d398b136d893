"""The street sees its objections on the publicity page, contacts masked, and answers each once; the answer is
kept with the objection and audited; refusals change nothing."""

import pytest
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Objection
from evaluations.services.publicity import objection_file
from orgs.models import AuditAction, AuditEvent, AuditOutcome
from tests.support.evaluations import at_stage, evaluation_of
from tests.support.publicity import publicised

# Each test counts the objection throttle from zero.
pytestmark = pytest.mark.usefixtures("own_cache")


def filed(district, **values):
    campaign, evaluation = publicised(district)
    objection = objection_file(
        campaign=campaign,
        street=district.street,
        evaluation_id=evaluation.pk,
        text=values.get("text", "党员大会记录缺失"),
        name=values.get("name", "王五"),
        contact=values.get("contact", "13812345678"),
        client_address="10.0.0.1",
    )
    return campaign, evaluation, objection


def manage_url(campaign, street) -> str:
    return reverse("evaluations:publicity_manage", kwargs={"campaign_id": campaign.pk, "street_code": street.code})


def test_street_staff_see_the_objection_with_the_contact_masked(district, login):
    campaign, _, _ = filed(district)

    response = login(district.users["street_staff"]).get(manage_url(campaign, district.street))

    text = response.content.decode()
    assert response.status_code == 200
    assert "党员大会记录缺失" in text and "王五" in text
    assert "138****5678" in text
    assert "13812345678" not in text


def test_street_staff_answer_an_objection_and_it_is_kept_and_audited(district, login):
    campaign, _, objection = filed(district)
    client = login(district.users["street_staff"])

    response = client.post(
        reverse("evaluations:objection_answer", kwargs={"pk": objection.pk}), {"answer": "经核实，记录齐全。"}
    )

    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answer == "经核实，记录齐全。"
    assert objection.answered_by == district.users["street_staff"] and objection.answered_at is not None
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.OBJECTION_ANSWER,
        outcome=AuditOutcome.SUCCESS,
        actor=district.users["street_staff"],
    ).exists()
    page = client.get(manage_url(campaign, district.street)).content.decode()
    assert "经核实，记录齐全。" in page


def test_an_empty_answer_names_the_organization_and_changes_nothing(district, login):
    _, _, objection = filed(district)
    client = login(district.users["street_staff"])

    response = client.post(
        reverse("evaluations:objection_answer", kwargs={"pk": objection.pk}), {"answer": "  "}, follow=True
    )

    assert f"对{district.community.name}异议的答复" in response.content.decode()
    objection.refresh_from_db()
    assert objection.answered_at is None and objection.answer == ""
    assert AuditEvent.objects.filter(
        action=EvaluationAuditAction.OBJECTION_ANSWER, outcome=AuditOutcome.REFUSED
    ).exists()


def test_an_answered_objection_is_not_answered_again(district, login):
    _, _, objection = filed(district)
    client = login(district.users["street_staff"])
    client.post(reverse("evaluations:objection_answer", kwargs={"pk": objection.pk}), {"answer": "第一次答复"})

    response = client.post(
        reverse("evaluations:objection_answer", kwargs={"pk": objection.pk}), {"answer": "改写"}, follow=True
    )

    assert "已于" in response.content.decode()
    objection.refresh_from_db()
    assert objection.answer == "第一次答复"


def test_staff_of_another_street_cannot_answer_and_the_refusal_is_audited(district, login):
    _, _, objection = filed(district)

    response = login(district.users["outsider"]).post(
        reverse("evaluations:objection_answer", kwargs={"pk": objection.pk}), {"answer": "越权答复"}
    )

    assert response.status_code == 404
    objection.refresh_from_db()
    assert objection.answered_at is None
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["outsider"]).exists()


def test_the_street_page_answers_in_a_fixed_number_of_queries(district, login, django_assert_max_num_queries):
    campaign, _, _ = filed(district)
    sibling = at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
    for number in range(5):
        Objection.objects.create(evaluation=sibling, text=f"异议{number}")
    client = login(district.users["street_staff"])
    client.get(manage_url(campaign, district.street))  # the session and grants are loaded once

    with django_assert_max_num_queries(12):
        response = client.get(manage_url(campaign, district.street))

    assert response.status_code == 200
    assert response.content.decode().count("异议") >= 5
