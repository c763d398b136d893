"""The admin exports departments as XLSX or CSV; a cell a spreadsheet would run as a formula stays text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import AuditAction, AuditEvent, Department
from tests.support.admin_import import CSV, XLSX


@pytest.fixture
def admin_client(district, login):
    Department.objects.create(code="formula", name="=HYPERLINK(1)")
    Department.objects.create(code="minus", name="-1+1")
    return login(district.users["superuser"])


def _export(client, fmt: str):
    return client.post(reverse("admin:orgs_department_export"), {"format": fmt, "resource": "0"})


def test_the_department_list_offers_import_and_export_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:orgs_department_changelist")).content.decode()

    assert reverse("admin:orgs_department_import") in page and reverse("admin:orgs_department_export") in page
    assert "导入" in page and "导出" in page


def test_departments_export_as_xlsx_with_formula_cells_kept_as_text(admin_client):
    response = _export(admin_client, XLSX)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert [cell.value for cell in sheet[1]] == ["部门代码", "部门名称"]
    assert rows["formula"].value == "'=HYPERLINK(1)" and rows["formula"].data_type == "s"
    assert rows["minus"].value == "'-1+1"
    assert rows["discipline"].value == Department.objects.get(code="discipline").name


def test_departments_export_as_csv_with_a_byte_order_mark_and_formula_cells_kept_as_text(admin_client):
    response = _export(admin_client, CSV)

    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["部门代码", "部门名称"]
    assert ["formula", "'=HYPERLINK(1)"] in rows and ["minus", "'-1+1"] in rows


def test_an_export_is_audited(admin_client, district):
    _export(admin_client, CSV)

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == district.users["superuser"]
    assert event.object_type == "department"
    assert event.detail == {"format": "csv", "rows": Department.objects.count()}
