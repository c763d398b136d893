"""One import reports every problem of the file, however they combine, with counts per kind, and writes nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.models import Member, Organization
from orgs.personal_data import decrypt, mask_id_card
from orgs.services.rosters import roster_import
from starrating.exports import render_table, write_table
from tests.factories import make_id_card

HEADERS = ["姓名", "公民身份号码", "入党时间", "转正时间", "人员类别", "所在党支部", "联系电话"]
WANG = make_id_card(41, date(1980, 5, 17))
ZHAO = make_id_card(42, date(1985, 1, 2))
QIAN = make_id_card(43, date(1990, 3, 4))
SUN = make_id_card(44, date(1992, 8, 9))


def members_snapshot():
    return list(Member.objects.order_by("pk").values())


def import_members(tmp_path, headers, rows, name="members.xlsx"):
    return roster_import(kind="members", path=write_table(tmp_path / name, headers, rows), name=name)


def test_every_kind_of_problem_is_reported_in_one_import_with_counts_and_nothing_is_written(district, tmp_path):
    zhang = decrypt(district.member.id_card_encrypted)  # a full member in the system
    before = members_snapshot()
    rows = [
        ["王五", WANG, "2001-07-01", "2002-07-01", "正式党员", "B010101", "13900000041", ""],
        ["赵六", ZHAO, "2010-07-01", "", "预备党员", "B998", "12345", ""],  # bad cell and unknown branch
        ["钱七", QIAN, "2005-07-01", "", "预备党员", "B010101", "", ""],  # joined at 15
        ["王五", WANG, "2001-07-01", "2002-07-01", "正式党员", "B010101", "", ""],  # row 2 again
        ["孙八", SUN, "2015-07-01", "", "预备党员", "B999", "", ""],  # unknown branch
        ["张三", zhang, "2020-07-01", "", "预备党员", "B010101", "", ""],  # full in the system
    ]

    result = import_members(tmp_path, [*HEADERS, "手机号"], rows)

    assert [(e.row, e.column, e.kind) for e in result.errors] == [
        (1, "手机号", "header"),
        (3, "联系电话", "cell"),
        (3, "所在党支部", "unknown_organization"),
        (4, "入党时间", "cell"),
        (5, "公民身份号码", "duplicate"),
        (6, "所在党支部", "unknown_organization"),
        (7, "人员类别", "conflict"),
    ]
    assert result.problem_counts == {"header": 1, "cell": 2, "duplicate": 1, "unknown_organization": 2, "conflict": 1}
    assert result.problems_total == 7
    assert result.errors[3].reason == "按出生日期 1990-03-04 计算，入党时仅 15 岁；入党须年满 18 周岁。"
    conflict = result.errors[-1].message
    assert mask_id_card(zhang) in conflict and zhang not in conflict
    assert "已是正式党员，不能再改为预备党员" in conflict
    assert members_snapshot() == before


def test_a_missing_column_does_not_stop_the_other_checks(district, tmp_path):
    headers = [h for h in HEADERS if h != "人员类别"]
    rows = [
        ["王五", WANG, "2001-07-01", "", "B010101", "1"],
        ["赵六", WANG, "2010-07-01", "", "B999", ""],
    ]

    result = import_members(tmp_path, headers, rows)

    assert [(e.row, e.column, e.kind) for e in result.errors] == [
        (1, "人员类别", "header"),
        (2, "联系电话", "cell"),
        (3, "公民身份号码", "duplicate"),
        (3, "所在党支部", "unknown_organization"),
    ]
    assert not Member.objects.filter(name__in=["王五", "赵六"]).exists()


def test_the_list_is_capped_but_every_problem_is_counted(district, tmp_path, settings):
    settings.ROSTER_MAX_LISTED_PROBLEMS = 3
    rows = [
        [f"党员{n}", make_id_card(50 + n, date(1980, 1, 1 + n)), "2001-07-01", "", "正式党员", "B010101", "1"]
        for n in range(5)
    ]

    result = import_members(tmp_path, HEADERS, rows)

    assert [(e.row, e.column) for e in result.errors] == [(2, "联系电话"), (3, "联系电话"), (4, "联系电话")]
    assert (result.problems_total, result.problem_counts) == (5, {"cell": 5})
    assert not result.ok


IMPLAUSIBLE_DATES = {
    "joined before birth": (
        {"入党时间": "1979-07-01"},
        "入党时间",
        "入党时间 1979-07-01 早于出生日期 1980-05-17。",
    ),
    "joined at 17": (
        {"入党时间": "1998-05-16"},
        "入党时间",
        "按出生日期 1980-05-17 计算，入党时仅 17 岁；入党须年满 18 周岁。",
    ),
    "full membership before joining": (
        {"转正时间": "2000-07-01"},
        "转正时间",
        "转正时间不能早于入党时间。",
    ),
    "full membership in the future": ({"转正时间": "2999-07-01"}, "转正时间", "日期 2999-07-01 晚于今天。"),
}


@pytest.mark.parametrize("case", IMPLAUSIBLE_DATES.values(), ids=IMPLAUSIBLE_DATES.keys())
def test_an_implausible_date_is_refused_with_its_reason(district, tmp_path, case):
    changes, column, reason = case
    row = dict(zip(HEADERS, ["王五", WANG, "2001-07-01", "2002-07-01", "正式党员", "B010101", ""], strict=True))
    row.update(changes)

    result = import_members(tmp_path, HEADERS, [list(row.values())])

    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, column, reason)]
    assert not Member.objects.filter(name="王五").exists()


def test_joining_on_the_18th_birthday_is_accepted(district, tmp_path):
    rows = [["王五", WANG, "1998-05-17", "1999-05-17", "正式党员", "B010101", ""]]

    result = import_members(tmp_path, HEADERS, rows)

    assert result.ok, result.errors
    assert Member.objects.get(name="王五").joined_on == date(1998, 5, 17)


def test_the_job_page_counts_the_problems_per_kind_and_says_when_the_list_is_cut(district, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_MAX_LISTED_PROBLEMS = 2
    rows = [
        ["王五", WANG, "2001-07-01", "", "正式党员", "B999", "1"],
        ["赵六", WANG, "2010-07-01", "", "预备党员", "B010101", ""],
    ]
    client = login(district.users["district_admin"])
    upload = SimpleUploadedFile("members.xlsx", render_table(HEADERS, rows, "xlsx"))

    response = client.post(reverse("roster_import"), {"kind": "members", "file": upload}, follow=True)

    page = response.content.decode()
    assert "发现 3 处问题，未写入任何数据。" in page
    for count in ("单元格内容：1 处", "未知党组织：1 处", "文件内重复：1 处"):
        assert count in page
    assert "下面按行号列出前 2 处" in page
    assert "问题类别" in page and "确认导入" not in page


def test_an_organization_roster_reports_its_problems_of_every_kind_at_once(district, tmp_path):
    headers = ["党组织代码", "党组织名称", "上级党组织代码", "层级", "组织名称"]
    rows = [
        ["C0103", "新社区", "S99", "社区", ""],  # unknown parent
        ["C0103", "又一社区", "S01", "社区", ""],  # code of row 2 again
        ["C0104", "", "S01", "居委会", ""],  # two bad cells
        ["C0101", "东城第一社区党委", "S01", "党支部", ""],  # has branches: its level cannot change
    ]
    before = list(Organization.objects.order_by("pk").values())

    result = roster_import(kind="orgs", path=write_table(tmp_path / "orgs.xlsx", headers, rows), name="orgs.xlsx")

    assert [(e.row, e.column, e.kind) for e in result.errors] == [
        (1, "组织名称", "header"),
        (2, "上级党组织代码", "unknown_organization"),
        (3, "党组织代码", "duplicate"),
        (4, "党组织名称", "cell"),
        (4, "层级", "cell"),
        (5, "层级", "cell"),
        (5, "层级", "conflict"),
    ]
    assert result.problem_counts == {"header": 1, "cell": 3, "duplicate": 1, "unknown_organization": 1, "conflict": 1}
    assert list(Organization.objects.order_by("pk").values()) == before
