"""In a real Chromium: a resident opens the street's publicity page on a phone and files an objection; the street
answers it, cannot close the publicity before three days, and closes it once they have passed."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Objection
from evaluations.rules.workflow import StageKind
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.publicity import public_url, publicised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def test_a_resident_objects_on_a_phone_and_the_street_answers_and_closes(
    own_cache, live_server, browser, page, screenshot
):
    district = build_district()
    campaign, evaluation = publicised(district)

    # The resident, on a phone, without an account.
    phone = browser.new_context(**PHONE)
    resident = phone.new_page()
    resident.goto(live_server.url + public_url(campaign, district.street))
    table = resident.locator("#publicised")
    expect(table).to_contain_text(district.community.name)
    expect(table).to_contain_text("4星")
    expect(resident.locator("#window")).to_contain_text("公示期")
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    resident.select_option("#id_evaluation", label=district.community.name)
    resident.fill("#id_text", "组织生活会记录与实际不符")
    resident.fill("#id_contact", "1381234")
    resident.get_by_role("button", name="提交异议").click()
    expect(resident.locator(".errors")).to_contain_text("联系电话")
    expect(resident.locator("#id_text")).to_have_value("组织生活会记录与实际不符")
    resident.fill("#id_contact", "13812345678")
    resident.get_by_role("button", name="提交异议").click()
    expect(resident.locator(".messages")).to_contain_text("您的异议已收到")
    ARTIFACTS.mkdir(exist_ok=True)
    resident.screenshot(path=str(ARTIFACTS / "publicity-phone-objection-filed.png"), full_page=True)
    phone.close()
    objection = Objection.objects.get()

    # The street sees it, contact masked, and answers.
    manage = live_server.url + reverse(
        "evaluations:publicity_manage", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
    )
    log_in(page, live_server, "street_staff")
    page.goto(manage)
    card = page.locator(f"#objection-{objection.pk}")
    expect(card).to_contain_text("组织生活会记录与实际不符")
    expect(card).to_contain_text("138****5678")
    card.locator("textarea").fill("经核实，会议记录齐全，异议不成立。")
    card.get_by_role("button", name="保存答复").click()
    expect(page.locator(".messages")).to_contain_text("异议已答复")
    expect(page.locator(f"#objection-{objection.pk}")).to_contain_text("经核实，会议记录齐全，异议不成立。")

    # Closing before three days is refused and names the organization.
    page.get_by_role("button", name="结束公示").click()
    expect(page.locator(".messages")).to_contain_text(f"{district.community.name}：公示不能结束")
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.PUBLICITY
    screenshot("publicity-close-refused")

    # Three days later (the idle session has expired by then: log in again) it closes.
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=5), tick=True):
        log_in(page, live_server, "street_staff")
        page.goto(manage)
        page.get_by_role("button", name="结束公示").click()
        expect(page.locator(".messages")).to_contain_text("已结束公示")
        evaluation.refresh_from_db()
        assert evaluation.stage.kind == StageKind.CONSULTATION
        screenshot("publicity-closed")
