"""团费 payments: what is owed for some months, recording payments (one or a batch, each with
its receipt number), voiding, 团费交至, and 免缴 exemptions."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import lock_branch
from branchdesk.core.db.models import DuesExemption, DuesPayment
from branchdesk.core.errors import NeedsConfirmation, UserError
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.consistency import months_problem
from branchdesk.core.rules.dues_months import AGED_OUT_NOTE, PARTY_NOTE, PaidUpTo, State
from branchdesk.core.rules.dues_standards import Month, month_range, yuan
from branchdesk.core.services.membership import member_periods
from branchdesk.core.services.settings_store import PREPAY_LIMIT_MONTHS, get_branch_setting

from .book import Book, load_book
from .standards import get_member, start_dues


@dataclass(frozen=True)
class PaymentInfo:
    id: int
    receipt_no: str
    branch_name: str
    member_id: int
    member_name: str
    first: Month
    last: Month
    amount_fen: int
    proposed_fen: int
    edit_reason: str
    paid_on: date
    collector: str
    method: str

    @property
    def months_label(self) -> str:
        return rules.range_label(self.first, self.last)

    @property
    def month_count(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class Proposal:
    amount_fen: int
    months: list[tuple[Month, int]]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PaymentEntry:
    """One payment to record; amount_fen=None takes the standard's amount."""

    member_id: int
    first: Month
    last: Month
    paid_on: date
    collector: str = ""
    method: str = "现金"
    amount_fen: int | None = None
    reason: str = ""


# -- amounts owed ---------------------------------------------------------------------------
def owed_fen(session: Session, member_id: int, month: Month) -> int | None:
    """What the member owes for `month` by the standard; None when not on the roster then."""
    member = get_member(session, member_id)
    book = load_book(session, member.branch_id)
    cell = book.cell(member_id, month, month, records=False)
    if cell.state == State.NOT_MEMBER:
        return None
    return cell.owed_fen


def _propose(
    book: Book, member_id: int, first: Month, last: Month, on: date | None = None
) -> Proposal:
    """The standard's amount for first..last; paying ahead (months after the month of `on`)
    is refused for months that will owe nothing by date (28th birthday, 预备党员, 免缴)."""
    name = book.members[member_id][0]
    now = Month.of(on or date.today())
    months, problems = [], []
    refused_ahead = False
    span = month_range(first, last)
    for month, cell in zip(span, book.cells(member_id, span, last, records=False), strict=True):
        if cell.state == State.NOT_MEMBER:
            problems.append(f"{name}在{month.label}不在册")
        elif cell.state == State.PAID:
            problems.append(f"{name}的{month.label}团费已登记（收据{cell.note}）")
        elif month > now and not refused_ahead and _ends_dues(cell):
            why = "免缴" if cell.state == State.EXEMPT else "不再交纳团费"
            problems.append(f"{name}自{month.label}起{why}（{cell.note}），不能预交")
            refused_ahead = True
        elif not refused_ahead:
            months.append((month, cell.owed_fen))
    return Proposal(sum(f for _, f in months), months, problems)


def _ends_dues(cell) -> bool:
    """A month that owes nothing because of a date or an approval (not a category's choice)."""
    return cell.state == State.EXEMPT or (
        cell.state == State.NOT_OWED and cell.note in (PARTY_NOTE, AGED_OUT_NOTE)
    )


def _confirm_prepayment(
    session: Session, branch_id: int, names: list[str], last: Month, paid_on: date
) -> None:
    """Paying further ahead than the branch's limit asks first (NeedsConfirmation)."""
    limit = int(get_branch_setting(session, branch_id, PREPAY_LIMIT_MONTHS))
    paid_in = Month.of(paid_on)
    if last - paid_in <= limit:
        return
    who = "、".join(names[:3]) + (f"等{len(names)}人" if len(names) > 3 else "")
    raise NeedsConfirmation(
        f"{who}将预交到{last.label}，比缴费月份（{paid_in.label}）提前{last - paid_in}个月，"
        f"超过本支部设定的{limit}个月。确定要登记吗？"
    )


def propose_amount(
    session: Session, member_id: int, first: Month, last: Month, on: date | None = None
) -> Proposal:
    """The standard's amount for the months, paid on `on` (and what prevents recording them)."""
    member = get_member(session, member_id)
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    return _propose(load_book(session, member.branch_id), member_id, first, last, on)


def propose_batch(
    session: Session,
    branch_id: int,
    member_ids: list[int],
    first: Month,
    last: Month,
    on: date | None = None,
) -> dict[int, Proposal]:
    """The proposal of each listed member for first..last, from one load of the branch."""
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    book = load_book(session, branch_id)
    if any(m not in book.members for m in member_ids):
        raise UserError("所选团员不属于这个团支部。")
    return {m: _propose(book, m, first, last, on) for m in member_ids}


# -- payments -------------------------------------------------------------------------------
class _ReceiptNumbers:
    """Next receipt number per year: the last one used + 1, so numbers have no gaps."""

    def __init__(self, session: Session, branch_id: int):
        self.session, self.branch_id = session, branch_id
        self.last: dict[int, int] = {}

    def take(self, year: int) -> int:
        if year not in self.last:
            self.last[year] = self.session.execute(
                select(func.coalesce(func.max(DuesPayment.receipt_seq), 0)).where(
                    DuesPayment.branch_id == self.branch_id, DuesPayment.receipt_year == year
                )
            ).scalar_one()
        self.last[year] += 1
        return self.last[year]


def _check_common(first: Month, last: Month, method: str) -> None:
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    if last - first >= 24:
        raise UserError("一次最多登记24个月的团费。")
    if method not in rules.METHODS:
        raise UserError(f"缴费方式只能是{'、'.join(rules.METHODS)}。")


def _insert_payment(
    session: Session,
    numbers: _ReceiptNumbers,
    book: Book,
    branch_id: int,
    member_id: int,
    entry: PaymentEntry,
) -> DuesPayment:
    first, last, amount_fen, reason = entry.first, entry.last, entry.amount_fen, entry.reason
    proposal = _propose(book, member_id, first, last, entry.paid_on)
    if proposal.problems:
        raise UserError("；".join(proposal.problems) + "。")
    amount = proposal.amount_fen if amount_fen is None else amount_fen
    name = book.members[member_id][0]
    if amount <= 0:
        raise UserError(f"{name}：缴费金额必须大于0（按标准应缴{yuan(proposal.amount_fen)}元）。")
    if amount != proposal.amount_fen and not reason.strip():
        raise UserError(
            f"{name}：金额{yuan(amount)}元与标准{yuan(proposal.amount_fen)}元不同，请填写原因。"
        )
    payment = DuesPayment(
        branch_id=branch_id,
        member_id=member_id,
        first_month=first.first_day,
        last_month=last.first_day,
        amount_fen=amount,
        proposed_fen=proposal.amount_fen,
        edit_reason=reason.strip() if amount != proposal.amount_fen else "",
        paid_on=entry.paid_on,
        collector=entry.collector.strip(),
        method=entry.method,
        receipt_year=entry.paid_on.year,
        receipt_seq=numbers.take(entry.paid_on.year),
        note="",
        void_reason="",
    )
    session.add(payment)
    months = month_range(first, last)
    for month, share in zip(months, rules.split_amount(amount, len(months)), strict=True):
        book.paid[member_id][month] = (share, payment.receipt_no)
    return payment


def record_payments(
    session: Session, branch_id: int, entries: list[PaymentEntry], confirm: bool = False
) -> list[PaymentInfo]:
    """Record many payments (an import, the demo) in order, each with its own receipt number.

    Paying further ahead than the branch's limit raises NeedsConfirmation unless `confirm`.
    """
    lock_branch(session, branch_id)  # before reading what is paid (a shared database)
    if entries:
        start_dues(session, branch_id, min(e.paid_on for e in entries))
    book = load_book(session, branch_id)
    numbers = _ReceiptNumbers(session, branch_id)
    added = []
    for e in entries:
        _check_common(e.first, e.last, e.method)
        if e.member_id not in book.members:
            raise UserError("所选团员不属于这个团支部。")
        if not confirm:
            name = book.members[e.member_id][0]
            _confirm_prepayment(session, branch_id, [name], e.last, e.paid_on)
        added.append(_insert_payment(session, numbers, book, branch_id, e.member_id, e))
    session.flush()
    return [_info(payment, book) for payment in added]


def record_payment(
    session: Session,
    member_id: int,
    first: Month,
    last: Month,
    paid_on: date,
    collector: str = "",
    method: str = "现金",
    amount_fen: int | None = None,
    reason: str = "",
    confirm: bool = False,
) -> PaymentInfo:
    """One member paid for first..last. amount_fen=None takes the standard's amount."""
    member = get_member(session, member_id)
    entry = PaymentEntry(member_id, first, last, paid_on, collector, method, amount_fen, reason)
    return record_payments(session, member.branch_id, [entry], confirm)[0]


def record_batch(
    session: Session,
    branch_id: int,
    member_ids: list[int],
    first: Month,
    last: Month,
    paid_on: date,
    collector: str = "",
    method: str = "现金",
    confirm: bool = False,
) -> list[PaymentInfo]:
    """Everyone listed paid first..last at the standard (one receipt each), all or nothing.

    Members who owe nothing for those months (party members, exempt) are skipped; paying
    further ahead than the branch's limit raises NeedsConfirmation unless `confirm`.
    """
    _check_common(first, last, method)
    if not member_ids:
        raise UserError("请至少选择一名团员。")
    start_dues(session, branch_id, paid_on)
    book = load_book(session, branch_id)
    unknown = [m for m in member_ids if m not in book.members]
    if unknown:
        raise UserError("所选团员不属于这个团支部。")
    proposals = {m: _propose(book, m, first, last, paid_on) for m in member_ids}
    problems = [p for m in member_ids for p in proposals[m].problems]
    if problems:
        raise UserError("；".join(problems) + "。")
    if not confirm:
        names = [book.members[m][0] for m in member_ids if proposals[m].amount_fen]
        _confirm_prepayment(session, branch_id, names, last, paid_on)
    numbers = _ReceiptNumbers(session, branch_id)
    added = []
    for member_id in member_ids:
        if proposals[member_id].amount_fen == 0:
            continue
        entry = PaymentEntry(member_id, first, last, paid_on, collector, method)
        added.append(_insert_payment(session, numbers, book, branch_id, member_id, entry))
    if not added:
        raise UserError("所选团员在这些月份都不需要交纳团费。")
    session.flush()
    return [_info(payment, book) for payment in added]


def _info(p: DuesPayment, book: Book) -> PaymentInfo:
    return PaymentInfo(
        id=p.id,
        receipt_no=p.receipt_no,
        branch_name=book.branch_name,
        member_id=p.member_id,
        member_name=book.members[p.member_id][0],
        first=Month.of(p.first_month),
        last=Month.of(p.last_month),
        amount_fen=p.amount_fen,
        proposed_fen=p.proposed_fen,
        edit_reason=p.edit_reason,
        paid_on=p.paid_on,
        collector=p.collector,
        method=p.method,
    )


def payments(
    session: Session,
    branch_id: int,
    year: int | None = None,
    ids: list[int] | None = None,
    include_void: bool = False,
) -> list[PaymentInfo]:
    """Payments (by receipt number), those paid in `year` or with the given ids."""
    book = load_book(session, branch_id)
    query = select(DuesPayment).where(DuesPayment.branch_id == branch_id)
    if not include_void:
        query = query.where(DuesPayment.void_reason == "")
    if year is not None:
        query = query.where(DuesPayment.receipt_year == year)
    if ids is not None:
        query = query.where(DuesPayment.id.in_(ids))
    query = query.order_by(DuesPayment.receipt_year, DuesPayment.receipt_seq)
    return [_info(p, book) for p in session.scalars(query)]


def find_payment(session: Session, member_id: int, month: Month) -> PaymentInfo | None:
    """The (not voided) payment that covers `month` for the member."""
    payment = session.scalar(
        select(DuesPayment).where(
            DuesPayment.member_id == member_id,
            DuesPayment.void_reason == "",
            DuesPayment.first_month <= month.first_day,
            DuesPayment.last_month >= month.first_day,
        )
    )
    if payment is None:
        return None
    return _info(payment, load_book(session, payment.branch_id))


def void_payment(session: Session, payment_id: int, reason: str) -> None:
    """作废 a wrong entry: its months become unpaid again; the receipt number stays used."""
    payment = session.get(DuesPayment, payment_id)
    if payment is None:
        raise UserError("找不到这笔缴费记录。")
    if payment.void_reason:
        raise UserError(f"收据{payment.receipt_no}已经作废。")
    if not reason.strip():
        raise UserError("请填写作废原因。")
    payment.void_reason = reason.strip()
    session.flush()


def paid_up_to(session: Session, member_id: int, as_of: date | None = None) -> PaidUpTo:
    """团费交至 (the last month of unbroken payment from the first owed month) and the arrears,
    as of `as_of` (default today): only payments made by then count (a letter issued in
    January states what was paid by then, not a later prepayment)."""
    member = get_member(session, member_id)
    day = as_of or date.today()
    book = load_book(session, member.branch_id, paid_by=day)
    return book.paid_up_to(member_id, Month.of(day))


def paid_up_to_many(
    session: Session, branch_id: int, member_ids: list[int], as_of: date
) -> dict[int, PaidUpTo]:
    """paid_up_to for many members of one branch from one load (a class transferring out)."""
    book = load_book(session, branch_id, paid_by=as_of)
    return {m: book.paid_up_to(m, Month.of(as_of)) for m in member_ids if m in book.members}


def paid_through(session: Session, member_id: int, as_of: date | None = None) -> date | None:
    """团费交至 as the 1st of that month, or None (see paid_up_to)."""
    month = paid_up_to(session, member_id, as_of).month
    return month.first_day if month else None


# -- exemptions -----------------------------------------------------------------------------
def delete_exemption(session: Session, exemption_id: int) -> None:
    """Remove an exemption entered by mistake (its months are owed again)."""
    exemption = session.get(DuesExemption, exemption_id)
    if exemption is None:
        raise UserError("找不到这条免缴记录，可能已被删除。")
    session.delete(exemption)
    session.flush()


def add_exemption(session: Session, member_id: int, first: Month, last: Month, reason: str) -> None:
    """免缴 (hardship, agreed by the 大会 and approved above) for first..last, with the reason.

    Only months the member is on the roster may be exempt."""
    member = get_member(session, member_id)
    start_dues(session, member.branch_id)
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    if not reason.strip():
        raise UserError("请填写免缴原因。")
    problem = months_problem(
        member.name, member_periods(session, member_id), first, last, "免缴团费"
    )
    if problem:
        raise UserError(problem + "。")
    session.add(
        DuesExemption(
            member_id=member_id,
            first_month=first.first_day,
            last_month=last.first_day,
            reason=reason.strip(),
        )
    )
    session.flush()
