"""What the home page warns about. Each feature appends a provider to ALERT_PROVIDERS.

`Alert` itself lives in core/rules/alert.py, so that features need not import this module."""

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Member
from branchdesk.core.rules import ages
from branchdesk.core.rules.alert import Alert
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.services.branches import committee_member_ids
from branchdesk.core.services.consistency import consistency_alerts
from branchdesk.core.services.dues import dues_alerts
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


__all__ = [
    "ALERT_PROVIDERS",
    "Alert",
    "AlertProvider",
    "age_out_alerts",
    "branch_alerts",
    "incomplete_alerts",
]

ALERT_PROVIDERS: list[AlertProvider] = [
    age_out_alerts,
    incomplete_alerts,
    meeting_alerts,
    dues_alerts,
    transfer_alerts,
    consistency_alerts,
]


def branch_alerts(session: Session, branch_id: int, today: date | None = None) -> list[Alert]:
    today = today or date.today()
    alerts = [a for provider in ALERT_PROVIDERS for a in provider(session, branch_id, today)]
    order = {"overdue": 0, "due": 1, "info": 2}
    return sorted(alerts, key=lambda a: (order.get(a.level, 3), a.due or date.max, a.text))
