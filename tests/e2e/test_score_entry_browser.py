"""In a real Chromium: a community enters its self-assessment with the keyboard (Enter moves down, Tab reaches the
note and the evidence), an error keeps what was typed, and the saved totals and the "why" panel are right."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import EvaluationResult, Score
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def test_a_community_enters_its_self_assessment_with_the_keyboard(live_server, page, screenshot):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    # Dimension A loses 2.5 points (A1.1 scores 0, A1.2 loses 0.5): 17.5 of 20 lights no star, so 4 stars.
    marks = full_marks(evaluation.template, except_dimensions={"A": Decimal("2.5")})
    wanted = {code: _number(Decimal(points)) for code, points in marks.items()}
    assert wanted["A1.1"] == "0"
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    log_in(page, live_server, "org_admin")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    page.get_by_role("link", name="填写自评").click()
    page.wait_for_url("**/scores/?stage=self_assessment")

    inputs = page.locator("input.points")
    order = [input_id.removeprefix("points-") for input_id in inputs.evaluate_all("els => els.map(e => e.id)")]
    assert sorted(order) == sorted(wanted)
    assert order[:3] == ["A1.1", "A1.2", "A1.3"]

    # The first value is out of range: the inline check names the item and the total leaves it out.
    typed = {code: wanted[code] for code in order}
    typed["A1.1"] = "20.3"
    inputs.first.focus()
    running = Decimal(0)
    for position, code in enumerate(order):
        assert focused_id(page) == f"points-{code}", f"Enter should have moved down to {code}"
        page.keyboard.type(typed[code])
        if code != "A1.1":
            running += Decimal(typed[code])
        expect(page.locator("#total-overall")).to_have_text(_number(running))
        if position == 0:
            expect(page.locator("#error-A1\\.1")).to_have_text("A1.1 社区党组织设置：20.3 超出 0–2 分的范围。")
        if code == "A1.2":
            expect(page.locator("#total-A")).to_have_text(wanted["A1.2"])
        if position == 0:  # Tab reaches the note of the item, and its evidence
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.name") == "note-A1.1"
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.name") == "file-A1.1"
            page.locator("#points-A1\\.1").focus()
        if position + 1 < len(order):
            page.keyboard.press("Enter")
    expect(page.locator("#total-A")).to_have_text("17.5")
    screenshot("score-entry-typed")

    page.click("#save-draft")
    alert = page.locator("#form-errors")
    expect(alert).to_contain_text("A1.1 社区党组织设置：20.3 超出 0–2 分的范围。")
    expect(alert).to_contain_text("未保存")
    kept = dict(zip(order, page.locator("input.points").evaluate_all("els => els.map(e => e.value)"), strict=True))
    assert kept == typed
    assert not Score.objects.filter(evaluation=evaluation).exists()
    screenshot("score-entry-error-keeps-values")

    # Correct it with the keyboard and save.
    page.locator("#points-A1\\.1").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    expect(page.locator("#total-overall")).to_have_text("97.5")
    page.click("#save-draft")
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#total-overall")).to_have_text("97.5")
    expect(page.locator("#total-A")).to_have_text("17.5")
    assert Score.objects.filter(evaluation=evaluation, stage="self_assessment").count() == len(order)

    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    expect(page.locator("#result-stars")).to_have_text("4")
    expect(page.locator("#result-total")).to_have_text("97.5 / 100")
    why = page.locator("#why")
    expect(why).to_contain_text("为什么是4星：")
    expect(why).to_contain_text("党组织建设：得分 17.5/20，不足 18 分，无星。")
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 4
    screenshot("evaluation-why-4-stars")
    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors
