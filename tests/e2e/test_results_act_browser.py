"""In a real Chromium at 1366 px, results that act (issue "results that act"): one fortress star in January puts
东城第一社区 on the weak-and-lax list; the district opens its rectification case from that row, the community reports
progress with a photo and submits it, the street closes it out (销号), and the district sees it closed out on the
list and on the overview. Then the district tries a higher star threshold on the year's campaign and sees which
communities would lose a star. Screenshots go to test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import RectificationCase
from tests.e2e.browser_support import case_close_out, case_progress_report, sign_in, what_if_threshold_draft
from tests.factories import build_district
from tests.support.evaluations import open_community_campaign
from tests.support.rectification import one_star_month
from tests.support.whatif import scored_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_weak_and_lax_organization_is_rectified_to_close_out_and_a_higher_threshold_is_tried(
    page, live_server, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    district = build_district()
    one_star_month(district)
    campaign = scored_campaign(district, open_community_campaign(district))
    page.set_viewport_size({"width": 1366, "height": 900})

    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/consequences/?list=weak_and_lax")
    row = page.locator("tr.consequence", has_text="东城第一社区党委")
    expect(row).to_contain_text("2026年1月 1星")
    screenshot("results-act-weak-and-lax")
    row.get_by_role("link", name="新建整改事项").click()
    expect(page.locator(".case-source")).to_contain_text("2026年1月 1星")
    page.get_by_label("整改任务（每行一项）").fill("调整充实班子\n建立整顿台账")
    page.get_by_label("整改期限").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    page.get_by_label("责任人账号").select_option(index=1)
    page.get_by_role("button", name="建立整改事项").click()
    expect(page.locator(".messages")).to_contain_text("整改事项已建立")
    case = RectificationCase.objects.get()
    assert (case.organization, case.source_kind) == (district.community, "consequence")

    sign_in(page, live_server, district.users["org_admin"].username)
    page.goto(f"{live_server.url}/worklist/")
    page.get_by_role("link", name="列入软弱涣散党组织").click()
    case_progress_report(page, note="已调整充实班子，建立整顿台账", tasks=["1. 调整充实班子", "2. 建立整顿台账"])
    page.get_by_role("button", name="申请销号").click()
    expect(page.locator(".messages")).to_contain_text("已向上级申请销号")

    sign_in(page, live_server, district.users["street_staff"].username)
    page.goto(f"{live_server.url}/worklist/")
    page.get_by_role("link", name="列入软弱涣散党组织").click()
    case_close_out(page, note="经实地查看，整顿到位")

    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/consequences/?list=weak_and_lax")
    expect(page.locator("tr.consequence", has_text="东城第一社区党委")).to_contain_text("已销号")
    screenshot("results-act-closed-on-list")
    page.goto(f"{live_server.url}/overview/")
    street = page.locator("#consequences-and-cases tbody tr", has_text="东城街道党工委")
    expect(street.locator("td").first).to_have_text("1")  # on the weak-and-lax list
    expect(street.locator("td").last).to_have_text("1")  # one case closed out
    screenshot("results-act-overview")

    what_if_threshold_draft(page, live_server, campaign=campaign, threshold="19")
    page.get_by_role("button", name="开始试算").click()
    expect(page.locator("#what-if-totals")).to_have_text("共 3 个组织：0 个升级，2 个降级，1 个不变。")
    streets = page.locator("#what-if-streets")
    streets.get_by_text("显示").first.click()
    expect(streets).to_contain_text("东城第一社区党委")
    screenshot("results-act-what-if")
