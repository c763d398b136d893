"""What every PDF of the application shares: the embedded Chinese font (vote sheets, ledgers, notices)."""

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
