from datetime import date

from branchdesk.core.db.models import Member
from branchdesk.core.services import members, transfers
from branchdesk.core.services.alerts import branch_alerts
from tests.conftest import TODAY


def test_demo_has_transfers_in_each_state_and_one_overdue(demo_db):
    with demo_db.session() as s:
        rows = transfers.register_rows(s, 1, today=TODAY)
        statuses = {(r.direction, r.status) for r in rows}
        assert {
            ("转出", "转出中"),
            ("转出", "已转出"),
            ("转出", "已撤销"),
            ("转出", "已退回"),
            ("转入", "已接收"),
        } <= statuses
        assert sum(r.waiting_too_long for r in rows) == 1
        assert len(transfers.transfer_alerts(s, 1, TODAY)) == 1
        home = [a for a in branch_alerts(s, 1, TODAY) if a.category == "组织关系"]
        assert len(home) == 1 and home[0].page == "transfers"
        on_roster = {r.id for r in members.roster_rows(s, 1)}
        for r in rows:
            if r.status == "已转出":  # and back again by a transfer in, history kept
                history = [h.to_status for h in s.get(Member, r.member_id).history]
                assert history == ["在册", "转出中", "已转出", "在册"]
            if r.status == "转出中":
                assert r.member_id in on_roster
        assert len(on_roster) == 60  # two came in (one restored), none left for good
        assert all(r.issued_on <= TODAY and r.issued_on > date(2025, 1, 1) for r in rows)


def test_demo_letters_state_the_dues_paid_by_their_day(demo_db):
    from branchdesk.core.services import dues

    with demo_db.session() as s:
        rows = [r for r in transfers.register_rows(s, 1, today=TODAY) if r.direction == "转出"]
        letters = transfers.letter_data(s, [r.id for r in rows])
        expected = [dues.paid_up_to(s, r.member_id, r.issued_on).text for r in rows]
    assert [letter.dues_paid_through for letter in letters] == expected
    assert any("年" in text and "月" in text for text in expected)  # not all 不需缴纳
