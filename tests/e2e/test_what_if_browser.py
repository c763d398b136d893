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


def test_the_district_tries_three_times_for_the_three_star_rule_and_adopts_it(page, live_server, screenshot):
    """东城第一社区党委 rated 3, 4 and 3 stars in its term: with "three stars three times" its loss of award
    eligibility (and its secretary's) would vanish; nothing changes until the draft is adopted as version 2."""
    from datetime import date

    from evaluations.models import Consequence, ConsequenceStatus
    from evaluations.services.consequences import consequences_apply
    from scoring.models import ConsequenceRuleSet
    from tests.factories import SecretaryFactory
    from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign

    district = build_district()
    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2021, 2025)
    SecretaryFactory(organization=district.community, name="赵书记", started_on=date(2020, 1, 1))
    for year, stars in ((2021, 3), (2022, 4), (2023, 3)):
        approved(yearly_campaign(district.district, year), district.community, stars)
    consequences_apply()
    stored = list(Consequence.objects.order_by("pk").values_list())
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/what-if/")
    page.get_by_role("link", name="试改雨城区“五星争创”结果运用").click()
    times = page.get_by_label("Y2：次数")
    expect(times).to_have_value("2")
    times.fill("3")
    screenshot("rule-set-what-if-draft")
    page.get_by_role("button", name="开始试算").click()
    expect(page.locator("#what-if-consequence-totals")).to_have_text("将新增 0 项后果，消失 2 项。")
    table = page.locator("#what-if-consequences")
    expect(table.locator("tbody > tr").first).to_contain_text("东城街道党工委")
    expect(table.locator("tbody > tr").first).to_contain_text("取消任期内评先评优资格")
    table.get_by_text("显示").first.click()
    expect(table).to_contain_text("赵书记")
    expect(table).to_contain_text("2021年 3星、2023年 3星")
    screenshot("rule-set-what-if-outcome")
    assert list(Consequence.objects.order_by("pk").values_list()) == stored
    page.get_by_role("button", name="采纳为版本 2").click()
    expect(page.locator(".messages")).to_contain_text("版本 2")
    assert ConsequenceRuleSet.objects.get(code="yucheng_3plus2", is_active=True).version == 2
    active = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE)
    assert set(active.values_list("rule__code", flat=True)) == {"Y1"}
