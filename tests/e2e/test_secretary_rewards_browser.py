"""In a real Chromium: the street proposes an added star for a village secretary with its evidence, the district
approves it, and the secretary's rewards ledger shows the reward with its computation; the district's table and
its export follow; a star removed mid-year adds adjusting entries from that date, with the reason."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import log_in, sign_in
from tests.factories import SecretaryFactory, build_district
from tests.support.secretary_stars import PDF, approved, jinyuan_rule_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/smoney")


def test_an_added_star_approved_by_the_district_shows_its_reward_in_the_ledger(
    own_cache, live_server, page, tmp_path, screenshot
):
    district = build_district()
    rule_set = jinyuan_rule_set()
    secretary = SecretaryFactory(
        organization=district.sibling_community, name="李村支书", one_shoulder=True, started_on=date(2021, 1, 1)
    )
    approved(district, secretary, rule_set, "B1", 2, 2025)
    evidence = tmp_path / "增收证明.pdf"
    evidence.write_bytes(PDF)

    log_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/propose/")
    page.fill("#id_year", "2026")
    page.select_option("#id_rule", label="增星 · A1 增收致富星（1）")
    page.fill("#id_stars", "1")
    page.fill("#id_effective_on", "2026-12-01")
    page.fill("#id_reason", "村集体经济收入增长35%")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#star-proposal-form button.primary")
    expect(page.locator(".messages")).to_contain_text("已提交区委组织部审批")

    sign_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/")
    page.locator("#star-changes").get_by_role("button", name="审定").click()
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/rewards/")
    ledger = page.locator("#ledger-2026")
    expect(ledger).to_contain_text("3星 − 2星（上年度） = 1星 × 1,000元 = 1,000元")
    expect(ledger).to_contain_text("3星 × 100元 = 300元")
    expect(ledger).to_contain_text("报酬标准 74,172元 × 60% = 44,503.20元")
    screenshot("secretary-rewards-ledger")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / "ledger-district-1366.png"), full_page=True)

    page.goto(f"{live_server.url}/rewards/")
    expect(page.locator(f"#rewards-{secretary.pk}")).to_contain_text("李村支书")
    page.screenshot(path=str(SHOTS / "table-district-1366.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#rewards-export")
    assert download.value.suggested_filename.endswith(".xlsx")

    # The district removes a star from 1 July: the ledger keeps its figures and adds adjusting entries from then.
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/remove/")
    page.fill("#id_stars", "1")
    page.fill("#id_effective_on", "2026-07-01")
    page.fill("#id_reason", "违规决策造成较大影响")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#star-removal-form button.primary")
    expect(page.locator(".messages")).to_contain_text("已摘星")
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/rewards/")
    adjusting = page.locator("#ledger-2026 tr.entry-adjustment")
    expect(adjusting.first).to_contain_text("2026-07-01起摘星（−1星）：违规决策造成较大影响")
    expect(page.locator("#ledger-2026")).to_contain_text("应发 0元 − 已记 1,000元 = -1,000元")
    page.screenshot(path=str(SHOTS / "ledger-removal-1366.png"), full_page=True)

    sign_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/rewards/")
    expect(page.locator("h1")).to_contain_text(district.street.name)
    page.screenshot(path=str(SHOTS / "table-street-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/rewards/")
    expect(page.locator("#ledger-2026")).to_contain_text("1,000元")
    page.screenshot(path=str(SHOTS / "ledger-street-390.png"), full_page=True)
