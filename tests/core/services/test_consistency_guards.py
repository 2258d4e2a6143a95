"""The services refuse to create records `branchdesk check` would report, with a Chinese message."""

import random
from datetime import date

import pytest

from branchdesk.core.db.models import CommitteePost, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import branches, dues, meetings, members, rounds
from branchdesk.core.services.consistency import check_branch
from branchdesk.core.services.demo import fake_id_number
from tests.core.services.meeting_helpers import add_people

TODAY = date(2026, 11, 23)


@pytest.fixture
def people(db, branch_id):
    """'在' on the roster since 2026-03-01 (joined the League 2020-05); '走' left on 2026-06-01."""
    with db.transaction() as s:
        stays, leaves = add_people(s, branch_id, ["在", "走"], since=date(2026, 3, 1))
        members.change_status(s, leaves, "退团", date(2026, 6, 1), "本人申请")
        s.get(Member, stays).join_date = date(2020, 5, 1)
        dues.setup_dues(s, branch_id, Month(2026, 1))
    return stays, leaves


def _meeting(day, host=None, recorder=None, attendance=()):
    return meetings.MeetingData(
        kind="支部团员大会",
        held_on=day,
        topics="审议年度计划",
        host_id=host,
        recorder_id=recorder,
        attendance=list(attendance),
    )


def test_meeting_host_and_recorder_must_be_on_the_roster_that_day(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        with pytest.raises(
            UserError, match="走2026年7月10日不在本团支部的花名册上，不能担任主持人"
        ):
            meetings.save_meeting(s, branch_id, _meeting(date(2026, 7, 10), host=leaves))
        with pytest.raises(UserError, match="不能担任记录人"):
            meetings.save_meeting(s, branch_id, _meeting(date(2026, 2, 10), recorder=stays))
        # a draft copied from last month may still name them; the final record may not
        meetings.save_meeting(s, branch_id, _meeting(date(2026, 7, 10), host=leaves), draft=True)
        meetings.save_meeting(
            s, branch_id, _meeting(date(2026, 5, 10), host=leaves, recorder=stays)
        )
        with pytest.raises(UserError, match="走2026年7月10日.*不能记为出席"):
            present = [meetings.AttendanceData(leaves, True)]
            meetings.save_meeting(s, branch_id, _meeting(date(2026, 7, 10), attendance=present))


def test_payment_and_exemption_only_for_months_on_the_roster(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        with pytest.raises(UserError, match="走在2026年6月不在册"):
            dues.record_payment(s, leaves, Month(2026, 5), Month(2026, 6), date(2026, 5, 3))
        with pytest.raises(UserError, match="在在2026年1月—2026年2月不在册，不能免缴团费"):
            dues.add_exemption(s, stays, Month(2026, 1), Month(2026, 4), "困难")
        dues.add_exemption(s, stays, Month(2026, 3), Month(2026, 4), "困难")
        dues.record_payment(s, leaves, Month(2026, 3), Month(2026, 5), date(2026, 5, 3))


def test_post_from_joining_and_only_for_a_member_on_the_roster(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.posts = [branches.PostData("书记", stays, date(2026, 2, 1))]
        with pytest.raises(UserError, match="任书记的日期（2026年2月1日）早于到本团支部的日期"):
            branches.save_profile(s, profile)
        profile.posts = [branches.PostData("书记", stays, date(2020, 4, 1))]
        with pytest.raises(UserError, match="早于入团时间（2020年5月）"):
            branches.save_profile(s, profile)
        profile.posts = [branches.PostData("组织委员", leaves, None)]
        with pytest.raises(UserError, match="走的状态为“退团”，不在册，不能任组织委员"):
            branches.save_profile(s, profile)
        profile.posts = [branches.PostData("书记", stays, date(2026, 3, 1))]
        branches.save_profile(s, profile)
    with db.transaction() as s:
        # a post recorded earlier that `check` reports does not block other edits
        s.add(CommitteePost(branch_id=branch_id, title="组织委员", member_id=leaves))
        s.flush()
        profile = branches.load_profile(s, branch_id)
        profile.phone = "010-1234567"
        branches.save_profile(s, profile)
        assert [f.kind for f in check_branch(s, branch_id, TODAY)] == ["post_holder_left"]


def test_round_result_only_for_a_member_on_the_roster_on_the_round_day(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        rounds.open_round(s, branch_id, "评议", 2026, held_on=date(2026, 12, 1))
        with pytest.raises(
            UserError, match="走2026年12月1日不在本团支部的花名册上，不能有2026年团员教育评议结果"
        ):
            rounds.record_results(s, branch_id, "评议", 2026, {leaves: ("合格", "")})
        rounds.record_results(s, branch_id, "评议", 2026, {stays: ("合格", ""), leaves: ("", "")})


def _record(name: str, birth: date, **fields) -> MemberRecord:
    number = fake_id_number(random.Random(name), birth, "女")
    return MemberRecord(name=name, gender="女", birth_date=birth, id_number=number, **fields)


def test_member_form_refuses_a_party_member_under_18_and_a_roster_start_before_joining(
    db, branch_id
):
    with db.transaction() as s:
        young = _record("小红", date(2010, 3, 1), political_status="中共预备党员")
        with pytest.raises(UserError, match="政治面貌为中共预备党员，但今天还未满18周岁"):
            members.add_member(s, branch_id, young, since=date(2026, 1, 1), today=TODAY)
        joined = _record("小兰", date(2000, 3, 1), join_date=date(2016, 5, 1))
        with pytest.raises(UserError, match="在册日期（2016年4月30日）早于入团时间（2016年5月）"):
            members.add_member(s, branch_id, joined, since=date(2016, 4, 30), today=TODAY)
        member = members.add_member(s, branch_id, joined, since=date(2016, 5, 20), today=TODAY)
        joined.join_date = date(2016, 6, 1)
        with pytest.raises(UserError, match="早于入团时间（2016年6月）"):
            members.update_member(s, member.id, joined, today=TODAY)


def test_status_change_dated_before_the_last_one_is_refused(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        members.change_status(s, leaves, "在册", date(2026, 9, 1), "恢复团籍")
        with pytest.raises(
            UserError, match="走上一次状态变动在2026年9月1日，新的变动日期不能早于这一天"
        ):
            members.change_status(s, leaves, "退团", date(2026, 8, 31), "本人申请")
        members.change_status(s, leaves, "退团", date(2026, 9, 1), "本人申请")
        assert check_branch(s, branch_id, TODAY) == []


def test_group_leader_must_be_on_the_roster(db, branch_id, people):
    stays, leaves = people
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.groups = [branches.GroupData("第一团小组", leaves)]
        with pytest.raises(UserError, match="走的状态为“退团”，不在册，不能任第一团小组组长"):
            branches.save_profile(s, profile)
        profile.groups = [branches.GroupData("第一团小组", stays)]
        branches.save_profile(s, profile)
        s.get(Member, stays).status = "退团"  # planted past the guards: no history entry
    with db.session() as s:
        found = {(f.kind, f.record) for f in check_branch(s, branch_id, TODAY)}
    assert ("status_history_mismatch", "状态变动") in found
    assert ("post_holder_left", "团小组组长：第一团小组") not in found  # history says 在册
    with db.transaction() as s:
        s.get(Member, stays).status = "在册"
        members.change_status(s, stays, "退团", date(2026, 10, 1), "本人申请")
    with db.session() as s:
        found = {(f.kind, f.record) for f in check_branch(s, branch_id, TODAY)}
    assert found == {("post_holder_left", "团小组组长：第一团小组")}


def test_probationary_date_before_the_18th_birthday_is_refused_and_reported(db, branch_id):
    birth = date(2006, 6, 15)  # 18 on 15 June 2024
    with db.transaction() as s:
        early = _record("小青", birth, political_status="中共预备党员")
        early.probationary_on = date(2024, 6, 14)
        with pytest.raises(
            UserError, match="成为预备党员的日期（2024年6月14日）早于年满18周岁的日期"
        ):
            members.add_member(s, branch_id, early, since=date(2022, 1, 1), today=TODAY)
        early.probationary_on = date(2024, 6, 15)
        member = members.add_member(s, branch_id, early, since=date(2022, 1, 1), today=TODAY)
        member.probationary_on = date(2024, 5, 1)  # planted past the guard
    with db.session() as s:
        findings = check_branch(s, branch_id, TODAY)
    assert [(f.kind, f.member_id) for f in findings] == [("party_too_young", member.id)]
    assert "2024年5月1日" in findings[0].message
