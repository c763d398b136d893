"""Forecasts on real results: what the next rating would trigger for an organization, its secretary and a member,
in words, on the organization's, the secretary's and the member's pages, in a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from evaluations.selectors.forecasts import member_forecasts, organization_forecasts, secretary_forecasts
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.pioneer import open_pioneer_campaign

pytestmark = pytest.mark.django_db

WARNING = "下次评定的后果预警"


def rated(district, stars_by_year: dict[int, int], *, secretary: str = "") -> None:
    """东城第一社区党委 under the Yucheng rules in the 2021–2025 term, its secretary since 2020, and its stars."""
    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2021, 2025)
    if secretary:
        SecretaryFactory(organization=district.community, name=secretary, started_on=date(2020, 1, 1))
    for year, stars in stars_by_year.items():
        approved(yearly_campaign(district.district, year), district.community, stars)


@pytest.fixture
def one_three_star(district):
    """Rated 3 then 4 stars in 2022–2023 under 赵书记."""
    rated(district, {2022: 3, 2023: 4}, secretary="赵书记")
    return district.community, district.community.secretaries.get()


def values_of(block) -> dict[str, list]:
    return {value.label: value.items for value in block.values}


def test_after_three_then_four_stars_a_next_three_would_cost_the_organization_and_secretary_award_eligibility(
    one_three_star,
):
    community, _secretary = one_three_star
    [block] = organization_forecasts(community)
    assert block.rule_set == "雨城区“五星争创”结果运用（“3+2”动态管理）"
    assert (block.period, block.term, block.new_term) == ("2024年", "2021–2025年", False)
    values = values_of(block)
    [three] = values["3星"]
    assert three.actions == "取消任期内评先评优资格（本组织、书记赵书记）"
    assert three.counted == "本届任期（2021–2025年）内已有 1 次：2022年 3星"
    assert three.rule.startswith("Y2 任期内两次及以上三星")
    # A 2 is this year's ineligibility; a 4 or 5 brings nothing new (already a commendation candidate this term).
    assert "2星" in values and "4星" not in values and "5星" not in values


def test_the_secretary_sees_only_what_would_fall_on_the_person(one_three_star):
    _community, secretary = one_three_star
    [block] = secretary_forecasts(secretary)
    [three] = values_of(block)["3星"]
    assert three.actions == "取消任期内评先评优资格（书记赵书记）"
    assert all("本组织" not in item.actions for items in values_of(block).values() for item in items)


def test_a_secretary_out_of_office_has_no_forecast(one_three_star):
    community, secretary = one_three_star
    secretary.ended_on = date(2024, 6, 30)
    secretary.save(update_fields=["ended_on"])
    successor = SecretaryFactory(organization=community, name="钱书记", started_on=date(2024, 7, 1))
    assert secretary_forecasts(secretary) == []
    # The successor did not lead the 2022 result: only the organization would answer for a second 3 stars.
    [three] = values_of(secretary_forecasts(successor)[0]).get("3星", [None])
    assert three is None
    [block] = organization_forecasts(community)
    assert values_of(block)["3星"][0].actions == "取消任期内评先评优资格（本组织）"


def test_one_star_then_a_next_one_or_zero_star_means_organizational_handling(district):
    rated(district, {2023: 1}, secretary="赵书记")
    values = values_of(organization_forecasts(district.community)[0])
    handling = [item for item in values["1星或0星"] if item.rule.startswith("Y8")]
    assert handling[0].actions == "组织处理（书记赵书记）"
    assert handling[0].counted == "此前连续评定：2023年 1星"


def test_a_term_ending_with_the_latest_result_opens_a_new_term_where_nothing_earlier_counts(district):
    rated(district, {2024: 3, 2025: 3})
    [block] = organization_forecasts(district.community)
    assert (block.period, block.new_term, block.term) == ("2026年", True, "2026–2030年")
    assert "3星" not in values_of(block)


def test_an_organization_without_results_has_no_forecast(district):
    rule_sets_loaded("yucheng_3plus2")
    assert organization_forecasts(district.sibling_community) == []


def test_a_member_rated_in_the_pioneer_index_is_told_what_each_grade_would_bring(district):
    rule_sets_loaded("lengshuijiang_pioneer")
    open_pioneer_campaign(district)
    [block] = member_forecasts(district.member, today=date(2026, 12, 3))
    assert block.period == "2026年"
    values = values_of(block)
    assert list(values) == ["优秀党员", "基本合格党员", "不合格党员"]
    assert values["不合格党员"][0].actions == "不合格党员：按程序处置"
    assert values["不合格党员"][0].rule == "P3 · 先锋指数后续跟进（本人）"


# The pages


def fragment(client, organization):
    return client.get(
        reverse("evaluations:organization_forecast", args=[organization.pk]), headers={"HX-Request": "true"}
    )


def test_the_organization_page_loads_the_warning_for_one_three_star_result_in_the_term(one_three_star, district, login):
    community, _secretary = one_three_star
    client = login(district.users["street_staff"])
    page = client.get(reverse("org_detail", args=[community.pk])).content.decode()
    assert f'hx-get="{reverse("evaluations:organization_forecast", args=[community.pk])}"' in page
    text = fragment(client, community).content.decode()
    assert WARNING in text and "<html" not in text
    assert "下次评定若为3星：" in text
    assert "本届任期（2021–2025年）内已有 1 次：2022年 3星" in text
    assert "取消任期内评先评优资格（本组织、书记赵书记）" in text
    # Without htmx (no script) it is a page of its own.
    assert "<html" in client.get(reverse("evaluations:organization_forecast", args=[community.pk])).content.decode()


def test_no_warning_for_an_organization_without_a_result(one_three_star, district, login):
    text = fragment(login(district.users["street_staff"]), district.sibling_community).content.decode()
    assert WARNING not in text


def test_a_street_user_of_another_street_is_refused(one_three_star, district, login):
    community, _secretary = one_three_star
    assert fragment(login(district.users["outsider"]), community).status_code == 404


def test_a_branch_member_does_not_load_the_organizations_forecast(district, login):
    page = login(district.users["member"]).get(reverse("org_detail", args=[district.branch.pk])).content.decode()
    assert "organization_forecast" not in page and "/forecast/" not in page


def test_the_secretarys_pages_show_the_persons_warning(one_three_star, district, login):
    _community, secretary = one_three_star
    client = login(district.users["street_staff"])
    for name in ("evaluations:secretary_results", "evaluations:secretary_star_history"):
        text = client.get(reverse(name, args=[secretary.pk])).content.decode()
        assert WARNING in text and "取消任期内评先评优资格（书记赵书记）" in text
        assert "该书记现任的东城第一社区党委下一次评定结果" in text


def test_the_members_pioneer_page_shows_the_warning(district, login):
    rule_sets_loaded("lengshuijiang_pioneer")
    open_pioneer_campaign(district)
    text = login(district.users["member"]).get(reverse("evaluations:pioneer_mine")).content.decode()
    assert WARNING in text and "下次评定若为不合格党员：" in text and "不合格党员：按程序处置" in text


def test_the_fragment_reads_in_a_fixed_number_of_queries(
    one_three_star, district, login, django_assert_max_num_queries
):
    community, _secretary = one_three_star
    rule_sets_loaded()
    client = login(district.users["street_staff"])
    fragment(client, community)
    with django_assert_max_num_queries(16):
        assert fragment(client, community).status_code == 200
    approved(yearly_campaign(district.district, 2024), community, 3)
    approved(yearly_campaign(district.district, 2025), community, 2)
    with django_assert_max_num_queries(16):
        assert WARNING in fragment(client, community).content.decode()
