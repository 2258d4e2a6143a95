"""The month-by-month dues rule on plain facts."""

from datetime import date

from branchdesk.core.rules.dues_months import (
    Cell,
    DuesFacts,
    State,
    month_cells,
    roster_months,
)
from branchdesk.core.rules.dues_standards import Month, year_months
from branchdesk.core.rules.membership import Period

YEAR = year_months(2026)
NOV = Month(2026, 11)


def states(cells: list[Cell]) -> str:
    short = {
        State.PAID: "P",
        State.UNPAID: "U",
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
    assert states(month_cells(facts, YEAR, Month(2026, 5))) == "-PUEULLLLL-P"
