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
