"""In a real Chromium: a resident files an objection on the street's public publicity page; the community's
administrator and the street's staff then see it in their notifications, and the other street's staff do not."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import sign_in
from tests.factories import build_district
from tests.support.publicity import public_url, publicised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def test_an_objection_filed_in_public_reaches_the_community_and_its_street(
    own_cache, live_server, browser, page, screenshot
):
    district = build_district()
    campaign, evaluation = publicised(district)
    phone = browser.new_context(**PHONE)
    resident = phone.new_page()
    resident.goto(live_server.url + public_url(campaign, district.street))
    resident.select_option("#id_evaluation", label=district.community.name)
    resident.fill("#id_text", "党员活动室长期不开放")
    resident.get_by_role("button", name="提交异议").click()
    expect(resident.locator(".messages")).to_contain_text("您的异议已收到")
    phone.close()

    # Each follows the link to where they act: the street to the publicity it answers, the community to its page.
    landing = {"org_admin": f"/evaluations/{evaluation.pk}/", "street_staff": "/manage/"}
    for username in ("org_admin", "street_staff"):
        sign_in(page, live_server, username)
        expect(page.locator("#nav-notifications .nav-count")).to_have_text("1")
        page.click("#nav-notifications")
        notice = page.locator("#notifications li.unread")
        expect(notice).to_have_count(1)
        expect(notice).to_contain_text(f"{district.community.name} 在公示期间收到一条异议")
        screenshot(f"objection-notified-{username}")
        notice.get_by_role("button", name="前往查看").click()
        page.wait_for_url(f"**{landing[username]}")
        expect(page.locator("#nav-notifications .nav-count")).to_have_count(0)

    sign_in(page, live_server, "outsider")
    page.click("#nav-notifications")
    expect(page.locator("#notifications")).not_to_contain_text("异议")
