"""The history of an evaluation: every score change, transition, objection and opinion, newest first, who and why."""

import re

import pytest
import time_machine
from django.urls import reverse

from evaluations.models import DepartmentOpinion, Objection, Stage
from evaluations.rules.workflow import Action
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from evaluations.services.transitions import evaluation_transition
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _save(evaluation, values, *, by, stage=Stage.SELF_ASSESSMENT, vetoes=None):
    scores_save(
        evaluation=evaluation,
        stage=stage,
        values={
            code: ScoreInput(*value) if isinstance(value, tuple) else ScoreInput(value)
            for code, value in values.items()
        },
        vetoes=vetoes,
        by=by,
    )


def _rows(response) -> list[list[str]]:
    html = response.content.decode()
    body = html.split('id="history-timeline"', 1)[1]
    rows = re.findall(r"<tr class=\"history-\w+\">(.*?)</tr>", body, re.S)
    return [[re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]


@pytest.fixture
def lived(district, evaluation):
    """A self-assessment, its submission, a street's re-score with a veto and a return, an objection and an opinion."""
    users = district.users
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        _save(evaluation, {"A1.1": ("2", "党委已设置")}, by=users["org_admin"])
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=users["org_admin"])
    with time_machine.travel("2026-03-05 15:30 +0800", tick=False):
        _save(
            evaluation,
            {"A1.1": ("1.5", "支部设置不全")},
            by=users["street_staff"],
            stage=Stage.REVIEW,
            vetoes={"V01": "未按期换届"},
        )
    with time_machine.travel("2026-03-06 08:00 +0800", tick=False):
        evaluation_transition(
            evaluation=evaluation, action=Action.RETURN, by=users["street_staff"], reason="请补充换届材料"
        )
    Objection.objects.create(
        evaluation=evaluation,
        text="换届材料不实",
        name="王五",
        contact="13800000000",
        filed_at="2026-03-07T09:00:00+08:00",
        answer="已核实",
        answered_by=users["street_staff"],
        answered_at="2026-03-08T09:00:00+08:00",
    )
    DepartmentOpinion.objects.create(
        evaluation=evaluation,
        department=users["department_reviewer"].department,
        kind="concern",
        note="有一件信访件未办结",
        given_by=users["department_reviewer"],
        given_at="2026-03-09T09:00:00+08:00",
    )
    return evaluation


def test_the_timeline_lists_every_event_newest_first_with_who_from_what_to_what_and_why(district, lived, login):
    response = login(district.users["district_admin"]).get(reverse("evaluations:evaluation_history", args=[lived.pk]))
    assert response.status_code == 200
    rows = _rows(response)
    reviewer, street, community = (
        str(district.users[name]) for name in ("department_reviewer", "street_staff", "org_admin")
    )
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), reverse=True)
    assert rows[0] == ["2026-03-09 09:00", f"纪检 · {reviewer}", "部门意见", "", "有意见", "有一件信访件未办结"]
    assert ["2026-03-08 09:00", street, "答复异议", "", "", "已核实"] in rows
    assert ["2026-03-07 09:00", "群众", "提出异议", "", "", "换届材料不实"] in rows
    assert ["2026-03-06 08:00", street, "退回", "复核", "自评", "请补充换届材料"] in rows
    assert ["2026-03-05 15:30", street, "复核：A1.1 社区党组织设置", "—", "1.5", "支部设置不全"] in rows
    veto = next(row for row in rows if "否定项 V01" in row[2])
    assert (veto[0], veto[1], veto[3:]) == ("2026-03-05 15:30", street, ["未命中", "命中", "未按期换届"])
    assert ["2026-03-03 10:00", community, "提交", "自评", "复核", ""] in rows
    assert ["2026-03-02 09:00", community, "自评：A1.1 社区党组织设置", "—", "2", "党委已设置"] in rows


def test_the_timeline_never_shows_who_filed_an_objection(district, lived, login):
    response = login(district.users["org_admin"]).get(reverse("evaluations:evaluation_history", args=[lived.pk]))
    assert response.status_code == 200
    assert "王五" not in response.content.decode()
    assert "13800000000" not in response.content.decode()


def test_the_evaluation_page_loads_the_timeline_into_its_history_section(district, lived, login):
    client = login(district.users["street_staff"])
    page = client.get(reverse("evaluations:evaluation_detail", args=[lived.pk])).content.decode()
    url = reverse("evaluations:evaluation_history", args=[lived.pk])
    assert f'hx-get="{url}"' in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="history-timeline">')
    assert "<html" not in fragment.content.decode()


def test_an_evaluation_without_events_says_nothing_is_recorded(district, evaluation, login):
    response = login(district.users["org_admin"]).get(reverse("evaluations:evaluation_history", args=[evaluation.pk]))
    assert "尚无记录。" in response.content.decode()


def test_another_streets_staff_cannot_see_the_history(district, lived, login):
    response = login(district.users["outsider"]).get(reverse("evaluations:evaluation_history", args=[lived.pk]))
    assert response.status_code == 404


def test_the_timeline_takes_the_same_queries_however_long(district, evaluation, login, django_assert_max_num_queries):
    client = login(district.users["district_admin"])
    url = reverse("evaluations:evaluation_history", args=[evaluation.pk])
    _save(evaluation, {"A1.1": "2"}, by=district.users["org_admin"])
    client.get(url)
    with django_assert_max_num_queries(14) as short:
        client.get(url)
    for points in ("1", "1.5", "0.5", "0", "1.5"):
        _save(evaluation, {"A1.1": points, "A1.3": points}, by=district.users["org_admin"])
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url)
    assert len(_rows(response)) == 11
