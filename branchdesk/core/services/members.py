"""Members: add, edit, change status (archive / restore), and the rows of the roster."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Member, MemberStatusChange
from branchdesk.core.errors import CHANGED_ELSEWHERE, UserError
from branchdesk.core.rules import ages, consistency, member_record
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.member_status import ON_ROSTER, MemberStatus, can_change
from branchdesk.core.rules.membership import Period, periods_from_history
from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.text import name_initials

RECORD_FIELDS = tuple(f for f in MemberRecord.__dataclass_fields__ if f != "notices")


@dataclass(frozen=True)
class RosterRow:
    id: int
    name: str
    gender: str
    ethnicity: str
    birth_date: date
    id_number: str
    join_date: date | None
    join_date_precision: str
    education: str
    political_status: str
    phone: str
    league_post: str
    group_name: str
    status: str
    name_initials: str


def record_of(member: Member) -> MemberRecord:
    record = MemberRecord(**{f: getattr(member, f) for f in RECORD_FIELDS})
    record.id_number = record.id_number or ""  # NULL: not known yet (资料不全)
    return record


def _apply(member: Member, record: MemberRecord) -> None:
    for name, value in asdict(record).items():
        if name in RECORD_FIELDS:
            setattr(member, name, value if value is not None or name in _NULLABLE else "")
    member.id_number = record.id_number or None
    member.name_initials = name_initials(record.name)


_NULLABLE = {"birth_date", "join_date", "group_id", "probationary_on", "full_member_on"}


def _checked(record: MemberRecord, today: date | None) -> MemberRecord:
    clean, problems = member_record.check(record, today)
    if problems:
        raise UserError("；".join(p.message for p in problems) + "。")
    return clean


def find_by_id_number(session: Session, branch_id: int, id_number: str) -> Member | None:
    return session.scalar(
        select(Member).where(Member.branch_id == branch_id, Member.id_number == id_number)
    )


def add_member(
    session: Session,
    branch_id: int,
    record: MemberRecord,
    since: date | None = None,
    reason: str = "新增团员",
    today: date | None = None,
) -> Member:
    clean = _checked(record, today)
    if clean.id_number and find_by_id_number(session, branch_id, clean.id_number):
        raise UserError(f"身份证号 {clean.id_number} 已在本团支部的花名册中。")
    since = since or today or date.today()
    _check_roster_start(clean, [Period(since, None)])
    member = Member(branch_id=branch_id, status=MemberStatus.ACTIVE)
    _apply(member, clean)
    member.status_since = since
    member.history.append(
        MemberStatusChange(
            from_status=None, to_status=MemberStatus.ACTIVE, changed_on=since, reason=reason
        )
    )
    session.add(member)
    session.flush()
    return member


def update_member(
    session: Session, member_id: int, record: MemberRecord, today: date | None = None
) -> Member:
    member = _get(session, member_id)
    clean = _checked(record, today)
    other = clean.id_number and find_by_id_number(session, member.branch_id, clean.id_number)
    if other and other.id != member.id:
        raise UserError(f"身份证号 {clean.id_number} 已属于{other.name}。")
    _check_roster_start(
        clean, periods_from_history((h.changed_on, h.to_status) for h in member.history)
    )
    _apply(member, clean)
    session.flush()
    return member


def _check_roster_start(record: MemberRecord, periods: list[Period]) -> None:
    """On the roster only from the League join date (入团年月, usually known to the month)."""
    problem = consistency.roster_before_joining_problem(
        record.name, periods, record.join_date, record.join_date_precision
    )
    if problem:
        raise UserError(problem + "。")


def change_status(
    session: Session, member_id: int, new_status: str, on: date, reason: str = ""
) -> Member:
    """Move a member along the lifecycle, keeping a dated history entry."""
    member = _get(session, member_id)
    if member.status == new_status:
        raise UserError(f"{member.name}的状态已经是“{new_status}”。")
    if not can_change(member.status, new_status):
        raise UserError(f"{member.name}的状态不能从“{member.status}”改为“{new_status}”。")
    last = member.history[-1].changed_on if member.history else None
    if last is not None and on < last:  # the history would no longer end in the status
        raise UserError(
            f"{member.name}上一次状态变动在{format_chinese(last, 'D')}，"
            f"新的变动日期不能早于这一天。"
        )
    if new_status == MemberStatus.AGED_OUT:
        refusal = age_out_refusal(session, member_id, on)
        if refusal:
            raise UserError(refusal)
    member.history.append(
        MemberStatusChange(
            from_status=member.status, to_status=new_status, changed_on=on, reason=reason
        )
    )
    member.status = new_status
    member.status_since = on
    session.flush()
    return member


def age_out_refusal(session: Session, member_id: int, on: date) -> str | None:
    """Why this member may not be archived as 超龄离团 on `on` (None: they may)."""
    from branchdesk.core.services.branches import committee_member_ids

    member = _get(session, member_id)
    holds_post = bool(member.league_post.strip()) or member.id in committee_member_ids(
        session, member.branch_id
    )
    refusal = ages.age_out_refusal(member.birth_date, on, holds_post)
    return f"{member.name}{refusal}。" if refusal else None


def _get(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到这名团员，可能已被其他人修改。")
    return member


def roster_rows(
    session: Session, branch_id: int, include_archived: bool = False
) -> list[RosterRow]:
    """The branch's members as light read-only rows with RosterRow's attribute names.

    They are SQLAlchemy Core rows, not ORM objects or dataclasses: at 50,000 members that
    halves the time the roster page takes to open.
    """
    rows = session.connection().execute(roster_select(branch_id, include_archived)).all()
    return cast("list[RosterRow]", rows)  # duck-typed: same attribute names


def roster_select(branch_id: int, include_archived: bool = False, id_scan: bool = False) -> Select:
    """The query behind `roster_rows`, in member id order (callers may re-order or limit it).

    id_scan: walk the table in id order rather than look the branch up in its index, so that
    with a LIMIT the database stops after the first rows instead of sorting the whole branch.
    """
    from sqlalchemy import func

    from branchdesk.core.db.models import Group

    query = (
        select(
            Member.id,
            Member.name,
            Member.gender,
            Member.ethnicity,
            Member.birth_date,
            func.coalesce(Member.id_number, "").label("id_number"),
            Member.join_date,
            Member.join_date_precision,
            Member.education,
            Member.political_status,
            Member.phone,
            Member.league_post,
            func.coalesce(Group.name, "").label("group_name"),
            Member.status,
            Member.name_initials,
        )
        .outerjoin(Group, Member.group_id == Group.id)
        .where((Member.branch_id + 0 if id_scan else Member.branch_id) == branch_id)
        .order_by(Member.id)
    )
    if not include_archived:
        query = query.where(Member.status.in_([s.value for s in ON_ROSTER]))
    return query


@dataclass(frozen=True)
class StatusEntry:
    changed_on: date
    from_status: str | None
    to_status: str
    reason: str


@dataclass(frozen=True)
class MemberDetail:
    """One member for the edit form and the detail view."""

    id: int
    branch_id: int
    record: MemberRecord
    status: str
    status_since: date | None
    group_name: str
    history: list[StatusEntry]


def incomplete_count(session: Session, branch_id: int) -> int:
    """Members on the roster whose ID number is not known yet (资料不全)."""
    from sqlalchemy import func

    return session.execute(
        select(func.count()).where(
            Member.branch_id == branch_id,
            Member.id_number.is_(None),
            Member.status.in_([s.value for s in ON_ROSTER]),
        )
    ).scalar_one()


def member_detail(session: Session, member_id: int) -> MemberDetail:
    member = _get(session, member_id)
    return MemberDetail(
        id=member.id,
        branch_id=member.branch_id,
        record=record_of(member),
        status=member.status,
        status_since=member.status_since,
        group_name=member.group.name if member.group else "",
        history=[
            StatusEntry(h.changed_on, h.from_status, h.to_status, h.reason) for h in member.history
        ],
    )


@dataclass
class MemberFormData:
    """What the member form opens with: the record (empty for a new member) and the groups."""

    branch_id: int
    record: MemberRecord
    groups: list[tuple[int, str]]
    #: the member's version as read (None for a new member): saving checks it is unchanged
    version: int | None = None


def member_form_data(session: Session, branch_id: int, member_id: int | None) -> MemberFormData:
    from branchdesk.core.db.models import Group

    record = MemberRecord()
    version = None
    if member_id is not None:
        detail = member_detail(session, member_id)
        branch_id, record = detail.branch_id, detail.record
        version = _get(session, member_id).version
    groups = session.execute(
        select(Group.id, Group.name)
        .where(Group.branch_id == branch_id)
        .order_by(Group.sort_order, Group.id)
    )
    return MemberFormData(branch_id, record, [(gid, name) for gid, name in groups], version)


def save_member_record(
    session: Session,
    branch_id: int,
    member_id: int | None,
    record: MemberRecord,
    today: date | None = None,
    expected_version: int | None = None,
) -> int:
    """Add (member_id None) or update a member from the form; returns the member's id.

    `expected_version`: the member's version when the form was opened; if someone else saved
    the member since (another copy of the program on a shared database), nothing is saved."""
    if member_id is None:
        return add_member(session, branch_id, record, today=today).id
    if expected_version is not None and _get(session, member_id).version != expected_version:
        raise UserError(CHANGED_ELSEWHERE)
    return update_member(session, member_id, record, today=today).id


def id_numbers(session: Session, branch_id: int) -> dict[int, str]:
    """Member id → ID number, for the person pickers that find a member by ID digits."""
    rows = session.execute(select(Member.id, Member.id_number).where(Member.branch_id == branch_id))
    return {member_id: number or "" for member_id, number in rows}
