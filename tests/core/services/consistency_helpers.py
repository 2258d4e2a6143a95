"""A small branch with one record of each kind that contradicts another (planted via the ORM,
past the services' guards), for the `branchdesk check` tests and the 记录核查 dialog."""

from datetime import date

from branchdesk.core.db.models import (
    AnnualRound,
    AwardRecord,
    CommitteePost,
    DuesExemption,
    DuesPayment,
    Meeting,
    MeetingAttendance,
    Member,
    RoundResult,
)
from branchdesk.core.services import members
from tests.core.services.meeting_helpers import add_people


def plant_contradictions(db, branch_id) -> dict[str, int]:
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
            AwardRecord(
                branch_id=branch_id,
                member_id=leaves,
                kind="表彰奖励",
                decided_on=date(2026, 7, 1),
                reason="志愿服务",
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
