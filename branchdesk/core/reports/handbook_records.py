"""Handbook sections fed by the records of the year: meetings, 评议/注册 rounds, dues, transfers.

Each reads its data through the feature's own service (never its tables). 发展团员, 推优入党 and
奖惩 are in `handbook_registers.py`.
"""

from dataclasses import dataclass
from functools import cache

from . import handbook_tables as tables
from .book import LANDSCAPE, PORTRAIT, heading, start_on
from .handbook_front import seal_boxes
from .handbook_sections import (
    PORTRAIT_WIDTH,
    BookContext,
    day_text,
    note,
    section_head,
    spacer,
)


# -- meeting record form ------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingForm:
    """The 会议记录 page: not a register but a form, one per meeting."""

    key: str = "meeting_form"
    title: str = "会议记录"
    orientation: str = PORTRAIT

    def blank(self, title: str, level: int = 0) -> list:
        return blank_meeting_form(title, level)


MEETING_FORM = MeetingForm()
LABEL_W = 78
FORM_ROWS = (
    ("会议类别", "日期时间"),
    ("主持人", "记录人"),
    ("应到人数", "实到人数"),
)
FORM_LONG_ROWS = (
    "地点",
    "团课",
    "出席人员",
    "缺席人员及原因",
    "列席人员",
    "议题",
    "会议记录",
    "决议",
    "表决情况",
)


def meeting_form_table(values: dict[str, str], blank: bool = False):
    """A meeting record as a labelled grid; long texts wrap and may run over pages.

    A long field is several rows (one per paragraph) without lines between them and without
    spans over them, so reportlab can split the record between any two of its rows.
    """
    from reportlab.platypus import TableStyle

    from .fonts import FONT

    value_w = PORTRAIT_WIDTH / 2 - LABEL_W
    widths = [LABEL_W, value_w, LABEL_W, value_w]
    rows = [[left, values.get(left, ""), right, values.get(right, "")] for left, right in FORM_ROWS]
    pairs = len(rows)
    commands: list = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("INNERGRID", (0, 0), (-1, pairs - 1), 0.5, "black"),
        ("BACKGROUND", (2, 0), (2, pairs - 1), LABEL_FILL),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (2, 0), (2, pairs - 1), "CENTER"),
    ]
    for label in FORM_LONG_ROWS:
        if label == "团课" and label not in values:
            continue
        chunks = [""] * BLANK_LINES.get(label, 2) if blank else _chunks(values.get(label, ""))
        first = len(rows)
        for i, chunk in enumerate(chunks or [""]):
            rows.append([label if i == 0 else "", tables.fit(chunk, sum(widths[1:])), "", ""])
            commands.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
            if blank and i:
                commands.append(
                    ("LINEABOVE", (1, len(rows) - 1), (3, len(rows) - 1), 0.3, "#999999")
                )
        commands.append(("LINEABOVE", (0, first), (-1, first), 0.5, "black"))
    signed = len(rows)
    rows.append([*SIGNATURES[0], *SIGNATURES[1]])
    commands += [
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("LINEAFTER", (0, pairs), (0, -1), 0.5, "black"),
        ("VALIGN", (0, pairs), (0, -1), "TOP"),
        # the signatures: a row of their own, labels filled like the others
        ("LINEABOVE", (0, signed), (-1, signed), 0.5, "black"),
        ("INNERGRID", (0, signed), (-1, signed), 0.5, "black"),
        ("BACKGROUND", (2, signed), (2, signed), LABEL_FILL),
        ("ALIGN", (2, signed), (2, signed), "CENTER"),
        ("VALIGN", (0, signed), (-1, signed), "MIDDLE"),
        ("BOX", (0, 0), (-1, -1), 0.8, "black"),
    ]
    heights = [24] * len(rows) if blank else [None] * signed + [SIGNATURE_ROW_HEIGHT]
    if blank:
        heights[-1] = SIGNATURE_ROW_HEIGHT
    return tables.fast_table(rows, colWidths=widths, rowHeights=heights, style=TableStyle(commands))


LABEL_FILL = "#f0f0f0"
#: the last row of every meeting record: signed by hand after printing
SIGNATURES = (("主持人签字", ""), ("记录人签字", ""))
SIGNATURE_ROW_HEIGHT = 34
BLANK_LINES = {"会议记录": 9, "出席人员": 3}


def _chunks(text: str, size: int = 300) -> list[str]:
    """Paragraphs of at most `size` characters, so a table row never outgrows a page."""
    out = []
    for para in (text or "").splitlines():
        para = para.strip()
        while len(para) > size:
            out.append(para[:size])
            para = para[size:]
        if para:
            out.append(para)
    return out


def blank_meeting_form(title: str = "会议记录", level: int = 0) -> list:
    return [*start_on(PORTRAIT), heading(title, level=level), meeting_form_table({}, blank=True)]


# -- sections ---------------------------------------------------------------------------
def _meetings(ctx: BookContext) -> list:
    """The year's meetings (drafts left out), read once for both meeting sections."""
    from branchdesk.core.services.meetings import list_meetings

    if "meetings" not in ctx.cache:
        ctx.cache["meetings"] = list_meetings(
            ctx.session, ctx.branch_id, ctx.year, include_drafts=False
        )
    return ctx.cache["meetings"]


def year_attendance(ctx: BookContext) -> dict[int, tuple[int, int]]:
    """member id → (meetings attended, meetings to attend) in the year's records."""
    found: dict[int, list[int]] = {}
    for m in _meetings(ctx):
        for a in m.attendance:
            counts = found.setdefault(a.member_id, [0, 0])
            counts[0] += a.present
            counts[1] += 1
    return {member_id: (p, e) for member_id, (p, e) in found.items()}


def meetings_section(ctx: BookContext) -> list:
    from branchdesk.core.rules.meeting_kinds import MeetingKind

    listed = [m for m in _meetings(ctx) if m.kind not in OWN_SECTIONS]
    out = section_head("三会两制一课")
    out.append(note(f"{ctx.year} 年共记录会议 {len(listed)} 次（不含主题团日和组织生活会）。"))
    out.append(spacer(4))
    out.append(_meeting_list(listed))
    for kind in MeetingKind:
        if kind in OWN_SECTIONS:
            continue
        of_kind = [m for m in listed if m.kind == kind]
        out += [*start_on(PORTRAIT), heading(f"{kind}记录（{len(of_kind)} 次）", level=1)]
        if not of_kind:
            out.append(note(f"本年度没有{kind}记录。"))
        out += _records(of_kind)
    return out


#: meeting kinds printed in a section of their own, not under 三会两制一课
OWN_SECTIONS = ("主题团日", "组织生活会")


def theme_days_section(ctx: BookContext) -> list:
    return _own_section(ctx, "主题团日", "开展主题团日")


def life_section(ctx: BookContext) -> list:
    """组织生活会 (专题组织生活会, 民主评议): once a year at least."""
    return _own_section(ctx, "组织生活会", "召开组织生活会")


def _own_section(ctx: BookContext, kind: str, held: str) -> list:
    found = [m for m in _meetings(ctx) if m.kind == kind]
    out = section_head(kind)
    out.append(note(f"{ctx.year} 年共{held} {len(found)} 次。"))
    if found:
        out += [spacer(4), _meeting_list(found)]
    return out + _records(found)


def _meeting_list(found: list):
    rows = [
        [
            str(i),
            day_text(m.held_on),
            m.kind_label,
            m.title,
            str(m.expected),
            str(m.present),
            m.host_name,
        ]
        for i, m in enumerate(found, start=1)
    ]
    return tables.register_table(tables.MEETING_LIST, rows, wrap_columns=(2, 3), left_columns=(3,))


def _records(found: list) -> list:
    """One record per half page at least: a record starts on a new page unless half is free."""
    from reportlab.platypus import CondPageBreak

    from .styles import bold_paragraph

    out: list = []
    for index, m in enumerate(found, start=1):
        out.append(CondPageBreak(FRAME_HALF))
        title = f"第 {index} 次　{day_text(m.held_on)}　{m.kind_label}"
        out += [spacer(8), bold_paragraph(title, _record_title_style()), spacer(4)]
        out.append(meeting_form_table(_meeting_values(m)))
    return out


FRAME_HALF = 340
LESSON = "团课"


@cache
def _record_title_style():
    from reportlab.lib.styles import ParagraphStyle

    from .book import heading_styles

    return ParagraphStyle("record_title", parent=heading_styles()[1], fontSize=11, leading=15)


def _meeting_values(m) -> dict[str, str]:
    when = day_text(m.held_on)
    if m.start_time:
        when += f" {m.start_time:%H:%M}"
        if m.end_time:
            when += f"–{m.end_time:%H:%M}"
    absent = "、".join(
        f"{a.name}（{a.absence_reason}）" if a.absence_reason else a.name for a in m.absentees
    )
    values = {
        "会议类别": m.kind_label,
        "日期时间": when,
        "地点": m.place,
        "主持人": m.host_name,
        "应到人数": f"{m.expected} 人",
        "实到人数": f"{m.present} 人",
        "记录人": m.recorder_name,
        "出席人员": "、".join(m.present_names),
        "缺席人员及原因": absent or "无",
        "列席人员": m.guests,
        "议题": m.topics,
        "会议记录": m.minutes,
        "决议": m.decisions,
        "表决情况": m.vote,
    }
    if m.kind == LESSON:
        hours = "" if m.lesson_hours is None else f"{m.lesson_hours:g} 学时"
        values["团课"] = (
            f"主讲人：{m.speaker}　题目：{m.lesson_topic}　形式：{m.lesson_form}　{hours}"
        )
    return values


def _round(ctx: BookContext, kind: str):
    """The year's 评议 or 注册 round (None if it was not opened)."""
    from branchdesk.core.services.rounds import round_view

    return round_view(ctx.session, ctx.branch_id, kind, ctx.year)


def _counts_note(view) -> str:
    """The round's day, meeting, 应到/实到 and 上级 approval, then a count for every member."""
    day = f"{view.held_on:%Y年%m月%d日}" if view.held_on else "未填写"
    facts = [f"日期：{day}", f"会议：{view.meeting_label or '未选择'}"]
    if view.expected is not None:
        facts.append(f"应到 {view.expected} 人，实到 {view.present} 人")
    approved = f"{view.approved_on:%Y年%m月%d日}" if view.approved_on else "尚未审批"
    facts.append(f"上级团委审批：{approved}")
    return "；".join(facts) + "。" + view.summary_text


def evaluation_section(ctx: BookContext) -> list:
    view = _round(ctx, "评议")
    out = section_head("团员教育评议")
    if view is None:
        return out + [
            note(f"{ctx.year} 年尚未开展团员教育评议，可在下表中手工填写。"),
            spacer(6),
            tables.blank_table(tables.EVALUATION, 20),
            seal_boxes(),
        ]
    rows = [
        [str(i), r.name, r.gender, r.political_status, r.status, r.result or "未评", r.note]
        for i, r in enumerate(ctx.in_roster_order(view.rows), start=1)
    ]
    out += [note(_counts_note(view)), *[note(w) for w in view.warnings], spacer(6)]
    return out + [
        tables.register_table(tables.EVALUATION, rows, wrap_columns=(6,), left_columns=(6,)),
        seal_boxes(),
    ]


def registration_section(ctx: BookContext) -> list:
    view = _round(ctx, "注册")
    out = section_head("团籍注册")
    if view is None:
        return out + [
            note(f"{ctx.year} 年尚未开展团籍注册，可在下表中手工填写。"),
            spacer(6),
            tables.blank_table(tables.REGISTRATION, 20),
            seal_boxes(),
        ]
    rows = []
    for i, r in enumerate(ctx.in_roster_order(view.rows), start=1):
        reason = r.note or (r.proposal_reason if r.result and r.result != "予以注册" else "")
        rows.append(
            [
                str(i),
                r.name,
                r.gender,
                r.political_status,
                r.evaluation,
                r.result or "未注册",
                reason,
            ]
        )
    out += [note(_counts_note(view)), spacer(6)]
    return out + [
        tables.register_table(tables.REGISTRATION, rows, wrap_columns=(6,), left_columns=(6,)),
        seal_boxes(),
    ]


DUES_MARKS = {
    "unpaid": "未缴",
    "due": "待缴",
    "later": "",
    "exempt": "免缴",
    "not_member": "—",
    "not_owed": "不需缴",
    "no_record": "—",
}
DUES_LEGEND = (
    "表中数字为当月已缴金额（元），按当月适用的类别计；“未缴”为应缴未缴；“待缴”为本月尚未交纳；"
    "“免缴”经批准免缴；"
    "“不需缴”为保留团籍的党员或已满28周岁；“—”为当月不在册或尚未建账；空白为未到期。"
)


def dues_section(ctx: BookContext) -> list:
    from branchdesk.core.rules.dues_standards import yuan
    from branchdesk.core.services import dues

    grid = dues.dues_grid(ctx.session, ctx.branch_id, ctx.year)
    register = tables.dues_grid_register(len(grid.months))
    rows = []
    for i, r in enumerate(ctx.in_roster_order(grid.rows), start=1):
        cells = [yuan(c.paid_fen) if c.paid_fen else DUES_MARKS.get(c.state, "") for c in r.cells]
        rows.append(
            [str(i), r.name, r.category, *cells, yuan(r.paid_fen), yuan(r.unpaid_fen), r.paid_up_to]
        )
    if rows:  # with no one to list, the register prints empty for filling in by hand
        rows.append(
            ["", "已缴合计", "", *map(yuan, grid.month_paid_fen), yuan(grid.total_paid_fen), "", ""]
        )
        rows.append(
            [
                "",
                "未缴合计",
                "",
                *map(yuan, grid.month_unpaid_fen),
                "",
                yuan(grid.total_unpaid_fen),
                "",
            ]
        )
    n = len(rows)
    totals_style = [
        ("BACKGROUND", (0, n - 1), (-1, n), "#f0f0f0"),
        ("FONTSIZE", (3, 1), (-1, -1), 8),
    ]
    out = section_head("团费收缴登记", LANDSCAPE)
    out += [
        note(
            f"{ctx.year} 年已缴 {yuan(grid.total_paid_fen)} 元，"
            f"应缴未缴 {yuan(grid.total_unpaid_fen)} 元。{DUES_LEGEND}"
        ),
        spacer(6),
        tables.register_table(register, rows, wrap_columns=(2,), extra_style=totals_style),
    ]
    return out + _ledger(ctx, dues, yuan)


def _ledger(ctx: BookContext, dues, yuan) -> list:
    ledger = dues.handover_ledger(ctx.session, ctx.branch_id, ctx.year)
    rows = [["", f"{ctx.year}.01.01", "上年结余", "", "", yuan(ledger.opening_fen), ""]]
    for i, r in enumerate(ledger.rows, start=1):
        rows.append(
            [
                str(i),
                day_text(r.day),
                r.text,
                yuan(r.collected_fen) if r.collected_fen else "",
                yuan(r.handed_fen) if r.handed_fen else "",
                yuan(r.balance_fen),
                r.receipt_no,
            ]
        )
    rows.append(
        [
            "",
            "",
            "本年合计",
            yuan(ledger.collected_fen),
            yuan(ledger.handed_fen),
            yuan(ledger.closing_fen),
            "",
        ]
    )
    style = [("BACKGROUND", (0, len(rows)), (-1, len(rows)), "#f0f0f0")]
    return [
        *start_on(PORTRAIT),
        heading("团费收支及上缴台账", level=1),
        tables.register_table(
            tables.HANDOVER, rows, wrap_columns=(2, 6), left_columns=(2,), extra_style=style
        ),
    ]


def transfers_section(ctx: BookContext) -> list:
    from branchdesk.core.services import transfers

    found = sorted(
        transfers.register_rows(ctx.session, ctx.branch_id, year=ctx.year),
        key=lambda t: (t.issued_on, t.letter_no),
    )
    rows = [
        [
            str(i),
            t.letter_no,
            t.name,
            t.gender,
            ctx.id_text(t.id_number),
            t.direction,
            t.reason,
            t.other_org,
            day_text(t.issued_on),
            day_text(t.expires_on),
            t.status,
            day_text(t.completed_on or t.closed_on),
        ]
        for i, t in enumerate(found, start=1)
    ]
    from branchdesk.core.rules.transfer_state import VOID_LETTER_STATUSES, year_counts

    out_people, in_people = year_counts(found)
    void = sum(1 for t in found if t.status in VOID_LETTER_STATUSES)
    out = section_head("组织关系转接", LANDSCAPE)
    out += [
        note(
            f"{ctx.year} 年转出 {out_people} 人，转入 {in_people} 人（按已完成转接的人数计）；"
            f"登记介绍信 {len(found)} 份，其中已撤销或退回 {void} 份。"
        ),
        spacer(6),
        tables.register_table(tables.TRANSFERS, rows, wrap_columns=(6, 7), left_columns=(7,)),
    ]
    return out
