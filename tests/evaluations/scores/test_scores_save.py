"""Saving scores: range and half points per item with Chinese messages naming it; all or nothing; vetoes need a note."""

from decimal import Decimal

import pytest

from evaluations.models import Score, Stage, VetoHit
from evaluations.services.scores.inputs import ScoreErrors, ScoreInput
from evaluations.services.scores.sheet import evaluation_submit, scores_save
from orgs.models import AuditEvent
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _save(evaluation, values, vetoes=None, stage=Stage.SELF_ASSESSMENT, **kwargs):
    return scores_save(
        evaluation=evaluation,
        stage=stage,
        values={code: ScoreInput(points) for code, points in values.items()},
        vetoes=vetoes,
        by=None,
        **kwargs,
    )


def test_valid_scores_are_saved_and_audited(evaluation):
    _save(evaluation, {"A1.1": "2", "A1.3": "0.5"})
    assert dict(Score.objects.values_list("item__code", "points")) == {"A1.1": Decimal(2), "A1.3": Decimal("0.5")}
    evaluation.refresh_from_db()
    assert evaluation.lock_version == 1
    assert AuditEvent.objects.filter(action="scores_save", object_id=str(evaluation.pk)).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("20.3", "A1.1 社区党组织设置：20.3 超出 0–2 分的范围。"),
        ("2.5", "A1.1 社区党组织设置：2.5 超出 0–2 分的范围。"),
        ("1.3", "A1.1 社区党组织设置：1.3 不是半分的整数倍（例如 1 或 1.5）。"),
        ("两分", "A1.1 社区党组织设置：两分 不是数字。"),
        ("-1", "A1.1 社区党组织设置：-1 超出 0–2 分的范围。"),
    ],
)
def test_a_bad_value_names_the_item_in_chinese_and_changes_nothing(evaluation, typed, message):
    _save(evaluation, {"A1.2": "1"})
    with pytest.raises(ScoreErrors) as caught:
        _save(evaluation, {"A1.2": "2", "A1.1": typed})
    assert caught.value.errors_by_code == {"A1.1": message}
    assert dict(Score.objects.values_list("item__code", "points")) == {"A1.2": Decimal(1)}


def test_a_blank_value_clears_the_score(evaluation):
    _save(evaluation, {"A1.1": "2"})
    _save(evaluation, {"A1.1": ""})
    assert not Score.objects.exists()


def test_a_veto_needs_a_note(evaluation):
    with pytest.raises(ScoreErrors) as caught:
        _save(evaluation, {"A1.1": "2"}, vetoes={"V01": "  "})
    assert caught.value.errors_by_code == {"V01": "否定项 V01 党组织未按期换届：请说明认定的理由。"}
    assert not Score.objects.exists() and not VetoHit.objects.exists()
    _save(evaluation, {}, vetoes={"V01": "2025年未按期换届"})
    assert VetoHit.objects.get().note == "2025年未按期换届"
    _save(evaluation, {}, vetoes={})
    assert not VetoHit.objects.exists()


def test_a_stale_lock_version_is_refused(evaluation):
    _save(evaluation, {"A1.1": "2"}, lock_version=0)
    with pytest.raises(ScoreErrors):
        _save(evaluation, {"A1.1": "1"}, lock_version=0)
    assert Score.objects.get().points == Decimal(2)


def test_a_submitted_self_assessment_cannot_change_but_the_review_can(district, evaluation):
    _save(evaluation, {"A1.1": "2"})
    with pytest.raises(ScoreErrors, match="不在复核阶段"):
        _save(evaluation, {"A1.1": "1"}, stage=Stage.REVIEW)
    evaluation_submit(evaluation=evaluation, by=district.users["org_admin"])
    with pytest.raises(ScoreErrors):
        _save(evaluation, {"A1.1": "1"})
    _save(evaluation, {"A1.1": "1"}, stage=Stage.REVIEW)
    assert dict(Score.objects.values_list("stage", "points")) == {"self_assessment": 2, "review": 1}


def test_an_unknown_item_is_refused(evaluation):
    with pytest.raises(ScoreErrors) as caught:
        _save(evaluation, {"Z9": "1"})
    assert "Z9" in caught.value.errors_by_code
