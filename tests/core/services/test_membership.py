from datetime import date

from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members
from branchdesk.core.services.membership import member_ids_during, member_ids_on


def test_member_ids_on_a_day_and_during_a_year(db, branch_id):
    with db.transaction() as s:
        a = members.add_member(
            s,
            branch_id,
            MemberRecord(name="甲", id_number="11010519491231002X"),
            since=date(2026, 3, 1),
        ).id
        members.change_status(s, a, "超龄离团", date(2026, 9, 1), "年满28周岁")
    with db.session() as s:
        assert member_ids_on(s, branch_id, date(2026, 2, 28)) == []
        assert member_ids_on(s, branch_id, date(2026, 5, 1)) == [a]
        assert member_ids_on(s, branch_id, date(2026, 9, 1)) == []
        assert member_ids_during(s, branch_id, date(2026, 1, 1), date(2026, 12, 31)) == [a]
        assert member_ids_during(s, branch_id, date(2027, 1, 1), date(2027, 12, 31)) == []
