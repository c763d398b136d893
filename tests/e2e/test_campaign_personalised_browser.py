"""In a real Chromium: the street sets a community's "+1" sub-items; a sum that does not make the dimension's
points is refused with the typed values kept, and the corrected one is saved."""

import pytest
from playwright.sync_api import expect

from evaluations.models import PersonalizedItem
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ("E1", "E1.1", "老旧小区改造", "10"),
    ("E2", "E2.1", "党员群众综合测评", "6"),
    ("E3", "E3.1", "特色亮点", "3"),  # 19 of 20: refused
]


FIELDS = ("parent_code", "code", "name", "points")


def _values(page) -> list[tuple[str, ...]]:
    """What the first rows of the form hold now."""
    return [
        tuple(page.locator(f'[name="{field}-{index}"]').input_value() for field in FIELDS) for index in range(len(ROWS))
    ]


def test_the_street_sets_the_sub_items_and_a_wrong_sum_keeps_what_was_typed(live_server, page, screenshot):
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)

    log_in(page, live_server, "street_staff")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    page.get_by_role("link", name="个性化小项").click()
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/personalised/**")
    for index, (parent, code, name, points) in enumerate(ROWS):
        page.select_option(f'[name="parent_code-{index}"]', parent)
        page.fill(f'[name="code-{index}"]', code)
        page.fill(f'[name="name-{index}"]', name)
        page.fill(f'[name="points-{index}"]', points)
        page.fill(f'[name="standard-{index}"]', f"{name}，完成得满分。")
    page.get_by_role("button", name="保存").click()

    alert = page.locator("#form-errors")
    expect(alert).to_contain_text("的小项合计 19 分，应为 20 分。")
    assert _values(page) == ROWS
    assert not PersonalizedItem.objects.exists()
    screenshot("personalised-items-wrong-sum")

    page.fill('[name="points-2"]', "4")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("个性化小项已保存")
    assert _values(page) == [*ROWS[:2], ("E3", "E3.1", "特色亮点", "4")]
    assert list(PersonalizedItem.objects.order_by("order").values_list("code", "points_max")) == [
        ("E1.1", 10),
        ("E2.1", 6),
        ("E3.1", 4),
    ]
    screenshot("personalised-items-saved")
