"""操作记录: each change records who, when, table, action and record id — never the content."""

import getpass
from datetime import date

from sqlalchemy import delete, func, select

from branchdesk.core.db import audit
from branchdesk.core.db.models import AuditEntry, Member
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members

ID = "11010519491231002X"
PHONE = "13912345678"


def _entries(db):
    with db.session() as s:
        return s.execute(
            select(
                AuditEntry.user, AuditEntry.table_name, AuditEntry.action, AuditEntry.record_id
            ).order_by(AuditEntry.id)
        ).all()


def test_add_change_delete_are_recorded_without_content(db, branch_id):
    before = len(_entries(db))
    with db.transaction() as s:
        member = members.add_member(
            s,
            branch_id,
            MemberRecord(
                name="张三",
                gender="女",
                birth_date=date(1949, 12, 31),
                id_number=ID,
                phone=PHONE,
                join_date=date(1964, 5, 1),
            ),
            today=date(1970, 1, 1),
        )
        member_id = member.id
    with db.transaction() as s:
        s.get(Member, member_id).note = "调往外地"
    with db.transaction() as s:
        s.execute(delete(Member).where(Member.id == member_id))
    entries = _entries(db)[before:]
    user = getpass.getuser()
    assert (user, "member", "新增", str(member_id)) in entries
    assert (user, "member", "修改", str(member_id)) in entries
    assert (user, "member", "批量删除", "多条") in entries
    text = repr(entries)
    assert "张三" not in text and ID not in text and PHONE not in text


def test_unchanged_objects_and_reads_record_nothing(db, branch_id):
    before = len(_entries(db))
    with db.transaction() as s:
        s.scalar(select(func.count(Member.id)))
    with db.session() as s:
        s.scalar(select(func.count(Member.id)))
    assert len(_entries(db)) == before


def test_recent_names_tables_in_chinese(demo_db):
    rows = audit.recent(demo_db.session(), limit=5)
    assert len(rows) == 5
    assert all(r.table in audit.TABLE_LABELS.values() for r in rows)
    assert rows[0].at >= rows[-1].at
