"""In a real Chromium: the district opens a rectification case on a community (1366 px), the community's
administrator reports progress with a photo from a phone (390 px) and submits it, and the street closes it out
(1366 px). Screenshots go to test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import RectificationCase
from tests.e2e.browser_support import case_close_out, case_progress_report, sign_in
from tests.factories import build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_opens_the_community_reports_and_the_street_closes_out(
    page, live_server, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    district = build_district()
    deadline = timezone.localdate() + timedelta(days=30)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/rectification/")
    page.get_by_role("link", name="新建整改事项").click()
    page.get_by_label("党组织").select_option(label="东城第一社区党委（社区/村党组织）")
    page.get_by_label("类别").select_option(label="问题清单")
    page.get_by_label("整改事项").fill("三会一课记录不全")
    page.get_by_label("问题描述").fill("2025年第三季度支部委员会会议记录缺失")
    page.get_by_label("整改任务（每行一项）").fill("补齐会议记录\n召开专题组织生活会")
    page.get_by_label("整改期限").fill(deadline.isoformat())
    page.get_by_label("责任人账号").select_option(index=1)
    screenshot("rectification-open-district")
    page.get_by_role("button", name="建立整改事项").click()
    expect(page.locator(".messages")).to_contain_text("整改事项已建立")
    case = RectificationCase.objects.get()
    page.goto(f"{live_server.url}/rectification/")
    expect(page.locator("#count-open")).to_have_text("1")
    screenshot("rectification-list-district")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, district.users["org_admin"].username)
    page.goto(f"{live_server.url}/worklist/")
    page.get_by_role("link", name="三会一课记录不全").click()
    case_progress_report(
        page,
        note="已补齐第三季度会议记录，10月8日召开专题组织生活会",
        tasks=["1. 补齐会议记录", "2. 召开专题组织生活会"],
    )
    screenshot("rectification-progress-phone")
    page.get_by_role("button", name="申请销号").click()
    expect(page.locator(".messages")).to_contain_text("已向上级申请销号")
    screenshot("rectification-submitted-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/rectification/")
    expect(page.locator("table.cases")).to_contain_text("已申请销号")
    screenshot("rectification-list-community")

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["street_staff"].username)
    page.goto(f"{live_server.url}/worklist/")
    page.get_by_role("link", name="三会一课记录不全").click()
    screenshot("rectification-check-street")
    case_close_out(page, note="经实地查看，整改到位")
    screenshot("rectification-closed-street")
    case.refresh_from_db()
    assert case.status == "closed"
    assert list(case.events.values_list("step", flat=True)) == ["opened", "progress", "submitted", "closed"]
    assert page.dialogs == ["确定销号吗？销号后不能再更改。"]
