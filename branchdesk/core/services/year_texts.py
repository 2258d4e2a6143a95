"""The year's 工作计划 and 工作总结: written by the secretary in the app, approved at a meeting,
printed in the handbook (年度工作计划 before the records, 年度工作总结 last)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Meeting, YearText
from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_kinds import MeetingKind

PLAN, SUMMARY = "plan", "summary"
YEAR_TEXT_TITLES = {PLAN: "年度工作计划", SUMMARY: "年度工作总结"}
MAX_LENGTH = 20_000
#: the meetings that approve a plan or a summary
APPROVING_KINDS = (MeetingKind.GENERAL, MeetingKind.COMMITTEE)


@dataclass
class YearTextData:
    kind: str
    year: int
    text: str = ""
    meeting_id: int | None = None
    approved_on: date | None = None
    #: "2026年1月10日 支部团员大会" when approved at a recorded meeting
    meeting_label: str = ""

    @property
    def approval_text(self) -> str:
        """经…审议通过 / 尚未审议, for the printed page."""
        if self.meeting_label:
            return f"经 {self.meeting_label} 审议通过。"
        if self.approved_on:
            return f"于 {self.approved_on.year}年{self.approved_on.month}月{self.approved_on.day}日 审议通过。"
        return "尚未经支部团员大会或支部委员会审议。"


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    label: str


def _check_kind(kind: str) -> None:
    if kind not in YEAR_TEXT_TITLES:
        raise UserError(f"没有这种年度文字：{kind}。")


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2200:
        raise UserError(f"年度“{year}”不正确。")


def meeting_label(meeting: Meeting) -> str:
    day = meeting.held_on
    return f"{day.year}年{day.month}月{day.day}日 {meeting.kind}"


def load_year_text(session: Session, branch_id: int, year: int, kind: str) -> YearTextData:
    """The text kept for the year (empty when nothing was written yet)."""
    _check_kind(kind)
    row = session.scalar(
        select(YearText).where(
            YearText.branch_id == branch_id, YearText.year == year, YearText.kind == kind
        )
    )
    if row is None:
        return YearTextData(kind, year)
    label = meeting_label(row.meeting) if row.meeting is not None else ""
    return YearTextData(kind, year, row.text, row.meeting_id, row.approved_on, label)


def approval_meetings(session: Session, branch_id: int, year: int) -> list[MeetingChoice]:
    """支部团员大会 and 支部委员会 meetings that may have approved the year's texts: from the
    previous December (a plan is often approved before the year begins) to the year's end."""
    found = session.scalars(
        select(Meeting)
        .where(
            Meeting.branch_id == branch_id,
            Meeting.kind.in_(APPROVING_KINDS),
            Meeting.is_draft.is_(False),
            Meeting.held_on >= date(year - 1, 12, 1),
            Meeting.held_on <= date(year + 1, 1, 31),
        )
        .order_by(Meeting.held_on, Meeting.id)
    )
    return [MeetingChoice(m.id, meeting_label(m)) for m in found]


def save_year_text(
    session: Session,
    branch_id: int,
    year: int,
    kind: str,
    text: str,
    meeting_id: int | None = None,
) -> YearTextData:
    """Keep the year's plan or summary with the meeting that approved it (or none yet)."""
    _check_kind(kind)
    _check_year(year)
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise UserError(
            f"{YEAR_TEXT_TITLES[kind]}太长（{len(text)} 字），请不要超过 {MAX_LENGTH} 字。"
        )
    approved_on = None
    if meeting_id is not None:
        allowed = {c.id for c in approval_meetings(session, branch_id, year)}
        if meeting_id not in allowed:
            raise UserError(
                "审议的会议须是本年度（或上年12月）本团支部已记录的支部团员大会或支部委员会。"
            )
        approved_on = get_or_fail(session, Meeting, meeting_id, "找不到这次会议。").held_on
        if not text:
            raise UserError(f"请先填写{YEAR_TEXT_TITLES[kind]}，再选择审议的会议。")
    row = session.scalar(
        select(YearText).where(
            YearText.branch_id == branch_id, YearText.year == year, YearText.kind == kind
        )
    )
    if row is None:
        row = YearText(branch_id=branch_id, year=year, kind=kind)
        session.add(row)
    row.text, row.meeting_id, row.approved_on = text, meeting_id, approved_on
    session.flush()
    return load_year_text(session, branch_id, year, kind)
