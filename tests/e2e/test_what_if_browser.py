"""In a real Chromium at 1366 px: the district raises Yucheng's star threshold from 18 to 19, tries it on the
year's campaign, sees per street which communities lose a star and why, and adopts the draft as version 2.
Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from evaluations.models import EvaluationResult
from scoring.models import IndicatorTemplate
from tests.e2e.browser_support import sign_in, what_if_threshold_draft
from tests.factories import build_district
from tests.support.evaluations import open_community_campaign
from tests.support.whatif import scored_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_raises_a_threshold_and_sees_who_loses_a_star(page, live_server, screenshot):
    district = build_district()
    campaign = scored_campaign(district, open_community_campaign(district))
    stored = list(EvaluationResult.objects.order_by("pk").values_list("stars", "explanation"))
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["district_admin"].username)
    what_if_threshold_draft(page, live_server, campaign=campaign, threshold="19")
    screenshot("what-if-draft")
    page.get_by_role("button", name="开始试算").click()
    expect(page.locator("#what-if-totals")).to_have_text("共 3 个组织：0 个升级，2 个降级，1 个不变。")
    streets = page.locator("#what-if-streets")
    expect(streets.locator("tbody > tr").first).to_contain_text("东城街道党工委")
    streets.get_by_text("显示").first.click()
    expect(streets).to_contain_text("党组织建设：得分 18.5，低于新的亮星线 19 分（原为 18 分）")
    screenshot("what-if-outcome")
    page.get_by_role("button", name="采纳为版本 2").click()
    expect(page.locator(".messages")).to_contain_text("版本 2")
    screenshot("what-if-adopted")
    assert IndicatorTemplate.objects.get(code="yucheng_4plus1", version=2).as_definition().scheme.threshold == 19
    assert list(EvaluationResult.objects.order_by("pk").values_list("stars", "explanation")) == stored
