"""团费收据: numbered receipts, three to an A4 page with cut lines; a batch prints into one PDF."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import atomic_target
from branchdesk.core.progress import ProgressFn, report
from branchdesk.core.rules.dues_standards import capital_amount, yuan

if TYPE_CHECKING:
    from branchdesk.core.services.dues import PaymentInfo

PER_PAGE = 3
MM = 72 / 25.4


def _date_cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _table(info: "PaymentInfo", width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    from .styles import grid_table_style, styles

    st = styles()
    cell, center = st["cell"], st["cell_center"]

    def p(text, style=cell):
        return Paragraph(text, style)

    months = f"{info.months_label}（共{info.month_count}个月）"
    standard = f"¥{yuan(info.proposed_fen)}"
    note = info.edit_reason or ""
    data = [
        [p("交款人", center), p(info.member_name), p("所属团支部", center), p(info.branch_name)],
        [p("缴费月份", center), p(months), p("缴费方式", center), p(info.method)],
        [
            p("金额（小写）", center),
            p(f"¥{yuan(info.amount_fen)}"),
            p("按标准应缴", center),
            p(standard),
        ],
        [p("金额（大写）", center), p(f"人民币{capital_amount(info.amount_fen)}"), "", ""],
        [p("备注", center), p(note), "", ""],
    ]
    w = width
    table = Table(data, colWidths=[w * 0.16, w * 0.38, w * 0.16, w * 0.30], rowHeights=[25] * 5)
    style = grid_table_style()
    style.add("BACKGROUND", (0, 0), (-1, -1), colors.white)
    style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0"))
    style.add("BACKGROUND", (2, 0), (2, 2), colors.HexColor("#f0f0f0"))
    style.add("SPAN", (1, 3), (3, 3))
    style.add("SPAN", (1, 4), (3, 4))
    return table, style


def _draw_receipt(canvas, info: "PaymentInfo", x: float, top: float, width: float) -> None:
    from reportlab.lib import colors

    from .fonts import FONT, draw_bold_string

    draw_bold_string(canvas, x + width / 2, top - 26, "团 费 收 据", 17, centred=True)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(colors.HexColor("#b00000"))
    canvas.drawRightString(x + width, top - 22, f"No. {info.receipt_no}")
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 9.5)
    canvas.drawString(x, top - 42, f"收款日期：{_date_cn(info.paid_on)}")
    canvas.drawRightString(x + width, top - 42, "第一联 交款人收执")
    table, style = _table(info, width)
    table.setStyle(style)
    _, height = table.wrapOn(canvas, width, 400)
    table.drawOn(canvas, x, top - 50 - height)
    y = top - 50 - height - 24
    canvas.setFont(FONT, 10)
    canvas.drawString(x, y, f"收款人：{info.collector or '＿＿＿＿'}")
    canvas.drawString(x + width * 0.38, y, "交款人签字：＿＿＿＿＿＿")
    canvas.drawRightString(x + width, y, "（团支部盖章）")


def _cut_line(canvas, y: float, page_width: float) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.line(10 * MM, y, page_width - 10 * MM, y)
    canvas.restoreState()


def write_receipts(
    path: str | Path, receipts: Sequence["PaymentInfo"], progress: ProgressFn | None = None
) -> Path:
    """Receipts for the payments, three to an A4 page, in the order given."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from .fonts import FONT, register_fonts

    if not receipts:
        raise UserError("没有可打印的收据。")
    register_fonts()
    path = Path(path)
    with atomic_target(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=A4, initialFontName=FONT)
        _draw_receipts(canvas, receipts, progress)
        canvas.save()
    return path


def _draw_receipts(canvas, receipts: Sequence["PaymentInfo"], progress: ProgressFn | None) -> None:
    from reportlab.lib.pagesizes import A4

    page_width, page_height = A4
    slot = page_height / PER_PAGE
    margin = 18 * MM
    canvas.setTitle("团费收据")
    canvas.setAuthor(receipts[0].branch_name)
    for index, info in enumerate(receipts):
        position = index % PER_PAGE
        if index and position == 0:
            canvas.showPage()
        top = page_height - position * slot - 12 * MM
        _draw_receipt(canvas, info, margin, top, page_width - 2 * margin)
        if position < PER_PAGE - 1 and index < len(receipts) - 1:
            _cut_line(canvas, page_height - (position + 1) * slot, page_width)
        report(progress, index + 1, len(receipts), f"收据 {info.receipt_no}")
