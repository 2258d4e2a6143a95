"""推优入党 register: a 支部团员大会 (无记名投票) puts members forward to the Party branch.

A round is saved as a whole (the meeting's 应到/实到, each candidate with the votes for them)
in one action; a candidate who may not be put forward is refused with the reason.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Member, Recommendation, RecommendationRound
from branchdesk.core.errors import UserError
from branchdesk.core.rules import recommendation as rules
from branchdesk.core.services.membership import membership_periods, roster_count
from branchdesk.core.services.settings_store import (
    RECOMMEND_CAP,
    get_branch_setting,
    set_branch_setting,
)

GONE = "找不到这次推优记录，可能已被删除。"
TEXT_LIMITS = {"party_branch": ("接收党组织", 100), "note": ("备注", 200)}


def recommend_cap(session: Session, branch_id: int) -> float:
    """推荐 at most this % of the members on the roster on the day (more is warned about)."""
    return float(get_branch_setting(session, branch_id, RECOMMEND_CAP))


def set_recommend_cap(session: Session, branch_id: int, percent: float) -> None:
    if not 1 <= percent <= 100:
        raise UserError("推优入党比例上限应在 1% 到 100% 之间。")
    set_branch_setting(session, branch_id, RECOMMEND_CAP, percent)


@dataclass
class CandidateInput:
    member_id: int
    party_application_on: date | None = None
    #: None until the votes are counted
    votes_for: int | None = None
    note: str = ""


@dataclass
class RoundInput:
    held_on: date | None
    expected: int
    present: int
    candidates: list[CandidateInput]
    secret_ballot: bool = True
    sent_on: date | None = None
    party_branch: str = ""
    note: str = ""


@dataclass
class CandidateRow:
    round_id: int
    member_id: int
    name: str
    gender: str
    birth_date: date | None
    join_date: date | None
    party_application_on: date | None
    votes_for: int | None
    result: str
    note: str
    held_on: date
    expected: int
    present: int
    sent_on: date | None
    party_branch: str
    warning: str = ""


@dataclass
class RoundRow:
    id: int
    held_on: date
    expected: int
    present: int
    secret_ballot: bool
    sent_on: date | None
    party_branch: str
    note: str
    candidates: list[CandidateRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def recommended(self) -> list[str]:
        return [c.name for c in self.candidates if c.result == rules.RECOMMENDED]


def _check(session: Session, branch_id: int, data: RoundInput, today: date) -> list[str]:
    if data.held_on is None:
        return ["缺少推优大会的日期"]
    problems = []
    if data.held_on > today:
        problems.append(f"推优大会的日期（{data.held_on:%Y年%m月%d日}）还没有到")
    problems += rules.meeting_problems(data.expected, data.present)
    if data.sent_on is not None and data.sent_on < data.held_on:
        problems.append("报送党组织的日期不能早于推优大会")
    if data.sent_on is not None and data.sent_on > today:
        problems.append("报送党组织的日期还没有到")
    for key, (label, limit) in TEXT_LIMITS.items():
        if len(getattr(data, key)) > limit:
            problems.append(f"{label}最多{limit}个字")
    if not data.candidates:
        problems.append("请至少添加一名推优人选")
    ids = [c.member_id for c in data.candidates]
    if len(set(ids)) != len(ids):
        problems.append("同一名团员在名单中出现了两次")
    found = {
        m.id: m
        for m in session.scalars(
            select(Member).where(Member.id.in_(ids), Member.branch_id == branch_id)
        )
    }
    periods = membership_periods(session, branch_id)
    for c in data.candidates:
        m = found.get(c.member_id)
        if m is None:
            problems.append("推优人选应为本团支部的团员")
            continue
        refusal = rules.candidate_refusal(
            m.name,
            any(p.covers(data.held_on) for p in periods.get(m.id, [])),
            m.political_status,
            m.probationary_on,
            m.birth_date,
            m.join_date,
            data.held_on,
        )
        if refusal:
            problems.append(refusal)
        if c.votes_for is not None:
            problem = rules.vote_problem(m.name, c.votes_for, data.present)
            if problem:
                problems.append(problem)
        if c.party_application_on is not None and c.party_application_on > data.held_on:
            problems.append(f"{m.name}递交入党申请书的日期晚于推优大会")
        if len(c.note) > 200:
            problems.append(f"{m.name}的备注最多200个字")
    if data.sent_on is not None and any(c.votes_for is None for c in data.candidates):
        problems.append("报送党组织前，请填写每名人选的赞成票数")
    return problems


def save_round(
    session: Session,
    branch_id: int,
    round_id: int | None,
    data: RoundInput,
    today: date | None = None,
) -> int:
    """Hold a 推优 round (round_id None) or save changes to it; returns the round's id."""
    today = today or date.today()
    problems = _check(session, branch_id, data, today)
    if problems:
        raise UserError("；".join(problems) + "。")
    assert data.held_on is not None  # (_check refuses a round without its day)
    found = (
        get_or_fail(session, RecommendationRound, round_id, GONE)
        if round_id
        else RecommendationRound(branch_id=branch_id)
    )
    found.held_on = data.held_on
    found.expected = data.expected
    found.present = data.present
    found.secret_ballot = data.secret_ballot
    found.sent_on = data.sent_on
    found.party_branch = data.party_branch.strip()
    found.note = data.note.strip()
    by_member = {c.member_id: c for c in found.candidates}
    keep = []
    for c in data.candidates:
        row = by_member.get(c.member_id) or Recommendation(member_id=c.member_id)
        row.party_application_on = c.party_application_on
        row.votes_for = c.votes_for
        row.result = rules.result_of(c.votes_for, data.expected)
        row.note = c.note.strip()
        keep.append(row)
    found.candidates = keep
    session.add(found)
    session.flush()
    return found.id


def delete_round(session: Session, round_id: int) -> None:
    found = get_or_fail(session, RecommendationRound, round_id, GONE)
    if found.sent_on is not None:
        raise UserError("这次推优已报送党组织，记录要保留，不能删除。")
    session.delete(found)
    session.flush()


def round_input(session: Session, round_id: int) -> RoundInput:
    """A saved round as the form edits it."""
    r = get_or_fail(session, RecommendationRound, round_id, GONE)
    return RoundInput(
        held_on=r.held_on,
        expected=r.expected,
        present=r.present,
        secret_ballot=r.secret_ballot,
        sent_on=r.sent_on,
        party_branch=r.party_branch,
        note=r.note,
        candidates=[
            CandidateInput(c.member_id, c.party_application_on, c.votes_for, c.note)
            for c in r.candidates
        ],
    )


def rounds(session: Session, branch_id: int, year: int | None = None) -> list[RoundRow]:
    """Every round (or those held in `year`), latest last, with candidates and warnings."""
    query = (
        select(RecommendationRound)
        .where(RecommendationRound.branch_id == branch_id)
        .options(selectinload(RecommendationRound.candidates).selectinload(Recommendation.member))
        .order_by(RecommendationRound.held_on, RecommendationRound.id)
    )
    if year is not None:
        query = query.where(
            RecommendationRound.held_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    cap_percent = recommend_cap(session, branch_id)
    out = []
    for r in session.scalars(query):
        row = RoundRow(
            r.id,
            r.held_on,
            r.expected,
            r.present,
            r.secret_ballot,
            r.sent_on,
            r.party_branch,
            r.note,
        )
        for c in r.candidates:
            m = c.member
            row.candidates.append(
                CandidateRow(
                    round_id=r.id,
                    member_id=m.id,
                    name=m.name,
                    gender=m.gender,
                    birth_date=m.birth_date,
                    join_date=m.join_date,
                    party_application_on=c.party_application_on,
                    votes_for=c.votes_for,
                    result=c.result,
                    note=c.note,
                    held_on=r.held_on,
                    expected=r.expected,
                    present=r.present,
                    sent_on=r.sent_on,
                    party_branch=r.party_branch,
                    warning=rules.application_warning(m.name, c.party_application_on, r.held_on)
                    or "",
                )
            )
        row.warnings = [c.warning for c in row.candidates if c.warning]
        on_roster = roster_count(session, branch_id, r.held_on)
        cap = rules.cap_warning(len(row.recommended), on_roster, cap_percent)
        if cap:
            row.warnings.append(cap)
        out.append(row)
    return out


def register_rows(session: Session, branch_id: int, year: int | None = None) -> list[CandidateRow]:
    """Every candidate of every round (of `year`), in the order of the rounds."""
    return [c for r in rounds(session, branch_id, year) for c in r.candidates]


def candidate_refusals(session: Session, branch_id: int, on: date) -> dict[int, str]:
    """member id → why they cannot be put forward on `on`, for members now on the list."""
    periods = membership_periods(session, branch_id)
    out = {}
    for m in session.scalars(select(Member).where(Member.branch_id == branch_id)):
        refusal = rules.candidate_refusal(
            m.name,
            any(p.covers(on) for p in periods.get(m.id, [])),
            m.political_status,
            m.probationary_on,
            m.birth_date,
            m.join_date,
            on,
        )
        if refusal:
            out[m.id] = refusal
    return out
