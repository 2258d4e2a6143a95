"""`branchdesk check`: a fresh demo has no contradiction; each planted one is reported."""

import json
from datetime import date

import pytest

from branchdesk.cli import main
from branchdesk.core.rules.consistency import FindingKind, TargetKind
from branchdesk.core.services.consistency import check_branch
from tests.core.services.consistency_helpers import plant_contradictions
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
    return plant_contradictions(db, branch_id)


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
        FindingKind.REGISTER_NOT_MEMBER: ("leaves", TargetKind.REGISTERS),
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
    assert len(rows) == 11
    assert {r["kind"] for r in rows} == {str(k) for k in FindingKind}
    assert all(r["message"] and r["target"]["kind"] for r in rows)
    assert main(["--db", path, "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("发现 11 处相互矛盾的记录") and "【不在册的月份有缴费】" in out


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
