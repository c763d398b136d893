"""One-time vote codes and the printed sheet of their QR codes (PDF with an embedded Chinese font).

Pure: no ORM. A code is ``secrets.token_urlsafe(16)``: 128 random bits in 22 URL-safe characters. Only its
SHA-256 is stored; with 128 random bits a plain hash is enough (no salt or key needed to resist guessing).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from evaluations.exports.pdf import cjk_font

COLUMNS, ROWS = 3, 4
QR_SIZE = 48 * mm


@dataclass(frozen=True)
class SheetEntry:
    url: str  # what the QR code holds
    caption: str  # printed under it


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


def vote_sheet_pdf(entries: Sequence[SheetEntry], text: SheetText) -> bytes:
    """A4 pages of 3 × 4 QR codes, each with its instruction and caption; the font is embedded (subset)."""
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
        for slot, entry in enumerate(entries[page * per_page : (page + 1) * per_page]):
            column, row = slot % COLUMNS, slot // COLUMNS
            left = 10 * mm + column * cell_width
            top = height - 30 * mm - row * cell_height
            x = left + (cell_width - QR_SIZE) / 2
            canvas.drawImage(ImageReader(qr_image(entry.url)), x, top - QR_SIZE, QR_SIZE, QR_SIZE)
            canvas.setFont(font, 9)
            canvas.drawCentredString(left + cell_width / 2, top - QR_SIZE - 4 * mm, text.instruction)
            canvas.setFont(font, 6.5)
            canvas.drawCentredString(left + cell_width / 2, top - QR_SIZE - 8 * mm, entry.caption)
        canvas.setFont(font, 8)
        canvas.drawCentredString(width / 2, 10 * mm, f"{text.footer} · {page + 1}/{pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
