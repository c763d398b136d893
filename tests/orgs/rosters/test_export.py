"""Roster exports: scoped to what the user sees, masked numbers only, formulas neutralised, audited."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent, Member
from orgs.personal_data import decrypt, mask_id_card
from orgs.services.rosters import roster_import
from starrating.exports import neutralise, render_table
from tests.factories import MemberFactory, SecretaryFactory, make_id_card


def export(client, query):
    return client.get(reverse("roster_export") + query)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_that_would_run_as_formulas_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("王五") == "王五"
    assert neutralise(7) == 7


def test_a_member_named_like_a_formula_is_exported_as_text(district, login):
    MemberFactory(branch=district.branch, name="=1+1")
    client = login(district.users["district_admin"])

    names_csv = [row[0] for row in csv_rows(export(client, "?kind=members&format=csv"))]
    names_xlsx = [row[0] for row in xlsx_rows(export(client, "?kind=members&format=xlsx"))]

    assert "'=1+1" in names_csv and "=1+1" not in names_csv
    assert "'=1+1" in names_xlsx


def test_members_are_exported_with_masked_numbers_only(district, login):
    response = export(login(district.users["street_staff"]), "?kind=members&format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["姓名", "性别", "出生日期", "公民身份号码"]
    member = district.member
    assert [row[0] for row in body] == ["张三"]  # the other street's member is not there
    assert body[0][3] == member.id_card_masked
    assert body[0][header.index("联系电话")] == member.phone_masked
    text = response.content.decode("utf-8-sig")
    assert decrypt(member.id_card_encrypted) not in text
    assert decrypt(member.phone_encrypted) not in text


def test_an_export_can_be_limited_to_one_organization(district, login):
    client = login(district.users["district_admin"])

    rows = xlsx_rows(export(client, f"?kind=orgs&format=xlsx&org={district.community.pk}"))

    assert rows[0][:4] == ["党组织代码", "党组织名称", "上级党组织代码", "层级"]
    assert [row[0] for row in rows[1:]] == ["C0101", "B010101", "G01010101"]
    assert rows[1][2] == "S01"


def test_the_organization_export_can_be_imported_again_unchanged(district, login, tmp_path):
    content = export(login(district.users["district_admin"]), "?kind=orgs&format=xlsx").content
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(content)

    result = roster_import(kind="orgs", path=path, name="orgs.xlsx")

    assert result.ok, [e.message for e in result.errors]
    assert (result.created, result.updated) == (0, 0)
    assert result.columns_ignored == ["是否有效"]


def test_secretaries_are_exported_masked(district, login):
    SecretaryFactory(organization=district.community, id_card=make_id_card(81), one_shoulder=True)

    rows = csv_rows(export(login(district.users["org_admin"]), "?kind=secretaries&format=csv"))

    assert rows[1][:3] == ["王书记", mask_id_card(make_id_card(81)), "C0101"]
    assert rows[1][6] == "是"
    assert make_id_card(81) not in str(rows)


def test_an_export_is_audited(district, login):
    export(login(district.users["district_admin"]), f"?kind=members&format=xlsx&org={district.community.pk}")

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == district.users["district_admin"]
    assert event.detail == {"kind": "members", "format": "xlsx", "rows": 1, "organization": "C0101"}


def test_an_organization_outside_the_scope_is_not_found(district, login):
    response = export(login(district.users["outsider"]), f"?kind=members&format=csv&org={district.community.pk}")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["outsider"]).exists()


@pytest.mark.parametrize(("user", "status"), [("department_reviewer", 403), ("member", 403), ("nobody", 403)])
def test_users_without_the_export_right_are_refused(district, login, user, status):
    assert export(login(district.users[user]), "?kind=members&format=csv").status_code == status


def test_an_unknown_kind_or_format_is_a_bad_request(district, login):
    client = login(district.users["district_admin"])

    assert export(client, "?kind=votes&format=csv").status_code == 400
    assert export(client, "?kind=members&format=pdf").status_code == 400


def test_render_table_writes_dates_as_iso_in_csv():
    text = render_table(["日期"], [[date(2001, 7, 1)]], "csv").decode("utf-8-sig")

    assert text.splitlines() == ["日期", "2001-07-01"]


def test_an_export_of_many_members_takes_a_fixed_number_of_queries(district, login, django_assert_max_num_queries):
    for number in range(30):
        MemberFactory(branch=district.branch, name=f"成员{number}")
    client = login(district.users["district_admin"])

    with django_assert_max_num_queries(12):
        response = export(client, "?kind=members&format=csv")

    assert len(csv_rows(response)) == Member.objects.count() + 1
