"""`make run`'s demo: in a real Chromium, every demo login printed by seed_demo finds its work on its first page,
because the demo year has organizations at every stage (seed_demo_campaigns)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import demo_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each demo login, the viewport it uses, and a line of the work waiting on its home page.
DEMO_WORK = {
    "org_admin": (1366, "自评：轮到您办理"),
    "street_staff": (1366, "复核：轮到您办理"),
    "department_reviewer": (1366, "本部门待提出的联审意见"),
    "district_admin": (1366, "部门联审意见：轮到您办理"),
    "district_approver": (1366, "待审定的建议名单（第 2 批）"),
    "member": (390, "待参加的满意度测评"),
}


def test_every_demo_login_finds_its_work_on_its_first_page(seeded_demo, browser, live_server):
    for username, (width, waiting) in DEMO_WORK.items():
        context, page = demo_log_in(browser, live_server, username, width)
        expect(page.locator("#work")).to_contain_text(waiting)
        expect(page.locator("#work")).not_to_contain_text("暂无待办事项")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, username
        context.close()
