from datetime import date

from branchdesk.core.rules import ages


def test_age_on_counts_full_years():
    assert ages.age_on(date(2000, 3, 15), date(2028, 3, 14)) == 27
    assert ages.age_on(date(2000, 3, 15), date(2028, 3, 15)) == 28


def test_leap_day_birthday():
    assert ages.age_out_date(date(2000, 2, 29)) == date(2028, 2, 29)
    assert ages.add_years(date(2000, 2, 29), 1) == date(2001, 2, 28)


def test_add_months_clamps_the_day():
    assert ages.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert ages.add_months(date(2026, 11, 23), 6) == date(2027, 5, 23)


def test_reaches_max_age_within_six_months():
    today = date(2026, 11, 23)
    assert ages.reaches_max_age_within(date(1999, 5, 23), today, 6)
    assert not ages.reaches_max_age_within(date(1999, 5, 24), today, 6)
    assert ages.reaches_max_age_within(date(1990, 1, 1), today, 0)


def test_join_before_14th_birthday_respects_precision():
    birth = date(2010, 6, 15)
    assert ages.joined_too_young(birth, date(2024, 6, 14))
    assert not ages.joined_too_young(birth, date(2024, 6, 15))
    assert not ages.joined_too_young(birth, date(2024, 6, 1), "M")
    assert ages.joined_too_young(birth, date(2024, 5, 1), "M")
