"""In a real Chromium on a phone-sized screen (390 px): a member finds the democratic vote sheet on the home page,
is told whom they forgot, rates every other member of the branch and submits once; the branch secretary sees
已投 / 应投 / 法定人数 on a computer."""

import pytest
from playwright.sync_api import expect

from evaluations.models import DemocraticBallot, DemocraticVoter
from tests.e2e.browser_support import log_in, sign_in
from tests.factories import build_district
from tests.support.democratic_votes import open_branch_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser):
    """A phone with script on (the sheet asks before submitting); confirmations are accepted and kept."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.dialogs = []

    def _accept(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", _accept)
    yield page
    context.close()


def _inside_the_phone(page, selector: str) -> None:
    for box in (element.bounding_box() for element in page.locator(selector).all()):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5
        assert box["height"] >= 40


def test_a_member_rates_every_other_member_on_the_phone_sheet_once(live_server, page, screenshot):
    district = build_district()
    vote = open_branch_vote(district)

    log_in(page, live_server, "member")
    screenshot("democratic_vote_member_home_phone")
    page.get_by_role("link", name=f"填写{district.branch.name}民主测评表").first.click()
    page.wait_for_url(f"{live_server.url}/democratic-votes/{vote.pk}/sheet/")
    expect(page.get_by_text("已投 0 / 应投 4")).to_be_visible()
    expect(page.get_by_text("法定人数 3")).to_be_visible()
    expect(page.locator("fieldset.rated")).to_have_count(3)  # 张三 does not rate himself
    _inside_the_phone(page, "fieldset.rated label")
    screenshot("democratic_vote_sheet_phone")

    page.locator("fieldset.rated", has_text="王五").get_by_label("优秀", exact=True).check()
    page.locator("fieldset.rated", has_text="赵六").get_by_label("合格", exact=True).check()
    page.get_by_role("button", name="提交测评表").click()
    expect(page.get_by_role("alert")).to_contain_text("钱七 还未选择")
    assert page.dialogs and "只能提交一次" in page.dialogs[0]
    # What was chosen is still chosen.
    expect(page.locator("fieldset.rated", has_text="王五").get_by_label("优秀", exact=True)).to_be_checked()
    assert DemocraticVoter.objects.count() == 0
    screenshot("democratic_vote_sheet_phone_incomplete")

    page.locator("fieldset.rated", has_text="钱七").get_by_label("基本合格", exact=True).check()
    page.get_by_role("button", name="提交测评表").click()
    expect(page.locator("#sheet-done")).to_be_visible()
    expect(page.get_by_text("已投 1 / 应投 4")).to_be_visible()
    expect(page.locator("fieldset.rated")).to_have_count(0)
    screenshot("democratic_vote_sheet_phone_done")
    assert DemocraticVoter.objects.filter(vote=vote).count() == 1
    assert sorted(DemocraticBallot.objects.values_list("option", flat=True)) == [
        "basically_qualified",
        "excellent",
        "qualified",
    ]

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "org_admin")
    page.goto(f"{live_server.url}/democratic-votes/{vote.pk}/")
    expect(page.get_by_text("已投 1 / 应投 4")).to_be_visible()
    page.get_by_role("button", name="结束民主测评").click()
    expect(page.locator(".messages")).to_contain_text("未达到法定人数 3 人")
    screenshot("democratic_vote_detail_secretary")

    # The branch meeting voted on paper too: two members; 王五 got two 优秀.
    page.get_by_role("link", name="录入支部党员大会纸质测评结果").click()
    page.get_by_label("纸质投票人数").fill("2")
    page.get_by_label("王五 · 优秀", exact=True).fill("2")
    screenshot("democratic_vote_paper_secretary")
    page.get_by_role("button", name="保存纸质结果").click()
    expect(page.get_by_text("已投 3 / 应投 4")).to_be_visible()
    expect(page.get_by_text("已达到法定人数")).to_be_visible()
    page.get_by_role("button", name="结束民主测评").click()
    expect(page.locator(".messages")).to_contain_text("民主测评已结束")
    assert "应投 4 人，已投 3 人" in page.dialogs[-1]
    screenshot("democratic_vote_closed_secretary")
