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


def test_age_out_only_from_the_28th_birthday_mid_month():
    from branchdesk.core.rules.ages import age_out_refusal

    birth = date(1998, 6, 15)  # turns 28 on 15 June 2026, in the middle of the month
    refusal = age_out_refusal(birth, date(2026, 6, 14), holds_post=False)
    assert refusal and "2026年6月15日年满28周岁" in refusal
    assert age_out_refusal(birth, date(2026, 6, 1), holds_post=False)  # same month, too early
    assert age_out_refusal(birth, date(2026, 6, 15), holds_post=False) is None
    assert age_out_refusal(birth, date(2026, 6, 30), holds_post=False) is None


def test_age_out_refused_while_in_post_and_without_a_birth_date():
    from branchdesk.core.rules.ages import age_out_refusal

    assert "任职期间保留团籍" in age_out_refusal(date(1990, 1, 1), date(2026, 6, 1), True)
    assert "出生日期不详" in age_out_refusal(None, date(2026, 6, 1), False)
    # born 29 February: 28 years on is a leap year again, so 28 on 29 February, not the 28th
    assert age_out_refusal(date(2000, 2, 29), date(2028, 2, 28), False) is not None
    assert age_out_refusal(date(2000, 2, 29), date(2028, 2, 29), False) is None
