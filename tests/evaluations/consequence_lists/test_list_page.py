"""The consequence lists: built by the real job from approved results under the Yucheng "3+2" rule set; each
organization on the right list with the results behind it, a street's own only, filters that narrow, an export
that reads back as the page, and a withdrawn consequence on no list."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from evaluations.models import Consequence, ConsequenceStatus
from evaluations.services.consequences import consequences_apply
from orgs.models import AuditAction, AuditEvent
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign

pytestmark = pytest.mark.postgres

URL = "evaluations:consequence_list"


@pytest.fixture
def lists(district):
    """东城第一社区 rated 1 star in 2022 and 2023; 西城第一社区 3 stars twice; 东城村 5 stars in 2023; all in the
    2021–2025 term, each with its secretary; the job run over them."""
    rule_sets_loaded("yucheng_3plus2")
    campaigns = {year: yearly_campaign(district.district, year) for year in (2022, 2023)}
    histories = {
        district.community: ("赵书记", {2022: 1, 2023: 1}),
        district.other_community: ("钱书记", {2022: 3, 2023: 3}),
        district.sibling_community: ("孙书记", {2023: 5}),
    }
    evaluations = {}
    for organization, (secretary, stars_by_year) in histories.items():
        term(organization, 2021, 2025)
        SecretaryFactory(organization=organization, name=secretary, started_on=date(2020, 1, 1))
        for year, stars in stars_by_year.items():
            evaluations[organization.code, year] = approved(campaigns[year], organization, stars)
    consequences_apply(organization_ids=[organization.pk for organization in histories])
    district.evaluations, district.campaigns = evaluations, campaigns
    return district


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr class="consequence" data-pk="(\d+)">', page)


def count_of(page: str, code: str) -> int:
    return int(re.search(rf'id="count-{code}">(\d+)<', page).group(1))


def test_a_one_star_twice_organization_is_on_the_term_review_list_with_its_results(
    lists, login, django_assert_max_num_queries
):
    client = login(lists.users["district_admin"])
    with django_assert_max_num_queries(17):  # 15, and the last run of the rules and the run under way for the panel
        page = client.get(reverse(URL), {"list": "term_review"}).content.decode()
    assert count_of(page, "term_review") == 2  # the organization and its secretary
    assert count_of(page, "not_nominated") == 1 and count_of(page, "award_ineligible") == 2
    assert count_of(page, "commendation") == 1 and count_of(page, "other") == 1  # organizational handling
    assert count_of(page, "weak_and_lax") == 0
    assert len(rows_of(page)) == 2
    assert "东城第一社区党委" in page and "东城街道党工委" in page and "赵书记" in page
    assert "Y7 任期内两次及以上一星" in page and "v1" in page
    assert "2022年 1星" in page and "2023年 1星" in page
    assert "西城第一社区党委" not in page  # on another list


def test_the_page_query_count_does_not_grow_with_the_rows(lists, login, django_assert_max_num_queries):
    client = login(lists.users["district_admin"])
    with django_assert_max_num_queries(17):  # 15, and the last run of the rules and the run under way for the panel
        page = client.get(reverse(URL)).content.decode()
    assert len(rows_of(page)) == Consequence.objects.filter(status=ConsequenceStatus.ACTIVE).count() == 7


def test_a_street_sees_only_its_own_streets_consequences(lists, login):
    page = login(lists.users["street_staff"]).get(reverse(URL)).content.decode()
    assert "东城第一社区党委" in page and "东城村党总支" in page
    assert "西城第一社区党委" not in page and "钱书记" not in page
    assert count_of(page, "award_ineligible") == 0
    # Asking for the other street's organizations through the filter shows nothing of theirs either.
    page = login(lists.users["street_staff"]).get(reverse(URL), {"street": lists.other_street.pk}).content.decode()
    assert "钱书记" not in page


def test_the_filters_narrow_the_list(lists, login):
    client = login(lists.users["district_admin"])
    page = client.get(reverse(URL), {"street": lists.other_street.pk}).content.decode()
    assert len(rows_of(page)) == 2 and "钱书记" in page and "赵书记" not in page
    page = client.get(reverse(URL), {"year": "2023", "list": "commendation"}).content.decode()
    assert len(rows_of(page)) == 1 and "东城村党总支" in page
    rule = Consequence.objects.get(rule__code="Y8").rule
    page = client.get(reverse(URL), {"rule": rule.pk}).content.decode()
    assert len(rows_of(page)) == 1 and "组织处理" in page
    assert count_of(page, "other") == 1 and count_of(page, "term_review") == 0  # the counts follow the filters


def test_the_export_reads_back_as_the_pages_rows(lists, login):
    client = login(lists.users["district_admin"])
    query = {"street": lists.street.pk}
    page = client.get(reverse(URL), query).content.decode()
    response = client.get(reverse("evaluations:consequence_export"), query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    shown = [Consequence.objects.get(pk=pk) for pk in rows_of(page)]
    assert len(values) == len(shown) == 5
    assert [(row[3], row[6].split(" ")[0], row[8]) for row in values] == [
        (consequence.person_name or None, consequence.rule.code, consequence.year) for consequence in shown
    ]
    assert all(row[1] == "东城街道党工委" for row in values)
    assert any("2022年 1星" in row[9] for row in values)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="consequence")
    assert event.detail["rows"] == 5


def test_a_withdrawn_consequence_is_on_no_list(lists, login):
    evaluation = lists.evaluations["C0101", 2023]
    evaluation.approved_stars = 5  # the district corrects 2023 to five stars
    evaluation.save(update_fields=["approved_stars"])
    consequences_apply(organization_ids=[lists.community.pk])
    assert Consequence.objects.filter(rule__code="Y8", status=ConsequenceStatus.WITHDRAWN).exists()
    page = login(lists.users["district_admin"]).get(reverse(URL)).content.decode()
    assert "组织处理" not in page and count_of(page, "term_review") == 0 and count_of(page, "other") == 0
    assert count_of(page, "commendation") == 2  # the corrected five stars put the community there instead


def test_the_navigation_links_the_lists_for_whoever_views_evaluations(lists, login):
    page = login(lists.users["street_staff"]).get(reverse("evaluations:rectification_list")).content.decode()
    assert 'id="nav-consequences"' in page
    page = login(lists.users["nobody"]).get(reverse("home")).content.decode()
    assert 'id="nav-consequences"' not in page


def test_a_rectification_row_offers_the_level_above_to_open_its_case(lists, login):
    sibling = lists.sibling_community
    approved(lists.campaigns[2022], sibling, 2)
    evaluation = lists.evaluations[sibling.code, 2023]
    evaluation.approved_stars = 2  # two years of two stars: a talk and a rectification within 90 days
    evaluation.save(update_fields=["approved_stars"])
    consequences_apply(organization_ids=[sibling.pk])
    rectification = Consequence.objects.get(organization=sibling, action="rectification", status="active")
    opening = f"{reverse('evaluations:rectification_open')}?consequence={rectification.pk}"
    page = login(lists.users["street_staff"]).get(reverse(URL), {"list": "other"}).content.decode()
    assert "限期整改" in page and page.count(opening) == 1  # not on the organizational handling row
    page = login(lists.users["district_admin"]).get(reverse(URL), {"list": "talks"}).content.decode()
    assert "诫勉谈话" in page and opening not in page
