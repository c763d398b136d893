"""The printed publicity notice (公示通知) of one street: A4 pages with an embedded Chinese font.

Pure: no ORM. The view gathers the values; this module lays them out: the title, the window, the
organizations with their proposed stars and totals, how to object, and the public page's address with
its QR code so a resident can open it from the paper.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from evaluations.exports.pdf import cjk_font
from evaluations.exports.vote_sheet import qr_image

MARGIN = 20 * mm
ROW_HEIGHT = 7.5 * mm
QR_SIZE = 32 * mm


@dataclass(frozen=True)
class NoticeEntry:
    organization: str
    stars: str  # already worded: "4 星", or "—" before the result is computed
    total: str


@dataclass(frozen=True)
class NoticeText:
    """The Chinese text of a notice; every string is translated by the caller."""

    title: str
    introduction: str
    window: str
    headers: tuple[str, str, str, str]  # rank, organization, stars, total
    how_to_object: Sequence[str]
    url: str
    issuer: str
    empty: str


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text by character (it has no spaces) so that each line fits the width."""
    lines, line = [], ""
    for character in text:
        if stringWidth(line + character, font, size) > width:
            lines.append(line)
            line = character
        else:
            line += character
    return [*lines, line] if line else lines


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut a too long cell with an ellipsis rather than print over the next column."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def publicity_notice_pdf(entries: Sequence[NoticeEntry], text: NoticeText) -> bytes:
    """The notice as PDF bytes; the table runs over as many pages as it needs, the heading on each."""
    font = cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(text.title)
    width, height = A4
    usable = width - 2 * MARGIN
    columns = (MARGIN, MARGIN + 14 * mm, MARGIN + usable - 50 * mm, MARGIN + usable - 22 * mm)

    def heading() -> float:
        canvas.setFont(font, 16)
        canvas.drawCentredString(width / 2, height - 22 * mm, text.title)
        y = height - 34 * mm
        canvas.setFont(font, 10.5)
        for paragraph in (text.introduction, text.window):
            for line in _wrap(paragraph, font, 10.5, usable):
                canvas.drawString(MARGIN, y, line)
                y -= 6 * mm
        y -= 2 * mm
        canvas.setFont(font, 10)
        for x, header in zip(columns, text.headers, strict=True):
            canvas.drawString(x, y, header)
        canvas.line(MARGIN, y - 2 * mm, width - MARGIN, y - 2 * mm)
        return y - ROW_HEIGHT

    y = heading()
    canvas.setFont(font, 10)
    if not entries:
        canvas.drawString(MARGIN, y, text.empty)
        y -= ROW_HEIGHT
    for rank, entry in enumerate(entries, start=1):
        if y < MARGIN + ROW_HEIGHT:
            canvas.showPage()
            y = heading()
            canvas.setFont(font, 10)
        canvas.drawString(columns[0], y, str(rank))
        canvas.drawString(columns[1], y, _fit(entry.organization, font, 10, columns[2] - columns[1] - 3 * mm))
        canvas.drawString(columns[2], y, entry.stars)
        canvas.drawString(columns[3], y, entry.total)
        y -= ROW_HEIGHT

    # How to object, with the page's address and its QR code; on a new page if it does not fit.
    lines = [line for paragraph in text.how_to_object for line in _wrap(paragraph, font, 10.5, usable - QR_SIZE)]
    needed = max(len(lines) * 6 * mm, QR_SIZE) + 30 * mm
    if y - needed < MARGIN:
        canvas.showPage()
        y = height - 25 * mm
    y -= 4 * mm
    top = y
    canvas.setFont(font, 10.5)
    for line in lines:
        canvas.drawString(MARGIN, y, line)
        y -= 6 * mm
    canvas.setFont(font, 9)
    for line in _wrap(text.url, font, 9, usable - QR_SIZE - 4 * mm):
        canvas.drawString(MARGIN, y, line)
        y -= 5 * mm
    canvas.drawImage(
        ImageReader(qr_image(text.url)), width - MARGIN - QR_SIZE, top - QR_SIZE + 4 * mm, QR_SIZE, QR_SIZE
    )
    canvas.setFont(font, 10.5)
    canvas.drawRightString(width - MARGIN, min(y, top - QR_SIZE) - 10 * mm, text.issuer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
