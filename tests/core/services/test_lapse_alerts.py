from datetime import date

from branchdesk.core.services import meetings, members
from branchdesk.core.services.alerts import branch_alerts, lapse_alerts

from .meeting_helpers import add_people

TODAY = date(2026, 11, 23)


def _general(s, branch_id, day, present, absent):
    attendance = [meetings.AttendanceData(m, True) for m in present] + [
        meetings.AttendanceData(m, False, "未请假") for m in absent
    ]
    data = meetings.MeetingData("支部团员大会", day, topics="学习", attendance=attendance)
    meetings.save_meeting(s, branch_id, data)


def test_six_months_without_organisation_life_warns_and_archived_never_appear(db, branch_id):
    with db.transaction() as s:
        comes, stays_away, left = add_people(s, branch_id, ["甲", "乙", "丙"])
        _general(s, branch_id, date(2026, 3, 18), [comes, stays_away, left], [])
        _general(s, branch_id, date(2026, 5, 18), [comes], [stays_away, left])
        _general(s, branch_id, date(2026, 11, 18), [comes], [stays_away, left])
        members.change_status(s, left, "退团", date(2026, 11, 20), "本人申请退团")
    with db.session() as s:
        found = lapse_alerts(s, branch_id, TODAY)
        assert [a.ref_id for a in found] == [stays_away]
        assert "乙已连续8个月未参加组织生活" in found[0].text and "自行脱团" in found[0].text
        assert found[0].category == "自行脱团"
        assert lapse_alerts(s, branch_id, date(2026, 9, 17)) == []  # 5 full months then
        assert [a.ref_id for a in lapse_alerts(s, branch_id, date(2026, 9, 18))] == [stays_away]
        assert any(a.ref_id == stays_away for a in branch_alerts(s, branch_id, TODAY))


def test_six_months_of_dues_arrears_warn(db, branch_id, monkeypatch):
    from branchdesk.core.services import rounds

    with db.transaction() as s:
        late, fine = add_people(s, branch_id, ["丁", "戊"])
    monkeypatch.setattr(rounds, "dues_arrears_months", lambda s, b, on: {late: 6, fine: 5})
    with db.session() as s:
        found = lapse_alerts(s, branch_id, TODAY)
    assert [(a.ref_id, "丁已连续6个月未交团费" in a.text) for a in found] == [(late, True)]
