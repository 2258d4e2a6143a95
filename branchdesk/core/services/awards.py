"""奖惩 (表彰奖励, 帮教, 处分) and 考核 registers: one record per action, the rows to show."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Assessment, AwardRecord, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import awards as rules
from branchdesk.core.services.membership import membership_periods

GONE = "找不到这条奖惩记录，可能已被删除。"


@dataclass
class AwardInput:
    kind: str
    member_id: int | None
    decided_on: date | None
    level: str = ""
    issuer: str = ""
    reason: str = ""
    note: str = ""


@dataclass
class AwardRow:
    id: int
    kind: str
    member_id: int
    name: str
    gender: str
    decided_on: date
    level: str
    issuer: str
    reason: str
    note: str


@dataclass
class AssessmentRow:
    id: int
    year: int
    member_id: int
    name: str
    gender: str
    result: str
    note: str


def _member_in_branch(session: Session, branch_id: int, member_id: int) -> Member:
    m = get_or_fail(session, Member, member_id, "找不到这名团员，可能已被删除。")
    if m.branch_id != branch_id:
        raise UserError("这名团员不属于本团支部。")
    return m


def save_award(
    session: Session,
    branch_id: int,
    award_id: int | None,
    data: AwardInput,
    today: date | None = None,
) -> int:
    """Record (award_id None) or correct a 表彰奖励 / 帮教 / 处分; returns its id."""
    today = today or date.today()
    texts = {k: getattr(data, k).strip() for k in rules.FIELD_LIMITS}
    problems = rules.award_problems(data.kind, data.member_id, data.decided_on, texts, today)
    if problems:
        raise UserError("；".join(problems) + "。")
    assert data.member_id is not None and data.decided_on is not None
    m = _member_in_branch(session, branch_id, data.member_id)
    periods = membership_periods(session, branch_id).get(m.id, [])
    if not any(p.covers(data.decided_on) for p in periods):
        raise UserError(f"{m.name}在{data.decided_on:%Y年%m月%d日}不在本团支部的花名册上。")
    record = (
        get_or_fail(session, AwardRecord, award_id, GONE)
        if award_id
        else AwardRecord(branch_id=branch_id)
    )
    record.kind = data.kind
    record.member_id = m.id
    record.decided_on = data.decided_on
    for key, value in texts.items():
        setattr(record, key, value)
    session.add(record)
    session.flush()
    return record.id


def award_input(session: Session, award_id: int) -> AwardInput:
    r = get_or_fail(session, AwardRecord, award_id, GONE)
    return AwardInput(r.kind, r.member_id, r.decided_on, r.level, r.issuer, r.reason, r.note)


def delete_award(session: Session, award_id: int) -> None:
    session.delete(get_or_fail(session, AwardRecord, award_id, GONE))
    session.flush()


def award_rows(
    session: Session, branch_id: int, year: int | None = None, kind: str | None = None
) -> list[AwardRow]:
    query = (
        select(AwardRecord, Member.name, Member.gender)
        .join(Member, Member.id == AwardRecord.member_id)
        .where(AwardRecord.branch_id == branch_id)
        .order_by(AwardRecord.decided_on, AwardRecord.id)
    )
    if year is not None:
        query = query.where(AwardRecord.decided_on.between(date(year, 1, 1), date(year, 12, 31)))
    if kind is not None:
        query = query.where(AwardRecord.kind == kind)
    return [
        AwardRow(
            r.id,
            r.kind,
            r.member_id,
            name,
            gender,
            r.decided_on,
            r.level,
            r.issuer,
            r.reason,
            r.note,
        )
        for r, name, gender in session.execute(query)
    ]


def save_assessment(
    session: Session,
    branch_id: int,
    member_id: int,
    year: int,
    result: str,
    note: str = "",
    today: date | None = None,
) -> int:
    """Record a member's 考核 result for a year (replacing one recorded before); returns its id."""
    today = today or date.today()
    problems = rules.assessment_problems(year, result, today)
    if len(note.strip()) > 200:
        problems.append("备注最多200个字")
    if problems:
        raise UserError("；".join(problems) + "。")
    m = _member_in_branch(session, branch_id, member_id)
    periods = membership_periods(session, branch_id).get(m.id, [])
    if not any(p.overlaps(date(year, 1, 1), date(year, 12, 31)) for p in periods):
        raise UserError(f"{m.name}在{year}年不在本团支部的花名册上。")
    found = session.scalar(
        select(Assessment).where(
            Assessment.branch_id == branch_id,
            Assessment.member_id == member_id,
            Assessment.year == year,
        )
    ) or Assessment(branch_id=branch_id, member_id=member_id, year=year)
    found.result = result
    found.note = note.strip()
    session.add(found)
    session.flush()
    return found.id


def delete_assessment(session: Session, assessment_id: int) -> None:
    session.delete(get_or_fail(session, Assessment, assessment_id, "找不到这条考核记录。"))
    session.flush()


def assessment_rows(
    session: Session, branch_id: int, year: int | None = None
) -> list[AssessmentRow]:
    query = (
        select(Assessment, Member.name, Member.gender)
        .join(Member, Member.id == Assessment.member_id)
        .where(Assessment.branch_id == branch_id)
        .order_by(Assessment.year, Member.name_initials, Member.id)
    )
    if year is not None:
        query = query.where(Assessment.year == year)
    return [
        AssessmentRow(a.id, a.year, a.member_id, name, gender, a.result, a.note)
        for a, name, gender in session.execute(query)
    ]
