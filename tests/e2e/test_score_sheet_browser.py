"""In a real Chromium, the score sheet loses nothing typed and is as quick as a spreadsheet: submitting saves what
the sheet shows (and asks first), a bad value refuses the submission with its message, leaving with unsaved changes
asks, a block pasted from Excel fills the rows below and outlines a wrong cell, the review marks points that differ
from the self-assessment, and a ranked (secretary) campaign's sheet has no stars."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import Score
from evaluations.rules.workflow import StageKind
from scoring.services import template_load
from tests.e2e.browser_support import log_in
from tests.factories import SecretaryFactory, build_district
from tests.support.evaluations import at_stage, evaluation_of, full_marks, open_community_campaign, save_scores
from tests.support.scoring import TEMPLATES_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIFFERS = re.compile(r"\bdiffers\b")
PASTE = """
(text) => {
  const target = document.activeElement;
  const data = new DataTransfer();
  data.setData("text/plain", text);
  target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}
"""


def _sheet(page, live_server, evaluation, stage="self_assessment"):
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/scores/?stage={stage}")


def test_submitting_saves_what_was_typed_after_asking(live_server, page, screenshot):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    save_scores(evaluation, {"A1.1": "1"})
    log_in(page, live_server, "org_admin")
    _sheet(page, live_server, evaluation)

    page.fill("#points-A1\\.1", "2")  # changed, not saved
    page.fill("#points-A1\\.2", "1.5")
    page.click("#submit-self-assessment")

    expect(page.locator(".messages")).to_contain_text("自评已提交，等待街道党工委复核。")
    name = evaluation.organization.name
    assert page.dialogs == [f"保存并提交「{name}」的自评，交街道复核？提交后不能再修改。共 1 个组织。"]
    scores = Score.objects.filter(evaluation=evaluation, stage="self_assessment")
    saved = dict(scores.values_list("item__code", "points"))
    assert saved == {"A1.1": Decimal(2), "A1.2": Decimal("1.5")}
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.REVIEW

    # The submitted sheet is read-only and says nothing about unsaved input.
    _sheet(page, live_server, evaluation)
    expect(page.locator("#read-only")).to_be_visible()
    assert page.locator("#dirty-state").count() == 0 and page.locator("#preview-state").count() == 0
    screenshot("score-sheet-read-only")


def test_a_bad_value_refuses_the_submission_and_keeps_what_was_typed(live_server, page):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    log_in(page, live_server, "org_admin")
    _sheet(page, live_server, evaluation)

    page.fill("#points-A1\\.1", "2")
    page.fill("#points-A1\\.2", "abc")
    page.click("#submit-self-assessment")

    expect(page.locator("#form-errors")).to_contain_text("A1.2 小区（网格）党支部覆盖：abc 不是数字。")
    expect(page.locator("#form-errors")).to_contain_text("自评未提交。")
    expect(page.locator("#points-A1\\.1")).to_have_value("2")
    expect(page.locator("#points-A1\\.2")).to_have_value("abc")
    assert not Score.objects.filter(evaluation=evaluation).exists()
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.SELF_ASSESSMENT


def test_leaving_with_unsaved_changes_asks_and_saving_does_not(live_server, page):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    log_in(page, live_server, "org_admin")
    _sheet(page, live_server, evaluation)

    page.click("#points-A1\\.1")
    page.keyboard.type("2")
    expect(page.locator("#dirty-state")).to_have_text("有未保存的修改：离开前请保存草稿。")
    with page.expect_event("dialog") as asked:
        page.click("main nav a")  # back to the evaluation page
    assert asked.value.type == "beforeunload"
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/")

    _sheet(page, live_server, evaluation)
    page.click("#points-A1\\.1")
    page.keyboard.type("2")
    asked_before = len(page.dialogs)
    page.click("#save-draft")
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.click("main nav a")
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/")
    assert len(page.dialogs) == asked_before, "a saved sheet leaves without asking"


def test_a_block_pasted_from_excel_fills_five_rows_and_outlines_the_bad_cell(live_server, page, screenshot):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    log_in(page, live_server, "org_admin")
    _sheet(page, live_server, evaluation)

    page.focus("#points-A1\\.1")
    page.evaluate(PASTE, "2\t换届按期\r\n1.5\t\r\n9\t超出\r\n1\r\n0.5\t最后一行\r\n")

    values = page.locator("input.points").evaluate_all("els => els.slice(0, 6).map(e => e.value)")
    codes = page.locator("input.points").evaluate_all("els => els.slice(0, 6).map(e => e.id.slice(7))")
    assert values == ["2", "1.5", "9", "1", "0.5", ""], dict(zip(codes, values, strict=True))
    expect(page.locator("input[name='note-A1.1']")).to_have_value("换届按期")
    expect(page.locator(f"input[name='note-{codes[4]}']")).to_have_value("最后一行")
    bad = page.locator(f"#points-{codes[2].replace('.', chr(92) + '.')}")
    expect(bad).to_have_attribute("aria-invalid", "true")
    assert bad.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    expect(page.locator(f"#error-{codes[2].replace('.', chr(92) + '.')}")).to_contain_text("9 超出 0–")
    assert page.locator("input.points[aria-invalid='true']").count() == 1
    expect(page.locator("#paste-status")).to_have_text("已粘贴 5 行。")
    expect(page.locator("#filled-count")).to_have_text("5")
    expect(page.locator("#dirty-state")).to_contain_text("未保存")
    screenshot("score-sheet-pasted")


def test_the_review_marks_points_that_differ_and_its_stars_start_from_the_self_assessment(live_server, page):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    marks = full_marks(evaluation.template)
    save_scores(evaluation, marks)
    at_stage(evaluation, "review")
    log_in(page, live_server, "street_staff")
    _sheet(page, live_server, evaluation, "review")

    # Nothing reviewed yet: the stars are those of the self-assessment (full marks, held at 4 by the vote gate).
    expect(page.locator("#preview-stars")).to_have_text("4")
    assert page.locator("tr.differs").count() == 0

    page.fill("#points-A1\\.1", "0")
    page.fill("#points-A1\\.2", marks["A1.2"])
    expect(page.locator("#row-A1\\.1")).to_have_class(DIFFERS)
    expect(page.locator("#row-A1\\.1 .differs-mark")).to_be_visible()
    assert page.locator("tr.differs").count() == 1, "an equal review point is not marked"
    page.click("#save-draft")
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#row-A1\\.1")).to_have_class(DIFFERS)  # and after saving, from the server
    assert page.locator("tr.differs").count() == 1


def test_a_ranked_secretary_campaign_sheet_has_no_stars(live_server, page, screenshot):
    district = build_district()
    SecretaryFactory(organization=district.community, name="社区书记")
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    evaluation = evaluation_of(open_community_campaign(district, template=template), district.community)
    log_in(page, live_server, "org_admin")
    _sheet(page, live_server, evaluation)

    expect(page.locator("#sheet-bar")).to_contain_text("已填 0/")
    assert page.locator("#preview-stars").count() == 0
    assert page.locator("#declared_stars").count() == 0 and page.locator("#declared-stars").count() == 0
    assert "星" not in page.locator("#sheet-bar").inner_text()
    screenshot("score-sheet-ranked")
