"""团费: standards, categories, payments, exemptions, the member × month grid, arrears, 上缴.

Every screen total, Excel total and receipt comes from the functions here, so they agree to
the fen. A payment's amount is split over the months it covers (`split_amount`), so the
grid's month columns add up to the payments exactly.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import (
    Branch,
    DuesExemption,
    DuesHandover,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    Group,
    Member,
    MemberDuesCategory,
)
from branchdesk.core.db.models.dues import receipt_number
from branchdesk.core.errors import UserError
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.dues_standards import (
    ARREARS_WARNING_MONTHS,
    Category,
    Kind,
    Month,
    SalaryFormula,
    month_range,
    yuan,
)
from branchdesk.core.rules.membership import Period
from branchdesk.core.rules.vocab import PARTY_STATUSES
from branchdesk.core.services.membership import membership_periods


class State:
    PAID = "paid"
    UNPAID = "unpaid"  # owed and due, not paid
    LATER = "later"  # owed, not due yet (a future month)
    EXEMPT = "exempt"
    NOT_MEMBER = "not_member"  # not on the roster that month (joined later, transferred out)
    NOT_OWED = "not_owed"  # 党员保留团籍
    NO_RECORD = "no_record"  # before the branch's dues records start


STATE_LABELS = {
    State.PAID: "已缴",
    State.UNPAID: "未缴",
    State.LATER: "未到期",
    State.EXEMPT: "免缴",
    State.NOT_MEMBER: "不在册",
    State.NOT_OWED: "不需缴",
    State.NO_RECORD: "未建账",
}


# -- plain results ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    state: str
    paid_fen: int = 0
    owed_fen: int = 0  # the standard for that month (0 when nothing is owed)
    note: str = ""  # receipt number, exemption reason, category


@dataclass
class GridRow:
    member_id: int
    name: str
    group_name: str
    category: str
    cells: list[Cell]
    paid_fen: int = 0
    unpaid_fen: int = 0


@dataclass
class DuesGrid:
    branch_name: str
    year: int
    months: list[Month]
    rows: list[GridRow]
    month_paid_fen: list[int]
    month_unpaid_fen: list[int]
    total_paid_fen: int
    total_unpaid_fen: int


@dataclass(frozen=True)
class ArrearsRow:
    member_id: int
    name: str
    group_name: str
    unpaid_months: list[Month]
    owed_fen: int
    longest_run: int

    @property
    def since(self) -> Month:
        return self.unpaid_months[0]

    @property
    def flagged(self) -> bool:
        return self.longest_run >= ARREARS_WARNING_MONTHS


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
class CategoryEntry:
    id: int
    category: str
    monthly_income_fen: int | None
    effective_from: Month
    note: str


@dataclass(frozen=True)
class MemberChoice:
    id: int
    name: str
    group_id: int | None
    group_name: str


# -- the book: everything the computations need, loaded once --------------------------------
@dataclass
class _Book:
    branch_name: str
    records_from: Month
    formula: SalaryFormula
    standards: dict[str, Category]
    members: dict[int, tuple[str, str, str]]  # id → (name, group name, political status)
    periods: dict[int, list[Period]]
    categories: dict[int, list[tuple[Month, str, int | None]]]
    paid: dict[int, dict[Month, tuple[int, str]]]  # member → month → (fen share, receipt no)
    exempt: dict[int, dict[Month, str]]

    def category_at(self, member_id: int, month: Month) -> tuple[str, int | None]:
        current: tuple[str, int | None] | None = None
        for start, category, income in self.categories.get(member_id, ()):
            if start <= month:
                current = (category, income)
        if current is not None:
            return current
        political = self.members[member_id][2]
        if political in PARTY_STATUSES:
            return rules.PARTY_CATEGORY, None
        return rules.SALARIED_CATEGORY, None

    def standard_fen(self, member_id: int, month: Month) -> int:
        name, income = self.category_at(member_id, month)
        category = self.standards.get(name) or Category(name, Kind.INCOME)
        return rules.monthly_fen(category, income, self.formula)

    def on_roster(self, member_id: int, month: Month) -> bool:
        return any(
            p.overlaps(month.first_day, month.last_day) for p in self.periods.get(member_id, ())
        )

    def cell(self, member_id: int, month: Month, now: Month) -> Cell:
        paid = self.paid.get(member_id, {}).get(month)
        if paid is not None:
            return Cell(State.PAID, paid[0], self.standard_fen(member_id, month), paid[1])
        if month < self.records_from:
            return Cell(State.NO_RECORD)
        if not self.on_roster(member_id, month):
            return Cell(State.NOT_MEMBER)
        reason = self.exempt.get(member_id, {}).get(month)
        if reason is not None:
            return Cell(State.EXEMPT, note=reason)
        owed = self.standard_fen(member_id, month)
        if owed == 0:
            return Cell(State.NOT_OWED, note=self.category_at(member_id, month)[0])
        return Cell(State.UNPAID if month <= now else State.LATER, 0, owed)


def _load_book(session: Session, branch_id: int) -> _Book:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise UserError("找不到这个团支部。")
    setting = _setting(session, branch_id)
    members = {
        mid: (name, group or "", political)
        for mid, name, group, political in session.execute(
            select(Member.id, Member.name, Group.name, Member.political_status)
            .outerjoin(Group, Group.id == Member.group_id)
            .where(Member.branch_id == branch_id)
            .order_by(Member.id)
        )
    }
    categories: dict[int, list] = defaultdict(list)
    for mid, category, income, start in session.execute(
        select(
            MemberDuesCategory.member_id,
            MemberDuesCategory.category,
            MemberDuesCategory.monthly_income_fen,
            MemberDuesCategory.effective_from,
        )
        .join(Member, Member.id == MemberDuesCategory.member_id)
        .where(Member.branch_id == branch_id)
        .order_by(MemberDuesCategory.effective_from)
    ):
        categories[mid].append((Month.of(start), category, income))
    paid: dict[int, dict] = defaultdict(dict)
    for member_id, first, last, amount, year, seq in session.execute(
        select(
            DuesPayment.member_id,
            DuesPayment.first_month,
            DuesPayment.last_month,
            DuesPayment.amount_fen,
            DuesPayment.receipt_year,
            DuesPayment.receipt_seq,
        ).where(DuesPayment.branch_id == branch_id, DuesPayment.void_reason == "")
    ):
        months = month_range(Month.of(first), Month.of(last))
        receipt = receipt_number(year, seq)
        for month, share in zip(months, rules.split_amount(amount, len(months)), strict=True):
            paid[member_id][month] = (share, receipt)
    exempt: dict[int, dict] = defaultdict(dict)
    for e in session.scalars(
        select(DuesExemption)
        .join(Member, Member.id == DuesExemption.member_id)
        .where(Member.branch_id == branch_id)
    ):
        for month in month_range(Month.of(e.first_month), Month.of(e.last_month)):
            exempt[e.member_id][month] = e.reason
    return _Book(
        branch_name=branch.name,
        records_from=Month.of(setting.records_from),
        formula=_formula(setting),
        standards={c.name: c for c in _categories(session, branch_id)},
        members=members,
        periods=membership_periods(session, branch_id),
        categories=categories,
        paid=paid,
        exempt=exempt,
    )


# -- settings and standards -----------------------------------------------------------------
def _setting(session: Session, branch_id: int) -> DuesSetting:
    setting = session.scalar(select(DuesSetting).where(DuesSetting.branch_id == branch_id))
    if setting is not None:
        return setting
    first_paid = session.scalar(
        select(func.min(DuesPayment.first_month)).where(DuesPayment.branch_id == branch_id)
    )
    start = Month.of(first_paid or date.today()).first_day.replace(month=1)
    return DuesSetting(
        branch_id=branch_id, records_from=start, **_formula_fields(rules.DEFAULT_FORMULA)
    )


def _formula_fields(formula: SalaryFormula) -> dict[str, int]:
    return {
        "threshold_fen": formula.threshold_fen,
        "low_fen": formula.low_fen,
        "per_mille": formula.per_mille,
        "cap_fen": formula.cap_fen,
    }


def _formula(setting: DuesSetting) -> SalaryFormula:
    return SalaryFormula(setting.threshold_fen, setting.low_fen, setting.per_mille, setting.cap_fen)


def _categories(session: Session, branch_id: int) -> list[Category]:
    rows = session.scalars(
        select(DuesStandard)
        .where(DuesStandard.branch_id == branch_id)
        .order_by(DuesStandard.sort_order, DuesStandard.id)
    ).all()
    if not rows:
        return list(rules.DEFAULT_CATEGORIES)
    return [Category(r.category, r.kind, r.fen_per_month, r.note) for r in rows]


def list_standards(session: Session, branch_id: int) -> list[Category]:
    """The branch's standards table (the 中青发〔2016〕13号 defaults until it is edited)."""
    return _categories(session, branch_id)


def load_formula(session: Session, branch_id: int) -> SalaryFormula:
    return _formula(_setting(session, branch_id))


def records_from(session: Session, branch_id: int) -> Month:
    return Month.of(_setting(session, branch_id).records_from)


def setup_dues(
    session: Session,
    branch_id: int,
    start: Month,
    formula: SalaryFormula | None = None,
) -> None:
    """Set where the dues records start (and the formula); seeds the default standards."""
    if (
        formula is not None
        and min(formula.threshold_fen, formula.low_fen, formula.cap_fen, formula.per_mille) < 0
    ):
        raise UserError("按收入计算的金额不能为负数。")
    setting = _setting(session, branch_id)
    setting.records_from = start.first_day
    for name, value in _formula_fields(formula or _formula(setting)).items():
        setattr(setting, name, value)
    session.add(setting)
    if not session.scalar(select(DuesStandard.id).where(DuesStandard.branch_id == branch_id)):
        save_standards(session, branch_id, list(rules.DEFAULT_CATEGORIES))
    session.flush()


def save_standards(session: Session, branch_id: int, categories: list[Category]) -> None:
    """Replace the branch's standards table."""
    names = [c.name.strip() for c in categories]
    if any(not n for n in names):
        raise UserError("团费类别名称不能为空。")
    if len(set(names)) != len(names):
        raise UserError("团费类别名称不能重复。")
    for c in categories:
        if c.kind not in rules.KIND_LABELS:
            raise UserError(f"类别“{c.name}”的计算方式无效。")
        if c.fen_per_month < 0:
            raise UserError(f"类别“{c.name}”的标准不能为负数。")
    in_use = set(
        session.scalars(
            select(MemberDuesCategory.category)
            .join(Member, Member.id == MemberDuesCategory.member_id)
            .where(Member.branch_id == branch_id)
        )
    )
    missing = sorted(in_use - set(names))
    if missing:
        raise UserError(f"类别“{'、'.join(missing)}”已有团员使用，不能删除。")
    existing = {
        r.category: r
        for r in session.scalars(select(DuesStandard).where(DuesStandard.branch_id == branch_id))
    }
    for row in existing.values():
        if row.category not in names:
            session.delete(row)
    for order, c in enumerate(categories):
        row = existing.get(c.name.strip()) or DuesStandard(
            branch_id=branch_id, category=c.name.strip()
        )
        row.kind, row.fen_per_month, row.note, row.sort_order = (
            c.kind,
            c.fen_per_month,
            c.note,
            order,
        )
        session.add(row)
    session.flush()


# -- member categories ----------------------------------------------------------------------
def set_member_category(
    session: Session,
    member_id: int,
    category: str,
    effective_from: Month,
    income_fen: int | None = None,
    note: str = "",
) -> None:
    """From `effective_from` on, the member pays as `category` (one entry per month)."""
    member = _member(session, member_id)
    known = {c.name: c for c in _categories(session, member.branch_id)}
    if category not in known:
        raise UserError(f"没有“{category}”这个团费类别。")
    if income_fen is not None and income_fen < 0:
        raise UserError("月收入不能为负数。")
    entry = session.scalar(
        select(MemberDuesCategory).where(
            MemberDuesCategory.member_id == member_id,
            MemberDuesCategory.effective_from == effective_from.first_day,
        )
    ) or MemberDuesCategory(member_id=member_id, effective_from=effective_from.first_day)
    entry.category = category
    entry.monthly_income_fen = income_fen if known[category].kind == Kind.INCOME else None
    entry.note = note
    session.add(entry)
    session.flush()


def delete_category_entry(session: Session, entry_id: int) -> None:
    entry = session.get(MemberDuesCategory, entry_id)
    if entry is not None:
        session.delete(entry)
        session.flush()


def category_history(session: Session, member_id: int) -> list[CategoryEntry]:
    rows = session.scalars(
        select(MemberDuesCategory)
        .where(MemberDuesCategory.member_id == member_id)
        .order_by(MemberDuesCategory.effective_from)
    )
    return [
        CategoryEntry(r.id, r.category, r.monthly_income_fen, Month.of(r.effective_from), r.note)
        for r in rows
    ]


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到这名团员，可能已被其他人修改。")
    return member


def members_for_dues(
    session: Session, branch_id: int, year: int | None = None
) -> list[MemberChoice]:
    """Members on the roster at some time in `year` (default: this year), for the dialogs."""
    year = year or date.today().year
    periods = membership_periods(session, branch_id)
    rows = session.execute(
        select(Member.id, Member.name, Member.group_id, Group.name)
        .outerjoin(Group, Group.id == Member.group_id)
        .where(Member.branch_id == branch_id)
        .order_by(Member.id)
    )
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [
        MemberChoice(mid, name, gid, gname or "")
        for mid, name, gid, gname in rows
        if any(p.overlaps(first, last) for p in periods.get(mid, ()))
    ]


# -- amounts owed ---------------------------------------------------------------------------
def owed_fen(session: Session, member_id: int, month: Month) -> int | None:
    """What the member owes for `month` by the standard; None when not on the roster then."""
    member = _member(session, member_id)
    book = _load_book(session, member.branch_id)
    if not book.on_roster(member_id, month):
        return None
    if month in book.exempt.get(member_id, {}):
        return 0
    return book.standard_fen(member_id, month)


def _propose(book: _Book, member_id: int, first: Month, last: Month) -> Proposal:
    name = book.members[member_id][0]
    months, problems = [], []
    for month in month_range(first, last):
        if not book.on_roster(member_id, month):
            problems.append(f"{name}在{month.label}不在册")
            continue
        paid = book.paid.get(member_id, {}).get(month)
        if paid is not None:
            problems.append(f"{name}的{month.label}团费已登记（收据{paid[1]}）")
            continue
        fen = 0 if month in book.exempt.get(member_id, {}) else book.standard_fen(member_id, month)
        months.append((month, fen))
    return Proposal(sum(f for _, f in months), months, problems)


def propose_amount(session: Session, member_id: int, first: Month, last: Month) -> Proposal:
    """The standard's amount for the months (and what prevents recording them)."""
    member = _member(session, member_id)
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    return _propose(_load_book(session, member.branch_id), member_id, first, last)


# -- payments -------------------------------------------------------------------------------
class _ReceiptNumbers:
    """Next receipt number per year: the last one used + 1, so numbers have no gaps."""

    def __init__(self, session: Session, branch_id: int):
        self.session, self.branch_id = session, branch_id
        self.last: dict[int, int] = {}

    def take(self, year: int) -> int:
        if year not in self.last:
            self.last[year] = self.session.scalar(
                select(func.coalesce(func.max(DuesPayment.receipt_seq), 0)).where(
                    DuesPayment.branch_id == self.branch_id, DuesPayment.receipt_year == year
                )
            )
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
    book: _Book,
    branch_id: int,
    member_id: int,
    first: Month,
    last: Month,
    amount_fen: int | None,
    reason: str,
    paid_on: date,
    collector: str,
    method: str,
) -> DuesPayment:
    proposal = _propose(book, member_id, first, last)
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
        paid_on=paid_on,
        collector=collector.strip(),
        method=method,
        receipt_year=paid_on.year,
        receipt_seq=numbers.take(paid_on.year),
        note="",
        void_reason="",
    )
    session.add(payment)
    months = month_range(first, last)
    for month, share in zip(months, rules.split_amount(amount, len(months)), strict=True):
        book.paid[member_id][month] = (share, payment.receipt_no)
    return payment


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


def record_payments(
    session: Session, branch_id: int, entries: list[PaymentEntry]
) -> list[PaymentInfo]:
    """Record many payments (an import, the demo) in order, each with its own receipt number."""
    book = _load_book(session, branch_id)
    numbers = _ReceiptNumbers(session, branch_id)
    added = []
    for e in entries:
        _check_common(e.first, e.last, e.method)
        if e.member_id not in book.members:
            raise UserError("所选团员不属于这个团支部。")
        added.append(
            _insert_payment(
                session,
                numbers,
                book,
                branch_id,
                e.member_id,
                e.first,
                e.last,
                e.amount_fen,
                e.reason,
                e.paid_on,
                e.collector,
                e.method,
            )  # fmt: skip
        )
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
) -> PaymentInfo:
    """One member paid for first..last. amount_fen=None takes the standard's amount."""
    member = _member(session, member_id)
    entry = PaymentEntry(member_id, first, last, paid_on, collector, method, amount_fen, reason)
    return record_payments(session, member.branch_id, [entry])[0]


def record_batch(
    session: Session,
    branch_id: int,
    member_ids: list[int],
    first: Month,
    last: Month,
    paid_on: date,
    collector: str = "",
    method: str = "现金",
) -> list[PaymentInfo]:
    """Everyone listed paid first..last at the standard (one receipt each), all or nothing.

    Members who owe nothing for those months (party members, exempt) are skipped.
    """
    _check_common(first, last, method)
    if not member_ids:
        raise UserError("请至少选择一名团员。")
    book = _load_book(session, branch_id)
    unknown = [m for m in member_ids if m not in book.members]
    if unknown:
        raise UserError("所选团员不属于这个团支部。")
    problems = [p for m in member_ids for p in _propose(book, m, first, last).problems]
    if problems:
        raise UserError("；".join(problems) + "。")
    numbers = _ReceiptNumbers(session, branch_id)
    added = []
    for member_id in member_ids:
        if _propose(book, member_id, first, last).amount_fen == 0:
            continue
        added.append(
            _insert_payment(
                session,
                numbers,
                book,
                branch_id,
                member_id,
                first,
                last,
                None,
                "",
                paid_on,
                collector,
                method,
            )  # fmt: skip
        )
    if not added:
        raise UserError("所选团员在这些月份都不需要交纳团费。")
    session.flush()
    return [_info(payment, book) for payment in added]


def _info(p: DuesPayment, book: _Book) -> PaymentInfo:
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
    book = _load_book(session, branch_id)
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
    return _info(payment, _load_book(session, payment.branch_id))


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


def paid_through(session: Session, member_id: int, as_of: date | None = None) -> date | None:
    """The last month covered by a payment, as the 1st of that month (团费交至), or None.

    With `as_of`, only payments made on or before that day count (a letter issued in January
    states what was paid by then, not a later prepayment).
    """
    query = select(func.max(DuesPayment.last_month)).where(
        DuesPayment.member_id == member_id, DuesPayment.void_reason == ""
    )
    if as_of is not None:
        query = query.where(DuesPayment.paid_on <= as_of)
    return session.scalar(query)


# -- exemptions -----------------------------------------------------------------------------
def add_exemption(session: Session, member_id: int, first: Month, last: Month, reason: str) -> None:
    """免缴 (hardship, agreed by the 大会 and approved above) for first..last, with the reason."""
    _member(session, member_id)
    if last < first:
        raise UserError("结束月份不能早于开始月份。")
    if not reason.strip():
        raise UserError("请填写免缴原因。")
    session.add(
        DuesExemption(
            member_id=member_id,
            first_month=first.first_day,
            last_month=last.first_day,
            reason=reason.strip(),
        )
    )
    session.flush()


# -- the grid, arrears, ledger --------------------------------------------------------------
def _now(today: date | None) -> Month:
    return Month.of(today or date.today())


def dues_grid(session: Session, branch_id: int, year: int, today: date | None = None) -> DuesGrid:
    """The member × month grid of `year`: members on the roster that year or who paid for it."""
    return _grid(_load_book(session, branch_id), year, _now(today))


def _grid(book: _Book, year: int, now: Month) -> DuesGrid:
    months = rules.year_months(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = []
    for member_id, (name, group, _) in book.members.items():
        paid_that_year = any(m.year == year for m in book.paid.get(member_id, {}))
        periods = book.periods.get(member_id, ())
        if not paid_that_year and not any(p.overlaps(first, last) for p in periods):
            continue
        cells = [book.cell(member_id, month, now) for month in months]
        rows.append(
            GridRow(
                member_id=member_id,
                name=name,
                group_name=group,
                category=book.category_at(member_id, min(now, months[-1]))[0],
                cells=cells,
                paid_fen=sum(c.paid_fen for c in cells),
                unpaid_fen=sum(c.owed_fen for c in cells if c.state == State.UNPAID),
            )
        )
    month_paid = [sum(r.cells[i].paid_fen for r in rows) for i in range(12)]
    month_unpaid = [
        sum(r.cells[i].owed_fen for r in rows if r.cells[i].state == State.UNPAID)
        for i in range(12)
    ]
    return DuesGrid(
        branch_name=book.branch_name,
        year=year,
        months=months,
        rows=rows,
        month_paid_fen=month_paid,
        month_unpaid_fen=month_unpaid,
        total_paid_fen=sum(month_paid),
        total_unpaid_fen=sum(month_unpaid),
    )


def arrears(session: Session, branch_id: int, today: date | None = None) -> list[ArrearsRow]:
    """Who owes what since when: unpaid due months from the start of the records to now."""
    return _arrears(_load_book(session, branch_id), _now(today))


@dataclass
class YearView:
    """Everything the 团费 page and the export show for a year, from one load."""

    grid: DuesGrid
    arrears: list[ArrearsRow]
    ledger: Ledger


def year_view(session: Session, branch_id: int, year: int, today: date | None = None) -> YearView:
    """The grid, the arrears (as of today, or the year's end for a past year) and the ledger."""
    today = today or date.today()
    book = _load_book(session, branch_id)
    asof = Month.of(min(today, date(year, 12, 31)))
    return YearView(
        _grid(book, year, Month.of(today)),
        _arrears(book, asof),
        handover_ledger(session, branch_id, year),
    )


def _arrears(book: _Book, now: Month) -> list[ArrearsRow]:
    months = month_range(book.records_from, now)
    rows = []
    for member_id, (name, group, _) in book.members.items():
        unpaid = []
        owed = 0
        for month in months:
            cell = book.cell(member_id, month, now)
            if cell.state == State.UNPAID:
                unpaid.append(month)
                owed += cell.owed_fen
        if unpaid:
            rows.append(ArrearsRow(member_id, name, group, unpaid, owed, rules.longest_run(unpaid)))
    return sorted(rows, key=lambda r: (-r.longest_run, r.since, r.member_id))


def members_in_arrears(
    session: Session,
    branch_id: int,
    today: date | None = None,
    min_months: int = ARREARS_WARNING_MONTHS,
) -> list[ArrearsRow]:
    """Members with `min_months` or more consecutive unpaid months (for 暂缓注册, 自行脱团)."""
    return [r for r in arrears(session, branch_id, today) if r.longest_run >= min_months]


def dues_alerts(session: Session, branch_id: int, today: date) -> list:
    """Home page: 6+ consecutive unpaid months (自行脱团 warning, for the secretary to act on)."""
    from branchdesk.core.services.alerts import Alert  # alerts imports this module

    return [
        Alert(
            "overdue",
            "团费",
            f"{r.name}已连续{r.longest_run}个月未交团费（自{r.since.label}起，"
            f"欠{yuan(r.owed_fen)}元），请了解情况，防止自行脱团",
            "dues",
            r.member_id,
            r.since.first_day,
        )
        for r in members_in_arrears(session, branch_id, today)
    ]


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
    return session.scalar(
        select(func.coalesce(func.sum(DuesPayment.amount_fen), 0)).where(
            DuesPayment.branch_id == branch_id, DuesPayment.void_reason == "", cond
        )
    )


def _handed_until(session: Session, branch_id: int, day: date, before: bool = False) -> int:
    cond = DuesHandover.handed_on < day if before else DuesHandover.handed_on <= day
    return session.scalar(
        select(func.coalesce(func.sum(DuesHandover.amount_fen), 0)).where(
            DuesHandover.branch_id == branch_id, cond
        )
    )


def handover_ledger(session: Session, branch_id: int, year: int) -> Ledger:
    """收缴 (one row per month, by payment date) and 上缴 rows of `year` with a running balance."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    opening = _collected_until(session, branch_id, start, True) - _handed_until(
        session, branch_id, start, True
    )
    by_month: dict[Month, list[int]] = defaultdict(list)
    for paid_on, amount in session.execute(
        select(DuesPayment.paid_on, DuesPayment.amount_fen).where(
            DuesPayment.branch_id == branch_id,
            DuesPayment.void_reason == "",
            DuesPayment.paid_on >= start,
            DuesPayment.paid_on <= end,
        )
    ):
        by_month[Month.of(paid_on)].append(amount)
    events: list[tuple[date, int, str, int, int, str]] = [
        (month.last_day, 0, f"{month.label}收缴团费{len(amounts)}笔", sum(amounts), 0, "")
        for month, amounts in by_month.items()
    ]
    for h in session.scalars(
        select(DuesHandover).where(
            DuesHandover.branch_id == branch_id,
            DuesHandover.handed_on >= start,
            DuesHandover.handed_on <= end,
        )
    ):
        events.append((h.handed_on, 1, h.note or "上缴上级团组织", 0, h.amount_fen, h.receipt_no))
    rows, balance = [], opening
    for day, order, text, collected, handed, receipt in sorted(events, key=lambda e: e[:2]):
        balance += collected - handed
        kind = "收缴" if order == 0 else "上缴"
        rows.append(LedgerRow(day, kind, text, collected, handed, balance, receipt))
    collected_total = sum(r.collected_fen for r in rows)
    handed_total = sum(r.handed_fen for r in rows)
    return Ledger(year, opening, rows, collected_total, handed_total, balance)


__all__ = [
    "ArrearsRow",
    "Cell",
    "DuesGrid",
    "GridRow",
    "Ledger",
    "LedgerRow",
    "PaymentEntry",
    "PaymentInfo",
    "State",
    "YearView",
    "add_exemption",
    "arrears",
    "dues_grid",
    "find_payment",
    "handover_ledger",
    "members_in_arrears",
    "paid_through",
    "record_batch",
    "record_handover",
    "record_payment",
    "record_payments",
    "receipt_number",
    "void_payment",
    "year_view",
]
