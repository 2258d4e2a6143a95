"""Which months one member owes 团费 for, month by month, from plain facts (no database).

A month's state, in this order: paid (a payment covers it, whatever else holds) → before the
branch's records start → not a member that month → exempt → not owed (党员保留团籍 from the
预备党员 month, after the 28th birthday's month unless in post, a category that owes nothing)
→ owed: unpaid when past, due in the current month, later when in the future.

团费交至 (`paid_up_to`) reads the same cells: the last month of unbroken payment from the first
owed month.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from .dues_standards import Month, receipt_of_key
from .membership import Period


class State:
    PAID = "paid"
    UNPAID = "unpaid"  # owed for a past month, not paid (欠缴)
    DUE = "due"  # owed for the current month, not paid yet (not arrears until it is over)
    LATER = "later"  # owed, not due yet (a future month)
    EXEMPT = "exempt"
    NOT_MEMBER = "not_member"  # not on the roster that month (joined later, transferred out)
    NOT_OWED = "not_owed"  # 党员保留团籍, 超龄
    NO_RECORD = "no_record"  # before the branch's dues records start


STATE_LABELS = {
    State.PAID: "已缴",
    State.UNPAID: "未缴",
    State.DUE: "本月待缴",
    State.LATER: "未到期",
    State.EXEMPT: "免缴",
    State.NOT_MEMBER: "不在册",
    State.NOT_OWED: "不需缴",
    State.NO_RECORD: "未建账",
}

#: why a month is not owed although the member is on the roster
PARTY_NOTE = "已入党（预备党员起交纳党费）"
AGED_OUT_NOTE = "已满28周岁"


class Cell(NamedTuple):
    """One member-month. A tuple underneath: a grid of thousands is built fast."""

    state: str
    paid_fen: int = 0
    owed_fen: int = 0  # the standard for that month (0 when nothing is owed)
    #: the note, or for a paid month the receipt as its key (`RECEIPT_KEY`): made a text only
    #: when read (a grid shows a few of its thousands of receipt numbers)
    detail: str | int = ""

    @property
    def note(self) -> str:
        """Receipt number, exemption reason, category, why nothing is owed."""
        detail = self.detail
        return detail if isinstance(detail, str) else receipt_of_key(detail)


_NO_RECORD = Cell(State.NO_RECORD)
_NOT_MEMBER = Cell(State.NOT_MEMBER)


def roster_months(periods: Sequence[Period]) -> tuple[tuple[Month, Month | None], ...]:
    """Periods on the roster → (first, last) months touched, last None while still on it."""
    bounds = []
    for p in periods:
        last = None if p.end is None else Month.of(p.end - timedelta(days=1))
        first = Month.of(p.start)
        if last is None or first <= last:
            bounds.append((first, last))
    return tuple(bounds)


def roster_months_of(
    changes: Iterable[tuple[Month, Month, bool]],
) -> tuple[tuple[Month, Month | None], ...]:
    """`roster_months` of the periods a status history makes (`periods_from_history`), from
    each change (in order) as (month of its day, month of the day before, on the roster after
    it): what a branch's dues need, without a date or a Period per change."""
    bounds: list[tuple[Month, Month | None]] = []
    first = None
    for month, month_before, on in changes:
        if on:
            if first is None:
                first = month
        elif first is not None:
            if first <= month_before:
                bounds.append((first, month_before))
            first = None
    if first is not None:
        bounds.append((first, None))
    return tuple(bounds)


@dataclass(slots=True)
class DuesFacts:
    """What decides one member's months; every field is plain data (read-only by convention:
    not frozen, because a frozen dataclass costs three times as much to make, and a branch
    makes one per member on every read)."""

    roster: tuple[tuple[Month, Month | None], ...]  # see roster_months
    #: (from month, category name, fen per month), in month order
    categories: tuple[tuple[Month, str, int], ...] = ()
    default: tuple[str, int] = ("", 0)  # the category before the first entry
    exempt: Mapping[Month, str] = field(default_factory=dict)
    #: → (fen share, receipt: its number, or its key as `Cell.detail`)
    paid: Mapping[Month, tuple[int, str | int]] = field(default_factory=dict)
    joined: Month | None = None  # 入团年月: nothing owed before it
    party_from: Month | None = None  # 预备党员 month: nothing owed from it on
    aged_out_after: Month | None = None  # the 28th birthday's month (None while in post)

    def on_roster(self, month: Month) -> bool:
        if self.joined is not None and month < self.joined:
            return False
        for first, last in self.roster:
            if first <= month and (last is None or month <= last):
                return True
        return False

    def category(self, month: Month) -> tuple[str, int]:
        """(name, fen per month) in force in `month`."""
        current = self.default
        for start, name, fen in self.categories:
            if start > month:
                break
            current = (name, fen)
        return current

    def category_label(self, months: Sequence[Month]) -> str:
        """The categories in force from the first to the last of `months` (ascending):
        学生, or 学生／7月起在职 after a change."""
        if not months:
            return ""
        first, last = months[0], months[-1]
        current = self.category(first)[0]
        parts = [current]
        for start, name, _ in self.categories:
            if first < start <= last and name != current:
                parts.append(f"{start.month}月起{name}")
                current = name
        return "／".join(parts)

    def not_owed_note(self, month: Month) -> str:
        """Why nothing is owed in `month` by date, or "" when the dates allow it."""
        if self.party_from is not None and month >= self.party_from:
            return PARTY_NOTE
        if self.aged_out_after is not None and month > self.aged_out_after:
            return AGED_OUT_NOTE
        return ""

    def owes_until(self) -> Month | None:
        """The first month `not_owed_note` names a reason for (None: none does): from then on
        every month has one."""
        after = None if self.aged_out_after is None else self.aged_out_after.plus(1)
        if self.party_from is None or (after is not None and after < self.party_from):
            return after
        return self.party_from


def month_cells(
    facts: DuesFacts,
    months: Sequence[Month],
    now: Month,
    records_from: Month | None = None,
) -> list[Cell]:
    """The cells of `months` (consecutive, ascending) in one pass over the category history."""
    if not months:
        return []
    cats = facts.categories
    count = len(cats)
    index = -1
    change = cats[0][0] if cats else None  # the next category's first month
    paid, exempt, roster, joined = facts.paid, facts.exempt, facts.roster, facts.joined
    quiet = facts.owes_until()  # from this month on, a date says nothing is owed
    make = tuple.__new__  # Cell(...) without the keyword-default wrapper: grids are large
    name, fen = facts.default
    owed_cells: dict[tuple[str, int], Cell] = {}
    out: list[Cell] = []
    append = out.append
    note = ""
    for month in months:
        if change is not None and change <= month:
            while index + 1 < count and cats[index + 1][0] <= month:
                index += 1
            name, fen = cats[index][1:]
            change = cats[index + 1][0] if index + 1 < count else None
        if quiet is not None and month >= quiet:
            note = facts.not_owed_note(month)
            owed = 0
        else:
            owed = fen
        share = paid.get(month)
        if share is not None:
            append(make(Cell, (State.PAID, share[0], owed, share[1])))
            continue
        if records_from is not None and month < records_from:
            append(_NO_RECORD)
            continue
        member = joined is None or month >= joined
        if member:
            for first, last in roster:
                if first <= month and (last is None or month <= last):
                    break
            else:
                member = False
        if not member:
            append(_NOT_MEMBER)
        elif month in exempt:
            append(make(Cell, (State.EXEMPT, 0, 0, exempt[month])))
        elif owed == 0:
            append(make(Cell, (State.NOT_OWED, 0, 0, note or name)))
        else:
            state = State.UNPAID if month < now else State.DUE if month == now else State.LATER
            key = (state, owed)
            cell = owed_cells.get(key)
            if cell is None:
                cell = owed_cells[key] = make(Cell, (key[0], 0, owed, ""))
            append(cell)
    return out


#: months that break 团费交至's unbroken payment
_OWED_UNPAID = frozenset({State.UNPAID, State.DUE, State.LATER})


class PaidUpTo(NamedTuple):
    """团费交至, as printed: a month, or what applies when there is none. (A tuple underneath:
    one is made per member of a grid.)"""

    month: Month | None
    #: 2026年10月 / 2026年5月（此后不需缴纳） / 未缴（自2026年1月起） / 免缴 / 免缴至2025年12月 /
    #: 不需缴纳 / 2026年11月起交纳 (a new member whose first month is the current one)
    text: str
    unpaid: tuple[Month, ...] = ()  # past owed months not paid (欠缴), up to the as-of month
    unpaid_fen: int = 0


def paid_run(paid: Mapping[Month, object]) -> tuple[Month, Month] | None:
    """(first, last) paid month when the paid months are one unbroken run (every month between
    them paid), else None. Most members' payments are: a grid then skips the months' cells."""
    if not paid:
        return None
    first, last = min(paid), max(paid)
    return (first, last) if last - first + 1 == len(paid) else None


def paid_up_to_run(run: tuple[Month, Month] | None, first: Month, last: Month) -> PaidUpTo | None:
    """`paid_up_to` of the months `first` to `last` (widened to every paid month) without their
    cells, when `run` (see `paid_run`) covers them all: every month is paid, so it is the last
    paid month with nothing unpaid. None when some month is not paid."""
    if run is None or first < run[0] or run[1] < last:
        return None
    return PaidUpTo(run[1], run[1].label)


def paid_up_to(months: Sequence[Month], cells: Sequence[Cell]) -> PaidUpTo:
    """团费交至 from a member's cells, from the start of the records (or earlier payments) to
    the as-of month (or a later prepaid month): the last month of *unbroken* payment from the
    first owed month. Months owing nothing (exempt, not a member, 党员保留团籍) neither break
    nor extend it; one paid month after unpaid ones does not move it."""
    unpaid_months: list[Month] = []
    unpaid_fen = 0
    started, searching = False, True
    last_paid: Month | None = None
    broken_at: Month | None = None
    for month, cell in zip(months, cells, strict=True):  # one pass: thousands of members
        state = cell.state
        if state == State.UNPAID:
            unpaid_months.append(month)
            unpaid_fen += cell.owed_fen
        if not searching:
            continue
        if state == State.PAID:
            started = True
            last_paid = month
        elif state in _OWED_UNPAID:
            if not started or state != State.LATER:
                broken_at = month
            searching = False
    unpaid = tuple(unpaid_months)
    if last_paid is not None:
        tail = cells[-1].state if cells else ""
        text = last_paid.label
        if broken_at is None and tail in (State.EXEMPT, State.NOT_OWED) and months[-1] > last_paid:
            text += "（此后免缴）" if tail == State.EXEMPT else "（此后不需缴纳）"
        return PaidUpTo(last_paid, text, unpaid, unpaid_fen)
    exempt = [m for m, c in zip(months, cells, strict=True) if c.state == State.EXEMPT]
    if broken_at is not None and cells[months.index(broken_at)].state != State.DUE:
        return PaidUpTo(None, f"未缴（自{broken_at.label}起）", unpaid, unpaid_fen)
    # nothing owed so far, or only the current month, which is not arrears yet
    if broken_at is not None and exempt:
        return PaidUpTo(None, f"免缴至{exempt[-1].label}", unpaid, unpaid_fen)
    if broken_at is not None:
        return PaidUpTo(None, f"{broken_at.label}起交纳", unpaid, unpaid_fen)
    if exempt:
        return PaidUpTo(None, "免缴", unpaid, unpaid_fen)
    return PaidUpTo(None, "不需缴纳", unpaid, unpaid_fen)
