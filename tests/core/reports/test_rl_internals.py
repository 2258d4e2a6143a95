"""`fast_table` (reportlab internals) against a plain reportlab Table: the same text at the
same places, so a reportlab upgrade that changes the internals it uses fails here."""

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from branchdesk.core.reports.fonts import register_fonts
from branchdesk.core.reports.rl_internals import BoldText, fast_table


def _placed_text(path) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text.strip(), round(tm[4], 1), round(tm[5], 1)))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return found


def _pdf(path, table_class) -> None:
    font = register_fonts()
    data = [["姓名", "性别", "政治面貌", "金额"]] + [
        [f"团员{n}", "男" if n % 2 else "女", "共青团员", f"{n * 0.2:.2f}"] for n in range(30)
    ]
    data[3][0] = BoldText(data[3][0]) if table_class is not Table else data[3][0]
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, 9),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("ALIGN", (1, 0), (1, -1), "CENTER"),
            ("ALIGN", (3, 0), (3, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    table = table_class(data, colWidths=[80, 40, 80, 60], style=style)
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build([table])


def test_fast_table_puts_the_same_text_at_the_same_places_as_a_plain_table(tmp_path):
    _pdf(tmp_path / "plain.pdf", Table)
    _pdf(tmp_path / "fast.pdf", fast_table)
    plain, fast = _placed_text(tmp_path / "plain.pdf"), _placed_text(tmp_path / "fast.pdf")
    assert len(plain) == 31 * 4
    assert fast == plain


def _lines(paragraph, width: float) -> list[tuple[float, str]]:
    """(free space, text) of each line the paragraph is broken into at `width`."""
    paragraph.wrap(width, 10_000)
    para = paragraph.blPara
    if para.kind == 0:
        return [(round(space, 6), "".join(words)) for space, words in para.lines]
    return [(round(ln.extraSpace, 6), "".join(w.text for w in ln.words)) for ln in para.lines]


def test_cjk_paragraph_breaks_the_same_lines_as_a_plain_paragraph():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from branchdesk.core.reports.rl_internals import cjk_paragraph

    font = register_fonts()
    names = "、".join(f"团员{n}号（事假）" for n in range(60))
    texts = [
        names,
        "会议传达了上级团委《关于开展2026年团员教育评议工作的通知》精神，，。。并部署 Q3 work plan。",
        "a long English sentence inside Chinese text 中文中间夹着英文 with spaces，然后结束。",
        "短",
    ]
    style = ParagraphStyle("t", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    indented = ParagraphStyle("i", parent=style, firstLineIndent=22, fontSize=11)
    for text in texts:
        for width in (40, 97.5, 250, 480):
            for s in (style, indented):
                fast = _lines(cjk_paragraph(text, s), width)
                assert fast == _lines(Paragraph(text, s), width), (text, width)
    # markup (several fragments) is left to reportlab, and still the same
    marked = "团员<b>张三</b>、李四"
    assert _lines(cjk_paragraph(marked, style), 30) == _lines(Paragraph(marked, style), 30)


def _cell_style_values(table) -> list[list[tuple]]:
    names = ("fontname", "fontsize", "leading", "color", "alignment", "valign")
    names += ("leftPadding", "rightPadding", "topPadding", "bottomPadding")
    return [[tuple(getattr(c, n) for n in names) for c in row] for row in table._cellStyles]


def test_fast_table_cells_have_the_styles_a_plain_table_gives_them():
    """Shared CellStyles: every cell ends with the values reportlab sets cell by cell, for
    overlapping, negative, out-of-range and empty ranges, in the commands' order."""
    font = register_fonts()
    data = [[f"{r}.{c}" for c in range(6)] for r in range(9)]
    data[4] = data[4][:5]  # a short row
    commands = [
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (2, 1), (2, -1), "LEFT"),
        ("FONTSIZE", (3, 1), (-1, -1), 8),
        ("BACKGROUND", (0, -2), (-1, -1), "#f0f0f0"),
        ("TEXTCOLOR", (1, 2), (4, 4), colors.red),
        ("LEADING", (0, -1), (-1, -1), 14),
        ("VALIGN", (-2, 3), (-1, 20), "TOP"),
        ("LEFTPADDING", (4, 6), (1, 7), 9),  # an empty range
        ("FONTSIZE", (1, 1), (1, 1), 7),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (5, 0), (5, -1), "LEFT"),
    ]
    plain = Table([list(r) for r in data], style=TableStyle(commands))
    fast = fast_table([list(r) for r in data], style=TableStyle(commands))
    assert _cell_style_values(fast) == _cell_style_values(plain)
    assert len({id(c) for row in fast._cellStyles for c in row}) < 20  # shared, not 54
    # a command given afterwards changes only the cells it names
    plain.setStyle([("ALIGN", (1, 1), (1, 2), "CENTER")])
    fast.setStyle([("ALIGN", (1, 1), (1, 2), "CENTER")])
    assert _cell_style_values(fast) == _cell_style_values(plain)
