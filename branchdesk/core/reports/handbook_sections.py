"""The sections of the 团支部工作手册 that come from the branch profile and the roster.

Each section builder takes a `BookContext` and returns flowables that start on a new page.
Sections fed by meetings, dues and transfers live in `handbook_records.py`.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from branchdesk.core.privacy import mask_phone
from branchdesk.core.rules import idcard
from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.services.branches import BranchProfile
from branchdesk.core.services.members import RosterRow

from . import handbook_tables as tables
from .book import LANDSCAPE, MARGIN, PORTRAIT, heading, start_on

if TYPE_CHECKING:
    from .handbook_records import MeetingForm

PORTRAIT_WIDTH = 595.27 - 2 * MARGIN


@dataclass
class BookContext:
    session: Session
    branch_id: int
    profile: BranchProfile
    year: int
    mask: bool = False
    #: every member the branch ever had, by id (archived ones too)
    members: dict[int, RosterRow] = field(default_factory=dict)
    #: members on the roster at any time in the year, in roster order
    year_member_ids: list[int] = field(default_factory=list)
    #: every member's place in roster order (group, then 序号), for sorting other registers
    position: dict[int, int] = field(default_factory=dict)
    #: data shared by sections (e.g. the year's meetings, read once)
    cache: dict = field(default_factory=dict)
    #: the day the cover counts 在册 members on (today, or the year's last day), and the count
    as_of: date | None = None
    on_roster_count: int = 0

    def in_roster_order(self, rows: list, key=lambda row: row.member_id) -> list:
        """`rows` (of members) sorted as the roster is, not by name."""
        last = len(self.position)
        return sorted(rows, key=lambda row: self.position.get(key(row), last))

    def name(self, member_id: int | None) -> str:
        row = self.members.get(member_id) if member_id else None
        return row.name if row else ""

    def id_text(self, number: str | None) -> str:
        number = number or ""  # not known yet (资料不全)
        return idcard.mask(number) if self.mask else number

    def phone_text(self, phone: str) -> str:
        return mask_phone(phone) if self.mask else phone


def month_text(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}.{value.month:02d}"


def day_text(value: date | None) -> str:
    return f"{value.year}.{value.month:02d}.{value.day:02d}" if value else ""


def section_head(title: str, orientation: str = PORTRAIT) -> list:
    return [*start_on(orientation), heading(title)]


def body(text: str):
    from .styles import styles

    return tables.paragraph(text, styles()["body"])


def note(text: str):
    from .styles import styles

    return tables.paragraph(text, styles()["small"])


def spacer(height: float):
    from reportlab.platypus import Spacer

    return Spacer(1, height)


# -- cover -------------------------------------------------------------------------------
def cover(ctx: BookContext) -> list:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table, TableStyle

    from .fonts import FONT
    from .styles import bold_paragraph, styles

    base = styles()["body"]
    above = ParagraphStyle("cover_above", parent=base, fontSize=18, leading=26, alignment=TA_CENTER)
    title = ParagraphStyle("cover_title", parent=base, fontSize=40, leading=52, alignment=TA_CENTER)
    year = ParagraphStyle("cover_year", parent=base, fontSize=20, leading=28, alignment=TA_CENTER)
    line = ParagraphStyle("cover_line", parent=base, fontSize=14, leading=20)
    secretary = next((p.member_id for p in ctx.profile.posts if p.title == "书记"), None)
    info = [
        ("团支部名称", ctx.profile.name),
        ("支部级别", cover_level(ctx)),
        ("上级团委（章）", ctx.profile.committee_above),
        ("团支部书记", ctx.name(secretary)),
        ("在册团员", f"{ctx.on_roster_count} 人（{format_chinese(ctx.as_of, 'D')}）"),
        ("使用时间", f"{ctx.year} 年 1 月 至 {ctx.year} 年 12 月"),
    ]
    rows = [[tables.paragraph(label, line), tables.paragraph(value, line)] for label, value in info]
    info_table = Table(rows, colWidths=[130, 250], hAlign="CENTER")
    info_table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (1, 0), (1, -1), 0.8, "black"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 12),
                # room for the 上级团委's seal, stamped over its name
                ("TOPPADDING", (0, 2), (-1, 2), 40),
            ]
        )
    )
    return [
        spacer(40),
        tables.paragraph(ctx.profile.committee_above, above),
        spacer(110),
        bold_paragraph("团支部工作手册", title),
        spacer(20),
        tables.paragraph(f"（{ctx.year} 年度）", year),
        spacer(90),
        info_table,
    ]


def cover_level(ctx: BookContext) -> str:
    """支部级别 as kept on the branch (blank to fill in by hand when not kept)."""
    return ctx.profile.level


# -- 支部基本情况 ----------------------------------------------------------------------------
def profile_section(ctx: BookContext) -> list:
    from reportlab.platypus import KeepTogether

    p = ctx.profile
    year_rows = [ctx.members[m] for m in ctx.year_member_ids]
    genders = Counter(r.gender for r in year_rows)
    party = sum(1 for r in year_rows if r.political_status in ("中共党员", "中共预备党员"))
    pairs = [
        ("团支部名称", p.name),
        ("团支部类型", p.kind),
        ("上级团组织", p.committee_above),
        ("成立日期", day_text(p.founded_on)),
        ("地址", p.address),
        ("联系电话", p.phone),
        ("本年度团员", f"{len(year_rows)} 人（男 {genders['男']}，女 {genders['女']}）"),
        ("其中党员", f"{party} 人（保留团籍）"),
        ("团小组", f"{len(p.groups)} 个"),
        ("支部委员", f"{sum(1 for x in p.posts if x.member_id)} 人"),
        ("支部级别", p.level),
        ("本届换届日期", day_text(p.term_started_on)),
        ("本届任期届满", day_text(p.term_ends_on)),
        ("", ""),
    ]
    committee_rows = []
    for post in p.posts:
        row = ctx.members.get(post.member_id) if post.member_id else None
        committee_rows.append(
            [
                post.title,
                row.name if row else "",
                row.gender if row else "",
                month_text(row.birth_date) if row else "",
                row.education if row else "",
                row.political_status if row else "",
                ctx.phone_text(row.phone) if row else "",
                day_text(post.started_on),
            ]
        )
    committee_rows += [
        [""] * len(tables.COMMITTEE.columns) for _ in range(max(0, 6 - len(committee_rows)))
    ]
    return [
        *section_head("支部基本情况"),
        tables.key_value_table(pairs, PORTRAIT_WIDTH),
        spacer(18),
        KeepTogether(
            [
                heading("支部委员会成员", level=1),
                tables.register_table(tables.COMMITTEE, committee_rows, row_height=24),
            ]
        ),
    ]


# -- 团员花名册 ---------------------------------------------------------------------------
def roster_section(ctx: BookContext) -> list:
    from .handbook_records import year_attendance

    attendance = year_attendance(ctx)
    rows = []
    for number, member_id in enumerate(ctx.year_member_ids, start=1):
        r = ctx.members[member_id]
        present, expected = attendance.get(member_id, (0, 0))
        rows.append(
            [
                str(number),
                r.name,
                r.gender,
                r.ethnicity,
                month_text(r.birth_date),
                ctx.id_text(r.id_number),
                month_text(r.join_date),
                r.education,
                r.political_status,
                r.league_post,
                r.group_name,
                ctx.phone_text(r.phone),
                r.status,
                f"{present}/{expected}" if expected else "",
            ]
        )
    return [
        *section_head("团员花名册", LANDSCAPE),
        note(
            f"本年度（{ctx.year} 年）在册或曾在册团员共 {len(rows)} 人，按团小组和序号排列。"
            "“出勤”为本年度实际参加的会议次数/应参加的会议次数（三会两制一课、主题团日、组织生活会）。"
        ),
        spacer(6),
        tables.register_table(tables.ROSTER, rows, wrap_columns=(9,)),
    ]


# -- 团小组 ------------------------------------------------------------------------------
NAMES_PER_ROW = 8


def groups_section(ctx: BookContext) -> list:
    from reportlab.platypus import KeepTogether

    members_by_group: dict[str, list[str]] = {g.name: [] for g in ctx.profile.groups}
    for member_id in ctx.year_member_ids:
        row = ctx.members[member_id]
        if row.group_name in members_by_group:
            members_by_group[row.group_name].append(row.name)
    summary = []
    for number, group in enumerate(ctx.profile.groups, start=1):
        leader = ctx.members.get(group.leader_id) if group.leader_id else None
        summary.append(
            [
                str(number),
                group.name,
                leader.name if leader else "",
                str(len(members_by_group[group.name])),
                ctx.phone_text(leader.phone) if leader else "",
                "",
            ]
        )
    out = [*section_head("团小组")]
    if not summary:
        out.append(note("本团支部未设团小组。"))
        return out
    out.append(tables.register_table(tables.GROUPS, summary, wrap_columns=(1,)))
    width = PORTRAIT_WIDTH / NAMES_PER_ROW
    for group in ctx.profile.groups:
        names = members_by_group[group.name]
        grid_rows = [
            names[i : i + NAMES_PER_ROW]
            + [""] * (NAMES_PER_ROW - len(names[i : i + NAMES_PER_ROW]))
            for i in range(0, len(names), NAMES_PER_ROW)
        ] or [[""] * NAMES_PER_ROW]
        table = tables.grid(
            [f"{group.name}成员（{len(names)} 人）", *[""] * (NAMES_PER_ROW - 1)],
            grid_rows,
            [width] * NAMES_PER_ROW,
            extra_style=[("SPAN", (0, 0), (-1, 0))],
        )
        out += [spacer(14), KeepTogether([table]) if len(grid_rows) < 20 else table]
    return out


# -- 年度工作计划 / 年度工作总结 ------------------------------------------------------------------
def plan_section(ctx: BookContext) -> list:
    return _year_text_section(ctx, "plan")


def summary_section(ctx: BookContext) -> list:
    from .handbook_front import SEAL_BOX_HEIGHT, seal_boxes

    return _year_text_section(ctx, "summary", leave=SEAL_BOX_HEIGHT + 16) + [seal_boxes()]


def _year_text_section(ctx: BookContext, kind: str, leave: float = 0) -> list:
    """The year's plan or summary as written in the app, with the meeting that approved it; a
    ruled page to write on by hand when nothing was written."""
    from branchdesk.core.services.year_texts import YEAR_TEXT_TITLES, load_year_text

    from .handbook_front import text_flowables

    data = load_year_text(ctx.session, ctx.branch_id, ctx.year, kind)
    out = section_head(YEAR_TEXT_TITLES[kind])
    if not data.text:
        return [*out, lined_box(leave=leave)]
    return [
        *out,
        note(f"{ctx.year} 年度。{data.approval_text}"),
        spacer(6),
        *text_flowables(data.text),
    ]


def lined_box(line_gap: float = 26, leave: float = 0):
    """A ruled box filling the rest of the frame but `leave` pt, for writing by hand."""
    return _lined_box_class()(line_gap, leave)


@cache
def _lined_box_class():
    from reportlab.platypus import Flowable

    class LinedBox(Flowable):
        """A ruled box filling the rest of the frame, for writing by hand."""

        def __init__(self, line_gap: float, leave: float):
            super().__init__()
            self.line_gap = line_gap
            self.leave = leave

        def wrap(self, avail_width, avail_height):
            height = avail_height - 4 - self.leave
            self.width, self.height = avail_width, max(height, self.line_gap * 3)
            return self.width, self.height

        def draw(self):
            c = self.canv
            c.setLineWidth(0.8)
            c.rect(0, 0, self.width, self.height)
            c.setLineWidth(0.3)
            c.setStrokeGray(0.55)
            y = self.height - self.line_gap
            while y > 4:
                c.line(8, y, self.width - 8, y)
                y -= self.line_gap

    return LinedBox


# -- blank forms ------------------------------------------------------------------------
FRAME_HEIGHT = {PORTRAIT: 841.89 - 2 * MARGIN - 22, LANDSCAPE: 595.27 - 2 * MARGIN - 22}


def blank_form(
    register: "tables.Register | MeetingForm", level: int = 0, title: str | None = None
) -> list:
    """One page: the register's heading and an empty table filling the page."""
    if not isinstance(register, tables.Register):
        return register.blank(title or register.title, level)
    rows = tables.blank_rows_for(FRAME_HEIGHT[register.orientation] - 70)
    return [
        *start_on(register.orientation),
        heading(title or register.title, level=level),
        tables.blank_table(register, rows),
    ]
