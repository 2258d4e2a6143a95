"""What the home page warns about. Each feature appends a provider to ALERT_PROVIDERS.

`Alert` itself lives in core/rules/alert.py, so that features need not import this module."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.changes import BRANCH, DUES, MEETINGS, MEMBERS, REGISTERS, TRANSFERS
from branchdesk.core.db.models import Member
from branchdesk.core.rules import ages
from branchdesk.core.rules.alert import Alert, AlertGroup, group_alerts, sorted_alerts
from branchdesk.core.rules.lapse import LAPSE_MONTHS, lapse_reasons, months_without_life
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.services.branches import committee_member_ids
from branchdesk.core.services.consistency import consistency_alerts
from branchdesk.core.services.meeting_calendar import meeting_alerts
from branchdesk.core.services.transfers import transfer_alerts

AlertProvider = Callable[[Session, int, date], list[Alert]]


def age_out_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """Members who are, or within six months will be, 28 and hold no post (propose 超龄离团)."""
    in_post = committee_member_ids(session, branch_id)
    rows = session.execute(
        select(Member.id, Member.name, Member.birth_date, Member.league_post).where(
            Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE
        )
    )
    alerts = []
    for member_id, name, birth, post in rows:
        if (
            member_id in in_post
            or post
            or not ages.reaches_max_age_within(birth, today, ages.AGE_OUT_WARNING_MONTHS)
        ):
            continue
        turns = ages.age_out_date(birth)
        if turns <= today:
            alerts.append(
                Alert(
                    "overdue",
                    "超龄",
                    f"{name}已于{format_chinese(turns, 'D')}年满28周岁，可办理超龄离团",
                    "members",
                    member_id,
                    turns,
                    subject=name,
                    group="{n} 人已年满28周岁，可办理超龄离团",
                )
            )
        else:
            alerts.append(
                Alert(
                    "due",
                    "超龄",
                    f"{name}将于{format_chinese(turns, 'D')}年满28周岁",
                    "members",
                    member_id,
                    turns,
                    subject=name,
                    group=f"{{n}} 人将在{ages.AGE_OUT_WARNING_MONTHS}个月内年满28周岁",
                )
            )
    return alerts


def incomplete_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """Members on the roster whose ID number is still missing (imported from a 学号 sheet)."""
    from branchdesk.core.services.members import incomplete_count

    count = incomplete_count(session, branch_id)
    if not count:
        return []
    text = f"{count}名团员资料不全（缺少身份证号），请在团员页筛选“资料不全”补全"
    return [Alert("info", "资料不全", text, "members")]


def lapse_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """自行脱团 warnings (团章): 在册 members with 6 consecutive months without dues or without
    organisation life (attendance). Archived members never appear. Assigned work is not judged:
    the app keeps no record of it (see core/rules/lapse.py). The secretary acts; nothing changes."""
    from branchdesk.core.db.models import Meeting, MeetingAttendance
    from branchdesk.core.services.rounds import dues_arrears_months

    members = session.execute(
        select(Member.id, Member.name, Member.status_since).where(
            Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE
        )
    ).all()
    if not members:
        return []
    unpaid = dues_arrears_months(session, branch_id, today)
    attended: dict[int, date] = {}
    missed: dict[int, list[date]] = {}
    rows = session.execute(
        select(MeetingAttendance.member_id, Meeting.held_on, MeetingAttendance.present)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(
            Meeting.branch_id == branch_id,
            Meeting.is_draft.is_(False),
            Meeting.held_on <= today,
        )
    )
    for member_id, held_on, present in rows:
        if present:
            attended[member_id] = max(attended.get(member_id, held_on), held_on)
        else:
            missed.setdefault(member_id, []).append(held_on)
    alerts = []
    for member_id, name, since in members:
        lifeless = months_without_life(
            since or today, attended.get(member_id), missed.get(member_id, ()), today
        )
        reasons = lapse_reasons(unpaid.get(member_id, 0), lifeless)
        if reasons:
            text = (
                f"{name}{'、'.join(reasons)}，按团章可能属于自行脱团，"
                "请了解情况、做好教育（是否除名由支部团员大会决定）"
            )
            # Dues arrears alone are fixed on the 团费 page; anything else starts at the member.
            target = "dues" if lifeless < LAPSE_MONTHS else "members"
            alerts.append(
                Alert(
                    "overdue",
                    "自行脱团",
                    text,
                    target,
                    member_id,
                    subject=name,
                    group=f"{{n}} 人连续{LAPSE_MONTHS}个月未交团费或未参加组织生活，可能属于自行脱团",
                )
            )
    return alerts


__all__ = [
    "ALERT_PROVIDERS",
    "Alert",
    "AlertGroup",
    "AlertProvider",
    "age_out_alerts",
    "alerts_by_provider",
    "branch_alerts",
    "group_alerts",
    "incomplete_alerts",
    "lapse_alerts",
    "outdated_by",
    "sorted_alerts",
]

ALERT_PROVIDERS: list[AlertProvider] = [
    age_out_alerts,
    incomplete_alerts,
    meeting_alerts,
    transfer_alerts,
    consistency_alerts,
    lapse_alerts,
]


#: the kinds of change (core/changes.py) each provider's alerts depend on, by its name: the home
#: page keeps a provider's alerts until one of them changes (one not listed is asked every time)
READS: dict[str, frozenset[str]] = {
    "age_out_alerts": frozenset({MEMBERS, BRANCH}),  # post holders stay past 28
    "incomplete_alerts": frozenset({MEMBERS}),
    "meeting_alerts": frozenset({MEETINGS, MEMBERS, BRANCH}),
    "transfer_alerts": frozenset({TRANSFERS, MEMBERS}),
    "consistency_alerts": frozenset({MEMBERS, MEETINGS, DUES, BRANCH, REGISTERS}),
    "lapse_alerts": frozenset({MEMBERS, MEETINGS, DUES, BRANCH}),
}


def outdated_by(kinds: Iterable[str]) -> set[str]:
    """Names of the providers whose alerts a change of `kinds` may have made wrong."""
    changed = set(kinds)
    return {
        p.__name__
        for p in ALERT_PROVIDERS
        if p.__name__ not in READS or READS[p.__name__] & changed
    }


def alerts_by_provider(
    session: Session,
    branch_id: int,
    today: date,
    reuse: Mapping[str, list[Alert]] | None = None,
) -> dict[str, list[Alert]]:
    """Each provider's alerts, by its name; those in `reuse` are taken from there, not asked."""
    reuse = reuse or {}
    return {
        p.__name__: reuse[p.__name__] if p.__name__ in reuse else p(session, branch_id, today)
        for p in ALERT_PROVIDERS
    }


def branch_alerts(session: Session, branch_id: int, today: date | None = None) -> list[Alert]:
    return sorted_alerts(alerts_by_provider(session, branch_id, today or date.today()).values())
