from datetime import date

from branchdesk.core.rules.meeting_calendar import Frequency, Status
from branchdesk.core.services import meeting_calendar, meetings, rounds
from branchdesk.core.services.alerts import branch_alerts
from branchdesk.core.services.branches import require_branch
from tests.conftest import TODAY

from .meeting_helpers import add_people


def test_minimums_are_a_setting(db, branch_id):
    with db.transaction() as s:
        add_people(s, branch_id, ["甲"])
        meeting_calendar.save_minimums(s, branch_id, {"支部委员会": "quarter", "团课": "quarter"})
    with db.session() as s:
        reqs = {r.item: r.frequency for r in meeting_calendar.requirements(s, branch_id)}
        assert reqs["支部委员会"] == Frequency.QUARTER and reqs["团课"] == Frequency.QUARTER
        rows = meeting_calendar.branch_calendar(s, branch_id, 2026, date(2026, 5, 1))
        assert len(next(r for r in rows if r.item == "支部委员会").cells) == 4
        assert not [r for r in rows if r.item == "团小组会"]  # no groups


def test_drafts_do_not_count_and_finished_rounds_do(db, branch_id):
    with db.transaction() as s:
        (a,) = add_people(s, branch_id, ["甲"])
        meetings.save_meeting(
            s, branch_id, meetings.MeetingData("支部委员会", date(2026, 1, 5)), draft=True
        )
        rounds.open_round(s, branch_id, "评议", 2026, date(2026, 3, 1))
        rows = meeting_calendar.branch_calendar(s, branch_id, 2026, date(2026, 3, 10))
        by_item = {r.item: r for r in rows}
        assert by_item["支部委员会"].cells[0].status == Status.OVERDUE
        assert by_item["团员教育评议"].cells[0].status == Status.DUE
        rounds.record_results(s, branch_id, "评议", 2026, {a: ("合格", "")})
        rows = meeting_calendar.branch_calendar(s, branch_id, 2026, date(2026, 3, 10))
        assert {r.item: r for r in rows}["团员教育评议"].cells[0].status == Status.HELD


def test_demo_leaves_a_few_items_overdue_and_home_alerts_show_them(demo_db):
    with demo_db.session() as s:
        branch_id = require_branch(s).id
        alerts = [a for a in branch_alerts(s, branch_id, TODAY) if a.category == "三会两制一课"]
        texts = [a.text for a in alerts if a.level == "overdue"]
        assert "支部委员会：8月未开展" in texts
        assert "支部团员大会：第3季度未开展" in texts
        assert any(t.startswith("团小组会（第二团小组）") for t in texts)
        assert all(a.page == "meetings" for a in alerts)
        # in the first days of December the month's items fall due within 30 days
        december = meeting_calendar.meeting_alerts(s, branch_id, date(TODAY.year, 12, 2))
        assert any(a.level == "due" and "12月" in a.text for a in december)
        held = meetings.list_meetings(s, branch_id, TODAY.year, include_drafts=False)
        assert len(held) > 30 and all(m.held_on <= TODAY for m in held)
        assert all(m.present <= m.expected for m in held)
        assert rounds.round_view(s, branch_id, "评议", TODAY.year).complete
        registration = rounds.round_view(s, branch_id, "注册", TODAY.year)
        assert 0 < registration.pending < len(registration.rows)
