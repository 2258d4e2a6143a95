"""Tables of the handbook: the registers' columns (one source for filled and blank forms),
grids that split across pages with repeated headers, cells that wrap instead of overflowing."""

from dataclasses import dataclass
from functools import cache

from .book import LANDSCAPE, PORTRAIT
from .rl_internals import BoldText, SizedText, cjk_paragraph, fast_table

CELL_FONT_SIZE = 9
#: the smallest size a one-line cell (a name, a number, a date) is shrunk to before it overflows
MIN_FONT_SIZE = 5.5
CELL_PADDING = 3
BLANK_ROW_HEIGHT = 24


@dataclass(frozen=True)
class Register:
    """A printed register: its title, columns (header, width in pt) and page orientation."""

    key: str
    title: str
    columns: tuple[tuple[str, float], ...]
    orientation: str = PORTRAIT

    @property
    def headers(self) -> list[str]:
        return [h for h, _ in self.columns]

    @property
    def widths(self) -> list[float]:
        return [w for _, w in self.columns]


ROSTER = Register(
    "roster",
    "团员花名册",
    (
        ("序号", 28),
        ("姓名", 56),
        ("性别", 28),
        ("民族", 40),
        ("出生年月", 50),
        ("身份证号码", 106),
        ("入团年月", 50),
        ("学历", 52),
        ("政治面貌", 60),
        ("团内职务", 66),
        ("团小组", 60),
        ("手机号码", 66),
        ("状态", 40),
        ("出勤", 42),
    ),
    LANDSCAPE,
)
COMMITTEE = Register(
    "committee",
    "支部委员会成员",
    (
        ("职务", 70),
        ("姓名", 60),
        ("性别", 34),
        ("出生年月", 60),
        ("学历", 66),
        ("政治面貌", 66),
        ("手机号码", 80),
        ("任职日期", 63),
    ),
)
GROUPS = Register(
    "groups",
    "团小组一览",
    (
        ("序号", 34),
        ("团小组", 110),
        ("组长", 80),
        ("人数", 50),
        ("组长手机号码", 100),
        ("备注", 125),
    ),
)
MEETING_LIST = Register(
    "meeting_list",
    "会议一览",
    (
        ("序号", 30),
        ("日期", 66),
        ("类别", 78),
        ("主题 / 议题", 175),
        ("应到", 36),
        ("实到", 36),
        ("主持人", 78),
    ),
)
EVALUATION = Register(
    "evaluation",
    "团员教育评议登记表",
    (
        ("序号", 30),
        ("姓名", 70),
        ("性别", 36),
        ("政治面貌", 80),
        ("现状态", 60),
        ("评议结果", 70),
        ("备注", 153),
    ),
)
REGISTRATION = Register(
    "registration",
    "团员年度团籍注册登记表",
    (
        ("序号", 30),
        ("姓名", 66),
        ("性别", 34),
        ("政治面貌", 72),
        ("评议结果", 62),
        ("注册结果", 66),
        ("原因 / 备注", 169),
    ),
)
HANDOVER = Register(
    "handover",
    "团费收支及上缴台账",
    (
        ("序号", 28),
        ("日期", 64),
        ("摘要", 128),
        ("收缴(元)", 60),
        ("上缴(元)", 60),
        ("结余(元)", 60),
        ("收据编号", 99),
    ),
)
TRANSFERS = Register(
    "transfers",
    "组织关系转接登记",
    (
        ("序号", 28),
        ("介绍信编号", 96),
        ("姓名", 54),
        ("性别", 28),
        ("身份证号码", 112),
        ("方向", 32),
        ("原因", 50),
        ("转往 / 来自", 122),
        ("开具日期", 58),
        ("有效期至", 58),
        ("状态", 44),
        ("办结日期", 58),
    ),
    LANDSCAPE,
)


def dues_grid_register(months: int = 12) -> Register:
    month_cols = tuple((f"{m}月", 35.0) for m in range(1, months + 1))
    return Register(
        "dues",
        "团费收缴登记表",
        (
            ("序号", 28),
            ("姓名", 56),
            ("类别", 60),
            *month_cols,
            ("已缴合计", 52),
            ("未缴", 50),
            ("团费交至", 80),
        ),
        LANDSCAPE,
    )


@cache
def _cell_styles():
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    from .styles import styles

    base = styles()["cell"]
    return {
        "left": ParagraphStyle("bd_cell", parent=base, fontSize=CELL_FONT_SIZE, leading=11.5),
        "center": ParagraphStyle(
            "bd_cell_c", parent=base, fontSize=CELL_FONT_SIZE, leading=11.5, alignment=TA_CENTER
        ),
        "header": ParagraphStyle(
            "bd_head", parent=base, fontSize=CELL_FONT_SIZE, leading=11.5, alignment=TA_CENTER
        ),
    }


@cache
def text_width(text: str, size: float = CELL_FONT_SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .fonts import FONT, register_fonts

    register_fonts()
    return stringWidth(text, FONT, size)


def one_line(text, width: float):
    """A cell that never wraps: the text as it is when it fits, else in a smaller font.

    Names, numbers and dates are never broken across lines in a register.
    """
    text = "" if text is None else str(text)
    room = width - 2 * CELL_PADDING
    if not text or "\n" in text:
        return text
    needed = text_width(text)
    if needed <= room:
        return text
    size = max(MIN_FONT_SIZE, int(CELL_FONT_SIZE * room / needed * 4) / 4)
    return SizedText(text, size)


def fit(text, width: float, align: str = "left"):
    """A plain string when it fits in one line (cheap), else a wrapping CJK Paragraph."""
    text = "" if text is None else str(text)
    if not text or ("\n" not in text and text_width(text) <= width - 2 * CELL_PADDING):
        return text
    return paragraph(text, _cell_styles()[align])


def paragraph(text: str, style):
    from xml.sax.saxutils import escape

    return cjk_paragraph(escape(text).replace("\n", "<br/>"), style)


def header_row(headers: list[str], widths: list[float]) -> list:
    """Bold header cells: plain strings when they fit on one line, else wrapping paragraphs."""
    from .styles import bold_paragraph

    style = _cell_styles()["header"]
    return [
        BoldText(h) if text_width(h) <= w - 2 * CELL_PADDING - 1 else bold_paragraph(h, style)
        for h, w in zip(headers, widths, strict=True)
    ]


def grid(
    headers: list[str],
    rows: list[list],
    widths: list[float],
    wrap_columns: tuple[int, ...] = (),
    left_columns: tuple[int, ...] = (),
    extra_style: list | None = None,
    row_height: float | None = None,
):
    """A bordered table; rows repeat their header when the table splits across pages.

    Cells of `wrap_columns` wrap (CJK) when too long; text in any other column is kept on one
    line and shrunk to fit its width (names, numbers and dates are never broken).
    """
    from .styles import grid_table_style

    wrapping = set(wrap_columns)
    single = [c for c in range(len(widths)) if c not in wrapping]
    widths = widen_for_one_line(rows, list(widths), single, wrap_columns)
    body = []
    for row in rows:
        cells = list(row)
        for col in wrap_columns:
            cells[col] = fit(cells[col], widths[col])
        for col in single:
            cell = cells[col]
            if type(cell) is str and cell:
                cells[col] = one_line(cell, widths[col])
        body.append(cells)
    data = [header_row(headers, widths), *body]
    style = grid_table_style()
    style.add("ALIGN", (0, 0), (-1, -1), "CENTER")
    for col in left_columns:
        style.add("ALIGN", (col, 1), (col, -1), "LEFT")
    for command in extra_style or []:
        style.add(*command)
    heights: list[float | None] = [None]
    if row_height is not None:
        heights += [row_height] * len(body)
    else:
        heights += [_fixed_height(cells) for cells in body]
    return fast_table(data, colWidths=widths, rowHeights=heights, repeatRows=1, style=style)


#: a wrapping column gives room to a one-line column down to this width
MIN_WRAP_WIDTH = 40


def widen_for_one_line(rows, widths: list[float], single: list[int], wrap_columns) -> list[float]:
    """Widths where every one-line cell fits at the smallest font size, if the widest wrapping
    column can give the room (a name too long even when shrunk widens its column)."""
    for col in single:
        texts = {row[col] for row in rows if type(row[col]) is str}
        longest = max((text_width(t) for t in texts if t), default=0.0)
        need = longest * MIN_FONT_SIZE / CELL_FONT_SIZE + 2 * CELL_PADDING
        if need <= widths[col] or not wrap_columns:
            continue
        donor = max(wrap_columns, key=lambda c: widths[c])
        extra = min(need - widths[col], widths[donor] - MIN_WRAP_WIDTH)
        if extra > 0:
            widths[col] += extra
            widths[donor] -= extra
    return widths


#: height of a row of one-line plain strings: the font's leading plus the paddings
ONE_LINE_HEIGHT = CELL_FONT_SIZE * 1.2 + 2 * CELL_PADDING


def _fixed_height(cells: list) -> float | None:
    """A known height for rows of short plain strings; None lets reportlab measure the row.

    Measuring every cell of every split part of a long table is most of the layout time.
    """
    for cell in cells:
        if not isinstance(cell, str) or "\n" in cell:
            return None
    return ONE_LINE_HEIGHT


EMPTY_REGISTER_ROWS = 12


def register_table(register: Register, rows: list[list], wrap_columns=(), left_columns=(), **kw):
    """The register filled with `rows`; with no rows, empty lines to fill in by hand."""
    if not rows:
        return blank_table(register, EMPTY_REGISTER_ROWS)
    return grid(register.headers, rows, register.widths, wrap_columns, left_columns, **kw)


def blank_rows_for(avail_height: float, header_height: float = 30) -> int:
    return max(1, int((avail_height - header_height) // BLANK_ROW_HEIGHT))


def blank_table(register: Register, rows: int, first_number: int = 1):
    """The register with empty numbered rows to fill in by hand."""
    data = [[str(first_number + i)] + [""] * (len(register.columns) - 1) for i in range(rows)]
    return register_table(register, data, row_height=BLANK_ROW_HEIGHT)


def key_value_table(pairs: list[tuple[str, str]], width: float, columns: int = 2):
    """Label / value pairs laid out `columns` pairs per row (支部基本情况)."""
    from reportlab.lib import colors

    from .styles import grid_table_style

    label_w = 80
    value_w = width / columns - label_w
    widths = [label_w, value_w] * columns
    rows = []
    for i in range(0, len(pairs), columns):
        chunk = pairs[i : i + columns]
        chunk += [("", "")] * (columns - len(chunk))
        rows.append([x for label, value in chunk for x in (label, fit(value, value_w))])
    style = grid_table_style()
    style.add("BACKGROUND", (0, 0), (-1, -1), colors.white)
    for c in range(0, 2 * columns, 2):
        style.add("BACKGROUND", (c, 0), (c, -1), colors.HexColor("#f0f0f0"))
        style.add("ALIGN", (c, 0), (c, -1), "CENTER")
    style.add("TOPPADDING", (0, 0), (-1, -1), 6)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 6)
    return fast_table(rows, colWidths=widths, style=style)
