"""A bad row names its row, column and a Chinese reason, and nothing at all is written."""

from datetime import date

import pytest

from orgs.models import AuditAction, AuditEvent, Member, Organization, Secretary
from orgs.services.rosters import roster_import
from starrating.exports import write_table
from tests.factories import make_id_card

MEMBER_HEADERS = ["姓名", "公民身份号码", "出生日期", "入党时间", "人员类别", "所在党支部", "联系电话", "党员类别"]
GOOD_ID = make_id_card(31, date(1980, 5, 17))
OTHER_ID = make_id_card(32, date(1985, 1, 2))
BAD_CHECK_DIGIT = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")


def member_rows(**changes):
    """Two valid members; changes like {"2:联系电话": "123"} alter one cell of one spreadsheet row."""
    rows = [
        ["王五", GOOD_ID, "1980-05-17", "2001-07-01", "正式党员", "B010101", "13900000031", "村(社区)党员"],
        ["赵六", OTHER_ID, "", "2010-07-01", "预备党员", "B010101", "", ""],
    ]
    for key, value in changes.items():
        row, column = key.split(":")
        rows[int(row) - 2][MEMBER_HEADERS.index(column)] = value
    return rows


def snapshot():
    return (
        Organization.objects.count(),
        Member.objects.count(),
        Secretary.objects.count(),
        list(Member.objects.order_by("pk").values()),
    )


def import_file(tmp_path, kind, headers, rows, name="bad.xlsx"):
    return roster_import(kind=kind, path=write_table(tmp_path / name, headers, rows), name=name)


MEMBER_CASES = {
    "a wrong ID-card check digit": (
        {"2:公民身份号码": BAD_CHECK_DIGIT},
        2,
        "公民身份号码",
        "公民身份号码校验位错误（GB 11643）。",
    ),
    "a bad phone number": ({"2:联系电话": "12345"}, 2, "联系电话", "联系电话应为 11 位手机号码或带区号的固定电话。"),
    "an empty required cell": ({"3:姓名": ""}, 3, "姓名", "此项必填，不能为空。"),
    "a bad date": (
        {"3:入党时间": "2010-13-45"},
        3,
        "入党时间",
        "“2010-13-45”不是有效日期，请写成 2001-07-01 或 2001年7月1日 的形式。",
    ),
    "a date in the future": ({"3:入党时间": "2999-01-01"}, 3, "入党时间", "日期 2999-01-01 晚于今天。"),
    "a birth date that disagrees with the ID card": (
        {"2:出生日期": "1980-05-18"},
        2,
        "出生日期",
        "出生日期与公民身份号码中的出生日期（1980-05-17）不一致。",
    ),
    "an ID-card number twice in one file": (
        {"3:公民身份号码": GOOD_ID},
        3,
        "公民身份号码",
        "该公民身份号码与第 2 行重复。",
    ),
    "an unknown branch": ({"3:所在党支部": "B999"}, 3, "所在党支部", "没有代码或名称为“B999”的党组织。"),
    "a branch that is a street": (
        {"3:所在党支部": "S01"},
        3,
        "所在党支部",
        "党员应编入社区/村党组织、党支部或党小组，不能编入街道(乡镇)党(工)委。",
    ),
}


@pytest.mark.parametrize("case", MEMBER_CASES.values(), ids=MEMBER_CASES.keys())
def test_a_bad_member_row_is_reported_and_nothing_is_written(district, tmp_path, case):
    changes, row, column, reason = case
    before = snapshot()

    result = import_file(tmp_path, "members", MEMBER_HEADERS, member_rows(**changes))

    assert [(e.row, e.column, e.reason) for e in result.errors] == [(row, column, reason)]
    assert result.errors[0].message == f"第 {row} 行，“{column}”列：{reason}"
    assert snapshot() == before


def test_an_unknown_category_lists_the_accepted_ones(district, tmp_path):
    result = import_file(tmp_path, "members", MEMBER_HEADERS, member_rows(**{"2:党员类别": "普通党员"}))

    [error] = result.errors
    assert (error.row, error.column) == (2, "党员类别")
    assert error.reason.startswith("“普通党员”不在可选值之中：")
    assert not Member.objects.filter(name="赵六").exists()


def test_every_bad_row_is_reported_not_only_the_first(district, tmp_path):
    rows = member_rows(**{"2:联系电话": "1", "3:入党时间": "去年"})

    result = import_file(tmp_path, "members", MEMBER_HEADERS, rows, name="bad.csv")

    assert [(e.row, e.column) for e in result.errors] == [(2, "联系电话"), (3, "入党时间")]


def test_a_floating_place_for_a_member_who_is_not_floating_is_refused(district, tmp_path):
    headers = [*MEMBER_HEADERS, "流动党员流出地"]
    rows = [[*row, "湖南省"] for row in member_rows()][:1]

    result = import_file(tmp_path, "members", headers, rows)

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "流动党员流出地", "只有流动党员才填写流出地和流入地。")
    ]


def test_a_branch_name_shared_by_two_organizations_asks_for_the_code(district, tmp_path):
    Organization.objects.filter(code="B020101").update(name="东城第一社区第一网格党支部")

    result = import_file(
        tmp_path, "members", MEMBER_HEADERS, member_rows(**{"2:所在党支部": "东城第一社区第一网格党支部"})
    )

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "所在党支部", "有 2 个党组织名为“东城第一社区第一网格党支部”，请改填党组织代码。")
    ]


ORG_HEADERS = ["党组织代码", "党组织名称", "上级党组织代码", "层级", "领域"]
ORG_CASES = {
    "an unknown parent code": (
        [["C0103", "新社区", "S99", "社区", ""]],
        2,
        "上级党组织代码",
        "本文件和系统中都没有代码为“S99”的党组织。",
    ),
    "a code twice in one file": (
        [["C0103", "新社区", "S01", "社区", ""], ["C0103", "又一社区", "S01", "社区", ""]],
        3,
        "党组织代码",
        "党组织代码“C0103”与第 2 行重复。",
    ),
    "an unknown level": (
        [["C0103", "新社区", "S01", "居委会", ""]],
        2,
        "层级",
        None,
    ),
    "an unknown domain": ([["C0103", "新社区", "S01", "社区", "城乡结合部"]], 2, "领域", None),
    "a level that does not fit under its parent": (
        [["G0103", "新党小组", "S01", "党小组", ""]],
        2,
        "层级",
        "楼栋党小组不能直接隶属于街道(乡镇)党(工)委，其下一级应为社区/村党组织。",
    ),
    "a new organization without a parent that is not a district": (
        [["C0103", "新社区", "", "社区", ""]],
        2,
        "上级党组织代码",
        "只有区委可以没有上级党组织。",
    ),
    "an empty name": ([["C0103", "", "S01", "社区", ""]], 2, "党组织名称", "此项必填，不能为空。"),
}


@pytest.mark.parametrize("case", ORG_CASES.values(), ids=ORG_CASES.keys())
def test_a_bad_organization_row_is_reported_and_nothing_is_written(district, tmp_path, case):
    rows, row, column, reason = case
    before = snapshot()

    result = import_file(tmp_path, "orgs", ORG_HEADERS, rows)

    assert [(e.row, e.column) for e in result.errors] == [(row, column)]
    if reason:
        assert result.errors[0].reason == reason
    else:
        assert "不在可选值之中" in result.errors[0].reason
    assert snapshot() == before


SECRETARY_HEADERS = ["姓名", "公民身份号码", "党组织代码", "任职时间", "离任时间", "一肩挑", "学历"]
SECRETARY_CASES = {
    "an unknown organization": (
        ["王书记", GOOD_ID, "C9999", "2021-01-01", "", "是", "本科"],
        "党组织代码",
        "没有代码为“C9999”的党组织。",
    ),
    "a tenure that ends before it starts": (
        ["王书记", GOOD_ID, "C0101", "2021-01-01", "2020-01-01", "否", ""],
        "离任时间",
        "离任时间不能早于任职时间。",
    ),
    "a one-shoulder cell that is neither yes nor no": (
        ["王书记", GOOD_ID, "C0101", "2021-01-01", "", "兼任", ""],
        "一肩挑",
        "“兼任”应填“是”或“否”。",
    ),
    "a bad check digit": (
        ["王书记", BAD_CHECK_DIGIT, "C0101", "2021-01-01", "", "", ""],
        "公民身份号码",
        "公民身份号码校验位错误（GB 11643）。",
    ),
}


@pytest.mark.parametrize("case", SECRETARY_CASES.values(), ids=SECRETARY_CASES.keys())
def test_a_bad_secretary_row_is_reported_and_nothing_is_written(district, tmp_path, case):
    row, column, reason = case
    before = snapshot()

    result = import_file(tmp_path, "secretaries", SECRETARY_HEADERS, [row])

    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, column, reason)]
    assert snapshot() == before


def test_a_refused_import_is_audited_as_a_failure(district, tmp_path):
    path = write_table(tmp_path / "bad.csv", MEMBER_HEADERS, member_rows(**{"2:联系电话": "1"}))

    roster_import(kind="members", path=path, name="bad.csv", by=district.users["district_admin"])

    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.outcome, event.detail["errors"], event.detail["file"]) == ("failure", 1, "bad.csv")
