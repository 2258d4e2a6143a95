"""The 团支部工作手册: the printed book of a branch's year (cover, contents, every register).

    with db.session() as s:
        result = build_handbook(s, branch_id, HandbookOptions(year=2026, mask=True), "out.pdf")

Sections and their order follow DOMAIN.md "The printed 团支部工作手册".
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from branchdesk.core.db.shared_reads import shared_reads
from branchdesk.core.errors import UserError
from branchdesk.core.gc_pause import cyclic_gc_paused
from branchdesk.core.progress import ProgressFn, report

from . import handbook_front as front
from . import handbook_records as records
from . import handbook_registers as registers
from . import handbook_sections as sections
from . import handbook_stats as stats
from . import handbook_tables as tables
from .handbook_sections import BookContext

if TYPE_CHECKING:
    from .book import BookInfo


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    build: Callable[[BookContext], list]
    #: registers printed as blank forms for this section (appendix / blank-forms-only book)
    blank_registers: tuple[tables.Register | records.MeetingForm, ...] = ()


#: in the order of a real 团支部工作手册: the fixed texts, 基本情况 and 组织建设 first, then the
#: year's plan, its records, and the summary last, followed by the pages signed by others
SECTIONS: tuple[Section, ...] = (
    Section("instructions", "使用说明", front.fixed_text_section("instructions")),
    Section("duties", "团支部委员职责", front.fixed_text_section("duties")),
    Section("procedure", "发展团员工作程序", front.fixed_text_section("procedure")),
    Section("profile", "支部基本情况", sections.profile_section, (tables.COMMITTEE,)),
    Section("roster", "团员花名册", sections.roster_section, (tables.ROSTER,)),
    Section("groups", "团小组", sections.groups_section, (tables.GROUPS,)),
    Section(
        "development",
        "发展团员",
        registers.development_section,
        (registers.DEVELOPMENT, registers.TRAINING),
    ),
    Section(
        "recommendation",
        "推优入党",
        registers.recommendation_section,
        (registers.RECOMMENDATION,),
    ),
    Section("plan", "年度工作计划", sections.plan_section),
    Section("meetings", "三会两制一课", records.meetings_section, (records.MEETING_FORM,)),
    Section("theme_days", "主题团日", records.theme_days_section),
    Section("life", "组织生活会", records.life_section),
    Section("evaluation", "团员教育评议", records.evaluation_section, (tables.EVALUATION,)),
    Section("registration", "团籍注册", records.registration_section, (tables.REGISTRATION,)),
    Section(
        "dues",
        "团费收缴与上缴",
        records.dues_section,
        (tables.dues_grid_register(), tables.HANDOVER),
    ),
    Section("transfers", "组织关系转接", records.transfers_section, (tables.TRANSFERS,)),
    Section(
        "awards",
        "奖惩与考核",
        registers.awards_section,
        (*registers.AWARD_REGISTERS, registers.ASSESSMENT),
    ),
    Section("stats", "团内统计", stats.stats_section),
    Section("summary", "年度工作总结", sections.summary_section),
    Section("review", "党组织审阅意见", front.party_review_section),
    Section("notes", "备注", front.notes_section),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
BOOK_TITLE = "团支部工作手册"


@dataclass
class HandbookOptions:
    year: int
    #: keys of SECTIONS to include (None = all), printed in the book's order
    sections: tuple[str, ...] | None = None
    #: hide the middle of ID numbers and phone numbers (copies that leave the office)
    mask: bool = False
    #: add an appendix of empty registers to fill in by hand
    blank_forms: bool = False
    #: the cover counts members 在册 on this day, or the year's last day if earlier
    today: date | None = None
    #: double-sided printing: the binding gutter alternates sides (left on odd pages)
    mirrored: bool = False


@dataclass
class HandbookResult:
    path: Path
    pages: int
    sections: list[str] = field(default_factory=list)


def chosen_sections(keys: tuple[str, ...] | None) -> list[Section]:
    if keys is None:
        return list(SECTIONS)
    unknown = set(keys) - set(SECTION_KEYS)
    if unknown:
        valid = "、".join(f"{s.key}（{s.title}）" for s in SECTIONS)
        raise UserError(f"没有这些手册章节：{'、'.join(sorted(unknown))}。可选：{valid}。")
    chosen = [s for s in SECTIONS if s.key in keys]
    if not chosen:
        raise UserError("请至少选择一个章节。")
    return chosen


def load_context(session: Session, branch_id: int, options: HandbookOptions) -> BookContext:
    from branchdesk.core.services.branches import load_profile
    from branchdesk.core.services.members import roster_rows
    from branchdesk.core.services.membership import member_ids_during, roster_count

    if not 1990 <= options.year <= 2200:
        raise UserError(f"年度“{options.year}”不正确。")
    profile = load_profile(session, branch_id)
    members = {r.id: r for r in roster_rows(session, branch_id, include_archived=True)}
    in_year = set(
        member_ids_during(session, branch_id, date(options.year, 1, 1), date(options.year, 12, 31))
    )
    as_of = min(options.today or date.today(), date(options.year, 12, 31))
    order = roster_order(members, [g.name for g in profile.groups])
    return BookContext(
        session=session,
        branch_id=branch_id,
        profile=profile,
        year=options.year,
        mask=options.mask,
        members=members,
        year_member_ids=[m for m in order if m in in_year],
        position={member_id: i for i, member_id in enumerate(order)},
        as_of=as_of,
        on_roster_count=roster_count(session, branch_id, as_of),
    )


def roster_order(members: dict, group_names: list[str]) -> list[int]:
    """Member ids in the order the secretary keeps the roster: by 团小组 (in the branch's order
    of its groups, members of no group last), then by 序号 (the order they were entered in)."""
    rank = {name: i for i, name in enumerate(group_names)}
    last = len(rank)
    return sorted(members, key=lambda m: (rank.get(members[m].group_name, last), m))


@dataclass
class Composed:
    """The handbook's flowables, ready for layout."""

    flowables: list
    info: "BookInfo"
    sections: list[Section]
    ctx: BookContext
    #: a guess of the page count, for the progress bar
    estimated_pages: int


def compose_handbook(
    session: Session,
    branch_id: int,
    options: HandbookOptions,
    progress: ProgressFn | None = None,
) -> Composed:
    """Read the year's records and turn them into flowables (no layout yet)."""
    from reportlab.platypus import PageBreak

    from .book import BookInfo, toc_levels, toc_pages

    chosen = chosen_sections(options.sections)
    ctx = load_context(session, branch_id, options)
    flowables: list = []
    # sections ask the services for the same data (the dues book, the rounds): read it once
    with shared_reads(session):
        for index, section in enumerate(chosen):
            report(progress, index, len(chosen) + 1, f"正在整理：{section.title}")
            flowables += section.build(ctx)
    if options.blank_forms:
        flowables += blank_forms_appendix(chosen)
    front = [*sections.cover(ctx), PageBreak()]
    front += toc_pages(toc_levels(flowables))
    info = BookInfo(
        ctx.profile.name, f"{options.year} 年度 {BOOK_TITLE}", mirrored=options.mirrored
    )
    every = front + flowables
    return Composed(every, info, chosen, ctx, _estimate_pages(every))


def _estimate_pages(flowables: list) -> int:
    breaks = sum(1 for f in flowables if type(f).__name__ == "PageBreak")
    rows = sum(len(getattr(f, "_cellvalues", ())) for f in flowables)
    return max(1, breaks + rows // 30)


def build_handbook(
    session: Session,
    branch_id: int,
    options: HandbookOptions,
    out: str | Path,
    progress: ProgressFn | None = None,
) -> HandbookResult:
    """Write the handbook of `options.year` to `out` (PDF); returns pages and section titles.

    The cycle collector is paused meanwhile: the book's rows, cells, cell styles and finished
    pages (a few hundred thousand containers at 1,000 members) all live until the PDF is
    saved, and each full collection would scan them again for almost nothing (three of them
    took a fifth of the build).
    """
    with cyclic_gc_paused():
        composed = compose_handbook(session, branch_id, options, progress)
        pages = layout_handbook(composed, out, progress)
    return HandbookResult(Path(out), pages, [s.title for s in composed.sections])


def layout_handbook(composed: Composed, out: str | Path, progress: ProgressFn | None = None) -> int:
    """Lay the composed flowables out into the PDF `out`; returns the page count."""
    from .book import build_book

    done = len(composed.sections)
    total = done + composed.estimated_pages + 1

    def on_page(page: int) -> None:
        report(
            progress, done + min(page, composed.estimated_pages), total, f"正在排版：第 {page} 页"
        )

    info = composed.info
    pages = build_book(
        str(out),
        composed.flowables,
        info,
        on_page=on_page,
        title=f"{info.header_left} {info.header_right}",
    )
    report(progress, total, total, f"完成，共 {pages} 页")
    return pages


def blank_forms_appendix(chosen: list[Section]) -> list:
    from .book import heading

    out: list = []
    for section in chosen:
        for register in section.blank_registers:
            out += sections.blank_form(register, level=1, title=f"空白表：{register.title}")
    if out:
        out.insert(2, heading("附：空白表格"))
    return out


def build_blank_forms(
    out: str | Path,
    keys: tuple[str, ...] | None = None,
    branch_name: str = "",
    progress: ProgressFn | None = None,
) -> HandbookResult:
    """Only the empty registers, to print and fill in by hand (no cover, no contents)."""
    from .book import BookInfo, build_book

    chosen = [s for s in chosen_sections(keys) if s.blank_registers]
    flowables: list = []
    for section in chosen:
        for register in section.blank_registers:
            flowables += sections.blank_form(register)
    if not flowables:
        raise UserError("所选章节没有可打印的空白表格。")
    first = chosen[0].blank_registers[0].orientation
    flowables = flowables[2:]  # the first form starts on the first page, not after a break
    report(progress, 0, 1, "正在排版空白表格")
    info = BookInfo(branch_name or "团支部", "空白登记表")
    pages = build_book(str(out), flowables, info, cover=False, first=first, title="空白登记表")
    report(progress, 1, 1, "完成")
    return HandbookResult(Path(out), pages, [s.title for s in chosen])


def handbook_command(db, args) -> str:
    """`branchdesk handbook`: build the book for the CLI; returns the line to print."""
    from branchdesk.core.services.branches import require_branch

    keys = (
        tuple(k.strip() for k in args.sections.split(",") if k.strip()) if args.sections else None
    )
    options = HandbookOptions(
        year=args.year or date.today().year,
        sections=keys,
        mask=args.mask,
        blank_forms=args.blank_forms,
        mirrored=args.double_sided,
    )
    with db.session() as session:
        branch_id = require_branch(session, args.branch).id
        result = build_handbook(session, branch_id, options, args.out)
    return f"已生成 {options.year} 年度团支部工作手册：{result.path}（共 {result.pages} 页）"
