"""What organisation life is required in a year, and whether each month/quarter is held, due or overdue.

The minimums are data (DOMAIN.md defaults); a branch may override each item's frequency.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .meeting_kinds import MeetingKind
from .vocab import SCHOOL_BRANCH_KIND


class Frequency(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    TERM = "term"  # 每学期: school branches only
    YEAR = "year"
    NONE = "none"  # not required


FREQUENCY_LABELS = {
    Frequency.MONTH: "每月一次",
    Frequency.QUARTER: "每季度一次",
    Frequency.TERM: "每学期一次",
    Frequency.YEAR: "每年一次",
    Frequency.NONE: "不作要求",
}

EVALUATION_ITEM = "团员教育评议"
REGISTRATION_ITEM = "团员年度团籍注册"


@dataclass(frozen=True)
class Requirement:
    item: str  # a MeetingKind value, EVALUATION_ITEM or REGISTRATION_ITEM
    frequency: Frequency
    per_group: bool = False


DEFAULT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(MeetingKind.GENERAL, Frequency.QUARTER),
    Requirement(MeetingKind.COMMITTEE, Frequency.MONTH),
    Requirement(MeetingKind.GROUP, Frequency.MONTH, per_group=True),
    Requirement(MeetingKind.LESSON, Frequency.QUARTER),
    Requirement(MeetingKind.THEME_DAY, Frequency.NONE),
    Requirement(MeetingKind.LIFE, Frequency.YEAR),
    Requirement(EVALUATION_ITEM, Frequency.YEAR),
    Requirement(REGISTRATION_ITEM, Frequency.YEAR),
)

#: 学期 within a calendar year: (first month, last month, label). The calendar is kept per
#: calendar year, so January (the tail of the autumn term) counts toward the spring term.
TERMS = ((1, 7, "春季学期"), (8, 12, "秋季学期"))


def frequencies_for(branch_kind: str) -> list[Frequency]:
    """The frequencies a branch of this kind may choose (每学期 only for school branches)."""
    return [f for f in Frequency if f != Frequency.TERM or branch_kind == SCHOOL_BRANCH_KIND]


def requirements_with(overrides: Mapping[str, str] | None) -> list[Requirement]:
    """The defaults with the branch's frequency overrides (item → Frequency value) applied."""
    overrides = overrides or {}
    result = []
    for req in DEFAULT_REQUIREMENTS:
        try:
            freq = Frequency(overrides.get(req.item, ""))
        except ValueError:  # no override, or not a frequency
            freq = req.frequency
        result.append(Requirement(req.item, freq, req.per_group))
    return result


class Status(StrEnum):
    HELD = "held"
    DUE = "due"  # the period has begun and nothing is held yet
    OVERDUE = "overdue"  # the period has ended and nothing was held
    FUTURE = "future"  # not begun yet


STATUS_LABELS = {
    Status.HELD: "已开展",
    Status.DUE: "待开展",
    Status.OVERDUE: "已逾期",
    Status.FUTURE: "未到期",
}


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def periods(year: int, frequency: Frequency) -> list[Period]:
    if frequency == Frequency.MONTH:
        return [Period(date(year, m, 1), _month_end(year, m), f"{m}月") for m in range(1, 13)]
    if frequency == Frequency.QUARTER:
        return [
            Period(date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"第{q}季度")
            for q in range(1, 5)
        ]
    if frequency == Frequency.TERM:
        return [
            Period(date(year, first, 1), _month_end(year, last), label)
            for first, last, label in TERMS
        ]
    if frequency == Frequency.YEAR:
        return [Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")]
    return []


@dataclass(frozen=True)
class HeldRecord:
    """Something held: a meeting (of a kind, maybe for a group) or a finished round."""

    item: str
    day: date
    ref_id: int
    group_id: int | None = None


@dataclass
class Cell:
    period: Period
    status: Status
    ref_ids: list[int] = field(default_factory=list)


@dataclass
class CalendarRow:
    item: str
    label: str  # "团小组会（第一团小组）"
    frequency: Frequency
    cells: list[Cell]
    group_id: int | None = None


def cell_status(period: Period, held: bool, today: date) -> Status:
    if held:
        return Status.HELD
    if today > period.last:
        return Status.OVERDUE
    if today >= period.first:
        return Status.DUE
    return Status.FUTURE


def year_calendar(
    year: int,
    today: date,
    requirements: Iterable[Requirement],
    held: Sequence[HeldRecord],
    groups: Sequence[tuple[int, str]] = (),
) -> list[CalendarRow]:
    """One row per required item (per group where it applies), one cell per period of `year`."""
    rows = []
    for req in requirements:
        if req.frequency == Frequency.NONE:
            continue
        targets: list[tuple[int | None, str]] = (
            [(gid, f"{req.item}（{name}）") for gid, name in groups]
            if req.per_group
            else [(None, req.item)]
        )
        for group_id, label in targets:
            records = [
                h
                for h in held
                if h.item == req.item and (not req.per_group or h.group_id == group_id)
            ]
            cells = []
            for period in periods(year, req.frequency):
                ids = [h.ref_id for h in records if period.contains(h.day)]
                cells.append(Cell(period, cell_status(period, bool(ids), today), ids))
            rows.append(CalendarRow(req.item, label, req.frequency, cells, group_id))
    return rows


@dataclass(frozen=True)
class Reminder:
    label: str
    period: Period
    status: Status


def reminders(rows: Sequence[CalendarRow], today: date, within_days: int = 30) -> list[Reminder]:
    """Overdue cells, and unheld cells whose period ends within `within_days` of today."""
    horizon = today + timedelta(days=within_days)
    found = []
    for row in rows:
        for cell in row.cells:
            if cell.status == Status.OVERDUE:
                found.append(Reminder(row.label, cell.period, cell.status))
            elif cell.status in (Status.DUE, Status.FUTURE) and cell.period.last <= horizon:
                found.append(Reminder(row.label, cell.period, Status.DUE))
    return found
