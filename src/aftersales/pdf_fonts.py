"""The Chinese font every PDF the product makes uses: WenQuanYi Micro Hei embedded when
installed (`make system-deps` installs it), else the PDF reader's own STSong-Light."""

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

# TrueType CJK fonts reportlab can embed (Noto CJK is CFF-based, which it cannot).
TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@cache
def cjk_font() -> str:
    for path in TTF_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=0))
            return "CJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
