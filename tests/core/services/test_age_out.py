from datetime import date

import pytest

from branchdesk.core.db.models import Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import ages
from branchdesk.core.services import members
from branchdesk.core.services.age_out import age_out_candidates, archive_aged_out
from tests.conftest import TODAY


def _candidates(db, months=6):
    with db.session() as s:
        from branchdesk.core.services.branches import find_branch

        branch_id = find_branch(s).id
        return branch_id, age_out_candidates(s, branch_id, TODAY, months)


def test_candidates_are_near_28_without_a_post(demo_db):
    branch_id, found = _candidates(demo_db)
    assert found, "the demo branch has a few members about to turn 28"
    with demo_db.session() as s:
        for c in found:
            m = s.get(Member, c.member_id)
            assert ages.reaches_max_age_within(m.birth_date, TODAY, 6)
            assert m.league_post == ""
        posted = {m.id for m in s.query(Member).filter(Member.league_post != "")}
    assert posted.isdisjoint(c.member_id for c in found)
    assert [c.turns_28_on for c in found] == sorted(c.turns_28_on for c in found)
    assert len(_candidates(demo_db, months=0)[1]) <= len(found)


def test_archive_aged_out_marks_exactly_the_chosen(demo_db):
    branch_id, found = _candidates(demo_db)
    chosen = [found[0].member_id]
    with demo_db.transaction() as s:
        assert archive_aged_out(s, branch_id, chosen, date(2026, 12, 1), "年满28周岁") == 1
    with demo_db.session() as s:
        archived = [r.id for r in members.roster_rows(s, branch_id, True) if r.status == "超龄离团"]
        assert archived == chosen
        assert s.get(Member, chosen[0]).history[-1].reason == "年满28周岁"
    assert chosen[0] not in [c.member_id for c in _candidates(demo_db)[1]]


def test_archive_aged_out_needs_a_selection_and_a_reason(demo_db):
    branch_id, found = _candidates(demo_db)
    with demo_db.transaction() as s, pytest.raises(UserError, match="至少选择"):
        archive_aged_out(s, branch_id, [], TODAY)
    with demo_db.transaction() as s, pytest.raises(UserError, match="原因"):
        archive_aged_out(s, branch_id, [found[0].member_id], TODAY, " ")


def test_archiving_a_member_under_28_as_aged_out_is_refused_with_the_date(db, branch_id):
    import random

    from branchdesk.core.rules.member_record import MemberRecord
    from branchdesk.core.services.demo import fake_id_number

    number = fake_id_number(random.Random(1), date(1998, 6, 15), "女")
    with db.transaction() as s:
        member_id = members.add_member(
            s, branch_id, MemberRecord(name="李四", id_number=number), since=date(2020, 1, 1)
        ).id
    with db.transaction() as s, pytest.raises(UserError, match="2026年6月15日年满28周岁"):
        archive_aged_out(s, branch_id, [member_id], date(2026, 6, 14))
    with db.transaction() as s, pytest.raises(UserError, match="李四将于2026年6月15日"):
        members.change_status(s, member_id, "超龄离团", date(2026, 6, 1), "年满28周岁")
    with db.transaction() as s:  # other reasons are not limited by age
        members.change_status(s, member_id, "退团", date(2026, 6, 1), "本人申请")
        members.change_status(s, member_id, "在册", date(2026, 6, 2), "恢复")
        members.change_status(s, member_id, "超龄离团", date(2026, 6, 15), "年满28周岁")
    with db.session() as s:
        assert s.get(Member, member_id).status == "超龄离团"


def test_a_member_in_post_is_not_aged_out(db, branch_id):
    import random

    from branchdesk.core.rules.member_record import MemberRecord
    from branchdesk.core.services.demo import fake_id_number

    number = fake_id_number(random.Random(2), date(1990, 3, 1), "男")
    record = MemberRecord(name="王五", id_number=number, league_post="组织委员")
    with db.transaction() as s:
        member_id = members.add_member(s, branch_id, record, since=date(2010, 1, 1)).id
    with db.transaction() as s, pytest.raises(UserError, match="任职期间保留团籍"):
        members.change_status(s, member_id, "超龄离团", date(2026, 6, 1), "年满28周岁")
