"""Workbooks as Excel and the party-member systems save them: shared strings, rich text, Chinese date formats."""

import zipfile
from datetime import date

from orgs.models import Member
from orgs.personal_data import id_card_lookup_hash
from orgs.services.rosters import roster_import
from tests.factories import make_id_card

WANG = make_id_card(91, date(1975, 3, 9))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def excel_workbook(path, sheet_rows_xml, strings):
    """A minimal workbook in Excel's own layout: shared strings, a style with the 年月日 date format (id 31)."""
    shared = "".join(strings)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="党员" sheetId="1" r:id="rId7"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d"/></numFmts>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="176"/></cellXfs></styleSheet>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{shared}</sst>',
        "xl/worksheets/data.xml": (
            f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{sheet_rows_xml}</x:sheetData></x:worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_shared_strings_rich_text_and_chinese_date_formats_are_read(district, tmp_path):
    strings = [
        "<si><t>姓名</t></si>",
        "<si><t>公民身份号码</t></si>",
        "<si><t>入党时间</t></si>",
        "<si><t>人员类别</t></si>",
        "<si><t>所在党支部</t></si>",
        "<si><t>转正时间</t></si>",
        '<si><r><t>王</t></r><r><t xml:space="preserve">五</t></r><rPh><t>wang wu</t></rPh></si>',
        f"<si><t>{WANG}</t></si>",
        "<si><t>正式党员</t></si>",
        "<si><t>B010101</t></si>",
    ]
    header = "".join(f'<x:c r="{c}1" t="s"><x:v>{i}</x:v></x:c>' for i, c in enumerate("ABCDEF"))
    # 37073 is 2001-07-01 (format id 31, 年月日); 37438 is 2002-07-01 (custom yyyy/m/d); a formula cell keeps its value.
    row = (
        '<x:c r="A3" t="s"><x:v>6</x:v></x:c><x:c r="B3" t="s"><x:v>7</x:v></x:c>'
        '<x:c r="C3" s="1"><x:v>37073</x:v></x:c>'
        '<x:c r="D3" t="str"><x:f>"正式"&amp;"党员"</x:f><x:v>正式党员</x:v></x:c><x:c r="E3" t="s"><x:v>9</x:v></x:c>'
        '<x:c r="F3" s="2"><x:v>37438</x:v></x:c>'
    )
    path = excel_workbook(tmp_path / "excel.xlsx", f'<x:row r="1">{header}</x:row><x:row r="3">{row}</x:row>', strings)

    result = roster_import(kind="members", path=path, name="excel.xlsx")

    assert result.ok, [e.message for e in result.errors]
    member = Member.objects.get(id_card_hash=id_card_lookup_hash(WANG))
    assert (member.name, member.joined_on, member.regularized_on) == ("王五", date(2001, 7, 1), date(2002, 7, 1))


def test_row_numbers_follow_the_sheet_when_rows_are_skipped(district, tmp_path):
    headers = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"]
    header = "".join(f'<x:c r="{c}1" t="s"><x:v>{i}</x:v></x:c>' for i, c in enumerate("ABCDE"))
    values = ["王五", "123", "2001-07-01", "正式党员", "B010101"]
    row = "".join(
        f'<x:c r="{c}7" t="inlineStr"><x:is><x:t>{v}</x:t></x:is></x:c>' for c, v in zip("ABCDE", values, strict=True)
    )
    sheet = f'<x:row r="1">{header}</x:row><x:row r="7">{row}</x:row>'
    path = excel_workbook(tmp_path / "gaps.xlsx", sheet, [f"<si><t>{h}</t></si>" for h in headers])

    result = roster_import(kind="members", path=path, name="gaps.xlsx", dry_run=True)

    assert [(e.row, e.column) for e in result.errors] == [(7, "公民身份号码")]
