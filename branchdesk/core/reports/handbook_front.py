"""The handbook's pages of text and of signatures: 使用说明, 委员职责, 发展团员工作程序, the seal
boxes (团支部（章）, 上级团委意见（章）), 党组织审阅意见 (one page per half year) and 备注."""

from functools import cache

from . import handbook_tables as tables
from .book import heading, start_on
from .handbook_sections import PORTRAIT_WIDTH, BookContext, lined_box, section_head, spacer

SUBHEAD = "## "


@cache
def _text_styles():
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from .styles import styles

    base = styles()["body"]
    return {
        "para": ParagraphStyle(
            "hb_text", parent=base, fontSize=11, leading=20, firstLineIndent=22, spaceAfter=6
        ),
        "sub": ParagraphStyle(
            "hb_sub", parent=base, fontSize=12, leading=20, spaceBefore=8, keepWithNext=1
        ),
        "box": ParagraphStyle("hb_box", parent=base, fontSize=10.5, leading=16),
        "date": ParagraphStyle(
            "hb_date", parent=base, fontSize=10.5, leading=16, alignment=TA_RIGHT, rightIndent=12
        ),
    }


def text_flowables(text: str) -> list:
    """A paragraph per line of `text` (a line starting "## " is a subheading)."""
    from .styles import bold_paragraph

    style = _text_styles()
    out: list = []
    for line in text.replace("\r\n", "\n").splitlines():
        line = line.strip()
        if line.startswith(SUBHEAD):
            out.append(bold_paragraph(line[len(SUBHEAD) :].strip(), style["sub"]))
        elif line:
            out.append(tables.paragraph(line, style["para"]))
    return out


def fixed_text_section(name: str):
    """A section builder printing the branch's wording of a fixed text."""

    def build(ctx: BookContext) -> list:
        from branchdesk.core.services.handbook_texts import fixed_text, handbook_text

        title = fixed_text(name).title
        return [
            *section_head(title),
            *text_flowables(handbook_text(ctx.session, ctx.branch_id, name)),
        ]

    return build


# -- seals and signatures ---------------------------------------------------------------------
BRANCH_SEAL = "团支部（章）"
ABOVE_SEAL = "上级团委意见（章）"
PARTY_SEAL = "党组织（章）"
DATE_LINE = "年　　月　　日"
SEAL_BOX_HEIGHT = 120


def seal_boxes(boxes: tuple[tuple[str, str], ...] | None = None, height: float = SEAL_BOX_HEIGHT):
    """Side-by-side boxes to sign and stamp: (title, who signs) each; the date at the bottom.

    Default: 团支部（章） (书记签字) and 上级团委意见（章） (负责人签字), as on 评议/注册 and the
    year's summary.
    """
    from reportlab.platypus import KeepTogether, Table, TableStyle

    from .fonts import FONT

    boxes = boxes or ((BRANCH_SEAL, "书记签字"), (ABOVE_SEAL, "负责人签字"))
    style = _text_styles()["box"]
    width = PORTRAIT_WIDTH / len(boxes)
    top = [tables.paragraph(title, style) for title, _ in boxes]
    dated = _text_styles()["date"]
    bottom = [
        [tables.paragraph(f"{who}：", style), tables.paragraph(DATE_LINE, dated)]
        for _, who in boxes
    ]
    table = Table([top, bottom], colWidths=[width] * len(boxes), rowHeights=[height - 44, 44])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 0.8, "black"),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([spacer(12), table])


# -- 党组织审阅意见 ----------------------------------------------------------------------------
HALVES = (("上半年", 1, 6), ("下半年", 7, 12))


def party_review_section(ctx: BookContext) -> list:
    """One page per half year for the Party organisation's review, signature and seal."""
    out = section_head("党组织审阅意见")
    for index, (half, first, last) in enumerate(HALVES):
        if index:
            out += start_on("portrait")
        title = f"{ctx.year} 年{half}（{first}—{last} 月）审阅意见"
        out += [
            heading(title, level=1),
            lined_box(leave=SEAL_BOX_HEIGHT + 24),
            seal_boxes(((PARTY_SEAL, "审阅人签字"),), height=90),
        ]
    return out


# -- 备注 ------------------------------------------------------------------------------------
def notes_section(ctx: BookContext) -> list:
    from .handbook_sections import note

    return [
        *section_head("备注"),
        note(
            "记载换届交接（交接日期、交接内容、移交人和接收人签字）、检查意见和其他需要说明的事项。"
        ),
        spacer(6),
        lined_box(),
    ]
