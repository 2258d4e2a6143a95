"""团费收据: numbered receipts, three to an A4 page, each with its 存根 (the stub the branch keeps)
on the left; dashed cutting lines between the receipts and between each stub and its receipt.
A batch prints into one PDF, in the order given.
"""

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
#: page margins left/right, the stub's width, the gap either side of the stub's cutting line
SIDE_MARGIN = 12 * MM
STUB_WIDTH = 46 * MM
STUB_GAP = 4 * MM
LABEL_GREY = "#f0f0f0"
RECEIPT_RED = "#b00000"


def _date_cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _months(info: "PaymentInfo") -> str:
    return f"{info.months_label}（共{info.month_count}个月）"


def _table(info: "PaymentInfo", width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    from .styles import grid_table_style, styles

    cell = styles()["cell"]

    def p(text):  # a value that may need two lines; short ones are plain strings (quicker)
        return Paragraph(text, cell)

    data = [
        ["交款人", p(info.member_name), "缴费方式", info.method],
        ["所属团支部", p(info.branch_name), "", ""],
        ["缴费月份", p(_months(info)), "", ""],
        [
            "金额（小写）",
            f"¥{yuan(info.amount_fen)}",
            "按标准应缴",
            f"¥{yuan(info.proposed_fen)}",
        ],
        ["金额（大写）", f"人民币{capital_amount(info.amount_fen)}", "", ""],
        ["备注", p(info.edit_reason or ""), "", ""],
    ]
    w = width
    table = Table(data, colWidths=[w * 0.2, w * 0.34, w * 0.2, w * 0.26])
    style = grid_table_style()
    grey = colors.HexColor(LABEL_GREY)
    style.add("BACKGROUND", (0, 0), (-1, -1), colors.white)
    style.add("BACKGROUND", (0, 0), (0, -1), grey)
    style.add("BACKGROUND", (2, 0), (2, 0), grey)
    style.add("BACKGROUND", (2, 3), (2, 3), grey)
    for column in (0, 2):
        style.add("ALIGN", (column, 0), (column, -1), "CENTER")
    style.add("TOPPADDING", (0, 0), (-1, -1), 4.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 4.5)
    for row in (1, 2, 4, 5):
        style.add("SPAN", (1, row), (3, row))
    return table, style


def _draw_receipt(canvas, info: "PaymentInfo", x: float, top: float, width: float) -> None:
    """The part the member takes away."""
    from reportlab.lib import colors

    from .fonts import FONT, draw_bold_string

    draw_bold_string(canvas, x + width / 2, top - 24, "团 费 收 据", 16, centred=True)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(colors.HexColor(RECEIPT_RED))
    canvas.drawRightString(x + width, top - 21, f"No. {info.receipt_no}")
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 9)
    canvas.drawString(x, top - 40, f"收款日期：{_date_cn(info.paid_on)}")
    canvas.drawRightString(x + width, top - 40, "收据联　交款人收执")
    table, style = _table(info, width)
    table.setStyle(style)
    _, height = table.wrapOn(canvas, width, 400)
    table.drawOn(canvas, x, top - 47 - height)
    y = top - 47 - height - 20
    canvas.setFont(FONT, 9.5)
    canvas.drawString(x, y, f"收款人：{info.collector or '＿＿＿＿'}")
    canvas.drawString(x + width * 0.36, y, "交款人签字：＿＿＿＿＿")
    canvas.drawRightString(x + width, y, "（团支部盖章）")


def _draw_stub(canvas, info: "PaymentInfo", x: float, top: float, width: float) -> None:
    """存根: what the branch keeps in its book once the receipt is cut off."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    from .fonts import FONT, draw_bold_string
    from .styles import styles

    small = styles()["small"]
    draw_bold_string(canvas, x + width / 2, top - 24, "存根", 14, centred=True)
    canvas.setFont(FONT, 9)
    canvas.setFillColor(colors.HexColor(RECEIPT_RED))
    canvas.drawCentredString(x + width / 2, top - 40, f"No. {info.receipt_no}")
    canvas.setFillColor(colors.black)
    rows = [
        ("交款人", info.member_name),
        ("缴费月份", info.months_label),
        ("金额", f"¥{yuan(info.amount_fen)}（{info.month_count}个月）"),
        ("缴费方式", info.method),
        ("收款日期", _date_cn(info.paid_on)),
        ("收款人", info.collector or ""),
        ("备注", info.edit_reason or ""),
    ]
    wraps = {"交款人", "缴费月份", "备注"}  # the others are short: plain strings draw quicker
    data = [[label, Paragraph(value, small) if label in wraps else value] for label, value in rows]
    table = Table(data, colWidths=[width * 0.34, width * 0.66])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), small.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, colors.HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    _, height = table.wrapOn(canvas, width, 400)
    table.drawOn(canvas, x, top - 47 - height)
    canvas.setFont(FONT, 8.5)
    canvas.drawCentredString(x + width / 2, top - 47 - height - 20, "团支部留存")


def _cut_line(canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.line(x1, y1, x2, y2)
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
    stub_x = SIDE_MARGIN
    cut_x = stub_x + STUB_WIDTH + STUB_GAP
    receipt_x = cut_x + STUB_GAP
    receipt_width = page_width - SIDE_MARGIN - receipt_x
    canvas.setTitle("团费收据")
    canvas.setAuthor(receipts[0].branch_name)
    for index, info in enumerate(receipts):
        position = index % PER_PAGE
        if index and position == 0:
            canvas.showPage()
        slot_top = page_height - position * slot
        top = slot_top - 10 * MM
        _draw_stub(canvas, info, stub_x, top, STUB_WIDTH)
        _draw_receipt(canvas, info, receipt_x, top, receipt_width)
        # stub | receipt, then below every slot but the page's last
        _cut_line(canvas, cut_x, slot_top - 6 * MM, cut_x, slot_top - slot + 6 * MM)
        if position < PER_PAGE - 1:
            bottom = slot_top - slot
            _cut_line(canvas, 8 * MM, bottom, page_width - 8 * MM, bottom)
        report(progress, index + 1, len(receipts), f"收据 {info.receipt_no}")
