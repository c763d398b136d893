"""The street's review page: self-assessed points beside each input, how each item was checked, the declared
star level, the live preview of stars and why; all or nothing, a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ReviewCheck, Score
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.review import review_checks_save
from evaluations.services.scores.inputs import ScoreErrors
from orgs.models import AuditEvent
from tests.support.evaluations import at_stage, declared_at_review, evaluation_of, full_marks, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    return declared_at_review(evaluation, by=district.users["org_admin"])


def _url(evaluation, stage="review"):
    return reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + f"?stage={stage}"


def _form(evaluation, values, **extra):
    data = {"lock_version": evaluation.lock_version}
    data.update({f"points-{code}": points for code, points in values.items()})
    data.update(extra)
    return data


def test_the_reviewer_sees_the_self_assessed_points_and_the_declared_stars(district, evaluation, login):
    page = login(district.users["street_staff"]).get(_url(evaluation)).content.decode()
    assert 'id="self-A1.1"' in page
    assert "自评" in page and "申报星级：5星" in page
    assert page.count('name="check-A1.1"') == 3
    assert "实地查看" in page and "查阅资料" in page and "个别访谈" in page
    assert 'id="preview"' in page


def test_the_reviewer_can_start_from_the_self_assessment_without_saving_it(district, evaluation, login):
    client = login(district.users["street_staff"])
    assert client.post(_url(evaluation), _form(evaluation, {"A1.1": "0.5"})).status_code == 302
    page = client.get(_url(evaluation)).content.decode()
    assert 'id="prefill-self"' in page

    response = client.get(_url(evaluation) + "&prefill=self")
    rows = {row["leaf"].code: row for block in response.context["dimensions"] for row in block["rows"]}
    self_points = full_marks(evaluation.template, except_dimensions={"A": Decimal("1")})
    assert rows["A1.1"]["typed"] == "0.5"  # what the reviewer saved stays
    assert {code: row["typed"] for code, row in rows.items() if code != "A1.1"} == {
        code: format(Decimal(points).normalize(), "f") for code, points in self_points.items() if code != "A1.1"
    }
    count = len(self_points) - 1
    assert f"已按自评分填入{count}个空白项，请核对后保存。" in response.content.decode()
    assert Score.objects.filter(evaluation=evaluation, stage="review").count() == 1  # nothing saved


def test_a_submitted_review_is_not_prefilled(district, evaluation, login):
    at_stage(evaluation, "publicity")
    response = login(district.users["street_staff"]).get(_url(evaluation) + "&prefill=self")
    assert response.context["prefilled"] == 0
    assert 'id="prefill-self"' not in response.content.decode()


def test_review_scores_and_check_methods_are_saved_together_and_audited(district, evaluation, login):
    client = login(district.users["street_staff"])
    data = _form(evaluation, {"A1.1": "1", "A1.2": "2"}, **{"check-A1.1": ["on_site", "interview"]})
    response = client.post(_url(evaluation), data)
    assert response.status_code == 302
    assert Score.objects.filter(evaluation=evaluation, stage="review").count() == 2
    assert ReviewCheck.objects.get(evaluation=evaluation, code="A1.1").methods == ["on_site", "interview"]
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.REVIEW_CHECK, object_id=str(evaluation.pk)).exists()
    page = client.get(_url(evaluation)).content.decode()
    assert 'value="on_site" checked' in page and 'value="documents">' in page


def test_an_unknown_check_method_names_the_item_and_saves_no_score(district, evaluation, login):
    client = login(district.users["street_staff"])
    data = _form(evaluation, {"A1.1": "1"}, **{"check-A1.1": ["telepathy"]})
    response = client.post(_url(evaluation), data)
    assert response.status_code == 400
    assert "A1.1 社区党组织设置：telepathy 不是核查方式" in response.content.decode()
    assert not Score.objects.filter(evaluation=evaluation, stage="review").exists()
    assert not ReviewCheck.objects.exists()


def test_a_bad_review_value_saves_no_check_method(district, evaluation, login):
    client = login(district.users["street_staff"])
    data = _form(evaluation, {"A1.1": "9"}, **{"check-A1.2": ["documents"]})
    assert client.post(_url(evaluation), data).status_code == 400
    assert not ReviewCheck.objects.exists()


def test_check_methods_are_only_recorded_at_the_review_stage(district, evaluation):
    at_stage(evaluation, "publicity")
    with pytest.raises(ScoreErrors, match="复核"):
        review_checks_save(
            evaluation=evaluation,
            tree=evaluation_tree(evaluation),
            methods={"A1.1": ["on_site"]},
            by=district.users["street_staff"],
        )
    assert not ReviewCheck.objects.exists()


def test_clearing_every_method_removes_the_record(district, evaluation):
    tree = evaluation_tree(evaluation)
    review_checks_save(evaluation=evaluation, tree=tree, methods={"A1.1": ["documents"]}, by=None)
    review_checks_save(evaluation=evaluation, tree=tree, methods={"A1.1": []}, by=None)
    assert not ReviewCheck.objects.exists()


def test_the_community_declares_its_star_level_with_the_self_assessment(district, login):
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    client = login(district.users["org_admin"])
    data = _form(evaluation, {"A1.1": "1"}, declared_stars="4")
    assert client.post(_url(evaluation, "self_assessment"), data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.declared_stars == 4
    response = client.post(_url(evaluation, "self_assessment"), _form(evaluation, {}, declared_stars="7"))
    assert response.status_code == 400
    assert "申报星级：7 不在 0 到 5 星之间。" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.declared_stars == 4


def test_the_preview_gives_the_stars_and_why_of_typed_scores_without_saving(district, evaluation, login):
    client = login(district.users["street_staff"])
    values = full_marks(evaluation.template)
    url = reverse("evaluations:evaluation_preview", kwargs={"pk": evaluation.pk}) + "?stage=review"
    response = client.post(url, {f"points-{code}": points for code, points in values.items()})
    assert response.status_code == 200
    body = response.json()
    # Every dimension lights its star; without a satisfaction vote the five-star gate holds it at four.
    assert body["stars"] == 4 and body["lines"][0] == "为什么是4星：" and body["total"] == "100"
    values = full_marks(evaluation.template, except_dimensions={"A": Decimal("2.5")})
    values["B1.1"] = "not a number"
    body = client.post(url, {f"points-{code}": points for code, points in values.items()}).json()
    assert body["stars"] == 4  # four dimensions lit; the bad value of B1.1 is left out, B still lights
    assert "党组织建设：得分 17.5/20，不足 18 分，无星。" in body["lines"]
    veto = evaluation_tree(evaluation).vetoes[0]
    body = client.post(url, {"points-A1.1": "2", f"veto-{veto.code}": "1"}).json()
    assert veto.name in "".join(body["lines"])
    assert not Score.objects.filter(evaluation=evaluation, stage="review").exists()


def test_an_outsider_gets_no_preview(district, evaluation, login):
    url = reverse("evaluations:evaluation_preview", kwargs={"pk": evaluation.pk}) + "?stage=review"
    assert login(district.users["outsider"]).post(url, {"points-A1.1": "1"}).status_code == 404
    assert login(district.users["org_admin"]).post(url, {"points-A1.1": "1"}).status_code == 403


@pytest.mark.parametrize("with_personalised", [False, True])
def test_the_review_page_uses_a_fixed_number_of_queries(
    district, evaluation, login, django_assert_max_num_queries, with_personalised
):
    client = login(district.users["street_staff"])
    values = full_marks(evaluation.template)
    client.post(_url(evaluation), _form(evaluation, values, **{f"check-{code}": ["documents"] for code in values}))
    with django_assert_max_num_queries(17):
        response = client.get(_url(evaluation))
    assert response.status_code == 200
    assert response.content.decode().count('value="documents" checked') == len(values)
