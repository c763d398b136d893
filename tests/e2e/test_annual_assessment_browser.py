"""In a real Chromium at 1366 px: the district opens the year, generates the annual assessment's base-star proposals
from the quarterly results on the yearly cycle page, asked first, and sees each secretary's quarters, mean, grade and
proposal, and the one short of a quarter; a street's staff see their own street only."""

import pytest
from playwright.sync_api import expect

from evaluations.services.secretary_stars.cycle import star_cycle_open
from tests.e2e.browser_support import log_in, sign_in
from tests.factories import build_district
from tests.support.secretary_stars import annual_example, jinyuan_rule_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026


def test_the_district_generates_the_annual_assessment_and_sees_the_table(live_server, page, screenshot):
    district = build_district()
    rule_set = jinyuan_rule_set()
    star_cycle_open(scope=district.district, year=YEAR, rule_set=rule_set, template=None, trained_on=None, by=None)
    annual_example(district, YEAR, other_street_totals={1: 58, 2: 55, 3: 61, 4: 57})
    page.set_viewport_size({"width": 1366, "height": 900})

    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/secretary-stars/years/?year={YEAR}")
    expect(page.locator(f"#cycle-{YEAR}")).to_contain_text("已考核 2 · 已建议 0 · 不能考核 1")
    page.get_by_role("button", name="按季度考评结果生成年度考核定星建议").click()
    expect(page.locator(".messages")).to_contain_text("新提出 2 条")
    assert "按季度考评结果为示范区委所有可考核的书记提出2026年度考核定星建议" in page.dialogs[-1]
    zheng_row = page.locator("#assessment-rows tr", has_text="郑书记")
    expect(zheng_row).to_contain_text("90.50")
    expect(zheng_row).to_contain_text("优秀")
    expect(zheng_row).to_contain_text("B1 3★ 已提出")
    expect(page.locator("#assessment-rows tr", has_text="孙书记")).to_contain_text("R01 −1 已提出")
    expect(page.locator("#assessment-missing tr", has_text="钱书记")).to_contain_text("第3季度（未考评）")
    screenshot("annual-assessment-district")

    # The proposal reaches the board with the computation as its reason.
    page.goto(f"{live_server.url}/secretary-stars/?year={YEAR}")
    expect(page.locator("#star-proposals")).to_contain_text("平均 90.50，年度考核优秀，定 3 星")

    sign_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/secretary-stars/years/?year={YEAR}")
    expect(page.locator("#assessment-rows")).to_contain_text("郑书记")
    expect(page.locator("#annual-assessment")).not_to_contain_text("孙书记")
    expect(page.locator("#cycle-open")).to_have_count(0)
    screenshot("annual-assessment-street")
