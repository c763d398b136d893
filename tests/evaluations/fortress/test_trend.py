"""The district's fortress trend: each organization's monthly stars, the page, the Excel export and the API."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.selectors.fortress import fortress_trend
from orgs.models import AuditEvent
from tests.support.fortress import fortress_templates, open_fortress_month, rate


@pytest.fixture
def quarter(district):
    """January to March: the urban communities' campaign first, the village's second, each month."""
    templates = fortress_templates()
    months = [open_fortress_month(district, templates, month=month) for month in (1, 2, 3)]
    for month, (urban, village) in enumerate(months, start=1):
        rate(urban, district.community, 2 + month, approved=month < 3)  # 3, 4, then 5 computed in March
        rate(urban, district.other_community, 4, approved=True)
        if month != 2:  # February not rated yet
            rate(village, district.sibling_community, 4 - month, approved=True)  # 3, then 1 in March
    return months


def test_each_organization_has_its_stars_per_month_and_its_trend(district, quarter):
    trend = fortress_trend(district.users["district_admin"], quarter[0][0])
    rows = {row.code: row for row in trend.rows}
    assert [row.code for row in trend.rows] == ["C0101", "C0102", "C0201"]  # tree order
    assert rows["C0101"].stars[:4] == [3, 4, 5, None]
    assert [cell.approved for cell in rows["C0101"].months[:3]] == [True, True, False]
    assert (rows["C0101"].trend.bars[:3], rows["C0101"].trend.change) == ("▃▄▅", 2)
    assert (rows["C0102"].trend.bars[:3], rows["C0102"].trend.change) == ("▃·▁", -2)
    assert rows["C0201"].trend.direction == "flat"
    assert rows["C0201"].street == "西城街道党工委"
    assert trend.months_open == [1, 2, 3]
    assert trend.month_averages()[:4] == ["3.3", "4.0", "3.3", ""]  # January: 3, 3 and 4


def test_the_page_shows_the_months_as_columns_and_filters_by_street(district, quarter, client):
    client.force_login(district.users["district_admin"])
    url = reverse("evaluations:fortress_trend", kwargs={"pk": quarter[0][0].pk})
    page = client.get(url).content.decode()
    assert "1月" in page and "12月" in page and "↑2" in page and "↓2" in page
    assert "各月星级：3、4、5" in page and "<polyline" in page  # the trend line of C0101
    assert "开启2026年4月" in page  # the March campaign opens April; January's button opens February
    street_page = client.get(url, {"street": district.street.pk}).content.decode()
    assert "东城第一社区党委" in street_page and "西城第一社区党委" not in street_page


def test_the_page_takes_the_same_queries_for_more_months_and_organizations(
    district, quarter, client, django_assert_max_num_queries
):
    client.force_login(district.users["district_admin"])
    url = reverse("evaluations:fortress_trend", kwargs={"pk": quarter[0][0].pk})
    with django_assert_max_num_queries(16):
        client.get(url)


def test_the_export_has_one_row_per_organization_and_marks_months_not_approved(district, quarter, client):
    client.force_login(district.users["district_admin"])
    response = client.get(reverse("evaluations:fortress_trend_export", kwargs={"pk": quarter[1][0].pk}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "党组织代码")
    body = {row[0]: dict(zip(header, row, strict=True)) for row in rows[rows.index(header) + 1 :] if row[0]}
    assert (body["C0101"]["1月"], body["C0101"]["3月"], body["C0101"]["星级变化"]) == (3, 5, 2)
    assert body["C0101"]["备注"] == "3月为计算星级，尚未审定"
    assert body["C0102"]["2月"] is None
    assert AuditEvent.objects.filter(action="export", detail__kind="fortress_trend").exists()


def test_the_api_gives_the_same_rows_paged(district, quarter, client):
    client.force_login(district.users["district_admin"])
    url = reverse("api-fortress-trend-list")
    body = client.get(url, {"campaign": quarter[0][0].pk, "street": district.street.pk}).json()
    assert (body["year"], body["months_open"], body["count"]) == (2026, [1, 2, 3], 2)
    first = body["results"][0]
    assert first["code"] == "C0101" and first["change"] == 2
    assert first["months"][2] == {"month": 3, "stars": 5, "approved": False}


def test_a_bad_street_id_is_refused_by_name_in_chinese(district, quarter, client):
    client.force_login(district.users["district_admin"])
    url = reverse("api-fortress-trend-list")
    response = client.get(url, {"campaign": quarter[0][0].pk, "street": "东城"})
    assert response.status_code == 400
    assert response.json()["errors"]["street"] == "请填写街道的数字编号。"
    missing = client.get(url)
    assert missing.status_code == 400
    assert missing.json()["errors"]["campaign"] == "请填写月度活动的数字编号。"


def test_street_staff_do_not_see_the_district_trend(district, quarter, client):
    client.force_login(district.users["street_staff"])
    assert client.get(reverse("evaluations:fortress_trend", kwargs={"pk": quarter[0][0].pk})).status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", actor=district.users["street_staff"]).exists()


def test_a_monthly_campaign_links_to_its_trend(district, quarter, client):
    client.force_login(district.users["district_admin"])
    campaign = quarter[1][0]
    page = client.get(reverse("evaluations:campaign_evaluations", kwargs={"pk": campaign.pk})).content.decode()
    assert reverse("evaluations:fortress_trend", kwargs={"pk": campaign.pk}) in page
