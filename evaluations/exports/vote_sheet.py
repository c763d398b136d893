"""One-time vote codes and the printed sheet of their QR codes (PDF with an embedded Chinese font).

Pure: no ORM. A code carries at least 128 random bits in characters that cannot be misread
(services/votes/codes.py). Only its SHA-256 is stored; with 128 random bits a plain hash is enough (no salt or key
needed to resist guessing). Each code is printed with its full address, so it can be typed where a QR code cannot
be scanned, and the sheet has dashed cut lines between the codes.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from evaluations.exports.pdf import cjk_font

COLUMNS, ROWS = 3, 4
QR_SIZE = 48 * mm
URL_FONT = "Courier"  # fixed width: every character of a code stands apart
URL_SIZES = (7.5, 7, 6.5, 6, 5.5, 5)


@dataclass(frozen=True)
class SheetEntry:
    url: str  # what the QR code holds, printed in full under it


@dataclass(frozen=True)
class SheetText:
    """The Chinese text of a sheet: a heading per page, a line under each QR code, a footer."""

    title: str
    subtitle: str
    instruction: str
    footer: str


def qr_image(url: str):
    """A black-and-white QR code of the URL, one pixel per module, with the standard quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def url_lines(url: str, width: float) -> tuple[float, list[str]]:
    """The font size and lines that print the whole URL in the width: one line at the largest size that fits,
    else broken after a slash, so that the code itself is never cut in two."""
    for size in URL_SIZES:
        if stringWidth(url, URL_FONT, size) <= width:
            return size, [url]
    size = URL_SIZES[-1]
    head, _slash, tail = url.rstrip("/").rpartition("/")
    return size, [head + "/", tail + ("/" if url.endswith("/") else "")]


def _cut_lines(canvas: Canvas, *, left: float, top: float, cell_width: float, cell_height: float, rows: int) -> None:
    """Dashed lines around and between the cells, to cut the codes apart."""
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.55)
    for column in range(COLUMNS + 1):
        x = left + column * cell_width
        canvas.line(x, top, x, top - rows * cell_height)
    for row in range(rows + 1):
        y = top - row * cell_height
        canvas.line(left, y, left + COLUMNS * cell_width, y)
    canvas.restoreState()


def vote_sheet_pdf(entries: Sequence[SheetEntry], text: SheetText) -> bytes:
    """A4 pages of 3 × 4 QR codes, each with its instruction and full URL, dashed cut lines between them; the
    Chinese font is embedded (subset)."""
    font = cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(text.title)
    width, height = A4
    cell_width = (width - 20 * mm) / COLUMNS
    cell_height = (height - 45 * mm) / ROWS
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(entries) // per_page))
    for page in range(pages):
        canvas.setFont(font, 14)
        canvas.drawCentredString(width / 2, height - 15 * mm, text.title)
        canvas.setFont(font, 9)
        canvas.drawCentredString(width / 2, height - 22 * mm, text.subtitle)
        on_page = entries[page * per_page : (page + 1) * per_page]
        if on_page:
            rows = -(-len(on_page) // COLUMNS)
            _cut_lines(
                canvas, left=10 * mm, top=height - 27 * mm, cell_width=cell_width, cell_height=cell_height, rows=rows
            )
        for slot, entry in enumerate(on_page):
            column, row = slot % COLUMNS, slot // COLUMNS
            left = 10 * mm + column * cell_width
            top = height - 30 * mm - row * cell_height
            x = left + (cell_width - QR_SIZE) / 2
            canvas.drawImage(ImageReader(qr_image(entry.url)), x, top - QR_SIZE, QR_SIZE, QR_SIZE)
            canvas.setFont(font, 9)
            canvas.drawCentredString(left + cell_width / 2, top - QR_SIZE - 4 * mm, text.instruction)
            size, lines = url_lines(entry.url, cell_width - 4 * mm)
            canvas.setFont(URL_FONT, size)
            for index, line in enumerate(lines):
                canvas.drawCentredString(left + cell_width / 2, top - QR_SIZE - 8 * mm - index * (size + 1.5), line)
        canvas.setFont(font, 8)
        canvas.drawCentredString(width / 2, 10 * mm, f"{text.footer} · {page + 1}/{pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
