"""The score sheet's form is built from the evaluation's tree: one field per input of the page, the values
handed to the service as typed, its own errors (a malformed hidden version, a null character) named by row."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from evaluations.forms.scores import ScoreSheetForm
from evaluations.models import Score, Stage
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.campaigns import personalized_items_set
from evaluations.services.scores.inputs import UNCHANGED, ScoreInput
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

GOVERNANCE = [
    {"parent_code": "E1", "code": "E1.1", "name": "老旧小区改造", "points": "6", "standard": "完成得满分。"},
    {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4", "standard": "完成得满分。"},
    {"parent_code": "E2", "code": "E2.1", "name": "党员群众测评", "points": "6", "standard": "完成得满分。"},
    {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4", "standard": "完成得满分。"},
]


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _posted(pairs: list[tuple[str, str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def test_the_fields_follow_the_tree_and_the_stage(district, evaluation):
    personalized_items_set(
        campaign=evaluation.campaign, organization=evaluation.organization, items=GOVERNANCE, by=None
    )
    tree = evaluation_tree(evaluation)
    self_assessment = ScoreSheetForm(tree=tree, stage=Stage.SELF_ASSESSMENT)
    review = ScoreSheetForm(tree=tree, stage=Stage.REVIEW)
    assert {"points-E2.1", "note-E2.1", "declared_stars", "lock_version"} <= set(self_assessment.fields)
    assert not any(name.startswith("check-") for name in self_assessment.fields)
    assert "declared_stars" not in review.fields
    assert len([name for name in review.fields if name.startswith("check-")]) == len(tree.leaves)
    veto = tree.vetoes[0]
    assert {f"veto-{veto.code}", f"veto-note-{veto.code}"} <= set(review.fields)


def test_the_values_go_to_the_service_as_typed(evaluation):
    tree = evaluation_tree(evaluation)
    veto, other = tree.vetoes[:2]
    data = _posted(
        [
            ("lock_version", "3"),
            ("points-A1.1", " 1.5 "),
            ("note-A1.1", "见台账"),
            ("points-A1.2", "abc"),
            ("check-A1.1", "telepathy"),
            ("check-A1.1", "on_site"),
            (f"veto-{veto.code}", "1"),
            (f"veto-note-{veto.code}", " 未换届 "),
            (f"veto-note-{other.code}", "未勾选"),
        ]
    )
    form = ScoreSheetForm(data, tree=tree, stage=Stage.REVIEW)
    assert form.is_valid()
    values = form.values()
    assert values["A1.1"] == ScoreInput("1.5", "见台账")
    assert values["A1.2"] == ScoreInput("abc", "")  # the service names what is wrong with it
    assert values["A1.3"] == ScoreInput("", "")  # blank: clears the item
    assert form.vetoes() == {veto.code: "未换届"}
    assert form.veto_notes()[other.code] == "未勾选"
    assert form.methods()["A1.1"] == ["telepathy", "on_site"]
    assert form.methods()["A1.2"] == []
    assert form.declared_stars() is UNCHANGED
    assert form.cleaned_data["lock_version"] == 3

    declared = ScoreSheetForm(_posted([("declared_stars", "7")]), tree=tree, stage=Stage.SELF_ASSESSMENT)
    assert declared.is_valid()
    assert (declared.declared_stars(), declared.methods(), declared.cleaned_data["lock_version"]) == ("7", None, None)


def test_its_own_errors_are_named_by_row(evaluation):
    tree = evaluation_tree(evaluation)
    data = _posted([("lock_version", "x"), ("note-A1.2", "a\x00b"), ("points-A1.2", "1")])
    form = ScoreSheetForm(data, tree=tree, stage=Stage.SELF_ASSESSMENT)
    assert not form.is_valid()
    assert set(form.errors_by_code()) == {"__all__", "A1.2"}
    assert form.values()["A1.2"] == ScoreInput("1", "")


def test_a_malformed_page_is_a_400_that_saves_nothing(district, evaluation, login):
    client = login(district.users["org_admin"])
    url = reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + "?stage=self_assessment"
    response = client.post(url, {"lock_version": "x", "points-A1.1": "1", "note-A1.2": "a\x00b"})
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"__all__", "A1.2"}
    assert response.context["general_error"]
    assert 'value="1"' in response.content.decode()  # what was typed stays
    assert not Score.objects.exists()


def test_the_preview_refuses_a_malformed_form(district, evaluation, login):
    at_stage(evaluation, "review")
    url = reverse("evaluations:evaluation_preview", kwargs={"pk": evaluation.pk}) + "?stage=review"
    response = login(district.users["street_staff"]).post(url, {"points-A1.1": "1", "note-A1.1": "\x00"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["A1.1"]
