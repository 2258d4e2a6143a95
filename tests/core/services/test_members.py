from datetime import date

import pytest

from branchdesk.core.db.models import Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members

ID = "11010519491231002X"


def _add(db, branch_id, **kw):
    record = MemberRecord(name="王五", id_number=ID, join_date=date(1964, 5, 1), **kw)
    with db.transaction() as s:
        return members.add_member(s, branch_id, record, since=date(2020, 1, 1)).id


def test_add_member_fills_birth_gender_and_initial_history(db, branch_id):
    member_id = _add(db, branch_id)
    with db.session() as s:
        m = s.get(Member, member_id)
        assert (m.birth_date, m.gender, m.name_initials) == (date(1949, 12, 31), "女", "ww")
        assert [(h.from_status, h.to_status) for h in m.history] == [(None, "在册")]


def test_duplicate_id_number_is_refused(db, branch_id):
    _add(db, branch_id)
    with pytest.raises(UserError, match="已在本团支部"):
        _add(db, branch_id)


def test_archive_and_restore_keep_dated_history(db, branch_id):
    member_id = _add(db, branch_id)
    with db.transaction() as s:
        members.change_status(s, member_id, "超龄离团", date(2026, 5, 4), "年满28周岁")
    with db.session() as s:
        assert members.roster_rows(s, branch_id) == []
        assert [r.status for r in members.roster_rows(s, branch_id, include_archived=True)] == [
            "超龄离团"
        ]
    with db.transaction() as s:
        members.change_status(s, member_id, "在册", date(2026, 6, 1), "误操作恢复")
    with db.session() as s:
        history = s.get(Member, member_id).history
        assert [(h.to_status, h.changed_on, h.reason) for h in history] == [
            ("在册", date(2020, 1, 1), "新增团员"),
            ("超龄离团", date(2026, 5, 4), "年满28周岁"),
            ("在册", date(2026, 6, 1), "误操作恢复"),
        ]


def test_forbidden_transition_is_refused(db, branch_id):
    member_id = _add(db, branch_id)
    with pytest.raises(UserError, match="不能从“在册”改为“已转出”"):
        with db.transaction() as s:
            members.change_status(s, member_id, "已转出", date(2026, 1, 1))
