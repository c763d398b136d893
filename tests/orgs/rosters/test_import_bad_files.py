"""Files that cannot be read are refused before any row is looked at, and nothing is written."""

import io
import zipfile

import pytest

from orgs.models import Member, Organization
from orgs.services.rosters import RosterFileError, check_upload, roster_import
from starrating.exports import write_table

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"]
DAMAGED = "文件已损坏，或不是 Excel（.xlsx）或 CSV 文件。"


def file_errors(path, name=None, kind="members"):
    result = roster_import(kind=kind, path=path, name=name or path.name)
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_a_text_file_named_xlsx_is_refused(district, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,公民身份号码\n")

    assert file_errors(path) == [(None, "", DAMAGED)]


def test_a_truncated_workbook_is_refused(district, tmp_path):
    whole = write_table(tmp_path / "whole.xlsx", HEADERS, [["王五", "x", "2001-07-01", "正式党员", "B010101"]] * 50)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(whole.read_bytes()[:-200])

    assert file_errors(path) == [(None, "", DAMAGED)]


def test_a_zip_without_a_worksheet_is_refused(district, tmp_path):
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    assert file_errors(path) == [(None, "", DAMAGED)]


def test_a_worksheet_with_an_entity_declaration_is_refused(district, tmp_path):
    good = write_table(tmp_path / "good.xlsx", HEADERS, [["王五"]])
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>' + data.split(b"?>", 1)[-1]
            target.writestr(item, data)

    assert file_errors(path) == [(None, "", DAMAGED)]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("roster.xls", "不接受旧版 Excel 文件（.xls），请另存为 .xlsx 后重试。"),
        ("roster.pdf", "只能导入 .xlsx 或 .csv 文件。"),
    ],
)
def test_a_wrong_extension_is_refused(district, tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"whatever")

    assert file_errors(path) == [(None, "", reason)]
    with pytest.raises(RosterFileError, match="文件"):
        check_upload(name=name, size=10)


def test_an_oversize_file_is_refused_before_reading(district, tmp_path, settings):
    settings.ROSTER_MAX_BYTES = 1024 * 1024
    path = tmp_path / "roster.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024))

    assert file_errors(path) == [(None, "", "文件大小为 2.0 MB，名册文件最大为 1 MB。")]


def _bomb(path, size):
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_from_its_directory(district, tmp_path, settings):
    settings.ROSTER_MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024
    path = _bomb(tmp_path / "roster.xlsx", 20 * 1024 * 1024)
    assert path.stat().st_size < 100 * 1024

    assert file_errors(path) == [(None, "", "该工作簿解压后的数据量远超名册应有的大小，出于安全考虑已拒绝。")]


def test_an_absurd_compression_ratio_is_refused_even_under_the_size_limit(district, tmp_path):
    path = _bomb(tmp_path / "roster.xlsx", 8 * 1024 * 1024)

    assert file_errors(path) == [(None, "", "该工作簿解压后的数据量远超名册应有的大小，出于安全考虑已拒绝。")]


def test_missing_required_headers_are_named_on_row_one(district, tmp_path):
    path = write_table(tmp_path / "roster.csv", ["名字", "身份证号", "备注"], [["王五", "1", "x"]])

    result = roster_import(kind="members", path=path, name="roster.csv")

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (1, "姓名", "缺少此必填列。"),
        (1, "入党时间", "缺少此必填列。"),
        (1, "人员类别", "缺少此必填列。"),
        (1, "所在党支部", "缺少此必填列。"),
    ]
    assert result.errors[0].message == "第 1 行，“姓名”列：缺少此必填列。"
    assert result.columns_ignored == ["名字", "备注"]


def test_an_organization_file_offered_as_members_is_refused(district, tmp_path):
    path = write_table(
        tmp_path / "orgs.xlsx", ["党组织代码", "党组织名称", "上级党组织代码", "层级"], [["S03", "南城", "D01", "街道"]]
    )

    result = roster_import(kind="members", path=path, name="orgs.xlsx")

    assert {e.column for e in result.errors} >= {"姓名", "公民身份号码"}
    assert not Organization.objects.filter(code="S03").exists()


def test_a_column_given_twice_is_refused(district, tmp_path):
    path = write_table(
        tmp_path / "m.csv", [*HEADERS, "身份证号"], [["王五", "1", "2001-07-01", "正式党员", "B010101", "2"]]
    )

    assert file_errors(path)[0] == (1, "身份证号", "此列重复出现。")


def test_a_header_without_rows_is_refused(district, tmp_path):
    path = write_table(tmp_path / "m.xlsx", HEADERS, [])

    assert file_errors(path) == [(None, "", "文件只有表头，没有数据行。")]
    assert Member.objects.count() == 2


def test_a_csv_in_another_encoding_is_refused(district, tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(io.BytesIO("姓名\n王五\n".encode("utf-16")).getvalue())

    assert file_errors(path) == [(None, "", "CSV 文件既不是 UTF-8 编码，也不是 GB18030 编码的文本。")]
