"""Exports people can work with: numbers stored as numbers (sums work in Excel), a title row, a frozen header,
columns as wide as their contents, and Chinese sheet and file names."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.evaluations.review.test_ledger_exports import campaign  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_ledger_workbook_has_numbers_a_frozen_header_and_chinese_names(district, campaign, login):  # noqa: F811
    url = reverse(
        "evaluations:street_ledger", kwargs={"pk": campaign.pk, "street_pk": district.street.pk, "fmt": "xlsx"}
    )
    response = login(district.users["street_staff"]).get(url)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "台账"
    assert sheet.freeze_panes == "A3"  # the title and the header stay on screen
    header = [cell.value for cell in sheet[2]]
    organizations = sheet.iter_rows(min_row=3, max_row=2 + 2)  # the street's two; its count and signatures follow
    totals = [row[header.index("自评总分")] for row in organizations]
    filled = [cell for cell in totals if cell.value is not None]
    assert filled and all(cell.data_type == "n" for cell in filled)  # numbers, so Excel can add them up
    assert sheet.column_dimensions["B"].width >= len(district.community.name) * 2  # a Chinese name fits
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''" + quote(f"台账-{district.street.name}") in disposition


def test_a_roster_export_keeps_its_header_first_so_it_imports_again(district, login):
    response = login(district.users["district_admin"]).get(reverse("roster_export") + "?kind=orgs&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["党组织代码", "党组织名称", "上级党组织代码"]
    assert sheet.freeze_panes == "A2"
