"""组织关系转接: transfer members out (numbered letters) and in, and the transfer register.

Each function is one thing a secretary does; the caller owns the transaction.
"""

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, Member, Transfer
from branchdesk.core.errors import UserError
from branchdesk.core.progress import ProgressFn, report
from branchdesk.core.rules import ages, member_record
from branchdesk.core.rules import transfer_state as ts
from branchdesk.core.rules.alert import Alert
from branchdesk.core.rules.dues_standards import yuan
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.member_status import MemberStatus, is_archived
from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.rules.transfer_state import Direction, TransferStatus
from branchdesk.core.services import dues, members


@dataclass(frozen=True)
class TransferRow:
    """One line of the 组织关系转接 register."""

    id: int
    direction: str
    status: str
    year: int
    letter_no: str
    member_id: int | None
    name: str
    gender: str
    id_number: str
    reason: str
    other_org: str  # 转往单位 (out) / 转出单位 (in)
    issued_on: date
    validity_days: int
    expires_on: date | None  # out only
    completed_on: date | None
    closed_on: date | None
    note: str
    waiting_too_long: bool
    #: on a letter just issued: the member's unpaid dues (欠缴), to settle or explain; else ""
    dues_warning: str = ""


@dataclass(frozen=True)
class LetterData:
    """Everything printed on one 团员组织关系介绍信 (stub, letter, return slip)."""

    letter_no: str
    name: str
    gender: str
    age: int
    ethnicity: str
    id_number: str
    member_no: str  # 团员编号: 发展团员编号, else 团员证编号
    join_month: str  # 入团年月, as 2016年3月
    political_status: str
    from_branch: str
    committee_above: str
    to_org: str
    reason: str
    dues_paid_through: str  # 2026年10月 / 未缴（自2026年3月起） / 免缴 / 不需缴纳
    validity_days: int
    issued_on: date
    #: the letter was cancelled or came back: it is printed with 已作废 across it
    void: bool = False


# -- transfer out --------------------------------------------------------------------------


def transfer_out(
    session: Session,
    branch_id: int,
    member_id: int,
    reason: str,
    destination: str,
    issued_on: date,
    validity_days: int = ts.DEFAULT_VALIDITY_DAYS,
    note: str = "",
) -> TransferRow:
    """Issue the next numbered letter; the member becomes 转出中 (history kept). A member in
    arrears is not refused: the row's dues_warning says what is unpaid."""
    return batch_transfer_out(
        session, branch_id, [member_id], reason, destination, issued_on, validity_days, note=note
    )[0]


def batch_transfer_out(
    session: Session,
    branch_id: int,
    member_ids: Sequence[int],
    reason: str,
    destination: str,
    issued_on: date,
    validity_days: int = ts.DEFAULT_VALIDITY_DAYS,
    progress: ProgressFn | None = None,
    note: str = "",
) -> list[TransferRow]:
    """A graduating class at once: one letter each, numbered in order, in one transaction.

    Members in arrears are not refused: each row's dues_warning says what is unpaid."""
    if not member_ids:
        raise UserError("请至少选择一名团员。")
    statuses = dues.paid_up_to_many(session, branch_id, list(member_ids), issued_on)
    transfers = []
    for done, member_id in enumerate(member_ids):
        report(progress, done, len(member_ids), "正在开具介绍信…")
        transfers.append(
            _issue_letter(
                session,
                branch_id,
                member_id,
                reason,
                destination,
                issued_on,
                validity_days,
                note,
                statuses.get(member_id),
            )
        )
    report(progress, len(member_ids), len(member_ids), "完成")
    return [
        _with_dues_warning(_row(session, t), statuses.get(m))
        for m, t in zip(member_ids, transfers, strict=True)
    ]


def _with_dues_warning(row: TransferRow, status: "dues.PaidUpTo | None") -> TransferRow:
    if status is None or not status.unpaid:
        return row
    warning = (
        f"{row.name}欠缴团费{len(status.unpaid)}个月（{status.unpaid[0].label}起，"
        f"共{yuan(status.unpaid_fen)}元），介绍信上团费交至为“{status.text}”，"
        "请在转出前收齐或向接收单位说明"
    )
    return replace(row, dues_warning=warning)


def _issue_letter(
    session: Session,
    branch_id: int,
    member_id: int,
    reason: str,
    destination: str,
    issued_on: date,
    validity_days: int,
    note: str,
    dues_status: "dues.PaidUpTo | None" = None,
) -> Transfer:
    destination = destination.strip()
    if not destination:
        raise UserError("请填写转往单位（接收的团组织）。")
    if reason not in ts.REASONS:
        raise UserError(f"转接原因应为{'、'.join(ts.REASONS)}之一。")
    if not 1 <= validity_days <= 365:
        raise UserError("介绍信有效期应在1到365天之间。")
    member = session.get(Member, member_id)
    if member is None or member.branch_id != branch_id:
        raise UserError("找不到这名团员，可能已被其他人修改。")
    if member.status != MemberStatus.ACTIVE:
        raise UserError(f"{member.name}当前状态为“{member.status}”，只有在册团员可以转出。")
    year = issued_on.year
    used = session.scalar(
        select(func.max(Transfer.letter_seq)).where(
            Transfer.branch_id == branch_id, Transfer.year == year
        )
    )
    seq = ts.next_sequence([used] if used else [])
    number = ts.format_letter_number(year, seq)
    members.change_status(
        session,
        member_id,
        MemberStatus.TRANSFERRING_OUT,
        issued_on,
        f"开具组织关系介绍信{number}，转往{destination}（{reason}）",
    )
    transfer = Transfer(
        branch_id=branch_id,
        direction=Direction.OUT,
        member_id=member_id,
        status=TransferStatus.OUT_PENDING,
        reason=reason,
        other_org=destination,
        year=year,
        letter_seq=seq,
        letter_no=number,
        validity_days=validity_days,
        issued_on=issued_on,
        note=note,
    )
    transfer.snapshot = json.dumps(
        _letter_fields(session, member, transfer, dues_status), ensure_ascii=False, default=str
    )
    session.add(transfer)
    session.flush()
    return transfer


def out_candidates(session: Session, branch_id: int) -> list[tuple[int, str, str]]:
    """(id, name, 工作单位/学校班级) of the members who may be transferred out (在册)."""
    return [
        (member_id, name, unit)
        for member_id, name, unit in session.execute(
            select(Member.id, Member.name, Member.work_unit)
            .where(Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE)
            .order_by(Member.work_unit, Member.id)
        )
    ]


def receive_return_slip(session: Session, transfer_id: int, on: date) -> TransferRow:
    """回执收到: the transfer is complete, the member is archived as 已转出."""
    transfer = _step(session, transfer_id, TransferStatus.OUT_DONE)
    transfer.completed_on = on
    members.change_status(
        session,
        _letter_member(transfer),
        MemberStatus.TRANSFERRED_OUT,
        on,
        f"收到介绍信{transfer.letter_no}回执，已转至{transfer.other_org}",
    )
    session.flush()
    return _row(session, transfer)


def cancel_transfer(session: Session, transfer_id: int, on: date, note: str = "") -> TransferRow:
    """撤销 a letter we issued: its number stays used, the member is back 在册."""
    return _close(session, transfer_id, TransferStatus.CANCELLED, on, note)


def return_transfer(session: Session, transfer_id: int, on: date, note: str = "") -> TransferRow:
    """退回: our letter came back (member back 在册), or we send back an incoming letter."""
    return _close(session, transfer_id, TransferStatus.RETURNED, on, note)


def _close(
    session: Session, transfer_id: int, status: TransferStatus, on: date, note: str
) -> TransferRow:
    transfer = _step(session, transfer_id, status)
    transfer.closed_on = on
    if note:
        transfer.note = f"{transfer.note}；{note}" if transfer.note else note
    if transfer.direction == Direction.OUT:
        members.change_status(
            session,
            _letter_member(transfer),
            MemberStatus.ACTIVE,
            on,
            f"介绍信{transfer.letter_no}{status}" + (f"：{note}" if note else ""),
        )
    session.flush()
    return _row(session, transfer)


def _letter_member(transfer: Transfer) -> int:
    """The member of a letter we issued (gone only if their record was removed)."""
    if transfer.member_id is None:
        raise UserError("这封介绍信对应的团员记录已不存在。")
    return transfer.member_id


def _step(session: Session, transfer_id: int, new: TransferStatus) -> Transfer:
    transfer = session.get(Transfer, transfer_id)
    if transfer is None:
        raise UserError("找不到这条转接记录，可能已被其他人修改。")
    if not ts.can_change(transfer.direction, transfer.status, new):
        raise UserError(f"这条{transfer.direction}记录当前为“{transfer.status}”，不能改为“{new}”。")
    transfer.status = new
    return transfer


# -- transfer in ---------------------------------------------------------------------------


def register_transfer_in(
    session: Session,
    branch_id: int,
    record: MemberRecord,
    sending_org: str,
    their_letter_no: str,
    letter_date: date,
    reason: str = "其他",
    note: str = "",
    today: date | None = None,
) -> TransferRow:
    """Record an incoming letter (待接收); the member joins the roster on acceptance."""
    sending_org = sending_org.strip()
    if not sending_org:
        raise UserError("请填写转出单位（介绍信的开具单位）。")
    if reason not in ts.REASONS:
        raise UserError(f"转接原因应为{'、'.join(ts.REASONS)}之一。")
    clean, problems = member_record.check(record, today)
    if problems:
        raise UserError("；".join(p.message for p in problems) + "。")
    existing = members.find_by_id_number(session, branch_id, clean.id_number)
    if existing is not None and not is_archived(existing.status):
        raise UserError(f"{existing.name}（{clean.id_number}）已在本团支部的花名册中。")
    transfer = Transfer(
        branch_id=branch_id,
        direction=Direction.IN,
        status=TransferStatus.IN_PENDING,
        reason=reason,
        other_org=sending_org,
        year=letter_date.year,
        letter_no=their_letter_no.strip(),
        validity_days=0,
        issued_on=letter_date,
        note=note,
        snapshot=json.dumps(_record_json(clean), ensure_ascii=False),
    )
    session.add(transfer)
    session.flush()
    return _row(session, transfer)


def accept_transfer_in(
    session: Session, transfer_id: int, on: date, today: date | None = None
) -> TransferRow:
    """已接收: add the member, or restore an archived member with the same ID number."""
    transfer = _step(session, transfer_id, TransferStatus.IN_DONE)
    record = _record_from_json(json.loads(transfer.snapshot))
    reason = f"转入：来自{transfer.other_org}" + (
        f"（介绍信{transfer.letter_no}）" if transfer.letter_no else ""
    )
    existing = members.find_by_id_number(session, transfer.branch_id, record.id_number)
    if existing is None:
        member = members.add_member(
            session, transfer.branch_id, record, since=on, reason=reason, today=today or on
        )
    elif is_archived(existing.status):
        members.update_member(session, existing.id, record, today=today or on)
        member = members.change_status(session, existing.id, MemberStatus.ACTIVE, on, reason)
    else:
        raise UserError(f"{existing.name}已在本团支部的花名册中。")
    transfer.member_id = member.id
    transfer.completed_on = on
    session.flush()
    return _row(session, transfer)


def transfer_in(
    session: Session,
    branch_id: int,
    record: MemberRecord,
    sending_org: str,
    their_letter_no: str,
    letter_date: date,
    accepted_on: date | None = None,
    reason: str = "其他",
    note: str = "",
) -> TransferRow:
    """Record an incoming letter and, when `accepted_on` is given, accept it at once."""
    row = register_transfer_in(
        session,
        branch_id,
        record,
        sending_org,
        their_letter_no,
        letter_date,
        reason,
        note,
        today=accepted_on or letter_date,
    )
    if accepted_on is None:
        return row
    return accept_transfer_in(session, row.id, accepted_on)


@dataclass(frozen=True)
class SheetPerson:
    """One member's row of a spreadsheet, offered to the 转入 form."""

    row: int  # as Excel shows it
    record: MemberRecord
    problems: str  # cell problems, "" when none


def sheet_people(path: str | Path, sheet: str | None = None) -> list[SheetPerson]:
    """The members of a roster-like sheet, read the way the roster import reads them."""
    from branchdesk.core.io.roster_reader import read_roster

    return [
        SheetPerson(row.row, _record_of_values(row.values), "；".join(row.problems.values()))
        for row in read_roster(path, sheet).rows
    ]


def _record_of_values(values: dict) -> MemberRecord:
    """A sheet row's values (dates come as (date, precision)) as a MemberRecord."""
    names = set(MemberRecord.__dataclass_fields__) - {"notices", "group_id"}
    data = {k: v for k, v in values.items() if k in names}
    if isinstance(data.get("birth_date"), tuple):
        data["birth_date"] = data["birth_date"][0]
    if isinstance(data.get("join_date"), tuple):
        data["join_date"], precision = data["join_date"]
        data["join_date_precision"] = str(precision)
    return MemberRecord(**data)


def _record_json(record: MemberRecord) -> dict:
    data = asdict(record)
    data.pop("notices", None)
    data.pop("group_id", None)
    for key in ("birth_date", "join_date"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


def _record_from_json(data: dict) -> MemberRecord:
    for key in ("birth_date", "join_date"):
        data[key] = date.fromisoformat(data[key]) if data.get(key) else None
    return MemberRecord(**data)


# -- the register and the letters ----------------------------------------------------------


def register_rows(
    session: Session,
    branch_id: int,
    direction: str | None = None,
    status: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> list[TransferRow]:
    """The 组织关系转接 register, newest first; each filter is optional (None = all)."""
    query = select(Transfer).where(Transfer.branch_id == branch_id)
    if direction:
        query = query.where(Transfer.direction == direction)
    if status:
        query = query.where(Transfer.status == status)
    if year:
        query = query.where(Transfer.year == year)
    query = query.order_by(
        Transfer.year.desc(), Transfer.issued_on.desc(), Transfer.letter_seq.desc(), Transfer.id
    )
    return [_row(session, t, today) for t in session.scalars(query)]


def register_years(session: Session, branch_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Transfer.year)
            .where(Transfer.branch_id == branch_id)
            .distinct()
            .order_by(Transfer.year.desc())
        )
    )


def find_letter(session: Session, branch_id: int, number: str, default_year: int) -> int:
    """The transfer id of our letter `number` ('12', '2026-12' or '（2026）第012号')."""
    try:
        year, seq = ts.parse_letter_number(number, default_year)
    except ValueError as exc:
        raise UserError(f"{exc}。") from None
    found = session.scalar(
        select(Transfer.id).where(
            Transfer.branch_id == branch_id, Transfer.year == year, Transfer.letter_seq == seq
        )
    )
    if found is None:
        raise UserError(f"找不到介绍信{ts.format_letter_number(year, seq)}。")
    return found


def letters_of_year(session: Session, branch_id: int, year: int) -> list[int]:
    ids = list(
        session.scalars(
            select(Transfer.id)
            .where(
                Transfer.branch_id == branch_id,
                Transfer.year == year,
                Transfer.letter_seq.is_not(None),
            )
            .order_by(Transfer.letter_seq)
        )
    )
    if not ids:
        raise UserError(f"{year}年没有开具过组织关系介绍信。")
    return ids


def letter_data(session: Session, transfer_ids: Sequence[int]) -> list[LetterData]:
    """The printed fields of our letters, as snapshotted at issue (团费交至 refreshed if blank)."""
    letters = []
    for transfer_id in transfer_ids:
        transfer = session.get(Transfer, transfer_id)
        if transfer is None or transfer.direction != Direction.OUT:
            raise UserError("只能打印本支部开具的转出介绍信。")
        fields = json.loads(transfer.snapshot)
        if not fields.get("dues_paid_through") and transfer.member_id:
            fields["dues_paid_through"] = _dues_paid_through(
                session, transfer.member_id, transfer.issued_on
            )
        fields["issued_on"] = date.fromisoformat(fields["issued_on"])
        fields["void"] = ts.TransferStatus(transfer.status) in ts.VOID_LETTER_STATUSES
        letters.append(LetterData(**fields))
    return letters


def _letter_fields(
    session: Session,
    member: Member,
    transfer: Transfer,
    dues_status: "dues.PaidUpTo | None" = None,
) -> dict:
    branch = get_or_fail(session, Branch, member.branch_id, "找不到这个团支部，可能已被删除。")
    return asdict(
        LetterData(
            letter_no=transfer.letter_no,
            name=member.name,
            gender=member.gender,
            age=ages.age_on(member.birth_date, transfer.issued_on),
            ethnicity=member.ethnicity,
            id_number=member.id_number or "",
            member_no=member.development_no or member.member_card_no,
            join_month=format_chinese(member.join_date, member.join_date_precision),
            political_status=member.political_status,
            from_branch=branch.name,
            committee_above=branch.committee_above,
            to_org=transfer.other_org,
            reason=transfer.reason,
            dues_paid_through=dues_status.text
            if dues_status is not None
            else _dues_paid_through(session, member.id, transfer.issued_on),
            validity_days=transfer.validity_days,
            issued_on=transfer.issued_on,
        )
    )


def refresh_letter_dues(session: Session, branch_id: int) -> None:
    """Take 团费交至 again on each of the branch's letters, as of the day it was issued."""
    letters = session.execute(
        select(Transfer, Member.id)
        .join(Member, Member.id == Transfer.member_id)
        .where(Transfer.branch_id == branch_id, Transfer.direction == Direction.OUT)
    )
    for transfer, member_id in letters:
        fields = json.loads(transfer.snapshot)
        fields["dues_paid_through"] = _dues_paid_through(session, member_id, transfer.issued_on)
        transfer.snapshot = json.dumps(fields, ensure_ascii=False)
    session.flush()


def _dues_paid_through(session: Session, member_id: int, as_of: date) -> str:
    """团费交至 on the day the letter was issued: the last month of unbroken payment, or what
    applies instead (未缴…, 免缴, 不需缴纳), never blank."""
    return dues.paid_up_to(session, member_id, as_of).text


def _row(session: Session, t: Transfer, today: date | None = None) -> TransferRow:
    if t.member is not None:
        name, gender, id_number = t.member.name, t.member.gender, t.member.id_number or ""
    else:
        data = json.loads(t.snapshot or "{}")
        name, gender = data.get("name", ""), data.get("gender", "")
        id_number = data.get("id_number", "")
    out = t.direction == Direction.OUT
    return TransferRow(
        id=t.id,
        direction=t.direction,
        status=t.status,
        year=t.year,
        letter_no=t.letter_no,
        member_id=t.member_id,
        name=name,
        gender=gender,
        id_number=id_number,
        reason=t.reason,
        other_org=t.other_org,
        issued_on=t.issued_on,
        validity_days=t.validity_days,
        expires_on=ts.expires_on(t.issued_on, t.validity_days) if out else None,
        completed_on=t.completed_on,
        closed_on=t.closed_on,
        note=t.note,
        waiting_too_long=ts.is_waiting_too_long(
            t.status, t.issued_on, t.validity_days, today or date.today()
        ),
    )


# -- home page -----------------------------------------------------------------------------


def transfer_alerts(session: Session, branch_id: int, today: date) -> list[Alert]:
    """Letters past validity without a return slip; returned letters not redone in 6 months."""

    alerts = []
    for row in register_rows(session, branch_id, direction=Direction.OUT, today=today):
        if row.waiting_too_long:
            alerts.append(
                Alert(
                    "overdue",
                    "组织关系",
                    f"{row.name}的介绍信{row.letter_no}已于{row.expires_on:%Y年%m月%d日}过期，"
                    "尚未收到回执",
                    "transfers",
                    row.id,
                    row.expires_on,
                    subject=row.name,
                    group="{n} 封介绍信已过期，尚未收到回执",
                )
            )
        elif ts.left_without_transfer(row.status, row.closed_on, today) and _still_untransferred(
            session, row
        ):
            alerts.append(
                Alert(
                    "due",
                    "组织关系",
                    f"{row.name}的介绍信{row.letter_no}被退回已满6个月，仍未转接组织关系，"
                    "请核实是否存在自行脱团",
                    "transfers",
                    row.id,
                    row.closed_on,
                    subject=row.name,
                    group="{n} 人的介绍信被退回已满6个月，仍未转接组织关系",
                )
            )
    return alerts


def _still_untransferred(session: Session, row: TransferRow) -> bool:
    """The member is still 在册 and no later letter was issued for them."""
    member = session.get(Member, row.member_id) if row.member_id else None
    if member is None or member.status != MemberStatus.ACTIVE:
        return False
    later = session.scalar(
        select(func.count(Transfer.id)).where(
            Transfer.member_id == member.id,
            Transfer.direction == Direction.OUT,
            Transfer.issued_on > row.issued_on,
        )
    )
    return not later


@dataclass
class RegisterView:
    """The register page in one read: the years there are records for, and the rows."""

    years: list[int]
    rows: list[TransferRow]


def register_view(
    session: Session,
    branch_id: int,
    direction: str | None = None,
    status: str | None = None,
    year: int | None = None,
) -> RegisterView:
    return RegisterView(
        register_years(session, branch_id),
        register_rows(session, branch_id, direction=direction, status=status, year=year),
    )
