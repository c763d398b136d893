"""The district's overview: approved yearly stars per street over the years (a street sees its own), the open
campaigns' progress, and the meeting-room display that refreshes itself without the navigation."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import CampaignStatus, EvaluationStatus, PeriodKind
from orgs.models import Level
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _year(district, year: int, stars: dict, **fields):
    """A yearly campaign over the communities with the given approved stars (organization -> stars); the others
    of the campaign stay unapproved."""
    campaign = CampaignFactory(
        name=f"{year}年度评星定级", year=year, scope=district.district, levels=[Level.COMMUNITY], opened=True, **fields
    )
    for organization, approved in stars.items():
        campaign.evaluations.filter(organization=organization).update(
            status=EvaluationStatus.APPROVED, approved_stars=approved
        )
    return campaign


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\">{name}</th>(.*?)</tr>", html, re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in re.findall(r"<td.*?</td>", row, re.S)
    ]


@pytest.fixture
def years(district):
    _year(district, 2024, {district.community: 2, district.other_community: 1})
    _year(district, 2025, {district.community: 5, district.sibling_community: 3, district.other_community: 4})
    # 2026 is under way: only one community approved so far.
    _year(district, 2026, {district.community: 4})
    return district


def test_the_district_sees_each_streets_stars_over_the_years(years, login):
    page = login(years.users["district_admin"]).get(reverse("evaluations:district_overview")).content.decode()
    assert re.findall(r"<th>(\d{4})年</th>", page) == ["2024", "2025", "2026"]
    east = _cells(_row(page, "东城街道党工委"))
    assert east[0].startswith("2.00★ 1个党组织") and "零至二星 1 个" in east[0]
    assert east[1].startswith("4.00★ 2个党组织") and "四至五星 1 个 · 零至二星 0 个" in east[1]
    assert east[2].startswith("4.00★ 1个党组织")
    west = _cells(_row(page, "西城街道党工委"))
    assert west[0].startswith("1.00★") and west[1].startswith("4.00★") and west[2] == "—"
    total = _cells(_row(page, "全部街道"))
    assert total[1].startswith("4.00★ 3个党组织") and "四至五星 2 个" in total[1]


def test_a_street_sees_only_its_own_and_others_are_refused(years, login):
    page = login(years.users["street_staff"]).get(reverse("evaluations:district_overview")).content.decode()
    assert "东城街道党工委" in page and "西城街道党工委" not in page
    refused = login(years.users["member"]).get(reverse("evaluations:district_overview"))
    assert refused.status_code == 403 and "全区概览仅供区、街道工作人员查看。" in refused.content.decode()
    home = login(years.users["member"]).get(reverse("home")).content.decode()
    assert 'id="nav-overview"' not in home


def test_quarterly_and_unapproved_results_do_not_count(district, login):
    _year(district, 2025, {district.community: 5}, period_kind=PeriodKind.QUARTER, period_number=1)
    client = login(district.users["district_admin"])
    page = client.get(reverse("evaluations:district_overview")).content.decode()
    assert "尚无审定的年度结果。" in page
    _year(district, 2025, {})
    assert "尚无审定的年度结果。" in client.get(reverse("evaluations:district_overview")).content.decode()


def test_the_meeting_room_display_refreshes_itself_without_the_navigation(years, login):
    client = login(years.users["district_admin"])
    page = client.get(reverse("evaluations:district_overview")).content.decode()
    assert 'href="?display=1"' in page and 'id="nav-overview"' in page
    display = client.get(reverse("evaluations:district_overview") + "?display=1").content.decode()
    assert '<meta http-equiv="refresh" content="60">' in display
    assert 'class="display-mode"' in display and 'class="mainnav"' not in display
    assert "东城街道党工委" in display and "退出大屏" in display
    # every asset is served by the application itself
    assert not re.search(r'(src|href)="(https?:)?//', display)


def test_the_open_campaigns_progress_shows_below(years, login):
    years_campaign = years.street.campaigns.model.objects.get(year=2026)
    assert years_campaign.status == CampaignStatus.OPEN
    page = login(years.users["district_admin"]).get(reverse("evaluations:district_overview")).content.decode()
    assert f'id="progress-{years_campaign.pk}"' in page


def _counts(page: str, name: str) -> list[int]:
    section = re.search(r'id="consequences-and-cases">(.*?)</section>', page, re.S).group(1)
    return [int(cell) for cell in _cells(_row(section, name))]


def test_the_consequences_in_force_and_the_rectification_cases_per_street(district, login):
    from datetime import date

    from evaluations.models import Consequence, ConsequenceStatus
    from evaluations.services.consequences import consequences_apply
    from tests.factories import SecretaryFactory
    from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
    from tests.support.rectification import case_on

    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2021, 2025)
    SecretaryFactory(organization=district.community, name="赵书记", started_on=date(2020, 1, 1))
    for year in (2022, 2023):
        approved(yearly_campaign(district.district, year), district.community, 1)
    consequences_apply(organization_ids=[district.community.pk])
    active = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE, organization=district.community)
    handling = active.filter(action__in=["organizational_handling", "not_nominated"]).count()
    ineligible = active.filter(action__in=["award_ineligible_year", "award_ineligible_term"]).count()
    assert handling >= 2  # organizational handling of the leader, and the leader not nominated
    case_on(district, days=-3, by=None)  # overdue
    case_on(district, district.other_community, days=10, by="district_admin")
    page = login(district.users["district_admin"]).get(reverse("evaluations:district_overview")).content.decode()
    # weak-and-lax, no award eligibility, talks, handling/not nominated, commendation | open, overdue, closed out
    assert _counts(page, "东城街道党工委") == [0, ineligible, 0, handling, 0, 1, 1, 0]
    assert _counts(page, "西城街道党工委") == [0, 0, 0, 0, 0, 1, 0, 0]
    assert _counts(page, "全部街道") == [0, ineligible, 0, handling, 0, 2, 1, 0]
    street = login(district.users["street_staff"]).get(reverse("evaluations:district_overview")).content.decode()
    assert "西城街道党工委" not in street and _counts(street, "东城街道党工委")[5:] == [1, 1, 0]
    # a withdrawn consequence no longer counts
    active.filter(action="organizational_handling").update(
        status=ConsequenceStatus.WITHDRAWN, withdrawn_reason="结果已更正", withdrawn_at=timezone.now()
    )
    page = login(district.users["district_admin"]).get(reverse("evaluations:district_overview")).content.decode()
    assert _counts(page, "东城街道党工委")[3] == handling - 1
