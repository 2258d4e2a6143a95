from datetime import date

import pytest

from branchdesk.core.errors import UserError
from branchdesk.core.services import meetings, members, rounds

from .meeting_helpers import add_people


def test_round_lists_the_members_in_the_branch_on_its_day(db, branch_id):
    with db.transaction() as s:
        stay, left_in_june, leaves_later = add_people(s, branch_id, ["甲", "乙", "戊"])
        members.change_status(s, left_in_june, "退团", date(2026, 6, 30), "本人申请退团")
        members.change_status(s, leaves_later, "退团", date(2026, 12, 20), "本人申请退团")
        gone_before = add_people(s, branch_id, ["丙"], since=date(2024, 1, 1))[0]
        members.change_status(s, gone_before, "退团", date(2025, 5, 1))
        joins_after = add_people(s, branch_id, ["丁"], since=date(2026, 12, 2))[0]
        view = rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
    assert {r.member_id for r in view.rows} == {stay, leaves_later}
    assert joins_after not in {r.member_id for r in view.rows}
    assert next(r for r in view.rows if r.member_id == leaves_later).status == "退团"
    assert view.held_on == date(2026, 12, 1) and view.meeting_id is None
    assert any("尚未选择" in w for w in view.warnings)


def test_results_counts_cap_warning_and_registration_proposals(db, branch_id):
    with db.transaction() as s:
        ids = add_people(s, branch_id, list("甲乙丙丁戊"))
        rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
        view = rounds.record_results(
            s,
            branch_id,
            "评议",
            2026,
            {
                ids[0]: ("优秀", ""),
                ids[1]: ("优秀", ""),
                ids[2]: ("合格", ""),
                ids[3]: ("不合格", "限期整改"),
            },
        )
        assert view.counts == {"优秀": 2, "合格": 1, "基本合格": 0, "不合格": 1, "免评": 0}
        assert view.pending == 1 and not view.complete
        assert any("优秀 2 人" in w for w in view.warnings)  # 2 of 4 > 30%
        rounds.set_excellent_cap(s, branch_id, 50)
        assert not [
            w for w in rounds.round_view(s, branch_id, "评议", 2026).warnings if "优秀" in w
        ]
        with pytest.raises(UserError, match="不是"):
            rounds.record_results(s, branch_id, "评议", 2026, {ids[4]: ("很好", "")})
        reg = rounds.open_round(s, branch_id, "注册", 2026, date(2026, 12, 1))
        by_id = {r.member_id: r for r in reg.rows}
        assert by_id[ids[3]].proposal == "暂缓注册" and by_id[ids[3]].evaluation == "不合格"
        assert by_id[ids[0]].proposal == "予以注册"
        with pytest.raises(UserError, match="丁教育评议为不合格，予以注册须在备注中写明理由"):
            rounds.record_results(s, branch_id, "注册", 2026, {ids[3]: ("予以注册", "")})
        with pytest.raises(UserError, match="写明理由"):  # a blank reason is no reason
            rounds.record_results(s, branch_id, "注册", 2026, {ids[3]: ("予以注册", " ")})
        reg = rounds.record_results(
            s, branch_id, "注册", 2026, {ids[3]: ("予以注册", "已整改，经支委会研究同意注册")}
        )
        assert {r.member_id: r for r in reg.rows}[ids[3]].warning  # still shown
        assert dict(reg.summary) == {"予以注册": 1, "暂缓注册": 0, "不予注册": 0, "未注册": 4}


def test_round_must_be_opened_before_results(db, branch_id):
    with db.transaction() as s:
        with pytest.raises(UserError, match="还没有开始"):
            rounds.record_results(s, branch_id, "注册", 2026, {})
        assert rounds.round_view(s, branch_id, "注册", 2026) is None
        assert rounds.round_results(s, branch_id, "注册", 2026) == []


def _general_meeting(s, branch_id, day, present_ids, absent_ids):
    attendance = [meetings.AttendanceData(m, True) for m in present_ids] + [
        meetings.AttendanceData(m, False, "请假") for m in absent_ids
    ]
    data = meetings.MeetingData("支部团员大会", day, topics="团员教育评议", attendance=attendance)
    return meetings.save_meeting(s, branch_id, data)


def test_round_held_at_a_general_meeting_takes_its_day_and_checks_two_thirds(db, branch_id):
    with db.transaction() as s:
        ids = add_people(s, branch_id, list("甲乙丙丁戊己庚辛壬"))  # 9 members
        short = _general_meeting(s, branch_id, date(2026, 11, 18), ids[:5], ids[5:])
        view = rounds.open_round(s, branch_id, "评议", 2026, meeting_id=short)
        assert view.held_on == date(2026, 11, 18)
        assert (view.expected, view.present) == (9, 5)
        assert any("不足应到 9 人的三分之二" in w for w in view.warnings)
        assert "2026-11-18 支部团员大会" in view.meeting_label
        enough = _general_meeting(s, branch_id, date(2026, 11, 25), ids[:6], ids[6:])
        view = rounds.open_round(s, branch_id, "评议", 2026, meeting_id=enough)
        assert view.held_on == date(2026, 11, 25)
        assert not [w for w in view.warnings if "三分之二" in w or "尚未选择" in w]
        choices = rounds.round_meetings(s, branch_id, 2026)
        assert [c[0] for c in choices] == [enough, short]
        committee = meetings.save_meeting(
            s, branch_id, meetings.MeetingData("支部委员会", date(2026, 11, 20), topics="工作安排")
        )
        with pytest.raises(UserError, match="支部团员大会"):
            rounds.open_round(s, branch_id, "评议", 2026, meeting_id=committee)


def test_redating_a_round_keeps_its_list_true_to_the_day(db, branch_id):
    with db.transaction() as s:
        stay, leaver = add_people(s, branch_id, ["甲", "乙"])
        members.change_status(s, leaver, "退团", date(2026, 6, 30), "本人申请退团")
        view = rounds.open_round(s, branch_id, "评议", 2026, date(2026, 3, 1))
        assert {r.member_id for r in view.rows} == {stay, leaver}
        rounds.record_results(s, branch_id, "评议", 2026, {leaver: ("合格", "")})
        with pytest.raises(UserError, match="乙在2026-12-01不在本团支部，但已有结果"):
            rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
        rounds.record_results(s, branch_id, "评议", 2026, {leaver: ("", "")})
        view = rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
        assert [r.member_id for r in view.rows] == [stay]
        with pytest.raises(UserError, match="不能早于2026年1月1日"):
            rounds.open_round(s, branch_id, "评议", 2026, date(2025, 12, 31))


def test_upper_approval_date_is_recorded_after_the_round(db, branch_id):
    with db.transaction() as s:
        add_people(s, branch_id, ["甲"])
        rounds.open_round(s, branch_id, "注册", 2026, date(2026, 11, 18))
        with pytest.raises(UserError, match="不能早于"):
            rounds.set_approval(s, branch_id, "注册", 2026, date(2026, 11, 17))
        view = rounds.set_approval(s, branch_id, "注册", 2026, date(2026, 12, 5))
        assert view.approved_on == date(2026, 12, 5)
        with pytest.raises(UserError, match="不能早于"):  # re-dating past the approval
            rounds.open_round(s, branch_id, "注册", 2026, date(2026, 12, 6))
        assert rounds.set_approval(s, branch_id, "注册", 2026, None).approved_on is None


def test_registering_a_member_six_months_in_arrears_needs_a_reason(db, branch_id, monkeypatch):
    with db.transaction() as s:
        a, b = add_people(s, branch_id, ["甲", "乙"])
        rounds.open_round(s, branch_id, "注册", 2026, date(2026, 11, 18))
        seen = []

        def arrears(session, branch, on):
            seen.append(on)
            return {a: 6, b: 5}

        monkeypatch.setattr(rounds, "dues_arrears_months", arrears)
        with pytest.raises(UserError, match="甲已连续 6 个月未交团费，予以注册须在备注中写明理由"):
            rounds.record_results(s, branch_id, "注册", 2026, {a: ("予以注册", "")})
        view = rounds.record_results(s, branch_id, "注册", 2026, {b: ("予以注册", "")})
        by_id = {r.member_id: r for r in view.rows}
        assert by_id[a].proposal == "暂缓注册" and by_id[a].arrears_months == 6
        assert seen[0] == date(2026, 11, 18)  # arrears are judged on the round's day
