"""`branchdesk check`: a branch's records checked against each other.

Each finding names the member and the record, says in Chinese what is wrong and where to fix it
(`Target`). The rules are in `rules/consistency.py`; the services that create records refuse the
same contradictions, so findings come from older data, imports or records changed later (a
transfer dated back, a join date corrected).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import (
    AnnualRound,
    Applicant,
    Assessment,
    AwardRecord,
    Branch,
    CommitteePost,
    DuesExemption,
    DuesPayment,
    Group,
    Meeting,
    MeetingAttendance,
    Member,
    MemberStatusChange,
    Recommendation,
    RecommendationRound,
    RoundResult,
)
from branchdesk.core.errors import UserError
from branchdesk.core.rules import consistency as rules
from branchdesk.core.rules.alert import FINDINGS_PAGE, Alert
from branchdesk.core.rules.consistency import Finding, FindingKind, Target, TargetKind
from branchdesk.core.rules.dues_standards import Month, receipt_number
from branchdesk.core.rules.meeting_kinds import ROUND_TITLES
from branchdesk.core.rules.membership import Period, on_roster
from branchdesk.core.services.membership import membership_periods
from branchdesk.core.services.rounds import round_day


@dataclass
class _Branch:
    """What every check needs, loaded once."""

    session: Session
    branch_id: int
    today: date
    names: dict[int, str]
    periods: dict[int, list[Period]]

    def name(self, member_id: int) -> str:
        return self.names.get(member_id, f"团员{member_id}")

    def periods_of(self, member_id: int) -> list[Period]:
        return self.periods.get(member_id, [])


Check = Callable[[_Branch], list[Finding]]


def _attendance_suspects(b: _Branch) -> list[int]:
    """Members with attendance not inside one period on the roster, from each member's first
    and last meeting day (a few thousand rows instead of every attendance row)."""
    spans = b.session.execute(
        select(MeetingAttendance.member_id, func.min(Meeting.held_on), func.max(Meeting.held_on))
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(Meeting.branch_id == b.branch_id)
        .group_by(MeetingAttendance.member_id)
    )
    return sorted(
        member_id
        for member_id, first, last in spans
        if not any(p.covers(first) and p.covers(last) for p in b.periods_of(member_id))
    )


def _attendance(b: _Branch) -> list[Finding]:
    suspects = _attendance_suspects(b)
    query = select(Meeting.id, Meeting.kind, Meeting.held_on, MeetingAttendance.member_id).join(
        MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id
    )
    rows = [
        row
        for start in range(0, len(suspects), 500)
        for row in b.session.execute(
            query.where(
                Meeting.branch_id == b.branch_id,
                MeetingAttendance.member_id.in_(suspects[start : start + 500]),
            )
        )
    ]
    rows.sort(key=lambda r: (r.held_on, r.id, r.member_id))
    found = []
    for meeting_id, kind, held_on, member_id in rows:
        name = b.name(member_id)
        problem = rules.not_member_on(name, b.periods_of(member_id), held_on, "列入应到名单")
        if problem:
            found.append(
                Finding(
                    FindingKind.ATTENDANCE_NOT_MEMBER,
                    member_id,
                    name,
                    f"{kind}（{held_on:%Y-%m-%d}）",
                    f"{problem}：请在会议记录中核对出勤名单，或核对其状态变动日期。",
                    Target(TargetKind.MEETING, meeting_id),
                )
            )
    return found


def _meeting_roles(b: _Branch) -> list[Finding]:
    rows = b.session.execute(
        select(Meeting.id, Meeting.kind, Meeting.held_on, Meeting.host_id, Meeting.recorder_id)
        .where(Meeting.branch_id == b.branch_id, Meeting.is_draft.is_(False))
        .order_by(Meeting.held_on, Meeting.id)
    )
    found = []
    for meeting_id, kind, held_on, host_id, recorder_id in rows:
        for role, member_id in (("主持人", host_id), ("记录人", recorder_id)):
            if member_id is None:
                continue
            name = b.name(member_id)
            problem = rules.not_member_on(name, b.periods_of(member_id), held_on, f"担任{role}")
            if problem:
                found.append(
                    Finding(
                        FindingKind.MEETING_ROLE_NOT_MEMBER,
                        member_id,
                        name,
                        f"{kind}（{held_on:%Y-%m-%d}）",
                        f"{problem}：请在会议记录中另选{role}。",
                        Target(TargetKind.MEETING, meeting_id),
                    )
                )
    return found


def _payments(b: _Branch) -> list[Finding]:
    rows = b.session.execute(
        select(
            DuesPayment.id,
            DuesPayment.member_id,
            DuesPayment.first_month,
            DuesPayment.last_month,
            DuesPayment.receipt_year,
            DuesPayment.receipt_seq,
        )
        .where(DuesPayment.branch_id == b.branch_id, DuesPayment.void_reason == "")
        .order_by(DuesPayment.receipt_year, DuesPayment.receipt_seq)
    )
    found = []
    for payment_id, member_id, first, last, year, seq in rows:
        periods = b.periods_of(member_id)
        if any(p.covers(first) and p.covers(Month.of(last).last_day) for p in periods):
            continue  # the usual case, without building month lists
        name = b.name(member_id)
        problem = rules.months_problem(
            name, periods, Month.of(first), Month.of(last), "交纳这些月份的团费"
        )
        if problem:
            receipt = receipt_number(year, seq)
            found.append(
                Finding(
                    FindingKind.PAYMENT_NOT_MEMBER,
                    member_id,
                    name,
                    f"团费收据{receipt}",
                    f"{problem}：请作废收据{receipt}后按在册月份重新登记。",
                    Target(TargetKind.PAYMENT, payment_id, member_id),
                )
            )
    return found


def _exemptions(b: _Branch) -> list[Finding]:
    rows = b.session.scalars(
        select(DuesExemption)
        .join(Member, Member.id == DuesExemption.member_id)
        .where(Member.branch_id == b.branch_id)
        .order_by(DuesExemption.first_month, DuesExemption.id)
    )
    found = []
    for e in rows:
        name = b.name(e.member_id)
        first, last = Month.of(e.first_month), Month.of(e.last_month)
        problem = rules.months_problem(name, b.periods_of(e.member_id), first, last, "免缴团费")
        if problem:
            found.append(
                Finding(
                    FindingKind.EXEMPTION_NOT_MEMBER,
                    e.member_id,
                    name,
                    f"免缴{first.label}—{last.label}",
                    f"{problem}：请删除这条免缴记录，再按在册月份重新登记。",
                    Target(TargetKind.EXEMPTION, e.id, e.member_id),
                )
            )
    return found


def _posts(b: _Branch) -> list[Finding]:
    rows = b.session.execute(
        select(
            CommitteePost.title,
            CommitteePost.started_on,
            Member.id,
            Member.join_date,
            Member.join_date_precision,
        )
        .join(Member, Member.id == CommitteePost.member_id)
        .where(CommitteePost.branch_id == b.branch_id)
        .order_by(CommitteePost.sort_order, CommitteePost.id)
    )
    found = []
    for title, started_on, member_id, join_date, precision in rows:
        name, periods = b.name(member_id), b.periods_of(member_id)
        problem = rules.post_problem(name, title, started_on, periods, join_date, precision)
        if problem:
            found.append(
                Finding(
                    FindingKind.POST_BEFORE_JOINING,
                    member_id,
                    name,
                    f"支委：{title}",
                    f"{problem}：请在设置中核对任职日期。",
                    Target(TargetKind.BRANCH, b.branch_id),
                )
            )
        elif not on_roster(periods, b.today):
            found.append(
                Finding(
                    FindingKind.POST_HOLDER_LEFT,
                    member_id,
                    name,
                    f"支委：{title}",
                    f"{name}已不在本团支部的花名册上，仍登记为{title}：请在设置中调整支委。",
                    Target(TargetKind.BRANCH, b.branch_id),
                )
            )
    leaders = b.session.execute(
        select(Group.name, Member.id)
        .join(Member, Member.id == Group.leader_id)
        .where(Group.branch_id == b.branch_id)
        .order_by(Group.sort_order, Group.id)
    )
    for group_name, member_id in leaders:
        name = b.name(member_id)
        if not on_roster(b.periods_of(member_id), b.today):
            found.append(
                Finding(
                    FindingKind.POST_HOLDER_LEFT,
                    member_id,
                    name,
                    f"团小组组长：{group_name}",
                    f"{name}已不在本团支部的花名册上，仍登记为{group_name}组长："
                    "请在设置中另选组长。",
                    Target(TargetKind.BRANCH, b.branch_id),
                )
            )
    return found


def _members(b: _Branch) -> list[Finding]:
    members = b.session.execute(
        select(
            Member.id,
            Member.birth_date,
            Member.political_status,
            Member.join_date,
            Member.join_date_precision,
            Member.status,
            Member.probationary_on,
        )
        .where(Member.branch_id == b.branch_id)
        .order_by(Member.id)
    ).all()
    last_status = _last_statuses(b)
    found = []
    for member_id, birth, political, join_date, precision, status, probationary in members:
        name = b.name(member_id)
        target = Target(TargetKind.MEMBER, member_id)
        problem = rules.party_age_problem(birth, political, b.today, probationary)
        if problem:
            found.append(
                Finding(
                    FindingKind.PARTY_TOO_YOUNG,
                    member_id,
                    name,
                    "团员信息",
                    f"{name}：{problem}，请核对出生日期和政治面貌。",
                    target,
                )
            )
        problem = rules.roster_before_joining_problem(
            name, b.periods_of(member_id), join_date, precision
        )
        if problem:
            found.append(
                Finding(
                    FindingKind.ROSTER_BEFORE_JOINING,
                    member_id,
                    name,
                    "团员信息",
                    f"{problem}：请核对入团年月。",
                    target,
                )
            )
        recorded = last_status.get(member_id)
        if recorded != status:
            found.append(
                Finding(
                    FindingKind.STATUS_HISTORY_MISMATCH,
                    member_id,
                    name,
                    "状态变动",
                    f"{name}的状态为“{status}”，但状态变动记录的最后一条是"
                    f"“{recorded or '（无）'}”：请核对状态变动。",
                    target,
                )
            )
    return found


def _last_statuses(b: _Branch) -> dict[int, str]:
    rows = b.session.execute(
        select(MemberStatusChange.member_id, MemberStatusChange.to_status)
        .join(Member, Member.id == MemberStatusChange.member_id)
        .where(Member.branch_id == b.branch_id)
        .order_by(MemberStatusChange.changed_on, MemberStatusChange.id)
    )
    return {member_id: status for member_id, status in rows}


def _rounds(b: _Branch) -> list[Finding]:
    rows = b.session.execute(
        select(AnnualRound, RoundResult.member_id, RoundResult.result)
        .join(RoundResult, RoundResult.round_id == AnnualRound.id)
        .where(AnnualRound.branch_id == b.branch_id, RoundResult.result != "")
        .order_by(AnnualRound.year, AnnualRound.kind, RoundResult.id)
    )
    found = []
    for found_round, member_id, result in rows:
        day = round_day(found_round)
        name = b.name(member_id)
        title = f"{found_round.year}年{ROUND_TITLES.get(found_round.kind, found_round.kind)}"
        problem = rules.not_member_on(name, b.periods_of(member_id), day, f"有{title}结果")
        if problem:
            found.append(
                Finding(
                    FindingKind.ROUND_RESULT_NOT_MEMBER,
                    member_id,
                    name,
                    f"{title}：{result}",
                    f"{problem}（{title}于{rules.day_text(day)}进行）：请清除这条结果。",
                    Target(TargetKind.ROUND, found_round.id, found_round.year, found_round.kind),
                )
            )
    return found


def _registers(b: _Branch) -> list[Finding]:
    """奖惩 on a day, 考核 of a year, 推优 at a meeting, 介绍人 at the 支部大会: on the roster then."""
    found = []

    def add(member_id: int, record: str, problem: str | None, target: Target) -> None:
        if problem:
            message = f"{problem}：请在“组织建设”中更正或删除这条记录。"
            found.append(
                Finding(
                    FindingKind.REGISTER_NOT_MEMBER,
                    member_id,
                    b.name(member_id),
                    record,
                    message,
                    target,
                )
            )

    awards = b.session.scalars(
        select(AwardRecord)
        .where(AwardRecord.branch_id == b.branch_id)
        .order_by(AwardRecord.decided_on, AwardRecord.id)
    )
    for a in awards:
        what = f"有{a.kind}记录"
        problem = rules.not_member_on(
            b.name(a.member_id), b.periods_of(a.member_id), a.decided_on, what
        )
        add(
            a.member_id,
            f"{a.kind} {rules.day_text(a.decided_on)}",
            problem,
            Target(TargetKind.REGISTERS, a.id, key="awards"),
        )
    assessments = b.session.scalars(
        select(Assessment).where(Assessment.branch_id == b.branch_id).order_by(Assessment.id)
    )
    for x in assessments:
        first, last = date(x.year, 1, 1), date(x.year, 12, 31)
        if not any(p.overlaps(first, last) for p in b.periods_of(x.member_id)):
            problem = f"{b.name(x.member_id)}{x.year}年不在本团支部的花名册上，不能有当年的考核结果"
            add(
                x.member_id,
                f"{x.year}年考核：{x.result}",
                problem,
                Target(TargetKind.REGISTERS, x.id, x.year, key="assessment"),
            )
    candidates = b.session.execute(
        select(RecommendationRound, Recommendation.member_id)
        .join(Recommendation, Recommendation.round_id == RecommendationRound.id)
        .where(RecommendationRound.branch_id == b.branch_id)
        .order_by(RecommendationRound.held_on, Recommendation.id)
    )
    for r, member_id in candidates:
        problem = rules.not_member_on(
            b.name(member_id), b.periods_of(member_id), r.held_on, "作为推优人选"
        )
        add(
            member_id,
            f"推优大会 {rules.day_text(r.held_on)}",
            problem,
            Target(TargetKind.REGISTERS, r.id, key="recommendation"),
        )
    applicants = b.session.scalars(
        select(Applicant)
        .where(Applicant.branch_id == b.branch_id, Applicant.meeting_on.is_not(None))
        .order_by(Applicant.meeting_on, Applicant.id)
    )
    for p in applicants:
        for introducer in (p.introducer1_id, p.introducer2_id):
            if introducer is None or p.meeting_on is None:
                continue
            what = f"作{p.name}的入团介绍人"
            problem = rules.not_member_on(
                b.name(introducer), b.periods_of(introducer), p.meeting_on, what
            )
            add(
                introducer,
                f"{p.name}的支部大会 {rules.day_text(p.meeting_on)}",
                problem,
                Target(TargetKind.REGISTERS, p.id, key="development"),
            )
    return found


#: Every check, in the order findings are listed.
CHECKS: list[Check] = [
    _members,
    _posts,
    _attendance,
    _meeting_roles,
    _rounds,
    _registers,
    _payments,
    _exemptions,
]


def check_branch(session: Session, branch_id: int, today: date | None = None) -> list[Finding]:
    """Every contradiction among the branch's records (an empty list: none)."""
    if session.get(Branch, branch_id) is None:
        raise UserError("找不到这个团支部。")
    names = dict(
        session.execute(select(Member.id, Member.name).where(Member.branch_id == branch_id)).all()
    )
    context = _Branch(
        session, branch_id, today or date.today(), names, membership_periods(session, branch_id)
    )
    return [finding for check in CHECKS for finding in check(context)]


def report_lines(findings: list[Finding]) -> list[str]:
    """What `branchdesk check` prints: a count, then one line per finding."""
    if not findings:
        return ["未发现相互矛盾的记录。"]
    lines = [f"发现 {len(findings)} 处相互矛盾的记录："]
    lines += [f"{n}. 【{f.label}】{f.record}：{f.message}" for n, f in enumerate(findings, 1)]
    return lines


def consistency_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """Home page: one item when records contradict each other (the list opens from it)."""
    findings = check_branch(session, branch_id, today)
    if not findings:
        return []
    first = findings[0]
    more = f"等 {len(findings)} 处" if len(findings) > 1 else ""
    return [
        Alert(
            "overdue",
            "记录核查",
            f"{first.member_name}：{first.label}{more}记录相互矛盾，请逐条核对修改",
            FINDINGS_PAGE,
        )
    ]
