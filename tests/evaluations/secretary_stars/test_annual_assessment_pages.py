"""The annual assessment on the yearly cycle page: the district sees every street's counts and the table and
generates the proposals; a street's staff see and generate for their street only; the table exports to .xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import SecretaryStarChange
from orgs.models import AuditEvent, AuditOutcome
from tests.support.secretary_stars import annual_example

pytestmark = pytest.mark.django_db

YEAR = 2026
# The page reads the same number of queries whatever the number of secretaries (pinned so an N+1 cannot creep in).
QUERIES = 30
PAGE = reverse("evaluations:secretary_star_cycles") + f"?year={YEAR}"


@pytest.fixture
def secretaries(district, rule_set):
    return annual_example(district, YEAR, other_street_totals={1: 85, 2: 80, 3: 82, 4: 81})


def test_the_district_generates_the_proposals_and_sees_them_in_the_table(
    district, secretaries, login, django_assert_max_num_queries
):
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(QUERIES):
        page = client.get(PAGE).content.decode()
    assert "按季度考评结果生成年度考核定星建议" in page and "尚未提出" in page
    response = client.post(
        reverse("evaluations:secretary_star_assessment_propose", args=[district.district.pk]), {"year": str(YEAR)}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "新提出 2 条" in page
    rows = page[page.index('id="assessment-rows"') : page.index('id="assessment-missing"')]
    assert "郑书记" in rows and "90.50" in rows and "优秀" in rows and "B1 3★ 已提出" in rows
    assert "孙书记" in rows and "良好" in rows
    missing = page[page.index('id="assessment-missing"') :]
    assert "钱书记" in missing and "第3季度" in missing
    streets = page[page.index('id="assessment-streets"') : page.index('id="assessment-propose"')]
    assert "东城街道党工委" in streets and "西城街道党工委" in streets


def test_a_street_sees_and_proposes_for_its_own_street_only(district, secretaries, login):
    zheng, _qian, sun = secretaries
    street_staff = district.users["street_staff"]
    client = login(street_staff)
    page = client.get(PAGE).content.decode()
    assert "郑书记" in page and "孙书记" not in page and 'id="cycle-open"' not in page
    client.post(reverse("evaluations:secretary_star_assessment_propose", args=[district.street.pk]), {"year": "2026"})
    assert list(SecretaryStarChange.objects.values_list("secretary", flat=True)) == [zheng.pk]
    refused = client.post(
        reverse("evaluations:secretary_star_assessment_propose", args=[district.other_street.pk]), {"year": "2026"}
    )
    assert refused.status_code == 404
    assert not SecretaryStarChange.objects.filter(secretary=sun).exists()
    assert AuditEvent.objects.filter(
        outcome=AuditOutcome.REFUSED, actor=street_staff, object_id=str(district.other_street.pk)
    ).exists()


def test_a_bad_year_is_refused_with_a_message_and_nothing_is_written(district, secretaries, login):
    client = login(district.users["district_admin"])
    response = client.post(
        reverse("evaluations:secretary_star_assessment_propose", args=[district.district.pk]),
        {"year": "20x6"},
        follow=True,
    )
    assert "年度" in response.content.decode() and not SecretaryStarChange.objects.exists()


def test_the_table_exports_to_excel(district, secretaries, login):
    client = login(district.users["street_staff"])
    response = client.get(reverse("evaluations:secretary_star_assessment_export", args=[district.street.pk, YEAR]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    by_name = {row[1]: row for row in rows}
    assert by_name["郑书记"][3:10] == [92, 88, 91, 91, 90.5, "优秀", 3]
    assert by_name["钱书记"][12] == "第3季度"
    assert "孙书记" not in by_name
