from datetime import date

from branchdesk.core.rules.lapse import full_months, lapse_reasons, months_without_life


def test_full_months_count_whole_months_only():
    assert full_months(date(2026, 1, 15), date(2026, 7, 14)) == 5
    assert full_months(date(2026, 1, 15), date(2026, 7, 15)) == 6
    assert full_months(date(2026, 1, 31), date(2026, 7, 30)) == 5
    assert full_months(date(2026, 8, 31), date(2026, 2, 28)) == 0  # backwards


def test_months_without_life_count_from_the_last_meeting_attended():
    today = date(2026, 11, 23)
    missed = [date(2026, 6, 18), date(2026, 9, 18)]
    assert months_without_life(date(2020, 1, 1), date(2026, 5, 18), missed, today) == 6
    assert months_without_life(date(2020, 1, 1), date(2026, 5, 24), missed, today) == 5
    # never attended: from the day they joined the roster
    assert months_without_life(date(2026, 3, 1), None, missed, today) == 8
    # a branch that held no meetings (nothing missed) does not make its members lapse
    assert months_without_life(date(2020, 1, 1), date(2025, 1, 1), [], today) == 0
    # a meeting missed before the last one attended does not count
    assert months_without_life(date(2020, 1, 1), date(2026, 1, 1), [date(2025, 12, 1)], today) == 0


def test_either_criterion_is_enough_and_both_are_named():
    assert lapse_reasons(5, 5) == []
    assert lapse_reasons(6, 0) == ["已连续6个月未交团费"]
    assert lapse_reasons(0, 7) == ["已连续7个月未参加组织生活"]
    assert len(lapse_reasons(6, 6)) == 2
