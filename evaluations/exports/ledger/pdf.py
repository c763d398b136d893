"""The printed ledger: A4 landscape with the Chinese font embedded, the summary table, each organization's items,
the reviewed count and the signature block."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from evaluations.exports.ledger.rows import LedgerRow, methods_text
from evaluations.exports.pdf import cjk_font, text_paragraph


def _text(value: object) -> str:
    """A cell as the printed ledger shows it: points without trailing zeros, nothing for no value."""
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


class _PdfStyles:
    def __init__(self, font: str):
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
        self.heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18)
        self.subheading = ParagraphStyle("subheading", fontName=font, fontSize=11, leading=14, spaceAfter=2 * mm)
        self.body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13)
        self.small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10)


def _code_width(codes: list[str], font: str, header: str) -> float:
    """A column as wide as its longest code and its header, so that neither is broken over two lines."""
    return max(stringWidth(text, font, 8) for text in [*codes, header]) + 14  # and the cell padding


def _grid(data: list[list], widths: list[float], font: str) -> Table:
    """A ledger table: a grid, the header row shaded and repeated on every page; plain strings in the font."""
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def ledger_pdf(
    *,
    heading: str,
    headers: Sequence[str],
    item_headers: Sequence[str],
    rows: list[LedgerRow],
    summary: Iterable[Sequence[object]],
    reviewed_line: str,
    signature_rows: list[list[str]],
) -> bytes:
    """A4 landscape, the Chinese font embedded: the summary, each organization's items, the reviewed count and
    the signature block. Long names wrap inside their cell; codes never do (their column fits the longest)."""
    font = cjk_font()
    styles = _PdfStyles(font)
    table = [[text_paragraph(str(header), styles.cell) for header in headers]]
    for values in summary:
        table.append([str(values[0]), *(text_paragraph(_text(value), styles.cell) for value in values[1:])])
    code_width = _code_width([row.code for row in rows], font, str(headers[0]))
    widths = [code_width, 50 * mm, 18 * mm, 16 * mm, 18 * mm, 12 * mm, 48 * mm, 15 * mm, 15 * mm, 15 * mm]
    widths += [22 * mm, 18 * mm]
    story = [
        text_paragraph(heading, styles.heading),
        text_paragraph(
            _("Printed %(date)s · %(count)d organization(s)")
            % {"date": timezone.localdate().isoformat(), "count": len(rows)},
            styles.small,
        ),
        Spacer(1, 4 * mm),
        _grid(table, widths, font),
    ]
    item_header_cells = [text_paragraph(str(header), styles.cell) for header in item_headers[2:]]
    for row in rows:
        if not row.items:
            continue
        codes = _code_width([item.code for item in row.items], font, str(item_headers[3]))
        data = [item_header_cells] + [
            [
                text_paragraph(item.dimension, styles.cell),
                item.code,
                text_paragraph(item.name, styles.cell),
                _text(item.points_max),
                _text(item.self_points),
                _text(item.review_points),
                text_paragraph(methods_text(item.methods), styles.cell),
            ]
            for item in row.items
        ]
        story += [
            Spacer(1, 6 * mm),
            text_paragraph(f"{row.code}　{row.organization}", styles.subheading),
            _grid(data, [40 * mm, codes, 90 * mm, 18 * mm, 22 * mm, 22 * mm, 50 * mm], font),
        ]
    signatures = Table(
        [[cell for cell in line if cell] for line in signature_rows],
        colWidths=[90 * mm, 90 * mm, 90 * mm],
        rowHeights=[14 * mm, 10 * mm],
    )
    signatures.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 10), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(
        KeepTogether([Spacer(1, 8 * mm), text_paragraph(reviewed_line, styles.body), Spacer(1, 4 * mm), signatures])
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=heading,
    )
    document.build(story)
    return buffer.getvalue()
