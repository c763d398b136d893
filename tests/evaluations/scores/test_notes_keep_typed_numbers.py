"""A number typed into a score note is kept as typed (it is evidence) and shown masked: the sheet shows the note
masked, and saving the sheet again as shown, or with the points or the note changed, keeps the typed number."""

import pytest
from django.db import connection
from django.urls import reverse

from evaluations.models import Score, ScoreChange
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

TYPED = "已电话13812345678核实"
SHOWN = "已电话138****5678核实"


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _scores_url(evaluation):
    return reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + "?stage=self_assessment"


def _stored(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


def _post(client, evaluation, points, note):
    evaluation.refresh_from_db()
    data = {"lock_version": evaluation.lock_version, "points-A1.1": points, "note-A1.1": note}
    return client.post(_scores_url(evaluation), data, follow=True)


def test_the_note_is_stored_as_typed_and_the_sheet_shows_it_masked(district, evaluation, login):
    client = login(district.users["org_admin"])
    _post(client, evaluation, "2", TYPED)
    score = Score.objects.get(evaluation=evaluation, item__code="A1.1")

    assert _stored("evaluations_score", score.pk) == TYPED
    assert score.note == SHOWN
    page = client.get(_scores_url(evaluation)).content.decode()
    assert SHOWN in page and "13812345678" not in page
    assert "说明中的身份证号、手机号只显示部分数字；保存时仍按原样保留。" in page


@pytest.mark.parametrize(
    ("points", "note", "kept"),
    [
        ("1", SHOWN, TYPED),  # the points change, the note comes back as the sheet showed it
        ("2", SHOWN + "，已整改", TYPED + "，已整改"),  # the note is extended around the masked number
    ],
)
def test_saving_the_sheet_as_shown_keeps_the_typed_number(district, evaluation, login, points, note, kept):
    client = login(district.users["org_admin"])
    _post(client, evaluation, "2", TYPED)

    _post(client, evaluation, points, note)

    score = Score.objects.get(evaluation=evaluation, item__code="A1.1")
    assert _stored("evaluations_score", score.pk) == kept
    latest_change = ScoreChange.objects.filter(evaluation=evaluation).latest("pk")
    assert _stored("evaluations_scorechange", latest_change.pk) == kept


def test_a_note_rewritten_without_the_number_drops_it(district, evaluation, login):
    client = login(district.users["org_admin"])
    _post(client, evaluation, "2", TYPED)

    _post(client, evaluation, "2", "已核实")

    score = Score.objects.get(evaluation=evaluation, item__code="A1.1")
    assert _stored("evaluations_score", score.pk) == "已核实"
