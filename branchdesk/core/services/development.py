"""发展团员 register: record applicants, and make an approved applicant a member in one step.

Every function is one thing the secretary does, inside the caller's transaction.
"""

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Applicant, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import development as rules
from branchdesk.core.rules.development import ApplicantRecord
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.rules.membership import on_roster
from branchdesk.core.rules.partial_date import Precision
from branchdesk.core.services import members
from branchdesk.core.services.membership import membership_periods

RECORD_FIELDS = tuple(f.name for f in fields(ApplicantRecord) if f.name != "notices")
GONE = "找不到这名入团申请人，可能已被删除。"


@dataclass
class ApplicantRow:
    """One line of the register (screen, Excel, handbook)."""

    id: int
    name: str
    gender: str
    birth_date: date
    id_number: str
    applied_on: date
    activist_on: date | None
    training_hours: float | None
    training: str
    candidate_on: date | None
    introducers: str
    meeting_on: date | None
    expected: int | None
    present: int | None
    votes_for: int | None
    approved_on: date | None
    development_no: str
    ceremony_on: date | None
    status: str
    stage: str
    member_id: int | None
    closed_on: date | None
    note: str
    warnings: list[str] = field(default_factory=list)

    @property
    def vote_text(self) -> str:
        """应到/实到/赞成, as the register prints it."""
        if self.meeting_on is None or self.expected is None:
            return ""
        return f"{self.expected}/{self.present}/{self.votes_for}"

    @property
    def hours_text(self) -> str:
        return "" if self.training_hours is None else f"{self.training_hours:g}"


def _record_of(a: Applicant) -> ApplicantRecord:
    record = ApplicantRecord(**{f: getattr(a, f) for f in RECORD_FIELDS})
    record.id_number = record.id_number or ""
    return record


def applicant_record(session: Session, applicant_id: int) -> tuple[ApplicantRecord, str]:
    """The applicant's fields for the form, and their status."""
    a = get_or_fail(session, Applicant, applicant_id, GONE)
    return _record_of(a), a.status


def _introducer_problems(
    session: Session, branch_id: int, rec: ApplicantRecord, today: date
) -> list[str]:
    """介绍人 are members of this branch, on the roster on the day of the 支部大会 (or today)."""
    ids = [i for i in (rec.introducer1_id, rec.introducer2_id) if i is not None]
    if not ids:
        return []
    day = rec.meeting_on or today
    found = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    periods = membership_periods(session, branch_id)
    problems = []
    for member_id in ids:
        m = found.get(member_id)
        if m is None or m.branch_id != branch_id:
            problems.append("入团介绍人应为本团支部的团员")
        elif not on_roster(periods.get(member_id, []), day):
            problems.append(f"入团介绍人{m.name}在{day:%Y年%m月%d日}不是本团支部的在册团员")
    return problems


def _number_taken(
    session: Session, branch_id: int, number: str, applicant_id: int | None
) -> str | None:
    if not number:
        return None
    other = session.scalar(
        select(Applicant.name).where(
            Applicant.branch_id == branch_id,
            Applicant.development_no == number,
            Applicant.id != (applicant_id or 0),
        )
    )
    if other is None:
        other = session.scalar(
            select(Member.name).where(
                Member.branch_id == branch_id,
                Member.development_no == number,
                Member.id.not_in(
                    select(Applicant.member_id).where(
                        Applicant.id == (applicant_id or 0), Applicant.member_id.is_not(None)
                    )
                ),
            )
        )
    return f"发展团员编号 {number} 已属于{other}" if other else None


def save_applicant(
    session: Session,
    branch_id: int,
    applicant_id: int | None,
    record: ApplicantRecord,
    today: date | None = None,
) -> int:
    """Add an applicant (applicant_id None) or save changes; returns the applicant's id."""
    today = today or date.today()
    existing = get_or_fail(session, Applicant, applicant_id, GONE) if applicant_id else None
    if existing is not None and existing.status == rules.JOINED:
        raise UserError(f"{existing.name}已转为团员，入团资料请在团员信息中修改。")
    clean, problems = rules.check(record, today)
    problems += _introducer_problems(session, branch_id, clean, today)
    taken = _number_taken(session, branch_id, clean.development_no, applicant_id)
    if taken:
        problems.append(taken)
    if problems:
        raise UserError("；".join(problems) + "。")
    applicant = existing or Applicant(branch_id=branch_id, status=rules.ACTIVE)
    for name in RECORD_FIELDS:
        setattr(applicant, name, getattr(clean, name))
    applicant.id_number = clean.id_number or None
    session.add(applicant)
    session.flush()
    return applicant.id


def convert_to_member(session: Session, applicant_id: int, today: date | None = None) -> int:
    """转为团员: the approved applicant becomes a member who joined on the day of approval,
    with the 发展团员编号; the register keeps the link. Returns the member's id."""
    a = get_or_fail(session, Applicant, applicant_id, GONE)
    rec = _record_of(a)
    problem = rules.conversion_problem(a.status, rec)
    if problem:
        raise UserError(problem + "。")
    assert rec.approved_on is not None
    member_record = MemberRecord(
        name=rec.name,
        gender=rec.gender,
        birth_date=rec.birth_date,
        id_number=rec.id_number,
        join_date=rec.approved_on,
        join_date_precision=Precision.DAY,
        development_no=rec.development_no,
        political_status="共青团员",
        phone=rec.phone,
        work_unit=rec.work_unit,
    )
    member = members.add_member(
        session,
        a.branch_id,
        member_record,
        since=rec.approved_on,
        reason="发展入团（上级团委批准）",
        today=today,
    )
    a.status = rules.JOINED
    a.member_id = member.id
    session.flush()
    return member.id


def stop_applicant(
    session: Session, applicant_id: int, on: date, reason: str, today: date | None = None
) -> None:
    """终止发展 (withdrawn, not approved, moved away): kept in the register with the day."""
    a = get_or_fail(session, Applicant, applicant_id, GONE)
    if a.status != rules.ACTIVE:
        raise UserError(f"{a.name}的状态是“{a.status}”，不能终止。")
    if on > (today or date.today()):
        raise UserError("终止日期还没有到。")
    if on < a.applied_on:
        raise UserError("终止日期不能早于递交入团申请书的日期。")
    reason = reason.strip()
    if not reason:
        raise UserError("请填写终止的原因。")
    a.status = rules.STOPPED
    a.closed_on = on
    a.note = (f"{a.note}；" if a.note else "") + f"终止：{reason}"
    if len(a.note) > rules.FIELD_LIMITS["note"][1]:
        raise UserError("原因太长，请简短一些。")
    session.flush()


def reopen_applicant(session: Session, applicant_id: int) -> None:
    """Undo 终止 (a mistake): back to 进行中."""
    a = get_or_fail(session, Applicant, applicant_id, GONE)
    if a.status != rules.STOPPED:
        raise UserError(f"{a.name}的发展程序没有终止。")
    a.status = rules.ACTIVE
    a.closed_on = None
    session.flush()


def delete_applicant(session: Session, applicant_id: int) -> None:
    """Remove a record entered by mistake (not one already made a member)."""
    a = get_or_fail(session, Applicant, applicant_id, GONE)
    if a.status == rules.JOINED:
        raise UserError(f"{a.name}已转为团员，发展记录要保留，不能删除。")
    session.delete(a)
    session.flush()


def register_rows(session: Session, branch_id: int, year: int | None = None) -> list[ApplicantRow]:
    """The register, by day of application; with `year`, those whose process ran in that year
    (applied by its end, and not approved, made members or stopped before it began)."""
    query = select(Applicant).where(Applicant.branch_id == branch_id)
    if year is not None:
        first = date(year, 1, 1)
        query = query.where(Applicant.applied_on <= date(year, 12, 31))
    names = dict(
        session.execute(select(Member.id, Member.name).where(Member.branch_id == branch_id)).all()
    )
    rows = []
    for a in session.scalars(query.order_by(Applicant.applied_on, Applicant.id)):
        if year is not None:
            end = a.closed_on if a.status == rules.STOPPED else a.ceremony_on or a.approved_on
            if a.status != rules.ACTIVE and end is not None and end < first:
                continue
        rows.append(_row(a, names))
    return rows


def _row(a: Applicant, names: dict[int, str]) -> ApplicantRow:
    rec = _record_of(a)
    introducers = "、".join(
        names.get(i, "") for i in (a.introducer1_id, a.introducer2_id) if i is not None
    )
    return ApplicantRow(
        id=a.id,
        name=a.name,
        gender=a.gender,
        birth_date=a.birth_date,
        id_number=a.id_number or "",
        applied_on=a.applied_on,
        activist_on=a.activist_on,
        training_hours=a.training_hours,
        training=a.training,
        candidate_on=a.candidate_on,
        introducers=introducers,
        meeting_on=a.meeting_on,
        expected=a.expected,
        present=a.present,
        votes_for=a.votes_for,
        approved_on=a.approved_on,
        development_no=a.development_no,
        ceremony_on=a.ceremony_on,
        status=a.status,
        stage=rules.stage(rec) if a.status == rules.ACTIVE else a.status,
        member_id=a.member_id,
        closed_on=a.closed_on,
        note=a.note,
        warnings=rules.warnings(rec) if a.status == rules.ACTIVE else [],
    )


def introducer_choices(session: Session, branch_id: int) -> list[tuple[int, str, str]]:
    """(id, name, id number) of members now 在册, for the 介绍人 pickers."""
    found = session.execute(
        select(Member.id, Member.name, Member.id_number)
        .where(Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.name_initials, Member.id)
    )
    return [(i, n, num or "") for i, n, num in found]
