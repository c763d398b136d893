"""The secretaries' star exports: the honour candidates and the supervision list as .xlsx, and the printed
filing sheet (备案表) of a year's frozen levels, every text through the one escaping place (exports/pdf.py)."""

import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from evaluations.exports.pdf import cjk_font, text_paragraph
from evaluations.models import SecretaryStarCycle
from evaluations.selectors.secretary_star_history import StarListRow
from starrating.exports import Sheet, TableExport, render_workbook


class HonourCandidatesExport(TableExport):
    """高星级书记: candidates for 两代表一委员 and 两优一先 (seed 001)."""

    kind = "secretary_honours"
    sheet = "高星级书记"
    headers = ("序号", "书记", "所在组织", "年度", "星级", "上年星级", "较上年增加", "推荐方向")

    def __init__(self, rows: list[StarListRow], year: int):
        super().__init__()
        self.rows, self.year = rows, year

    def iter_rows(self) -> Iterator[list[object]]:
        for number, row in enumerate(self.rows, start=1):
            level = row.level
            yield [
                number,
                level.name,
                level.organization_name,
                level.year,
                level.level,
                level.last_year_level,
                level.gained_over_last_year,
                "两代表一委员、两优一先",
            ]

    def heading(self) -> str:
        return f"{self.year}年度高星级党组织书记（优先推荐对象）· {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"高星级书记-{self.year}"


class SupervisionExport(TableExport):
    """低星级书记: admonition supervision and the rectification deadline (seed 001)."""

    kind = "secretary_supervision"
    sheet = "诫勉监督"
    headers = ("序号", "书记", "所在组织", "年度", "星级", "整改期限", "备注")

    def __init__(self, rows: list[StarListRow], year: int):
        super().__init__()
        self.rows, self.year = rows, year

    def iter_rows(self) -> Iterator[list[object]]:
        for number, row in enumerate(self.rows, start=1):
            supervision = row.supervision
            yield [
                number,
                row.level.name,
                row.level.organization_name,
                row.level.year,
                row.level.level,
                supervision.deadline if supervision else "未设置",
                supervision.note if supervision else "",
            ]

    def heading(self) -> str:
        return f"{self.year}年度低星级党组织书记诫勉监督名单 · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"诫勉监督-{self.year}"


def filing_sheet_pdf(cycle: SecretaryStarCycle) -> bytes:
    """A4, the Chinese font embedded: the district, the year, one row per secretary as filed, the signatures."""
    font = cjk_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    heading = ParagraphStyle("heading", fontName=font, fontSize=15, leading=20)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    headers = [_("No."), _("Secretary"), _("Organization"), _("Star level"), _("Last year"), _("Changes")]
    data = [[text_paragraph(header, cell) for header in headers]]
    for number, row in enumerate(cycle.filed_levels, start=1):
        changes = "；".join(f"{line['date']} {line['kind']} {line['delta']:+d}" for line in row["changes"])
        last_year = "—" if row["last_year"] is None else row["last_year"]
        values = [number, row["name"], row["organization"], row["level"], last_year, changes or "—"]
        data.append([text_paragraph(value, cell) for value in values])
    table = Table(data, colWidths=[12 * mm, 28 * mm, 50 * mm, 18 * mm, 18 * mm, 54 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    title = _("%(district)s: secretaries' star levels of %(year)s, filing sheet") % {
        "district": cycle.scope.name,
        "year": cycle.year,
    }
    filed = _("Approved %(approved)s, filed %(filed)s; %(count)s secretaries.") % {
        "approved": f"{timezone.localtime(cycle.approved_at):%Y-%m-%d}",
        "filed": f"{timezone.localtime(cycle.filed_at):%Y-%m-%d}",
        "count": len(cycle.filed_levels),
    }
    signatures = _("District organization department (seal):              Person in charge:              Date:")
    story = [
        text_paragraph(title, heading),
        Spacer(1, 3 * mm),
        text_paragraph(filed, body),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 14 * mm),
        text_paragraph(signatures, body),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
    )
    document.build(story)
    return buffer.getvalue()


def star_lists_workbook(honours: list[StarListRow], supervision: list[StarListRow], year: int) -> bytes:
    """Both lists in one workbook, a sheet each, for the organization department's files."""
    exports = [HonourCandidatesExport(honours, year), SupervisionExport(supervision, year)]
    return render_workbook(
        [
            Sheet(name=export.sheet, headers=export.headers, rows=export.iter_rows(), title=export.heading())
            for export in exports
        ]
    )
