"""A worksheet that refers beyond the last cell of a sheet (XFD1048576), or declares such a size, is refused
with the reference named, in bounded memory, and nothing is written."""

import tracemalloc
import zipfile

import pytest

from orgs.models import Member
from orgs.services.rosters import roster_import
from starrating.exports import write_table

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"]
MEMORY_LIMIT = 20 * 1024 * 1024


def crafted(tmp_path, rewrite) -> object:
    """A real roster whose first worksheet's XML is passed through rewrite."""
    good = write_table(tmp_path / "good.xlsx", HEADERS, [["王五", "x", "2001-07-01", "正式党员", "B010101"]])
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = rewrite(data.decode()).encode()
            target.writestr(item, data)
    return path


def problems_and_peak(path) -> tuple[list[str], int]:
    tracemalloc.start()
    try:
        result = roster_import(kind="members", path=path, name=path.name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return [error.message for error in result.errors], peak


def test_a_cell_reference_beyond_the_last_column_is_refused_without_allocating(district, tmp_path):
    path = crafted(tmp_path, lambda xml: xml.replace('r="A2"', 'r="ZZZZZZZZZZZ2"', 1))

    messages, peak = problems_and_peak(path)

    assert messages == ["文件：工作表引用了单元格“ZZZZZZZZZZZ2”，超出了工作表最后一个单元格（XFD1048576）。"]
    assert peak < MEMORY_LIMIT
    assert not Member.objects.filter(name="王五").exists()


def test_a_row_beyond_the_last_row_is_refused(district, tmp_path):
    path = crafted(tmp_path, lambda xml: xml.replace('<row r="2"', '<row r="1048577"', 1))

    messages, _peak = problems_and_peak(path)

    assert messages == ["文件：工作表引用了单元格“A1048577”，超出了工作表最后一个单元格（XFD1048576）。"]


@pytest.mark.parametrize("size", ["A1:ZZZZZZZZZZZ99999999999", "A1:E99999999", "A1:XFE2"])
def test_an_absurd_declared_size_is_refused(district, tmp_path, size):
    path = crafted(tmp_path, lambda xml: xml.replace("</sheetPr>", f'</sheetPr><dimension ref="{size}"/>', 1))
    assert f'ref="{size}"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()

    messages, peak = problems_and_peak(path)

    assert messages == [f"文件：工作表声明的大小为“{size[:24]}”，超出了工作表最后一个单元格（XFD1048576）。"]
    assert peak < MEMORY_LIMIT


def test_valued_cells_in_the_last_column_of_many_rows_are_read_in_bounded_memory(district, tmp_path):
    far_cells = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(3, 3003))
    path = crafted(tmp_path, lambda xml: xml.replace("</sheetData>", far_cells + "</sheetData>"))

    messages, peak = problems_and_peak(path)

    assert "文件：" not in " ".join(messages)  # read, not refused: the row problems are the cells it lacks
    assert peak < 4 * MEMORY_LIMIT
