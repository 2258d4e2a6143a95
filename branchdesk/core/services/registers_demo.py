"""The demo branch's 组织建设 registers: applicants at every step (one already made a member),
a 推优 round, a commendation, a 帮教 and a 处分, and 考核 results.

Runs right after the roster and transfers, so that the member made from an applicant has
meetings and dues like everyone else. Dates count back from the demo's `today`, and a separate
random generator keeps the other steps' data as it was.
"""

import random
from datetime import date, timedelta

from sqlalchemy import select

from branchdesk.core.db.models import Member
from branchdesk.core.rules import ages, recommendation
from branchdesk.core.rules.development import ApplicantRecord
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.services import awards, development, recommendations
from branchdesk.core.services.membership import member_ids_on, membership_periods

APPLICANT_NAMES = ("林语晨", "顾思琪", "许嘉宁", "沈一鸣", "陆可欣")
TRAINING = "参加示例街道团校第{n}期，{hours:g}学时，结业考核合格"


def _back(today: date, months: int, days: int = 0) -> date:
    return ages.add_months(today, -months) - timedelta(days=days)


def _this_year(today: date, months: int) -> date:
    """`months` before today, but not before 2 January of today's year (nor after today)."""
    return min(today, max(date(today.year, 1, 2), _back(today, months)))


def _active_on(session, branch_id: int, day: date) -> list[int]:
    """Members on the roster that day who are still 在册 now, in the order they were entered."""
    on = set(member_ids_on(session, branch_id, day))
    active = session.scalars(
        select(Member.id)
        .where(Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.id)
    )
    return [m for m in active if m in on]


def demo_registers_step(ctx, summary) -> None:
    from branchdesk.core.services.demo import fake_id_number

    s, branch_id, today = ctx.session, ctx.branch.id, ctx.today
    rng = random.Random(f"registers-{today.isoformat()}")

    def record(index: int, applied: date, **steps) -> ApplicantRecord:
        birth = ages.add_years(applied, -(15 + 2 * index)) - timedelta(days=rng.randrange(30, 300))
        gender = "女" if index % 2 else "男"
        return ApplicantRecord(
            name=APPLICANT_NAMES[index],
            id_number=fake_id_number(rng, birth, gender),
            phone=f"139{rng.randrange(10**7, 10**8)}",
            work_unit="示例社区居委会",
            applied_on=applied,
            **steps,
        )

    def vote(day: date, introducers: list[int]) -> dict:
        expected = len(member_ids_on(s, branch_id, day))
        present = expected - 3
        return dict(
            introducer1_id=introducers[0],
            introducer2_id=introducers[1],
            meeting_on=day,
            expected=expected,
            present=present,
            votes_for=present - 1,
        )

    # 1. through every step, and made a member (joins on the day of approval)
    meeting = _back(today, 5)
    approved = _back(today, 4)
    first = record(
        0,
        _back(today, 14),
        activist_on=_back(today, 11),
        training_hours=10,
        training=TRAINING.format(n=1, hours=10),
        candidate_on=_back(today, 7),
        **vote(meeting, _active_on(s, branch_id, meeting)),
        approved_on=approved,
        development_no=f"{approved.year}{rng.randrange(10**7, 10**8)}",
        ceremony_on=min(today, approved + timedelta(days=10)),
    )
    made = development.save_applicant(s, branch_id, None, first, today)
    new_member = development.convert_to_member(s, made, today)
    ctx.members.append(s.get(Member, new_member))
    summary.counts["团员"] = summary.counts.get("团员", 0) + 1
    # 2. a 发展对象 with two 介绍人, waiting for the 支部团员大会 (and 2 学时 short)
    introducers = _active_on(s, branch_id, today)[2:4]
    development.save_applicant(
        s,
        branch_id,
        None,
        record(
            1,
            _back(today, 10),
            activist_on=_back(today, 7),
            training_hours=6,  # short of the 8 学时: the register warns
            training=TRAINING.format(n=2, hours=6),
            candidate_on=_back(today, 1),
            introducer1_id=introducers[0],
            introducer2_id=introducers[1],
        ),
        today,
    )
    # 3. an 入团积极分子, 4 学时 so far
    development.save_applicant(
        s,
        branch_id,
        None,
        record(
            2,
            _back(today, 5),
            activist_on=_back(today, 2),
            training_hours=4,
            training="参加团课2次",
        ),
        today,
    )
    # 4. a new application, and 5. one who moved away
    development.save_applicant(s, branch_id, None, record(3, _back(today, 0, 20)), today)
    moved = development.save_applicant(s, branch_id, None, record(4, _back(today, 12)), today)
    development.stop_applicant(s, moved, _back(today, 6), "随家人迁往外地，终止发展", today)
    summary.counts["入团申请人"] = len(APPLICANT_NAMES)

    _recommendation_round(s, branch_id, today)
    summary.counts["推优入党"] = 1
    summary.counts["奖惩"] = _awards(s, branch_id, today)


def _recommendation_round(s, branch_id: int, today: date) -> None:
    held = _this_year(today, 3)
    periods = membership_periods(s, branch_id)
    eligible = []
    for m in s.scalars(select(Member).where(Member.branch_id == branch_id).order_by(Member.id)):
        refusal = recommendation.candidate_refusal(
            m.name,
            any(p.covers(held) for p in periods.get(m.id, [])),
            m.political_status,
            m.probationary_on,
            m.birth_date,
            m.join_date,
            held,
        )
        if refusal is None and m.status == MemberStatus.ACTIVE:
            eligible.append(m.id)
    expected = len(member_ids_on(s, branch_id, held))
    present = expected - 4
    picked = eligible[-3:]
    votes = [present - 1, present - 3, expected // 2]  # the last is not more than half of 应到
    applied = [_back(held, 14), _back(held, 9), _back(held, 4)]  # the last: under six months
    recommendations.save_round(
        s,
        branch_id,
        None,
        recommendations.RoundInput(
            held_on=held,
            expected=expected,
            present=present,
            candidates=[
                recommendations.CandidateInput(m, a, v)
                for m, a, v in zip(picked, applied, votes, strict=True)
            ],
            sent_on=min(today, held + timedelta(days=7)),
            party_branch="示例街道第一党支部",
        ),
        today,
    )


def _awards(s, branch_id: int, today: date) -> int:
    records = (
        ("表彰奖励", 6, "街道乡镇级", "示例街道团工委", "五四优秀共青团员"),
        (
            "帮教",
            5,
            "谈心谈话",
            "团支部书记",
            "连续三个月未参加组织生活，书记谈心谈话，本人表示改正",
        ),
        (
            "处分",
            4,
            "警告",
            "示例街道第一团支部",
            "无正当理由连续四个月不参加组织生活，经支部团员大会讨论决定",
        ),
    )
    for index, (kind, months, level, issuer, reason) in enumerate(records):
        day = _this_year(today, months)
        member_id = _active_on(s, branch_id, day)[10 + 7 * index]
        awards.save_award(
            s,
            branch_id,
            None,
            awards.AwardInput(kind, member_id, day, level, issuer, reason),
            today,
        )
    results = ("优秀", "合格", "合格", "合格", "基本合格", "合格")
    for year in (today.year - 1, today.year):
        day = date(year, 12, 31) if year < today.year else today
        for offset, result in enumerate(results):
            member_id = _active_on(s, branch_id, day)[offset * 3]
            awards.save_assessment(s, branch_id, member_id, year, result, today=today)
    return len(records)
