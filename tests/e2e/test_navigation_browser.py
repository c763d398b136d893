"""The main navigation: the district's many pages in four groups, so that the bar keeps to one line at 1366 px;
a group opens on a click, one at a time, and marks the group of the page shown."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import log_in
from tests.factories import build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_finds_every_page_in_one_line_of_groups(live_server, page):
    build_district()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "district_admin")
    nav = page.locator("nav.mainnav")
    lines = page.evaluate(
        "new Set([...document.querySelectorAll('nav.mainnav > a, nav.mainnav > details > summary')]"
        ".map(each => Math.round(each.getBoundingClientRect().top))).size"
    )
    assert lines == 1, "the main navigation wraps at 1366 px"
    expect(page.locator("#nav-consequences")).to_be_hidden()
    nav.get_by_text("结果运用").click()
    expect(page.locator("#nav-consequences")).to_be_visible()
    nav.get_by_text("书记", exact=True).click()  # opening another group closes the first
    expect(page.locator("#nav-consequences")).to_be_hidden()
    expect(page.locator("#nav-secretary-stars")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#nav-secretary-stars")).to_be_hidden()
    nav.get_by_text("结果运用").click()
    page.locator("#nav-consequences").click()
    page.wait_for_url("**/consequences/")
    expect(page.locator("h1")).to_contain_text("后果")
    expect(page.locator("details.navgroup.current > summary")).to_have_text("结果运用")


def test_a_member_on_a_phone_reaches_their_own_pages_without_opening_a_menu(live_server, page):
    build_district()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "member")
    expect(page.locator("nav.mainnav > #nav-worklist")).to_be_visible()
    page.locator("nav.mainnav").get_by_text("党员", exact=True).click()
    expect(page.locator("#nav-democratic-votes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
