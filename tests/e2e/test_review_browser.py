"""In a real Chromium: the street's reviewer types review scores with the self-assessed points beside them,
and the stars and the "why" update before anything is saved."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import Score
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import at_stage, evaluation_of, full_marks, open_community_campaign, save_scores

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_the_stars_and_why_change_as_they_type(live_server, page, screenshot):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    marks = full_marks(evaluation.template)
    save_scores(evaluation, marks)
    at_stage(evaluation, "review")
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    log_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/scores/?stage=review")
    expect(page.locator("#self-A1\\.1")).to_have_text(format(Decimal(marks["A1.1"]).normalize(), "f"))

    # The reviewer confirms every item: all five dimensions light, the vote gate holds the level at four.
    for code, points in marks.items():
        page.locator(f"input[name='points-{code}']").fill(points)
    expect(page.locator("#preview-stars")).to_have_text("4")
    expect(page.locator("#preview-why li").first).to_have_text("为什么是4星：")

    # Dimensions A and B drop below 18 points: their stars go out, and the why says so, still unsaved.
    for code in ("A1.1", "A1.2", "B1.1", "B1.2"):
        page.locator(f"input[name='points-{code}']").fill("0")
    expect(page.locator("#preview-stars")).to_have_text("3")
    expect(page.locator("#preview-why")).to_contain_text("党组织建设：得分")
    expect(page.locator("#preview-why")).to_contain_text("不足 18 分，无星")
    page.locator("input[name='check-A1.1'][value='on_site']").check()
    screenshot("review-preview")
    assert not Score.objects.filter(evaluation=evaluation, stage="review").exists()
    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors
