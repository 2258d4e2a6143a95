"""上缴 to the committee above and the year's 收缴/上缴 ledger with a running balance."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import DuesHandover, DuesPayment
from branchdesk.core.errors import UserError
from branchdesk.core.rules.dues_standards import Month, yuan


@dataclass(frozen=True)
class LedgerRow:
    day: date
    kind: str  # 收缴 | 上缴
    text: str
    collected_fen: int
    handed_fen: int
    balance_fen: int
    receipt_no: str = ""


@dataclass
class Ledger:
    year: int
    opening_fen: int
    rows: list[LedgerRow]
    collected_fen: int
    handed_fen: int
    closing_fen: int


def record_handover(
    session: Session,
    branch_id: int,
    handed_on: date,
    amount_fen: int,
    receipt_no: str = "",
    note: str = "",
) -> None:
    """上缴 to the committee above; cannot exceed what the branch holds on that day."""
    if amount_fen <= 0:
        raise UserError("上缴金额必须大于0。")
    held = _collected_until(session, branch_id, handed_on) - _handed_until(
        session, branch_id, handed_on
    )
    if amount_fen > held:
        raise UserError(f"上缴金额{yuan(amount_fen)}元超过当时结存的{yuan(held)}元。")
    session.add(
        DuesHandover(
            branch_id=branch_id,
            handed_on=handed_on,
            amount_fen=amount_fen,
            receipt_no=receipt_no.strip(),
            note=note.strip(),
        )
    )
    session.flush()


def _collected_until(session: Session, branch_id: int, day: date, before: bool = False) -> int:
    cond = DuesPayment.paid_on < day if before else DuesPayment.paid_on <= day
    return session.execute(
        select(func.coalesce(func.sum(DuesPayment.amount_fen), 0)).where(
            DuesPayment.branch_id == branch_id, DuesPayment.void_reason == "", cond
        )
    ).scalar_one()


def _handed_until(session: Session, branch_id: int, day: date, before: bool = False) -> int:
    cond = DuesHandover.handed_on < day if before else DuesHandover.handed_on <= day
    return session.execute(
        select(func.coalesce(func.sum(DuesHandover.amount_fen), 0)).where(
            DuesHandover.branch_id == branch_id, cond
        )
    ).scalar_one()


def handover_ledger(
    session: Session,
    branch_id: int,
    year: int,
    collected: Mapping[Month, tuple[int, int]] | None = None,
) -> Ledger:
    """收缴 (one row per month, by payment date) and 上缴 rows of `year` with a running balance.

    `collected` (month paid in → (payments, fen), every year) saves the query when the caller
    has already loaded the payments.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    if collected is None:
        opening = _collected_until(session, branch_id, start, True)
        per_month = [
            (Month.of(day), count, amount)
            for day, count, amount in session.execute(
                select(
                    func.min(DuesPayment.paid_on),
                    func.count(),
                    func.sum(DuesPayment.amount_fen),
                )
                .where(
                    DuesPayment.branch_id == branch_id,
                    DuesPayment.void_reason == "",
                    DuesPayment.paid_on >= start,
                    DuesPayment.paid_on <= end,
                )
                .group_by(func.substr(cast(DuesPayment.paid_on, String), 1, 7))
            )
        ]
    else:
        opening = sum(fen for month, (_, fen) in collected.items() if month.year < year)
        per_month = [(m, n, fen) for m, (n, fen) in collected.items() if m.year == year]
    handovers = session.execute(
        select(DuesHandover.handed_on, DuesHandover.amount_fen, DuesHandover.receipt_no,
               DuesHandover.note)
        .where(DuesHandover.branch_id == branch_id, DuesHandover.handed_on <= end)
    ).all()  # fmt: skip
    opening -= sum(h[1] for h in handovers if h[0] < start)
    return build_ledger(year, opening, per_month, [h for h in handovers if h[0] >= start])


def build_ledger(
    year: int,
    opening_fen: int,
    collected: Iterable[tuple[Month, int, int]],
    handovers: Iterable[tuple[date, int, str, str]],
) -> Ledger:
    """The ledger from (month, payments, fen) per month collected and the 上缴 rows."""
    events: list[tuple[date, int, str, int, int, str]] = [
        (month.last_day, 0, f"{month.label}收缴团费{count}笔", amount, 0, "")
        for month, count, amount in collected
    ]
    for handed_on, amount, receipt_no, note in handovers:
        events.append((handed_on, 1, note or "上缴上级团组织", 0, amount, receipt_no))
    rows, balance = [], opening_fen
    for day, order, text, got, handed, receipt in sorted(events, key=lambda e: e[:2]):
        balance += got - handed
        kind = "收缴" if order == 0 else "上缴"
        rows.append(LedgerRow(day, kind, text, got, handed, balance, receipt))
    collected_total = sum(r.collected_fen for r in rows)
    handed_total = sum(r.handed_fen for r in rows)
    return Ledger(year, opening_fen, rows, collected_total, handed_total, balance)
