"""The branch's dues book: everything the month-by-month computations need, loaded at once.

The grid, the arrears, the batch proposal and 团费交至 all read one `Book`, so a screen of
2,000 members costs a handful of queries, not one load per member.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter

from sqlalchemy import BigInteger, String, cast, select, type_coerce
from sqlalchemy.orm import Session

from branchdesk.core.db.models import (
    Branch,
    DuesExemption,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    Group,
    Member,
    MemberDuesCategory,
    MemberStatusChange,
)
from branchdesk.core.db.shared_reads import shared
from branchdesk.core.errors import UserError
from branchdesk.core.gc_pause import cyclic_gc_paused
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.ages import age_out_date
from branchdesk.core.rules.dues_months import (
    Cell,
    DuesFacts,
    PaidUpTo,
    month_cells,
    paid_run,
    paid_up_to,
    paid_up_to_run,
    roster_months_of,
)
from branchdesk.core.rules.dues_standards import Category, Kind, Month, SalaryFormula, month_range
from branchdesk.core.rules.member_status import ON_ROSTER, MemberStatus
from branchdesk.core.rules.vocab import PARTY_STATUSES
from branchdesk.core.services.branches import post_holders
from branchdesk.core.services.membership import membership_periods

from .standards import dues_setting, formula_of


@dataclass(frozen=True)
class MemberChoice:
    id: int
    name: str
    group_id: int | None
    group_name: str


@dataclass
class Book:
    branch_name: str
    records_from: Month
    formula: SalaryFormula
    standards: dict[str, Category]
    members: dict[int, tuple[str, str, str]]  # id → (name, group name, political status)
    facts: dict[int, DuesFacts]
    #: member → month → (fen share, receipt: its key (`RECEIPT_KEY`), or its text)
    paid: dict[int, dict[Month, tuple[int, str | int]]]
    #: by the month paid in (not the months paid for): (payments, fen), for the ledger
    collected: dict[Month, tuple[int, int]]

    def cells(
        self, member_id: int, months: Sequence[Month], now: Month, records: bool = True
    ) -> list[Cell]:
        """The member's cells for `months`; records=False ignores where the records start."""
        return month_cells(
            self.facts[member_id], months, now, self.records_from if records else None
        )

    def cell(self, member_id: int, month: Month, now: Month, records: bool = True) -> Cell:
        return self.cells(member_id, [month], now, records)[0]

    def paid_up_to(self, member_id: int, as_of: Month) -> PaidUpTo:
        """团费交至 and the arrears as of `as_of` (cells from the records start, or an earlier
        payment, to `as_of` or a later prepaid month)."""
        paid = self.paid.get(member_id, {})
        quick = paid_up_to_run(paid_run(paid), self.records_from, as_of)
        if quick is not None:
            return quick
        first = min([self.records_from, *paid])
        last = max([as_of, *paid])
        months = month_range(first, last)
        return paid_up_to(months, self.cells(member_id, months, as_of))

    def on_roster(self, member_id: int, month: Month) -> bool:
        return self.facts[member_id].on_roster(month)

    def category_at(self, member_id: int, month: Month) -> str:
        return self.facts[member_id].category(month)[0]


def _fen(standards: dict[str, Category], formula: SalaryFormula):
    cache: dict[tuple[str, int | None], int] = {}

    def fen(name: str, income: int | None) -> int:
        key = (name, income)
        if key not in cache:
            category = standards.get(name) or Category(name, Kind.INCOME)
            cache[key] = rules.monthly_fen(category, income, formula)
        return cache[key]

    return fen


class _Months(dict):
    """A stored month (a date, or on SQLite its 'YYYY-MM-DD' text) → Month, each made once: a
    branch's payments name a few dozen months many times."""

    def __missing__(self, value: date | str) -> Month:
        if isinstance(value, str):
            month = Month(int(value[:4]), int(value[5:7]))
        else:
            month = Month(value.year, value.month)
        self[value] = month
        return month


def _raw(column):
    """A date column without per-row conversion (the driver's value: text on SQLite)."""
    return type_coerce(column, String)


def _date(value: date | str) -> date:
    """A stored date (on SQLite its 'YYYY-MM-DD' text) as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _aged_out_month(known: dict[date | str, Month], birth: date | str) -> Month:
    month = known.get(birth)
    if month is None:
        month = known[birth] = Month.of(age_out_date(_date(birth)))
    return month


class _MonthsBefore(dict):
    """A stored date → the month of the day before it (the last month a period that ends on
    that day touches), each made once."""

    def __missing__(self, value: date | str) -> Month:
        month = self[value] = Month.of(_date(value) - timedelta(days=1))
        return month


class _OnRoster(dict):
    """A status → whether it is on the roster (an unknown status fails, as `MemberStatus`)."""

    def __missing__(self, status: str) -> bool:
        on = self[status] = MemberStatus(status) in ON_ROSTER
        return on


def load_book(session: Session, branch_id: int, paid_by: date | None = None) -> Book:
    """Everything about the branch's dues, from a handful of queries; with `paid_by`, only the
    payments made by that day (a letter states what was paid when it was issued)."""
    with cyclic_gc_paused():
        return shared(
            session,
            ("dues_book", branch_id, paid_by),
            lambda: _load_book(session, branch_id, paid_by),
        )


def _load_book(session: Session, branch_id: int, paid_by: date | None) -> Book:
    month_of = _Months()
    session.flush()  # the reads below go to the connection, past the session
    # Core rows: no ORM bookkeeping for thousands of rows, and cheap to compile (a benchmark
    # or a freshly opened database compiles every statement once)
    run = session.connection().execute
    # the branch and its stored setting in one statement (each costs a compile when fresh)
    found = run(
        select(
            Branch.name,
            DuesSetting.records_from,
            DuesSetting.threshold_fen,
            DuesSetting.low_fen,
            DuesSetting.per_mille,
            DuesSetting.cap_fen,
        )
        .outerjoin(DuesSetting, DuesSetting.branch_id == Branch.id)
        .where(Branch.id == branch_id)
    ).first()
    if found is None:
        raise UserError("找不到这个团支部。")
    branch_name, stored = found[0], found[1:]
    if stored[0] is None:  # no setting stored yet: the defaults
        setting = dues_setting(session, branch_id)
        records_start, formula = setting.records_from, formula_of(setting)
    else:
        records_start, formula = stored[0], SalaryFormula(*stored[1:])
    standards = {
        name: Category(name, kind, fen_per_month, note)
        for name, kind, fen_per_month, note in run(
            select(
                DuesStandard.category,
                DuesStandard.kind,
                DuesStandard.fen_per_month,
                DuesStandard.note,
            )
            .where(DuesStandard.branch_id == branch_id)
            .order_by(DuesStandard.sort_order, DuesStandard.id)
        )
    } or {c.name: c for c in rules.DEFAULT_CATEGORIES}
    fen = _fen(standards, formula)
    members: dict[int, tuple[str, str, str]] = {}
    dates: dict[int, tuple[Month | None, Month | None, Month | None]] = {}
    aged_out: dict[date | str, Month] = {}  # birth → the 28th birthday's month (shared by many)
    for mid, name, group, political, joined, birth, post, posted, probation, full in run(
        select(
            Member.id,
            Member.name,
            Group.name,
            Member.political_status,
            _raw(Member.join_date),
            _raw(Member.birth_date),
            Member.league_post,
            Member.id.in_(post_holders(branch_id)),
            _raw(Member.probationary_on),
            _raw(Member.full_member_on),
        )
        .outerjoin(Group, Group.id == Member.group_id)
        .where(Member.branch_id == branch_id)
        .order_by(Member.id)
    ).all():
        members[mid] = (name, group or "", political)
        # the earlier of the two (stored dates order as the days do, text or not)
        party_on = (
            full if probation is None or (full is not None and full < probation) else probation
        )
        in_post = bool(posted) or bool(post.strip())
        dates[mid] = (
            month_of[joined] if joined else None,
            month_of[party_on] if party_on else None,
            None if in_post or birth is None else _aged_out_month(aged_out, birth),
        )
    categories: dict[int, list[tuple[Month, str, int]]] = defaultdict(list)
    for mid, category, income, start in run(
        select(
            MemberDuesCategory.member_id,
            MemberDuesCategory.category,
            MemberDuesCategory.monthly_income_fen,
            _raw(MemberDuesCategory.effective_from),
        )
        .join(Member, Member.id == MemberDuesCategory.member_id)
        .where(Member.branch_id == branch_id)
        .order_by(MemberDuesCategory.effective_from)
    ).all():
        categories[mid].append((month_of[start], category, fen(category, income)))
    paid: dict[int, dict[Month, tuple[int, str | int]]] = defaultdict(dict)
    fen_on: dict[date | str, int] = {}  # fen collected per day paid (as stored)
    fen_get = fen_on.get
    rows = run(
        select(
            DuesPayment.member_id,
            _raw(DuesPayment.first_month),
            _raw(DuesPayment.last_month),
            DuesPayment.amount_fen,
            # the receipt as one number (`Cell.note` makes its text)
            cast(DuesPayment.receipt_year, BigInteger) * rules.RECEIPT_KEY
            + DuesPayment.receipt_seq,
            _raw(DuesPayment.paid_on),
        ).where(
            DuesPayment.branch_id == branch_id,
            DuesPayment.void_reason == "",
            *([DuesPayment.paid_on <= paid_by] if paid_by else []),
        )
    ).all()
    for member_id, first, last, amount, receipt, paid_on in rows:
        fen_on[paid_on] = fen_get(paid_on, 0) + amount
        if first == last:
            paid[member_id][month_of[first]] = (amount, receipt)
            continue
        months = month_range(month_of[first], month_of[last])
        for month, share in zip(months, rules.split_amount(amount, len(months)), strict=True):
            paid[member_id][month] = (share, receipt)
    count_on = Counter(map(itemgetter(5), rows))  # payments per day paid
    collected: dict[Month, tuple[int, int]] = {}
    for day, day_fen in fen_on.items():
        month = month_of[day]
        count, fen_total = collected.get(month, (0, 0))
        collected[month] = (count + count_on[day], fen_total + day_fen)
    exempt: dict[int, dict[Month, str]] = defaultdict(dict)
    for member_id, first, last, reason in run(
        select(
            DuesExemption.member_id,
            _raw(DuesExemption.first_month),
            _raw(DuesExemption.last_month),
            DuesExemption.reason,
        )
        .join(Member, Member.id == DuesExemption.member_id)
        .where(Member.branch_id == branch_id)
    ):
        for month in month_range(month_of[first], month_of[last]):
            exempt[member_id][month] = reason
    # periods on the roster, straight from the status changes as months
    before_of, on_roster = _MonthsBefore(), _OnRoster()
    changes: dict[int, list[tuple[Month, Month, bool]]] = defaultdict(list)
    for member_id, day, status in run(
        select(
            MemberStatusChange.member_id,
            _raw(MemberStatusChange.changed_on),
            MemberStatusChange.to_status,
        )
        .join(Member, Member.id == MemberStatusChange.member_id)
        .where(Member.branch_id == branch_id)
        .order_by(
            MemberStatusChange.member_id, MemberStatusChange.changed_on, MemberStatusChange.id
        )
    ).all():
        changes[member_id].append((month_of[day], before_of[day], on_roster[status]))
    party = (rules.PARTY_CATEGORY, fen(rules.PARTY_CATEGORY, None))
    salaried = (rules.SALARIED_CATEGORY, fen(rules.SALARIED_CATEGORY, None))
    no_changes: tuple = ()
    facts = {
        # positional, in DuesFacts' field order: roster, categories, default, exempt, paid,
        # joined, party_from, aged_out_after
        mid: DuesFacts(
            roster_months_of(changes.get(mid, no_changes)),
            tuple(categories.get(mid, no_changes)),
            party if political in PARTY_STATUSES else salaried,
            exempt.get(mid) or {},
            paid[mid],
            *dates[mid],
        )
        for mid, (_, _, political) in members.items()
    }
    return Book(
        branch_name=branch_name,
        records_from=Month.of(records_start),
        formula=formula,
        standards=standards,
        members=members,
        facts=facts,
        paid=paid,
        collected=collected,
    )


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
