"""The month-by-month dues rule on plain facts."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from branchdesk.core.rules.dues_months import (
    AGED_OUT_NOTE,
    PARTY_NOTE,
    Cell,
    DuesFacts,
    State,
    month_cells,
    paid_run,
    paid_up_to,
    paid_up_to_run,
    roster_months,
    roster_months_of,
)
from branchdesk.core.rules.dues_standards import RECEIPT_KEY, Month, month_range, year_months
from branchdesk.core.rules.member_status import ON_ROSTER, MemberStatus
from branchdesk.core.rules.membership import Period, periods_from_history

YEAR = year_months(2026)
NOV = Month(2026, 11)


def states(cells: list[Cell]) -> str:
    short = {
        State.PAID: "P",
        State.UNPAID: "U",
        State.DUE: "D",
        State.LATER: "L",
        State.EXEMPT: "E",
        State.NOT_MEMBER: "-",
        State.NOT_OWED: "0",
        State.NO_RECORD: ".",
    }
    return "".join(short[c.state] for c in cells)


def test_roster_months_touch_every_month_of_a_period():
    assert roster_months([Period(date(2026, 7, 15), date(2026, 3, 10).replace(year=2027))]) == (
        (Month(2026, 7), Month(2027, 3)),
    )
    # leaving on the 1st: that month is not touched
    assert roster_months([Period(date(2026, 1, 5), date(2026, 4, 1))]) == (
        (Month(2026, 1), Month(2026, 3)),
    )
    assert roster_months([Period(date(2026, 5, 1), date(2026, 5, 1))]) == ()
    assert roster_months([Period(date(2020, 1, 1), None)]) == ((Month(2020, 1), None),)


def test_cells_follow_roster_categories_exemptions_and_payments():
    facts = DuesFacts(
        roster=((Month(2026, 2), Month(2026, 10)),),
        categories=((Month(2026, 1), "学生", 20), (Month(2026, 6), "在职", 1000)),
        default=("在职", 300),
        exempt={Month(2026, 4): "困难"},
        paid={Month(2026, 2): (20, "2026-0001"), Month(2026, 12): (1000, "2026-0002")},
    )
    cells = month_cells(facts, YEAR, NOV, records_from=Month(2026, 3))
    assert states(cells) == ".PUEUUUUUU-P"  # January: before the records start
    assert cells[4].owed_fen == 20 and cells[5].owed_fen == 1000  # May 学生, June 在职
    assert cells[3].note == "困难" and cells[1].note == "2026-0001"
    # without the records start, February's standard and January (not a member) show as such
    assert states(month_cells(facts, YEAR, Month(2026, 5))) == "-PUEDLLLLL-P"


def _owing(paid=(), exempt=(), **dates) -> DuesFacts:
    return DuesFacts(
        roster=((Month(2020, 1), None),),
        default=("在职", 1000),
        paid={Month(2026, n): (1000, f"r{n}") for n in paid},
        exempt={Month(2026, n): "困难" for n in exempt},
        **dates,
    )


def _paid_up_to(facts: DuesFacts, now: Month = NOV) -> str:
    months = month_range(Month(2026, 1), max([now, *facts.paid]))
    return paid_up_to(months, month_cells(facts, months, now, Month(2026, 1))).text


def test_paid_up_to_is_the_last_month_of_unbroken_payment():
    assert _paid_up_to(_owing(paid=range(1, 11))) == "2026年10月"  # November is due
    assert _paid_up_to(_owing(paid=[11])) == "未缴（自2026年1月起）"  # paid only November
    # a member paying one late month: April unpaid holds it at March until April is paid
    assert _paid_up_to(_owing(paid=[1, 2, 3, 5, 6, 7, 8, 9, 10])) == "2026年3月"
    assert _paid_up_to(_owing(paid=range(1, 11))) == "2026年10月"
    assert _paid_up_to(_owing(paid=range(1, 13))) == "2026年12月"  # prepaid
    # exempt months neither break nor extend it
    assert _paid_up_to(_owing(paid=[1, 2, 5, 6, 7, 8, 9, 10], exempt=[3, 4])) == "2026年10月"
    assert _paid_up_to(_owing(exempt=range(1, 13))) == "免缴"
    assert _paid_up_to(_owing(exempt=range(1, 11))) == "免缴至2026年10月"
    party = DuesFacts(roster=((Month(2020, 1), None),), default=("党员保留团籍", 0))
    assert _paid_up_to(party) == "不需缴纳"


def test_dates_end_dues_whatever_the_category():
    # 预备 mid-year: from the 预备 month on nothing is owed
    facts = _owing(paid=range(1, 6), party_from=Month(2026, 6))
    cells = month_cells(facts, YEAR, NOV)
    assert states(cells) == "PPPPP0000000" and cells[5].note == PARTY_NOTE
    assert _paid_up_to(facts) == "2026年5月（此后不需缴纳）"
    # a 28th birthday mid-month (15 June): June owed, July on not
    facts = _owing(aged_out_after=Month(2026, 6))
    cells = month_cells(facts, YEAR, NOV)
    assert states(cells) == "UUUUUU000000" and cells[6].note == AGED_OUT_NOTE
    # a join in July (入团 in July, even if the roster says earlier)
    assert states(month_cells(_owing(joined=Month(2026, 7)), YEAR, NOV)) == "------UUUUDL"
    # a category change mid-year: each month at the category in force
    facts = DuesFacts(
        roster=((Month(2020, 1), None),),
        categories=((Month(2026, 1), "学生", 20), (Month(2026, 7), "在职", 1000)),
    )
    assert [c.owed_fen for c in month_cells(facts, YEAR, NOV)] == [20] * 6 + [1000] * 6
    assert facts.category_label(YEAR) == "学生／7月起在职"
    assert facts.category_label(YEAR[:6]) == "学生"


_MONTHS = st.builds(Month, st.integers(2025, 2027), st.integers(1, 12))


@settings(max_examples=300, deadline=None)
@given(
    paid=st.sets(_MONTHS, max_size=30),
    exempt=st.sets(_MONTHS, max_size=6),
    party_from=st.none() | _MONTHS,
    aged_out_after=st.none() | _MONTHS,
    records_from=_MONTHS,
    as_of=_MONTHS,
)
def test_the_shortcuts_agree_with_the_cells(
    paid, exempt, party_from, aged_out_after, records_from, as_of
):
    """`owes_until` is where `not_owed_note` starts; `paid_up_to_run`, when it answers, is
    `paid_up_to` of the cells."""
    facts = DuesFacts(
        roster=((Month(2025, 3), Month(2026, 8)), (Month(2027, 2), None)),
        default=("在职", 1000),
        paid={m: (1000, "r") for m in paid},
        exempt={m: "困难" for m in exempt},
        party_from=party_from,
        aged_out_after=aged_out_after,
    )
    quiet = facts.owes_until()
    for month in month_range(Month(2024, 12), Month(2028, 1)):
        assert bool(facts.not_owed_note(month)) == (quiet is not None and month >= quiet)
    run = paid_run(facts.paid)
    ordered = sorted(paid)
    assert (run is not None) == bool(paid and month_range(ordered[0], ordered[-1]) == ordered)
    quick = paid_up_to_run(run, records_from, as_of)
    months = month_range(min([records_from, *paid]), max([as_of, *paid]))
    full = paid_up_to(months, month_cells(facts, months, as_of, records_from))
    assert quick is None or quick == full
    assert (quick is None) == (not months or any(m not in paid for m in months))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(date(2024, 1, 1), date(2027, 12, 31)),
            st.sampled_from([s.value for s in MemberStatus]),
        ),
        max_size=8,
    )
)
def test_roster_months_of_the_changes_are_those_of_the_periods(changes):
    """The dues book's reading of a status history (months, no periods) is the periods'."""
    changes.sort(key=lambda c: c[0])
    months = [
        (Month.of(day), Month.of(day - timedelta(days=1)), MemberStatus(status) in ON_ROSTER)
        for day, status in changes
    ]
    assert roster_months_of(months) == roster_months(periods_from_history(changes))


def test_a_paid_cell_shows_its_receipt_number_from_the_key():
    assert Cell(State.PAID, 20, 20, 2026 * RECEIPT_KEY + 7).note == "2026-0007"
    assert Cell(State.PAID, 20, 20, 2027 * RECEIPT_KEY + 123456).note == "2027-123456"
    assert Cell(State.PAID, 20, 20, "2026-0008").note == "2026-0008"  # recorded just now
    assert Cell(State.EXEMPT, detail="困难").note == "困难"
