from datetime import date

from branchdesk.core.rules.membership import (
    Period,
    on_roster,
    on_roster_during,
    periods_from_history,
)


def test_periods_follow_status_history():
    periods = periods_from_history(
        [
            (date(2020, 3, 1), "在册"),
            (date(2025, 6, 1), "转出中"),
            (date(2025, 7, 1), "已转出"),
            (date(2026, 2, 1), "在册"),
        ]
    )
    assert periods == [Period(date(2020, 3, 1), date(2025, 7, 1)), Period(date(2026, 2, 1), None)]
    assert on_roster(periods, date(2025, 6, 30))
    assert not on_roster(periods, date(2025, 7, 1))
    assert not on_roster(periods, date(2025, 12, 31))
    assert on_roster_during(periods, date(2025, 12, 1), date(2026, 2, 1))
    assert not on_roster_during(periods, date(2025, 8, 1), date(2026, 1, 31))
