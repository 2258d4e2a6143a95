"""`branchdesk check`: a fresh demo has no contradiction; each planted one is reported."""

import json
from datetime import date

import pytest

from branchdesk.cli import main
from branchdesk.core.db.models import (
    AnnualRound,
    CommitteePost,
    DuesExemption,
    DuesPayment,
    Meeting,
    MeetingAttendance,
    Member,
    RoundResult,
)
from branchdesk.core.rules.consistency import FindingKind, TargetKind
from branchdesk.core.services import members
from branchdesk.core.services.consistency import check_branch
from tests.core.services.meeting_helpers import add_people

TODAY = date(2026, 11, 23)


def test_fresh_demo_reports_zero_findings_on_the_command_line(tmp_path, capsys):
    path = str(tmp_path / "demo.db")
    assert main(["--db", path, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", path, "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", path, "check"]) == 0
    assert "未发现相互矛盾的记录" in capsys.readouterr().out


@pytest.fixture
def planted(db, branch_id):
    """A small branch with one record of each kind that contradicts another."""
    with db.transaction() as s:
        stays, leaves, young, early, odd = add_people(
            s, branch_id, ["留下", "离开", "年少", "早到", "错位"], since=date(2026, 3, 1)
        )
        members.change_status(s, leaves, "退团", date(2026, 6, 1), "本人申请")
        s.get(Member, stays).join_date = date(2020, 5, 1)
        s.get(Member, young).birth_date = date(2010, 2, 1)
        s.get(Member, young).political_status = "中共预备党员"
        s.get(Member, early).join_date = date(2026, 5, 1)  # on the roster since March
        s.get(Member, odd).status = "退团"  # no history entry says so
        meeting = Meeting(
            branch_id=branch_id, kind="支部团员大会", held_on=date(2026, 7, 10), host_id=leaves
        )
        meeting.attendance.append(MeetingAttendance(member_id=leaves, present=True))
        s.add(meeting)
        s.add(
            DuesPayment(
                branch_id=branch_id,
                member_id=leaves,
                first_month=date(2026, 7, 1),
                last_month=date(2026, 8, 1),
                amount_fen=40,
                proposed_fen=40,
                paid_on=date(2026, 7, 2),
                receipt_year=2026,
                receipt_seq=1,
            )
        )
        s.add(
            DuesExemption(
                member_id=stays,
                first_month=date(2026, 1, 1),
                last_month=date(2026, 4, 1),
                reason="困难",
            )
        )
        s.add(
            CommitteePost(
                branch_id=branch_id, title="书记", member_id=stays, started_on=date(2026, 1, 1)
            )
        )
        s.add(CommitteePost(branch_id=branch_id, title="组织委员", member_id=leaves))
        round_ = AnnualRound(
            branch_id=branch_id, kind="评议", year=2026, opened_on=date(2026, 12, 1)
        )
        round_.results.append(RoundResult(member_id=leaves, result="合格"))
        s.add(round_)
    return {"stays": stays, "leaves": leaves, "young": young, "early": early, "odd": odd}


def test_each_planted_contradiction_is_reported(db, branch_id, planted):
    with db.session() as s:
        findings = check_branch(s, branch_id, TODAY)
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    assert set(by_kind) == set(FindingKind)
    expected = {
        FindingKind.ATTENDANCE_NOT_MEMBER: ("leaves", TargetKind.MEETING),
        FindingKind.MEETING_ROLE_NOT_MEMBER: ("leaves", TargetKind.MEETING),
        FindingKind.PAYMENT_NOT_MEMBER: ("leaves", TargetKind.PAYMENT),
        FindingKind.EXEMPTION_NOT_MEMBER: ("stays", TargetKind.EXEMPTION),
        FindingKind.POST_BEFORE_JOINING: ("stays", TargetKind.BRANCH),
        FindingKind.POST_HOLDER_LEFT: ("leaves", TargetKind.BRANCH),
        FindingKind.PARTY_TOO_YOUNG: ("young", TargetKind.MEMBER),
        FindingKind.ROUND_RESULT_NOT_MEMBER: ("leaves", TargetKind.ROUND),
        FindingKind.ROSTER_BEFORE_JOINING: ("early", TargetKind.MEMBER),
        FindingKind.STATUS_HISTORY_MISMATCH: ("odd", TargetKind.MEMBER),
    }
    for kind, (who, target) in expected.items():
        assert [(f.member_id, f.target.kind) for f in by_kind[kind]] == [(planted[who], target)]
    payment = by_kind[FindingKind.PAYMENT_NOT_MEMBER][0]
    assert "2026年7月—2026年8月不在册" in payment.message and "2026-0001" in payment.record
    exemption = by_kind[FindingKind.EXEMPTION_NOT_MEMBER][0]
    assert "2026年1月—2026年2月不在册" in exemption.message  # March and April are fine


def test_check_command_prints_findings_and_exits_1(db, branch_id, planted, capsys):
    path = db.description
    assert main(["--db", path, "check", "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 10
    assert {r["kind"] for r in rows} == {str(k) for k in FindingKind}
    assert all(r["message"] and r["target"]["kind"] for r in rows)
    assert main(["--db", path, "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("发现 10 处相互矛盾的记录") and "【不在册的月份有缴费】" in out


def test_a_branch_without_contradictions_has_no_findings(db, branch_id):
    with db.transaction() as s:
        add_people(s, branch_id, ["甲", "乙"], since=date(2025, 1, 1))
    with db.session() as s:
        assert check_branch(s, branch_id, TODAY) == []


@pytest.mark.parametrize("today", [date(2026, 1, 10), date(2027, 6, 15)])
def test_demo_made_on_any_day_has_no_contradiction(tmp_path, today):
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.demo import create_demo

    db = Database.open(tmp_path / "demo.db")
    with db.transaction() as s:
        branch_id = create_demo(s, today=today).branch_id
    with db.session() as s:
        assert [f.message for f in check_branch(s, branch_id, today)] == []
    db.dispose()
