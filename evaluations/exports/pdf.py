"""What every PDF of the application shares: the embedded Chinese font (vote sheets, ledgers, notices), and the one
way text becomes a paragraph.

ReportLab's Paragraph reads its text as markup: an organization named ``<img src="/etc/passwd">`` would embed a
server file, ``<a href=...>`` would become a link and a lone ``<`` would fail the whole document. So no module
builds a Paragraph itself (a test holds to it): ``text_paragraph`` escapes what it is given and prints it as
typed. Markup, should a PDF ever need bold or a line break, is written by code around ``text_markup`` pieces.
"""

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

# reportlab embeds TrueType outlines only: Noto CJK (PostScript outlines) cannot be used, WenQuanYi can.
CJK_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
CJK_FONT_NAME = "StarRatingCJK"


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the first Chinese TrueType font found and return its name; fail loudly if there is none."""
    for path, index in CJK_FONT_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, path, subfontIndex=index))
            return CJK_FONT_NAME
    raise RuntimeError(
        "No Chinese TrueType font for PDFs: install fonts-wqy-microhei (Debian) or one of "
        + ", ".join(path for path, _ in CJK_FONT_CANDIDATES)
    )


def text_markup(text: object) -> str:
    """Plain text as Paragraph markup that prints exactly this text: ``&``, ``<`` and ``>`` are escaped."""
    return escape(str(text))


def text_paragraph(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph printing the text as typed (a name, a heading, a cell); nothing in it is read as markup."""
    return Paragraph(text_markup(text), style)
