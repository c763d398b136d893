"""A blank .xlsx per roster kind: its headers are the import's, and filled in it imports cleanly."""

import io
from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import Member, Organization, Secretary
from orgs.services.rosters import IMPORTERS, roster_import
from tests.factories import make_id_card

ID_CARD = make_id_card(61, date(1981, 2, 3))
# One good row per kind, by header; the template's columns not named stay empty.
FILLED = {
    "orgs": (
        {"党组织代码": "C0109", "党组织名称": "东城新社区党委", "上级党组织代码": "S01", "层级": "社区"},
        Organization,
    ),
    "members": (
        {
            "姓名": "王五",
            "公民身份号码": ID_CARD,
            "入党时间": "2005-07-01",
            "人员类别": "正式党员",
            "所在党支部": "B010101",
        },
        Member,
    ),
    "secretaries": (
        {"姓名": "王书记", "公民身份号码": ID_CARD, "党组织代码": "C0101", "任职时间": "2021-01-01", "一肩挑": "是"},
        Secretary,
    ),
}
FILE_NAMES = {"orgs": "党组织名册模板.xlsx", "members": "党员名册模板.xlsx", "secretaries": "书记名册模板.xlsx"}


def download(client, kind):
    response = client.get(reverse("roster_template", kwargs={"kind": kind}))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("kind", FILLED)
def test_a_template_has_the_import_headers_and_imports_once_filled_in(district, login, tmp_path, kind):
    response = download(login(district.users["district_admin"]), kind)

    assert f"filename*=utf-8''{quote(FILE_NAMES[kind])}" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.header for column in IMPORTERS[kind].columns]
    assert sheet.freeze_panes == "A2"
    assert workbook.worksheets[1].title == "填写说明"

    values, model = FILLED[kind]
    sheet.append([values.get(header) for header in headers])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    before = model.objects.count()
    result = roster_import(kind=kind, path=path, name="filled.xlsx")

    assert result.ok, [e.message for e in result.errors]
    assert (result.created, model.objects.count()) == (1, before + 1)
    assert result.columns_ignored == []


@pytest.mark.parametrize("kind", FILLED)
def test_a_blank_template_imported_as_it_is_only_says_it_has_no_rows(district, login, tmp_path, kind):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(download(login(district.users["district_admin"]), kind).content)

    result = roster_import(kind=kind, path=path, name="blank.xlsx")

    assert [e.message for e in result.errors] == ["文件：文件只有表头，没有数据行。"]


def test_the_import_page_links_the_three_templates(district, login):
    page = login(district.users["district_admin"]).get(reverse("roster_import")).content.decode()

    for kind in FILLED:
        assert reverse("roster_template", kwargs={"kind": kind}) in page


def test_an_unknown_roster_kind_has_no_template(district, login):
    response = login(district.users["district_admin"]).get(reverse("roster_template", kwargs={"kind": "cadres"}))

    assert response.status_code == 404
