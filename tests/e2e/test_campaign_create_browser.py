"""In a real Chromium: the district administrator creates a campaign on its page and opens it."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Campaign, CampaignStatus, Evaluation
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import yucheng_stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_admin_creates_a_campaign_and_opens_it(live_server, page, screenshot):
    district = build_district()
    template = yucheng_stored()

    log_in(page, live_server, "district_admin")
    page.locator("nav.mainnav").get_by_text("组织星级", exact=True).click()  # the group that holds the campaigns
    page.get_by_role("link", name="评星定级", exact=True).first.click()
    page.get_by_role("link", name="新建评星定级活动").click()
    page.fill("#id_name", "2026年度社区党组织评星定级")
    page.select_option("#id_template", str(template.pk))
    page.select_option("#id_scope", str(district.district.pk))
    page.select_option("#id_period_kind", "year")
    page.fill("#id_year", "2026")
    page.check('input[name="levels"][value="community"]')
    screenshot("campaign-create-form")
    page.get_by_role("button", name="创建评星定级活动").click()

    campaign = Campaign.objects.get()
    page.wait_for_url(f"**/campaigns/{campaign.pk}/")
    expect(page.locator(".messages")).to_contain_text("评星定级活动已创建为草稿")
    expect(page.locator("h1")).to_contain_text("2026年度社区党组织评星定级")
    assert campaign.status == CampaignStatus.DRAFT and campaign.levels == ["community"]

    page.get_by_role("button", name="启动评星定级活动").click()
    expect(page.locator(".messages")).to_contain_text("评星定级活动已启动")
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(3)
    for name in ("东城第一社区党委", "东城村党总支", "西城第一社区党委"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert Evaluation.objects.filter(campaign=campaign).count() == 3
    screenshot("campaign-opened")
