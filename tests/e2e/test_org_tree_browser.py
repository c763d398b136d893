"""In a real Chromium: log in through the form, expand the tree level by level, find a member."""

from datetime import date

import pytest

from tests.e2e.browser_support import log_in
from tests.factories import MemberFactory, build_district

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


def test_the_tree_search_finds_an_organization_and_expanded_nodes_are_marked(live_server, page, screenshot):
    district = build_district()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/orgs/")
    toggle = page.locator(f"#node-{district.district.pk} > .node button.toggle")
    toggle.click()
    page.locator(f"#node-{district.street.pk}").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true" and toggle.inner_text() == "－"
    assert "expanded" in page.locator(f"#node-{district.district.pk}").get_attribute("class")
    page.locator(f"#node-{district.street.pk} > .node button.toggle").click()
    page.locator(f"#node-{district.community.pk}").wait_for()
    screenshot("org-tree-expanded")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and toggle.inner_text() == "＋"
    assert not page.locator(f"#node-{district.street.pk}").is_visible()

    page.fill("input[name=q]", "网格")
    page.click("form.filters button[type=submit]")
    found = page.locator(".tree-search .found li")
    assert found.count() == 2
    assert "东城街道党工委 › 东城第一社区党委 › 东城第一社区第一网格党支部" in found.first.inner_text()
    screenshot("org-tree-search")
    found.first.locator("a").click()
    page.wait_for_url(f"{live_server.url}/orgs/{district.branch.pk}/")


def test_the_member_roster_filters_by_street_and_sorts_by_a_column(live_server, page, screenshot):
    district = build_district()
    MemberFactory(branch=district.branch, name="王五", joined_on=date(1999, 7, 1))
    MemberFactory(branch=district.branch, name="赵六", joined_on=date(2012, 7, 1))
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/members/")
    names = page.locator("table.data tbody tr td:first-child")
    assert names.count() == 4

    page.select_option("select[name=street]", label="东城街道党工委")  # the form submits on change
    page.wait_for_url("**street=*")
    assert sorted(names.all_inner_texts()) == sorted(["张三", "王五", "赵六"])

    page.click("th a.sort:has-text('入党时间')")
    page.wait_for_url("**sort=joined_on*")
    assert names.all_inner_texts() == ["王五", "张三", "赵六"]
    page.click("th a.sort:has-text('入党时间')")
    page.wait_for_url("**sort=-joined_on*")
    assert names.all_inner_texts() == ["赵六", "张三", "王五"]
    assert page.locator("select[name=street]").input_value() == str(district.street.pk)
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("入党时间")
    screenshot("member-roster-street-sorted")
