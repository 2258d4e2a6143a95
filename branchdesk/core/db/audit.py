"""The audit log (操作记录), written by session events: every flush records, per changed row,
who (the OS user), when, which table, what action and the record's id; an ORM bulk statement
(an import's INSERT … SELECT) records one 批量 entry. Never the content: no names, no ID
numbers — the log is safe to show and to keep."""

import getpass
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import cast

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.orm import Session

from .models import AuditEntry

ADDED, CHANGED, DELETED = "新增", "修改", "删除"

#: table → what the 设置 page calls it
TABLE_LABELS = {
    "branch": "团支部",
    "branch_group": "团小组",
    "committee_post": "支部委员会",
    "member": "团员",
    "member_status_change": "团员状态变动",
    "meeting": "会议记录",
    "meeting_attendance": "会议出席",
    "meeting_attachment": "会议附件",
    "annual_round": "评议/注册",
    "round_result": "评议/注册结果",
    "dues_setting": "团费设置",
    "dues_standard": "团费标准",
    "member_dues_category": "团员团费类别",
    "dues_payment": "团费缴费",
    "dues_exemption": "团费减免",
    "dues_handover": "团费上缴",
    "transfer": "组织关系转接",
    "applicant": "发展团员",
    "recommendation_round": "推优入党大会",
    "recommendation": "推优入党人选",
    "award_record": "奖惩",
    "assessment": "考核",
    "year_text": "年度计划与总结",
    "setting": "设置",
}


@cache
def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "未知用户"


class AuditedSession(Session):
    """The session every Database hands out: its changes are written to the audit log."""


def _record_id(obj) -> str:
    mapper = inspect(obj).mapper
    return ",".join(str(v) for v in mapper.primary_key_from_instance(obj))


def _write(session: Session, entries: list[tuple[str, str, str]]) -> None:
    if not entries:
        return
    now, user = datetime.now(), os_user()
    session.connection().execute(
        insert(cast(Table, AuditEntry.__table__)),
        [
            {"at": now, "user": user, "table_name": t, "action": a, "record_id": r[:100]}
            for t, a, r in entries
        ],
    )


@event.listens_for(AuditedSession, "after_flush")
def _after_flush(session: Session, _context) -> None:
    entries = []
    for objects, action in ((session.new, ADDED), (session.deleted, DELETED)):
        for obj in objects:
            if not isinstance(obj, AuditEntry):
                entries.append((obj.__table__.name, action, _record_id(obj)))
    for obj in session.dirty:
        if not isinstance(obj, AuditEntry) and session.is_modified(obj, include_collections=False):
            entries.append((obj.__table__.name, CHANGED, _record_id(obj)))
    _write(session, entries)


@event.listens_for(AuditedSession, "do_orm_execute")
def _bulk_statement(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name == AuditEntry.__tablename__:
        return
    action = ADDED if state.is_insert else CHANGED if state.is_update else DELETED
    _write(state.session, [(name, f"批量{action}", "多条")])


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user: str
    table: str
    action: str
    record_id: str


def recent(session: Session, limit: int = 500) -> list[AuditRow]:
    """The newest entries first, with tables named as the 设置 page shows them."""
    rows = session.execute(
        select(
            AuditEntry.at,
            AuditEntry.user,
            AuditEntry.table_name,
            AuditEntry.action,
            AuditEntry.record_id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [AuditRow(at, user, TABLE_LABELS.get(t, t), a, r) for at, user, t, a, r in rows]
