"""The member × month grid of a year, the arrears list and the year view (grid + arrears +
ledger), each computed in one pass over the branch's book."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from branchdesk.core.gc_pause import cyclic_gc_paused
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.dues_months import (
    Cell,
    PaidUpTo,
    State,
    month_cells,
    paid_run,
    paid_up_to,
    paid_up_to_run,
)
from branchdesk.core.rules.dues_standards import ARREARS_WARNING_MONTHS, Month, month_range, yuan

from .book import Book, load_book
from .ledger import Ledger, handover_ledger


@dataclass(slots=True)
class GridRow:
    member_id: int
    name: str
    group_name: str
    category: str
    cells: list[Cell]
    paid_fen: int = 0
    unpaid_fen: int = 0
    paid_up_to: str = ""  # 团费交至 as of the register's day (or 免缴 / 不需缴纳 / 未缴…)


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


@dataclass
class YearView:
    """Everything the 团费 page and the export show for a year, from one load."""

    grid: DuesGrid
    arrears: list[ArrearsRow]
    ledger: Ledger


#: months that say nothing about the member's category (not kept, not a member)
_NO_DUES = frozenset({State.NO_RECORD, State.NOT_MEMBER})


def _now(today: date | None) -> Month:
    return Month.of(today or date.today())


def _compute(
    book: Book, year: int | None, now: Month, asof: Month | None
) -> tuple[DuesGrid | None, list[ArrearsRow]]:
    """The grid of `year` (if given) and the arrears up to `asof` (if given), in one pass:
    each member's cells are computed once over the months both need."""
    with cyclic_gc_paused():
        return _compute_cells(book, year, now, asof)


def _compute_cells(
    book: Book, year: int | None, now: Month, asof: Month | None
) -> tuple[DuesGrid | None, list[ArrearsRow]]:
    months = rules.year_months(year) if year is not None else []
    starts = [m for m in (months[:1] + ([book.records_from] if asof else [])) if m]
    ends = [m for m in (months[-1:] + ([asof] if asof else [])) if m]
    span = month_range(min(starts), max(ends)) if starts and ends else []
    start = span[0] if span else now
    grid_at = months[0] - start if months else 0
    owed_from = book.records_from - start
    owed_to = (asof - start + 1) if asof is not None else 0
    # the register's "as of": today in the current year, the year's end for a past year
    category_month = min(now, months[-1]) if months else now
    shown = [m for m in months if m <= category_month] or months[:1]
    rows: list[GridRow] = []
    arrears: list[ArrearsRow] = []
    paid_rows: list[list[int]] = []  # the grid's paid fen per row and month, summed per month
    unpaid_rows: list[list[int]] = []
    shown_count = len(shown)  # the grid's months up to the register's day
    unpaid_state = State.UNPAID
    records_from, facts_of = book.records_from, book.facts
    owed_lo = max(owed_from, 0)
    # a month can be unpaid only before now: the last such month of the grid and the arrears
    before_now = now.plus(-1)
    year_unpaid = (months[0], min(months[-1], before_now)) if months else None
    owing = (span[owed_lo], min(span[owed_to - 1], before_now)) if owed_lo < owed_to else None
    for member_id, (name, group, _) in book.members.items():
        facts = facts_of[member_id]
        cells = month_cells(facts, span, now, records_from)
        run = paid_run(facts.paid)  # when every month of a range is paid, none is unpaid
        if months and _in_year(facts, months):
            year_cells = cells[grid_at : grid_at + 12]
            paid = [c[1] for c in year_cells]
            paid_rows.append(paid)
            unpaid_fen = 0
            if not _all_paid(run, year_unpaid) and any(c[0] == unpaid_state for c in year_cells):
                unpaid = [c[2] if c[0] == unpaid_state else 0 for c in year_cells]
                unpaid_rows.append(unpaid)
                unpaid_fen = sum(unpaid)
            rows.append(
                GridRow(  # positional (thousands of rows): see the field names above
                    member_id,
                    name,
                    group,
                    facts.category_label(_kept(months, year_cells, shown_count) or shown[-1:]),
                    year_cells,
                    sum(paid),
                    unpaid_fen,
                    (
                        paid_up_to_run(run, records_from, shown[-1])
                        or _paid_up_to(book, member_id, span, cells, shown[-1])
                    ).text,
                )
            )
        if owing is not None and not _all_paid(run, owing):
            due = [i for i in range(owed_lo, owed_to) if cells[i][0] == unpaid_state]
            if due:
                unpaid_months = [span[i] for i in due]
                owed = sum([cells[i][2] for i in due])
                arrears.append(
                    ArrearsRow(
                        member_id,
                        name,
                        group,
                        unpaid_months,
                        owed,
                        rules.longest_run(unpaid_months),
                    )
                )
    arrears.sort(key=lambda r: (-r.longest_run, r.since, r.member_id))
    if year is None:
        return None, arrears
    month_paid = [sum(column) for column in zip(*paid_rows, strict=True)] or [0] * 12
    month_unpaid = [sum(column) for column in zip(*unpaid_rows, strict=True)] or [0] * 12
    grid = DuesGrid(
        branch_name=book.branch_name,
        year=year,
        months=months,
        rows=rows,
        month_paid_fen=month_paid,
        month_unpaid_fen=month_unpaid,
        total_paid_fen=sum(month_paid),
        total_unpaid_fen=sum(month_unpaid),
    )
    return grid, arrears


def _all_paid(run: tuple[Month, Month] | None, months: tuple[Month, Month] | None) -> bool:
    """Every month from the first to the last of `months` is paid (see `paid_run`); True for
    no months."""
    if months is None or months[1] < months[0]:
        return True
    return run is not None and run[0] <= months[0] and months[1] <= run[1]


def _kept(months: list[Month], cells: list[Cell], count: int) -> list[Month]:
    """The first and the last of the first `count` months whose category matters (kept and a
    member), or none."""
    for first in range(count):
        if cells[first][0] not in _NO_DUES:
            break
    else:
        return []
    last = count - 1
    while cells[last][0] in _NO_DUES:
        last -= 1
    return [months[first], months[last]]


def _in_year(facts, months: list[Month]) -> bool:
    """On the roster some time in the year of `months`, or paid for a month of it."""
    year = months[0].year
    for first, last in facts.roster:
        if first <= months[-1] and (last is None or last >= months[0]):
            return True
    return any(m.year == year for m in facts.paid)


def _paid_up_to(
    book: Book, member_id: int, span: list[Month], cells: list[Cell], as_of: Month
) -> PaidUpTo:
    """团费交至 from the cells already computed when they cover what it needs (the usual
    case), else from the member's own cells (see `Book.paid_up_to`)."""
    paid = book.facts[member_id].paid
    first, last = book.records_from, as_of
    if paid:
        first, last = min(first, min(paid)), max(last, max(paid))
    if span and span[0] <= first and last <= span[-1]:
        lo, hi = first - span[0], last - span[0] + 1
        return paid_up_to(span[lo:hi], cells[lo:hi])
    return book.paid_up_to(member_id, as_of)


def dues_grid(session: Session, branch_id: int, year: int, today: date | None = None) -> DuesGrid:
    """The member × month grid of `year`: members on the roster that year or who paid for it."""
    grid, _ = _compute(load_book(session, branch_id), year, _now(today), None)
    assert grid is not None
    return grid


def arrears(session: Session, branch_id: int, today: date | None = None) -> list[ArrearsRow]:
    """Who owes what since when: unpaid due months from the start of the records to now."""
    now = _now(today)
    return _compute(load_book(session, branch_id), None, now, now)[1]


def year_view(session: Session, branch_id: int, year: int, today: date | None = None) -> YearView:
    """The grid, the arrears (as of today, or the year's end for a past year) and the ledger."""
    today = today or date.today()
    asof = Month.of(min(today, date(year, 12, 31)))
    # one pause for the load and the pass, the book dropped before the collector runs again:
    # it then looks only at what is returned (not at the book too, twice)
    with cyclic_gc_paused():
        book = load_book(session, branch_id)
        grid, owing = _compute(book, year, Month.of(today), asof)
        ledger = handover_ledger(session, branch_id, year, book.collected)
        del book
    assert grid is not None
    return YearView(grid, owing, ledger)


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
            subject=r.name,
            group=f"{{n}} 人连续{ARREARS_WARNING_MONTHS}个月以上未交团费",
        )
        for r in members_in_arrears(session, branch_id, today)
    ]
