"""In a real Chromium: the street records that a village secretary left office normally and that the village's
collective economy grew markedly (with its evidence), the district confirms both from its list, and the rewards
ledger shows the departure subsidy increase (the months after leaving, then twelve months a year) and the one-off
reward, each with its computation."""

from datetime import date

import pytest
from playwright.sync_api import expect

from evaluations.models import StarRuleKind
from tests.e2e.browser_support import log_in, sign_in
from tests.factories import SecretaryFactory, build_district
from tests.support.rewards import star_change
from tests.support.secretary_stars import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_street_records_the_district_confirms_and_the_ledger_follows(
    own_cache, live_server, page, tmp_path, screenshot
):
    district = build_district()
    secretary = SecretaryFactory(
        organization=district.sibling_community,
        name="赵村支书",
        started_on=date(2023, 1, 1),
        ended_on=date(2025, 6, 30),
    )
    for year in (2023, 2024, 2025):
        star_change(secretary, year, StarRuleKind.BASE, 1)
    star_change(secretary, 2025, StarRuleKind.ADDED, 5)  # 6 stars on leaving: 5 gained over the first rating
    accounts = tmp_path / "集体经济审计报告.pdf"
    accounts.write_bytes(PDF)

    log_in(page, live_server, "street_staff")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/")
    page.click("#reward-circumstances")
    expect(page.locator("h1")).to_contain_text("离任及集体经济情况")
    expect(page.locator("#id_year")).to_have_value("2025")  # the year the tenure ended
    page.check("#id_kind_0")  # left office normally
    page.fill("#id_reason", "任期届满，换届未再当选")
    page.click("#circumstance-form button.primary")
    expect(page.locator(".messages")).to_contain_text("区委组织部确认后")

    # Bad input is refused naming the field, and what was typed stays.
    page.check("#id_kind_1")  # collective economy growth
    page.fill("#id_year", "2026")
    page.fill("#id_growth_percent", "23.5")
    page.set_input_files("#id_evidence", str(accounts))
    page.click("#circumstance-form button.primary")
    expect(page.locator("#form-errors")).to_contain_text("年度")
    expect(page.locator("#id_growth_percent")).to_have_value("23.5")
    page.fill("#id_year", "2025")
    page.set_input_files("#id_evidence", str(accounts))
    page.click("#circumstance-form button.primary")
    expect(page.locator("#circumstance-records")).to_contain_text("集体经济审计报告.pdf")
    expect(page.locator("#circumstance-records")).to_contain_text("待区委组织部确认")
    screenshot("reward-circumstances-street-1366")
    page.goto(f"{live_server.url}/secretary-stars/")
    page.click("#reward-circumstance-list")  # the street's list, from its star board
    expect(page.locator("#circumstances-waiting")).to_contain_text("赵村支书")
    expect(page.locator("#circumstances-waiting button")).to_have_count(0)  # the street records, the district decides
    screenshot("reward-circumstance-list-street-1366")

    sign_in(page, live_server, "district_admin")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/rewards/{district.district.pk}/2025/")
    page.click("#reward-circumstance-list")
    waiting = page.locator("#circumstances-waiting")
    expect(waiting).to_contain_text("赵村支书")
    screenshot("reward-circumstances-district-1366")
    for _ in range(2):
        waiting.get_by_role("button", name="确认").first.click()
        expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#circumstances-decided")).to_contain_text("已确认")
    assert any("奖励台账" in question for question in page.dialogs)

    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/rewards/")
    expect(page.locator("#ledger-2025")).to_contain_text("每月增加 50元 × 离任后 6 个月 = 300元")
    expect(page.locator("#ledger-2025")).to_contain_text("村级集体经济增幅明显一次性奖励 = 5,000元")
    expect(page.locator("#ledger-2026")).to_contain_text("每月增加 50元 × 2026年 12 个月（2025-06-30 离任） = 600元")
    page.click("#reward-circumstances")
    expect(page.locator("#confirmed-2025")).to_contain_text("是")
    screenshot("reward-circumstances-confirmed-district-1366")
