"""The year's calendar of required organisation life, the minimums setting, and home-page alerts."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Branch, Meeting
from branchdesk.core.errors import UserError
from branchdesk.core.rules.alert import Alert
from branchdesk.core.rules.meeting_calendar import (
    DEFAULT_REQUIREMENTS,
    EVALUATION_ITEM,
    REGISTRATION_ITEM,
    CalendarRow,
    Frequency,
    HeldRecord,
    Period,
    Requirement,
    Status,
    frequencies_for,
    reminders,
    requirements_with,
    year_calendar,
)
from branchdesk.core.rules.meeting_kinds import RoundKind
from branchdesk.core.services.meetings import group_choices
from branchdesk.core.services.rounds import finished_rounds
from branchdesk.core.services.settings_store import (
    MEETING_MINIMUMS,
    get_branch_setting,
    set_branch_setting,
)

ROUND_ITEMS = {RoundKind.EVALUATION: EVALUATION_ITEM, RoundKind.REGISTRATION: REGISTRATION_ITEM}


def requirements(session: Session, branch_id: int) -> list[Requirement]:
    return requirements_with(get_branch_setting(session, branch_id, MEETING_MINIMUMS))


def save_minimums(
    session: Session, branch_id: int, frequencies: dict[str, str]
) -> list[Requirement]:
    """Store the branch's frequency of each item that differs from the default."""
    branch = session.get(Branch, branch_id)
    allowed = frequencies_for(branch.kind if branch else "")
    defaults = {r.item: r.frequency for r in DEFAULT_REQUIREMENTS}
    overrides = {}
    for item, value in frequencies.items():
        if item not in defaults:
            continue
        frequency = Frequency(value)
        if frequency not in allowed:
            raise UserError(f"{item}：“每学期一次”只适用于学校团支部。")
        if frequency != defaults[item]:
            overrides[item] = frequency.value
    set_branch_setting(session, branch_id, MEETING_MINIMUMS, overrides)
    return requirements(session, branch_id)


def held_records(session: Session, branch_id: int, year: int) -> list[HeldRecord]:
    """Non-draft meetings of the year, and rounds of the year that every member has a result in."""
    rows = session.execute(
        select(Meeting.kind, Meeting.held_on, Meeting.id, Meeting.group_id).where(
            Meeting.branch_id == branch_id,
            Meeting.is_draft.is_(False),
            Meeting.held_on >= date(year, 1, 1),
            Meeting.held_on <= date(year, 12, 31),
        )
    )
    held = [HeldRecord(kind, day, ref, group) for kind, day, ref, group in rows]
    for kind, round_year, round_id, opened_on in finished_rounds(session, branch_id):
        if round_year == year:
            day = opened_on if opened_on.year == year else date(year, 12, 31)
            held.append(HeldRecord(ROUND_ITEMS[RoundKind(kind)], day, round_id))
    return held


def branch_calendar(session: Session, branch_id: int, year: int, today: date) -> list[CalendarRow]:
    return year_calendar(
        year,
        today,
        requirements(session, branch_id),
        held_records(session, branch_id, year),
        group_choices(session, branch_id),
    )


def _period_text(period: Period, today: date) -> str:
    if period.first.year == today.year or period.label.endswith("年"):
        return period.label
    return f"{period.first.year}年{period.label}"


def meeting_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """Overdue items of this year (and last December's), and those due within 30 days."""
    rows = branch_calendar(session, branch_id, today.year, today)
    found = reminders(rows, today)
    if today.month == 1:
        last_year = branch_calendar(session, branch_id, today.year - 1, today)
        found = [r for r in reminders(last_year, today) if r.period.last.month == 12] + found
    alerts = []
    overdue: dict[str, list] = {}
    for r in found:
        if r.status == Status.OVERDUE:
            overdue.setdefault(r.label, []).append(r.period)
        else:
            text = f"{r.label}：{_period_text(r.period, today)}尚未开展，请于{r.period.last:%m月%d日}前完成"
            alerts.append(
                Alert(
                    "due",
                    "三会两制一课",
                    text,
                    "meetings",
                    None,
                    r.period.last,
                    group="{n} 项会议即将到期，尚未开展",
                )  # fmt: skip
            )
    for label, missed in overdue.items():
        text = f"{label}：{'、'.join(_period_text(p, today) for p in missed)}未开展"
        alerts.append(
            Alert(
                "overdue",
                "三会两制一课",
                text,
                "meetings",
                None,
                missed[0].last,
                group="{n} 种会议未按要求开展",
            )  # fmt: skip
        )
    return alerts
