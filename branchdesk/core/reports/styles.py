"""Paragraph and table styles shared by every PDF (CJK wrapping, the bundled font)."""

from functools import cache


@cache
def styles() -> dict:
    """Named ParagraphStyles: body, small, title, h1, h2, cell, cell_center, header_cell."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    from .fonts import FONT, FONT_BOLD, register_fonts

    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK", alignment=TA_LEFT
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=30, alignment=TA_CENTER
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=22,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=18,
            spaceBefore=6,
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "cell_center": ParagraphStyle(
            "cell_center", parent=base, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "header_cell": ParagraphStyle(
            "header_cell",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            alignment=TA_CENTER,
        ),
    }


def grid_table_style(header_rows: int = 1):
    """Thin black grid, grey header rows, vertically centred cells."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    from .fonts import FONT

    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def bold_paragraph(text: str, style):
    """A Paragraph drawn in (fake) bold: the bundled font has no bold face."""
    return _bold_paragraph_class()(text, style)


@cache
def _bold_paragraph_class():
    from .fonts import FAKE_BOLD_STROKE
    from .rl_internals import cjk_paragraph_class

    class BoldParagraph(cjk_paragraph_class()):
        def draw(self):
            canvas = self.canv
            canvas.saveState()
            canvas.setStrokeColor(self.style.textColor)
            canvas.setLineWidth(self.style.fontSize * FAKE_BOLD_STROKE)
            canvas._code.append("2 Tr")  # text render mode: fill, then stroke
            super().draw()
            canvas.restoreState()

    return BoldParagraph
