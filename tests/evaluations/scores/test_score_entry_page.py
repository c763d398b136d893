"""The score-entry page: one form for the whole tree, typed values kept on errors, a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import EvaluationResult, Score
from tests.support.evaluations import at_stage, evaluation_of, full_marks, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _url(evaluation, stage="self_assessment"):
    return reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + f"?stage={stage}"


def _form(evaluation, values):
    data = {"lock_version": evaluation.lock_version}
    data.update({f"points-{code}": points for code, points in values.items()})
    return data


def test_the_form_shows_every_sub_item_with_its_standard(district, evaluation, login):
    response = login(district.users["org_admin"]).get(_url(evaluation))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="points"') == 37 + 3
    assert "按党员人数规范设置社区党委" in page
    assert 'inputmode="decimal"' in page and "js/score_entry" in page
    assert "<script>" not in page


def test_a_bad_value_keeps_what_was_typed_and_names_the_item(district, evaluation, login):
    client = login(district.users["org_admin"])
    response = client.post(_url(evaluation), _form(evaluation, {"A1.1": "20.3", "A1.2": "1.5", "B1.1": "1"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "A1.1 社区党组织设置：20.3 超出 0–2 分的范围。" in page
    assert 'value="20.3"' in page and 'value="1.5"' in page
    assert not Score.objects.exists()


def test_saving_computes_and_the_evaluation_page_says_why(
    district, evaluation, login, django_capture_on_commit_callbacks
):
    client = login(district.users["org_admin"])
    values = full_marks(evaluation.template, except_dimensions={"A": Decimal("2.5")})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(evaluation), _form(evaluation, values))
    assert response.status_code == 302
    assert Score.objects.filter(evaluation=evaluation).count() == 40
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 4
    page = client.get(reverse("evaluations:evaluation_detail", kwargs={"pk": evaluation.pk})).content.decode()
    assert "为什么是4星：" in page and "党组织建设：得分 17.5/20，不足 18 分，无星。" in page


def test_the_page_uses_a_fixed_number_of_queries(district, evaluation, login, django_assert_max_num_queries):
    client = login(district.users["org_admin"])
    client.post(_url(evaluation), _form(evaluation, full_marks(evaluation.template)))
    with django_assert_max_num_queries(14):
        assert client.get(_url(evaluation)).status_code == 200


def test_an_outsider_cannot_see_or_score_the_evaluation(district, evaluation, login):
    client = login(district.users["outsider"])
    assert client.get(_url(evaluation, "review")).status_code == 404
    assert client.post(_url(evaluation, "review"), _form(evaluation, {"A1.1": "1"})).status_code == 404
    assert not Score.objects.exists()


def test_street_staff_cannot_enter_the_self_assessment(district, evaluation, login):
    client = login(district.users["street_staff"])
    assert client.post(_url(evaluation), _form(evaluation, {"A1.1": "1"})).status_code == 403
    at_stage(evaluation, "review")
    assert client.post(_url(evaluation, "review"), _form(evaluation, {"A1.1": "1"})).status_code == 302
    assert list(Score.objects.values_list("stage", flat=True)) == ["review"]


def test_the_campaign_list_of_evaluations_pins_its_queries(district, evaluation, login, django_assert_max_num_queries):
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(11):  # one of them: the computation's progress, its streets counted
        response = client.get(reverse("evaluations:campaign_evaluations", kwargs={"pk": evaluation.campaign_id}))
    assert response.content.decode().count("/evaluations/") == 3
