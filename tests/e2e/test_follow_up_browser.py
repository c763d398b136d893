"""In a real Chromium at 1366 px: once the grades are final, the branch's administrator finds 钱七 (basically
qualified) waiting for a helper, names 赵六 with a plan, notes the first talk; the district exports the priority
list for higher honours. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from evaluations.models import FollowUpNote
from tests.e2e.browser_support import sign_in
from tests.factories import build_district
from tests.support.followups import follow_up_of, graded_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_branch_pairs_a_helper_and_notes_progress(page, live_server, screenshot):
    district = build_district()
    graded_campaign(district)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["org_admin"].username)
    page.goto(f"{live_server.url}/follow-ups/?kind=paired_help")
    expect(page.locator("table.data")).to_contain_text("尚未确定帮扶人")
    screenshot("follow-ups-list")
    page.get_by_role("link", name="钱七").click()
    page.get_by_label("帮扶人").select_option(label="赵六")
    page.get_by_label("帮扶计划").fill("每月谈心一次，带学党章；季度末交流体会")
    page.get_by_role("button", name="保存帮扶人和帮扶计划").click()
    expect(page.locator(".messages")).to_contain_text("帮扶人和帮扶计划已保存。")
    page.get_by_label("帮扶进展").fill("3月5日：赵六与钱七谈心，学习党章第一章")
    page.get_by_role("button", name="添加记录").click()
    expect(page.locator(".messages")).to_contain_text("帮扶进展已记录。")
    expect(page.locator("ol.notes")).to_contain_text("学习党章第一章")
    screenshot("follow-up-paired-help")
    assert follow_up_of("钱七").helper.name == "赵六"
    assert FollowUpNote.objects.get().text == "3月5日：赵六与钱七谈心，学习党章第一章"

    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/follow-ups/?kind=commendation")
    expect(page.locator("table.data")).to_contain_text("张三")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出评先评优优先名单（Excel）").click()
    assert download.value.suggested_filename.startswith("评先评优优先名单")
