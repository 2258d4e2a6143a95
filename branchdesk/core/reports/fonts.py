"""The bundled CJK TrueType font, registered with reportlab and embedded (subset) in every PDF.

reportlab embeds TrueType fonts as subsets automatically, so a PDF prints the same on a PC
with no Chinese fonts. WenQuanYi Micro Hei has no bold face: headings use FakeBoldText (the
glyph outline stroked as well as filled), which prints as a real bold weight.
"""

from functools import cache

from branchdesk.core.paths import resource

FONT = "BDSans"
#: Name of the bold face; it maps to the same file, use `bold_paragraph_style` for real emphasis.
FONT_BOLD = "BDSans-Bold"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
#: Stroke width (pt) per pt of font size that makes the outline look bold.
FAKE_BOLD_STROKE = 0.035


@cache
def register_fonts() -> str:
    """Register the CJK font once per process; returns the regular font name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = str(resource(*FONT_FILE))
    pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, path, subfontIndex=0))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    return FONT


def draw_bold_string(
    canvas, x: float, y: float, text: str, size: float, centred: bool = False
) -> None:
    """Draw `text` in fake bold on a canvas (fill + stroke of the outline)."""
    register_fonts()
    canvas.saveState()
    canvas.setFont(FONT, size)
    canvas.setLineWidth(size * FAKE_BOLD_STROKE)
    text_obj = canvas.beginText()
    text_obj.setTextRenderMode(2)
    width = canvas.stringWidth(text, FONT, size)
    text_obj.setTextOrigin(x - width / 2 if centred else x, y)
    text_obj.textLine(text)
    canvas.drawText(text_obj)
    canvas.restoreState()
