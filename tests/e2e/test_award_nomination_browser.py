"""In a real Chromium at 1366 px: the street nominates a two-star community for the year's advanced organization
award and is refused with the rule and the results, nominates a five-star one (hinted as a commendation candidate),
and the district confirms it. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from evaluations.models import AwardNomination
from tests.e2e.browser_support import sign_in
from tests.factories import build_district
from tests.support.nominations import ratings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_street_is_refused_an_ineligible_organization_nominates_another_and_the_district_confirms(
    page, live_server, screenshot
):
    district = build_district()
    ratings(district, {(district.community, 2024): 2, (district.sibling_community, 2024): 5})

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, district.users["street_staff"].username)
    page.goto(f"{live_server.url}/nominations/")
    page.get_by_role("link", name="推荐评先评优").click()
    page.get_by_label("表彰年度").fill("2024")
    page.get_by_label("表彰类别").select_option(label="先进基层党组织")
    page.get_by_label("党组织").select_option(label="东城第一社区党委（社区/村党组织）")
    page.get_by_label("主要事迹和推荐理由").fill("党建引领社区治理成效显著")
    page.get_by_role("button", name="提交推荐").click()
    errors = page.locator("ul.errors")
    expect(errors).to_contain_text("不能提名：东城第一社区党委 2024年取消当年评先评优资格")
    expect(errors).to_contain_text("2024年 2星")
    expect(errors).to_contain_text("（规则 Y4，第 1 版）")
    expect(page.get_by_label("主要事迹和推荐理由")).to_have_value("党建引领社区治理成效显著")
    screenshot("nomination-refused-street")

    page.get_by_label("党组织").select_option(label="东城村党总支（社区/村党组织） ★推荐表彰对象")
    # Choosing another organization lists its people and clears the refusal of the last try.
    expect(page.locator("ul.errors")).to_have_count(0)
    expect(page.get_by_label("个人（优秀共产党员、优秀党务工作者）")).to_contain_text("孙书记（东城村党总支书记）")
    expect(page.locator("#commendation-hints")).to_contain_text("东城村党总支")
    expect(page.get_by_label("主要事迹和推荐理由")).to_have_value("党建引领社区治理成效显著")
    screenshot("nomination-form-street")
    page.get_by_role("button", name="提交推荐").click()
    expect(page.locator(".messages")).to_contain_text("已推荐东城村党总支为 2024年度“先进基层党组织”")
    expect(page.locator("#count-submitted")).to_have_text("1")
    screenshot("nomination-list-street")

    sign_in(page, live_server, district.users["district_admin"].username)
    page.goto(f"{live_server.url}/nominations/")
    expect(page.locator("table.nominations")).to_contain_text("东城村党总支")
    screenshot("nomination-list-district")
    page.locator("form.decide-confirm").get_by_role("button", name="确认").click()
    expect(page.locator(".messages")).to_contain_text("已确认对东城村党总支的推荐")
    expect(page.locator("#count-confirmed")).to_have_text("1")
    expect(page.locator(".nomination-status")).to_contain_text("区委组织部已确认")
    screenshot("nomination-confirmed-district")
    assert AwardNomination.objects.get().status == "confirmed"
