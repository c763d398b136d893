"""Score history: every saved change of an item's points or of a veto item leaves one row, from what to what."""

import pytest
import time_machine

from evaluations.models import ScoreChange, ScoreChangeKind, Stage
from evaluations.services.scores.inputs import ScoreErrors, ScoreInput
from evaluations.services.scores.sheet import scores_save
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _save(evaluation, values, *, by=None, vetoes=None, stage=Stage.SELF_ASSESSMENT):
    entries = {
        code: ScoreInput(value[0], value[1]) if isinstance(value, tuple) else ScoreInput(value)
        for code, value in values.items()
    }
    return scores_save(evaluation=evaluation, stage=stage, values=entries, vetoes=vetoes, by=by)


def _rows(evaluation):
    return list(
        ScoreChange.objects.filter(evaluation=evaluation)
        .order_by("pk")
        .values_list("kind", "code", "old_value", "new_value", "note")
    )


def test_a_first_score_is_recorded_from_blank_with_its_note_who_and_when(district, evaluation):
    org_admin = district.users["org_admin"]
    with time_machine.travel("2026-03-02 09:30 +0800", tick=False):
        _save(evaluation, {"A1.1": ("2", "党委已设置"), "A1.3": "0.5"}, by=org_admin)
    assert _rows(evaluation) == [
        ("points", "A1.1", "", "2", "党委已设置"),
        ("points", "A1.3", "", "0.5", ""),
    ]
    change = ScoreChange.objects.get(code="A1.1")
    assert (change.stage, change.by, change.at.isoformat()) == (
        "self_assessment",
        org_admin,
        "2026-03-02T01:30:00+00:00",
    )


def test_a_changed_score_records_old_and_new_points_and_an_unchanged_one_nothing(evaluation):
    _save(evaluation, {"A1.1": "2", "A1.3": "1"})
    _save(evaluation, {"A1.1": "1.5", "A1.3": "1"})
    assert _rows(evaluation)[2:] == [("points", "A1.1", "2", "1.5", "")]


def test_a_changed_note_alone_is_recorded(evaluation):
    _save(evaluation, {"A1.1": "2"})
    _save(evaluation, {"A1.1": ("2", "补充会议记录")})
    assert _rows(evaluation)[1:] == [("points", "A1.1", "2", "2", "补充会议记录")]


def test_a_cleared_score_is_recorded_to_blank(evaluation):
    _save(evaluation, {"A1.1": "2"})
    _save(evaluation, {"A1.1": ""})
    assert _rows(evaluation)[1:] == [("points", "A1.1", "2", "", "")]


def test_saving_the_same_values_again_writes_no_history(evaluation):
    _save(evaluation, {"A1.1": "2"}, vetoes={"V01": "未按期换届"})
    _save(evaluation, {"A1.1": "2"}, vetoes={"V01": "未按期换届"})
    assert ScoreChange.objects.count() == 2


def test_veto_items_hit_unhit_and_renoted_are_recorded(evaluation):
    _save(evaluation, {}, vetoes={"V01": "未按期换届"})
    _save(evaluation, {}, vetoes={"V01": "2025年未按期换届"})
    _save(evaluation, {}, vetoes={})
    assert _rows(evaluation) == [
        ("veto", "V01", "", "hit", "未按期换届"),
        ("veto", "V01", "hit", "hit", "2025年未按期换届"),
        ("veto", "V01", "hit", "", ""),
    ]


def test_a_refused_save_writes_no_history(evaluation):
    with pytest.raises(ScoreErrors):
        _save(evaluation, {"A1.1": "2", "A1.2": "99"})
    at_stage(evaluation, "review")
    with pytest.raises(ScoreErrors):
        _save(evaluation, {"A1.1": "2"})
    assert not ScoreChange.objects.exists()


def test_review_changes_are_recorded_under_the_review_stage(district, evaluation):
    at_stage(evaluation, "review")
    _save(evaluation, {"A1.1": "1"}, stage=Stage.REVIEW, by=district.users["street_staff"])
    change = ScoreChange.objects.get()
    assert (change.stage, change.kind, change.by) == ("review", ScoreChangeKind.POINTS, district.users["street_staff"])
