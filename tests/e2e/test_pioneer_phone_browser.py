"""In a real Chromium on a 390 px phone screen: a member self-evaluates item by item; the branch committee moves the
branch through the democratic vote (its result entered as the branch meeting's paper count) and reviews; after the
publicity the street makes the grade final and the member sees the grade and why."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Evaluation, PioneerResult, PioneerSheet
from evaluations.services.publicity import publicity_close
from tests.e2e.browser_support import sign_in
from tests.factories import build_district
from tests.support.pioneer import open_pioneer_campaign, seed_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width} px wide on a {PHONE['width']} px screen"


def _advance(page, live_server, campaign, branch) -> None:
    page.goto(f"{live_server.url}/pioneer/campaigns/{campaign.pk}/branches/{branch.pk}/")
    page.get_by_label("我确认本支部进入下一环节。").check()
    page.get_by_role("button", name="本支部进入下一环节").click()
    expect(page.get_by_text("名党员已进入下一环节")).to_be_visible()


def test_member_self_evaluates_branch_reviews_and_member_sees_grade_and_why(live_server, page, screenshot):
    district = build_district()
    campaign = open_pioneer_campaign(district)
    evaluation = Evaluation.objects.get(campaign=campaign, member=district.member)

    # The member, on the phone: item by item, a statement, submitted once.
    sign_in(page, live_server, "member")
    page.get_by_role("link", name="我的先锋指数").first.click()
    page.get_by_role("link", name="我的自评").click()
    expect(page.get_by_role("heading", name="我的自评")).to_be_visible()
    for code, points in {"P1": "10", "P2": "14", "D1": "15", "D2": "10", "M1": "9", "M2": "15", "C1": "10"}.items():
        page.locator(f"#id_points_{code}").fill(points)
    page.get_by_role("button", name="提交给支部").click()
    expect(page.get_by_role("alert").first).to_contain_text("志愿服务：请填写分数。")
    page.locator("#id_points_C2").fill("14.5")
    page.locator("#id_statement").fill("按时参加组织生活，带头参加志愿服务。")
    _no_sideways_scroll(page)
    screenshot("pioneer_phone_self_evaluation")
    page.get_by_role("button", name="提交给支部").click()
    expect(page.get_by_text("您的自评已提交给支部。")).to_be_visible()
    assert PioneerSheet.objects.get(evaluation=evaluation, stage="self_evaluation").submitted_at is not None

    # The branch committee: self-evaluation → vote; the meeting's paper result; vote → review; the review.
    sign_in(page, live_server, "org_admin")
    _advance(page, live_server, campaign, district.branch)
    seed_vote(campaign, district.branch, {evaluation.pk: {"excellent": 8, "qualified": 2}}, voters=10)
    _advance(page, live_server, campaign, district.branch)
    page.get_by_role("link", name="支部评议").click()
    expect(page.get_by_text("优秀 8 · 合格 2")).to_be_visible()
    expect(page.get_by_text("民主测评得分：96.00 分（满分100分）。")).to_be_visible()
    for code, points in {"P1": "10", "P2": "15", "D1": "15", "D2": "10", "M1": "10", "M2": "15", "C1": "10"}.items():
        page.locator(f"#id_points_{code}").fill(points)
    page.locator("#id_points_C2").fill("15")
    _no_sideways_scroll(page)
    screenshot("pioneer_phone_branch_review")
    page.get_by_role("button", name="提交评议").click()
    expect(page.get_by_text("评议已提交。")).to_be_visible()
    _advance(page, live_server, campaign, district.branch)
    screenshot("pioneer_phone_branch_after_review")
    # On the phone each member is a card whose lines carry their column's name.
    card = page.locator("#branch-members tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    assert (
        card.locator("td[data-label='等次']").evaluate("cell => getComputedStyle(cell, '::before').content") == '"等次"'
    )
    assert PioneerResult.objects.get(evaluation=evaluation).grade == "excellent"

    # The public page during the publicity: name, branch and grade only.
    page.goto(f"{live_server.url}/pioneer/publicity/{campaign.pk}/{district.street.code}/")
    row = page.locator("#publicised tbody tr").first
    expect(row).to_contain_text("张三")
    expect(row).to_contain_text("优秀党员")
    _no_sideways_scroll(page)
    screenshot("pioneer_phone_publicity")

    # The publicity ends (its days have passed); the street makes the grade final.
    publicity_close(
        campaign=campaign,
        street=district.street,
        by=district.users["street_staff"],
        now=timezone.now() + timedelta(days=4),
    )
    sign_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/pioneer/campaigns/{campaign.pk}/results/")
    page.get_by_label("我确认等次正式确定。").check()
    page.get_by_role("button", name="确定等次").click()
    expect(page.get_by_text("1 名党员的等次已确定。")).to_be_visible()

    # The member sees the grade and why.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/pioneer/evaluations/{evaluation.pk}/grade/")
    expect(page.locator("#grade")).to_contain_text("优秀党员")
    expect(page.locator("#grade")).to_contain_text("最终得分：98.80 分")
    expect(page.locator("#reason")).to_contain_text("在“优秀党员”分档内")
    expect(page.locator("#vote")).to_contain_text("10 张选票，得分 96.00 分；100.0% 评您为合格及以上")
    expect(page.locator("#indices tbody tr").first).to_contain_text("政治指数")
    expect(page.locator("#formula")).to_have_text(
        "计算：100（支部评议）× 70% + 96.00（民主测评）× 30% − 0（反向减分）= 98.80 分"
    )
    _no_sideways_scroll(page)
    screenshot("pioneer_phone_my_grade")
