"""Who was on a branch's roster on a day, in a month, or during a year (meetings, dues, rounds)."""

from collections import defaultdict
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Member, MemberStatusChange
from branchdesk.core.rules.member_status import ON_ROSTER
from branchdesk.core.rules.membership import (
    Period,
    on_roster,
    on_roster_during,
    periods_from_history,
)


def membership_periods(session: Session, branch_id: int) -> dict[int, list[Period]]:
    """member id → periods on the roster, for every member the branch ever had."""
    rows = session.execute(
        select(
            MemberStatusChange.member_id,
            MemberStatusChange.changed_on,
            MemberStatusChange.to_status,
        )
        .join(Member, Member.id == MemberStatusChange.member_id)
        .where(Member.branch_id == branch_id)
        .order_by(
            MemberStatusChange.member_id, MemberStatusChange.changed_on, MemberStatusChange.id
        )
    )
    changes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for member_id, changed_on, to_status in rows:
        changes[member_id].append((changed_on, to_status))
    return {member_id: periods_from_history(history) for member_id, history in changes.items()}


def on_roster_select(branch_id: int, day: date) -> Select:
    """The ids of the branch's members 在册 (or 转出中) on `day`: their last status change on or
    before that day put them on the roster.

    The one definition of the 在册 number: the home page, the handbook cover and the roster
    export all count with it, so they agree for the same day (and with the 团员 page, whose
    status column is the last change, as `branchdesk check` verifies).
    """
    last = (
        select(MemberStatusChange.to_status)
        .where(MemberStatusChange.member_id == Member.id, MemberStatusChange.changed_on <= day)
        .order_by(MemberStatusChange.changed_on.desc(), MemberStatusChange.id.desc())
        .limit(1)
        .correlate(Member)
        .scalar_subquery()
    )
    return select(Member.id).where(
        Member.branch_id == branch_id, last.in_([s.value for s in ON_ROSTER])
    )


def roster_count(session: Session, branch_id: int, day: date) -> int:
    """How many members were 在册 on `day` (see `on_roster_select`)."""
    return session.execute(
        select(func.count()).select_from(on_roster_select(branch_id, day).subquery())
    ).scalar_one()


def member_periods(session: Session, member_id: int) -> list[Period]:
    """One member's periods on the roster."""
    rows = session.execute(
        select(MemberStatusChange.changed_on, MemberStatusChange.to_status)
        .where(MemberStatusChange.member_id == member_id)
        .order_by(MemberStatusChange.changed_on, MemberStatusChange.id)
    )
    return periods_from_history(rows)


def member_ids_on(session: Session, branch_id: int, day: date) -> list[int]:
    """Members on the roster on `day` (e.g. who should attend a meeting held that day)."""
    return sorted(
        m
        for m, periods in membership_periods(session, branch_id).items()
        if on_roster(periods, day)
    )


def member_ids_during(session: Session, branch_id: int, first: date, last: date) -> list[int]:
    """Members on the roster at any time in [first, last] (e.g. a year's 评议 round)."""
    return sorted(
        m
        for m, periods in membership_periods(session, branch_id).items()
        if on_roster_during(periods, first, last)
    )
