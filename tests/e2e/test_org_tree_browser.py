"""In a real Chromium: log in through the form, expand the tree level by level, find a member."""

import pytest

from tests.e2e.browser_support import log_in
from tests.factories import build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_street_staff_expands_the_tree_level_by_level(live_server, page, screenshot):
    district = build_district()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server, "street_staff")
    assert "我的工作" in page.content()
    page.goto(f"{live_server.url}/orgs/")
    street = page.locator(f"#node-{district.street.pk}")
    assert "东城街道党工委" in street.inner_text()
    assert "西城街道党工委" not in page.content()
    street.locator("button.toggle").first.click()
    community = page.locator(f"#node-{district.community.pk}")
    community.wait_for()
    community.locator("button.toggle").first.click()
    page.locator(f"#node-{district.branch.pk}").wait_for()
    assert "1 名党员" in page.locator(f"#node-{district.branch.pk}").inner_text()
    screenshot("org-tree-street-staff")
    assert not [error for error in errors if "Content Security Policy" in error], errors


def test_roster_search_finds_a_member_by_full_id_card_and_shows_it_masked(live_server, page, screenshot):
    district = build_district()
    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/members/")
    from orgs.personal_data import decrypt

    id_card = decrypt(district.member.id_card_encrypted)
    page.fill("input[name=q]", id_card)
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert "张三" in text
    assert id_card not in text
    assert district.member.id_card_masked in text
    screenshot("member-roster-search")
