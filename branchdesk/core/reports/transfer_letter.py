"""团员组织关系介绍信: one A4 portrait page per letter — 存根, the letter, and the 回执,
separated by dashed cutting lines, as on the paper form. A batch prints one page per letter.

The letter carries two seal boxes: the 团支部's and the 团委 above it (a transfer out of the
committee's area needs both). A cancelled or returned letter is printed only with a large
已作废 across each part, so that a reprint can never pass as valid.
"""

from collections.abc import Sequence
from pathlib import Path

from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import atomic_target
from branchdesk.core.progress import ProgressFn, report
from branchdesk.core.services.transfers import LetterData

MARGIN = 48
STUB_TOP = 800
LETTER_TOP = 620
SLIP_TOP = 282
CUT_LINES = (638, 302)
LABEL_GREY = "#eeeeee"
CELL_SIZE = 10


def write_letters(
    letters: Sequence[LetterData], path: str | Path, progress: ProgressFn | None = None
) -> Path:
    """Write one page per letter to `path`; returns the path."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from .fonts import register_fonts

    if not letters:
        raise UserError("没有要打印的介绍信。")
    path = Path(path)
    with atomic_target(path) as tmp:
        # initialFontName: otherwise every page references a non-embedded Helvetica
        canvas = Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=register_fonts())
        canvas.setTitle("团员组织关系介绍信")
        for done, letter in enumerate(letters):
            report(progress, done, len(letters), f"正在生成 {letter.letter_no}…")
            draw_letter_page(canvas, letter)
            canvas.showPage()
        canvas.save()
    report(progress, len(letters), len(letters), "完成")
    return path


def draw_letter_page(canvas, letter: LetterData) -> None:
    width = canvas._pagesize[0]
    _stub(canvas, letter, width)
    _letter(canvas, letter, width)
    _return_slip(canvas, letter, width)
    for y in CUT_LINES:
        _cut_line(canvas, y, width, letter.letter_no)
    if letter.void:
        for centre_y in ((STUB_TOP + CUT_LINES[0]) / 2, (LETTER_TOP + CUT_LINES[1]) / 2, 160):
            _void_mark(canvas, width / 2, centre_y)


# -- the three parts -----------------------------------------------------------------------


def _stub(c, letter: LetterData, width: float) -> None:
    from .fonts import draw_bold_string

    draw_bold_string(c, width / 2, STUB_TOP - 16, "团员组织关系介绍信（存根）", 15, centred=True)
    _number(c, letter, width, STUB_TOP - 38)
    rows = [
        [
            "姓名",
            letter.name,
            "性别",
            letter.gender,
            "年龄",
            f"{letter.age}岁",
            "民族",
            letter.ethnicity,
        ],
        ["身份证号", letter.id_number, "", "", "团员编号", letter.member_no, "", ""],
        [
            "入团年月",
            letter.join_month,
            "政治面貌",
            letter.political_status,
            "团费交至",
            letter.dues_paid_through,
            "转接原因",
            letter.reason,
        ],
        ["转往单位", letter.to_org, "", "", "", "", "有效期", f"{letter.validity_days}天"],
        ["开具日期", _chinese_date(letter.issued_on), "", "", "经办人", "", "备注", ""],
    ]
    spans = [((1, 1), (3, 1)), ((5, 1), (7, 1)), ((1, 3), (5, 3)), ((1, 4), (3, 4))]
    _grid(c, rows, spans, STUB_TOP - 48, width, row_height=20)


def _letter(c, letter: LetterData, width: float) -> None:
    from .fonts import draw_bold_string

    top = LETTER_TOP
    draw_bold_string(c, width / 2, top - 22, "团员组织关系介绍信", 19, centred=True)
    _number(c, letter, width, top - 44)
    y = _paragraph(c, f"{_u(letter.to_org, 22)}：", top - 58, width, size=11.5)
    body = (
        f"兹介绍{_u(letter.name, 6)}同志（性别{_u(letter.gender, 2)}，年龄{_u(letter.age, 2)}岁，"
        f"民族{_u(letter.ethnicity, 3)}，身份证号{_u(letter.id_number, 18)}）"
        f"的团员组织关系由{_u(letter.from_branch, 8)}转至{_u(letter.to_org, 8)}，请接洽。"
    )
    y = _paragraph(c, body, y - 8, width, size=11.5, leading=22, indent=True)
    rows = [
        [
            "团员编号",
            letter.member_no,
            "入团年月",
            letter.join_month,
            "政治面貌",
            letter.political_status,
        ],
        [
            "团费交至",
            letter.dues_paid_through,
            "转接原因",
            letter.reason,
            "有效期",
            f"{letter.validity_days}天",
        ],
    ]
    y = _grid(c, rows, [], y - 8, width, row_height=22)
    c.setFont(_font(), 10)
    c.drawString(
        MARGIN, y - 20, f"（本介绍信自开具之日起{letter.validity_days}天内有效，逾期作废。）"
    )
    c.drawString(MARGIN, y - 46, "经办人：" + "＿" * 7 + "　联系电话：" + "＿" * 8)
    # the seals sit on the cutting line below, whatever the length of the text above: the
    # 团支部's, and the 团委 above it (a transfer out of the committee's area needs both)
    seal_w = 170
    above = letter.committee_above or "上级团委"
    _seal(c, MARGIN + 40, CUT_LINES[1] + 12, seal_w, 74, above, None, "团委（章）")
    _seal(
        c,
        width - MARGIN - seal_w,
        CUT_LINES[1] + 12,
        seal_w,
        74,
        letter.from_branch,
        letter.issued_on,
        "团支部（章）",
    )


def _return_slip(c, letter: LetterData, width: float) -> None:
    from .fonts import draw_bold_string

    top = SLIP_TOP
    draw_bold_string(c, width / 2, top - 18, "团员组织关系介绍信回执", 15, centred=True)
    _number(c, letter, width, top - 40)
    y = _paragraph(c, f"{_u(letter.from_branch, 16)}：", top - 54, width, size=11.5)
    body = (
        f"你处介绍的{_u(letter.name, 6)}同志（身份证号{_u(letter.id_number, 18)}）"
        "<br/>的团员组织关系已转至我处，特此回执。"
    )
    y = _paragraph(c, body, y - 8, width, size=11.5, leading=24, indent=True)
    c.setFont(_font(), 11)
    lines = ("接收单位：", "经办人：", "联系电话：")
    for i, label in enumerate(lines):
        line_y = y - 26 - i * 28
        c.drawString(MARGIN, line_y, label)
        c.setLineWidth(0.6)
        c.line(MARGIN + 60, line_y - 3, MARGIN + 270, line_y - 3)
    _seal(c, width - MARGIN - 170, 46, 170, 84, "接收单位", None, "接收单位（章）")
    c.setFont(_font(), 8.5)
    c.drawString(MARGIN, 30, "（此联由接收单位填写、盖章后寄回原团支部。）")


# -- drawing helpers -----------------------------------------------------------------------


def _font() -> str:
    from .fonts import register_fonts

    return register_fonts()


def _number(c, letter: LetterData, width: float, y: float) -> None:
    c.setFont(_font(), 10.5)
    c.drawRightString(width - MARGIN, y, f"编号：{letter.letter_no}")


def _u(value, min_chars: int) -> str:
    """A filled-in blank: the value underlined, padded like the ruled line on the form."""
    from xml.sax.saxutils import escape

    text = escape(str(value)) if value not in (None, "") else ""
    pad = max(min_chars - len(str(value or "")), 0)
    filler = "&nbsp;" * (pad + 1)
    return f"<u>&nbsp;{text}{filler}</u>"


def _paragraph(
    c, text: str, top: float, width: float, size: float, leading: float = 0, indent: bool = False
) -> float:
    """Draw a wrapped paragraph whose first line starts at `top`; returns its bottom."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle(
        "letter",
        fontName=_font(),
        fontSize=size,
        leading=leading or size * 1.6,
        wordWrap="CJK",
        firstLineIndent=2 * size if indent else 0,
    )
    para = Paragraph(text, style)
    _, height = para.wrapOn(c, width - 2 * MARGIN, 400)
    para.drawOn(c, MARGIN, top - height)
    return top - height


def _grid(c, rows, spans, top: float, width: float, row_height: float) -> float:
    """A labelled grid: label cells (even columns) shaded; returns its bottom."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    ncols = len(rows[0])
    inner = width - 2 * MARGIN
    label_w = 58
    value_w = (inner - label_w * (ncols // 2)) / (ncols // 2)
    widths = [label_w if i % 2 == 0 else value_w for i in range(ncols)]
    span_widths = {a: sum(widths[a[0] : b[0] + 1]) for a, b in spans}
    table = Table(
        [
            [_cell(c, v, span_widths.get((i, r), widths[i])) for i, v in enumerate(row)]
            for r, row in enumerate(rows)
        ],
        colWidths=widths,
        rowHeights=row_height,
    )
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), _font()),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    spanned = {(col, row) for (_, _), (col, row) in spans} | {
        (col, a[1]) for a, b in spans for col in range(a[0] + 1, b[0] + 1)
    }
    for row_index in range(len(rows)):
        for col in range(0, ncols, 2):
            if (col, row_index) not in spanned and rows[row_index][col]:
                cell = (col, row_index)
                commands.append(("BACKGROUND", cell, cell, colors.HexColor(LABEL_GREY)))
    commands += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(commands))
    _, height = table.wrapOn(c, inner, 400)
    table.drawOn(c, MARGIN, top - height)
    return top - height


def _cell(c, value, width: float):
    """Plain text (fast) when it fits its cell, else a wrapping paragraph in a smaller size."""
    text = str(value)
    if c.stringWidth(text, _font(), CELL_SIZE) <= width - 6:
        return text
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle(
        "cell", fontName=_font(), fontSize=9, leading=10.5, alignment=TA_CENTER, wordWrap="CJK"
    )
    return Paragraph(escape(text), style)


def _seal(c, x: float, y: float, w: float, h: float, org: str, on, label: str = "（盖章）") -> None:
    """The seal area: a dashed box for the stamp, the organisation and the date under it."""
    c.saveState()
    c.setDash(3, 2)
    c.setLineWidth(0.6)
    c.setStrokeColorRGB(0.45, 0.45, 0.45)
    c.rect(x, y + 30, w, h - 30)
    c.restoreState()
    c.setFont(_font(), 9)
    c.setFillColorRGB(0.5, 0.5, 0.5)
    c.drawCentredString(x + w / 2, y + 30 + (h - 30) / 2 - 3, label)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(_font(), 10.5)
    c.drawCentredString(x + w / 2, y + 16, _fit(c, org, w))
    c.drawCentredString(x + w / 2, y, _chinese_date(on) if on else "　　年　　月　　日")


def _void_mark(c, x: float, y: float) -> None:
    """已作废 in large red letters, slanted across one part of the page."""
    from .fonts import draw_bold_string

    c.saveState()
    c.translate(x, y)
    c.rotate(18)
    c.setFillColorRGB(0.8, 0.1, 0.1, alpha=0.55)
    c.setStrokeColorRGB(0.8, 0.1, 0.1, alpha=0.55)
    draw_bold_string(c, 0, -24, "已作废", 72, centred=True)
    c.setLineWidth(2.5)
    c.rect(-150, -44, 300, 100)
    c.restoreState()


def _fit(c, text: str, width: float) -> str:
    while text and c.stringWidth(text, _font(), 10.5) > width:
        text = text[:-1]
    return text


def _cut_line(c, y: float, width: float, letter_no: str) -> None:
    label = "（沿此线剪开）"
    c.saveState()
    c.setDash(6, 4)
    c.setLineWidth(0.7)
    c.setStrokeColorRGB(0.35, 0.35, 0.35)
    label_w = c.stringWidth(label, _font(), 9) + 12
    c.line(18, y, width / 2 - label_w / 2, y)
    c.line(width / 2 + label_w / 2, y, width - 18, y)
    c.restoreState()
    c.setFont(_font(), 9)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.drawCentredString(width / 2, y - 3, label)
    c.setFont(_font(), 8)
    c.drawString(MARGIN, y + 4, f"骑缝编号 {letter_no}")
    c.setFillColorRGB(0, 0, 0)


def _chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def print_letters(
    session, transfer_ids: Sequence[int], path: str | Path, progress: ProgressFn | None = None
) -> Path:
    """Read our letters `transfer_ids` and write them, one page each, to `path`."""
    from branchdesk.core.services.transfers import letter_data

    return write_letters(letter_data(session, transfer_ids), path, progress)
