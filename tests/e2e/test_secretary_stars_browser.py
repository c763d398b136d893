"""In a real Chromium at 1366 px: the street proposes an added star for a secretary with evidence, the district
approves it and the board shows the new level; the district removes a star at once, asked first, and the secretary
reads why among their notifications."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import SecretaryStarChange, StarChangeStatus
from tests.e2e.browser_support import log_in, sign_in
from tests.factories import build_district
from tests.support.secretary_stars import PDF, approved, jinyuan_rule_set, rule, secretary_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_star_proposed_with_evidence_is_approved_and_a_removal_reaches_the_secretary(
    live_server, page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    district = build_district()
    rule_set = jinyuan_rule_set()
    year = timezone.localdate().year
    secretary, account = secretary_with_account(district.community, name="郑书记")
    approved(district, secretary, rule_set, "B1", 2, year, on=date(year, 1, 1))
    evidence = tmp_path / "村集体收入台账.pdf"
    evidence.write_bytes(PDF)
    page.set_viewport_size({"width": 1366, "height": 900})

    # The street proposes an added star for income growth, with the ledger as evidence.
    log_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/")
    page.get_by_role("link", name="提出星级变动").click()
    page.select_option("#id_rule", str(rule(rule_set, "A1").pk))
    page.fill("#id_effective_on", date(year, 1, 2).isoformat())
    page.fill("#id_reason", "村集体经济收入同比增长35%")
    page.set_input_files("#id_evidence", str(evidence))
    screenshot("secretary-stars-propose")
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".messages")).to_contain_text("已提交区委组织部审批")
    expect(page.locator("#star-changes")).to_contain_text("已提出")

    # The district approves it from the board; the level is now 3.
    sign_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/secretary-stars/?year={year}")
    proposal = page.locator("#star-proposals tr", has_text="郑书记")
    expect(proposal).to_contain_text("村集体收入台账.pdf")
    screenshot("secretary-stars-board")
    proposal.get_by_role("button", name="审定").click()
    expect(page.locator(".messages")).to_contain_text("审批结果已保存")
    page.goto(f"{live_server.url}/secretary-stars/?year={year}")
    expect(page.locator("#star-levels tr", has_text="郑书记")).to_contain_text("3")
    assert SecretaryStarChange.objects.get(rule__code="A1").status == StarChangeStatus.APPROVED

    # The district removes a star at once, with a reason and evidence, asked first.
    page.goto(f"{live_server.url}/secretaries/{secretary.pk}/stars/")
    page.get_by_role("link", name="随时摘星").click()
    page.fill("#id_effective_on", date(year, 1, 3).isoformat())
    page.fill("#id_reason", "违规处置集体资产，造成较大影响")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="确认摘星").click()
    expect(page.locator(".messages")).to_contain_text("已摘星，并已通知该书记及所在街道")
    assert "现在对郑书记摘星" in page.dialogs[-1]
    screenshot("secretary-stars-history")

    # The secretary reads why.
    sign_in(page, live_server, account.username)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("main")).to_contain_text("违规处置集体资产，造成较大影响")
