"""Every export masks the ID-card and mobile numbers typed into its text cells, whatever the export's rows hold;
a file written to be imported (a roster) keeps what was typed."""

import io

import openpyxl
import pytest

from starrating.exports import TableExport, render_table

TYPED = ["东城第一社区党委", "联系13812345678，身份证110105198005170011", 18.5, "C0101", "2024-01-01"]
SHOWN = ["东城第一社区党委", "联系138****5678，身份证110105********0011", 18.5, "C0101", "2024-01-01"]


class NotesExport(TableExport):
    headers = ["党组织", "备注", "得分", "代码", "日期"]

    def heading(self) -> str:
        return "备注导出（联系人13900001111）"

    def iter_rows(self):
        yield TYPED


def test_an_xlsx_export_masks_typed_numbers_and_leaves_other_values():
    workbook = openpyxl.load_workbook(io.BytesIO(NotesExport().render("xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "备注导出（联系人139****1111）"
    assert list(rows[2]) == SHOWN


def test_a_csv_export_masks_typed_numbers():
    text = NotesExport().render("csv").decode("utf-8-sig")
    assert "138****5678" in text and "110105********0011" in text
    assert "13812345678" not in text and "110105198005170011" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_to_import_keeps_what_was_typed(fmt):
    content = render_table(["姓名", "公民身份号码"], [["王五", "110105198005170011"]], fmt)
    if fmt == "csv":
        assert "110105198005170011" in content.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet["B2"].value == "110105198005170011"
