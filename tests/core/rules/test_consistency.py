"""The rules behind `branchdesk check`: each says what contradicts, on the edge cases."""

from datetime import date

from branchdesk.core.rules.consistency import (
    months_off_roster,
    months_problem,
    months_text,
    not_member_on,
    party_age_problem,
    post_problem,
    roster_before_joining_problem,
)
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.rules.membership import Period

# joined in July 2026, left on 20 March 2027 (the leaving day is no longer on the roster)
JULY_TO_MARCH = [Period(date(2026, 7, 1), date(2027, 3, 20))]
# away from 2 February to 6 September, back since
AWAY = [Period(date(2020, 1, 1), date(2026, 2, 2)), Period(date(2026, 9, 6), None)]


def test_attendance_on_the_leaving_day_is_not_a_member():
    assert not_member_on("张三", JULY_TO_MARCH, date(2027, 3, 19), "出席") is None
    message = not_member_on("张三", JULY_TO_MARCH, date(2027, 3, 20), "出席")
    assert message == "张三2027年3月20日不在本团支部的花名册上，不能出席"
    assert not_member_on("张三", JULY_TO_MARCH, date(2026, 6, 30), "出席")
    assert not_member_on("张三", [], date(2026, 8, 1), "出席")


def test_a_join_in_july_and_a_leave_in_march_bound_the_months():
    off = months_off_roster(JULY_TO_MARCH, Month(2026, 5), Month(2027, 4))
    assert off == [Month(2026, 5), Month(2026, 6), Month(2027, 4)]  # March 2027 counts
    assert months_problem("张三", JULY_TO_MARCH, Month(2026, 7), Month(2027, 3), "交费") is None
    message = months_problem("张三", JULY_TO_MARCH, Month(2026, 5), Month(2026, 8), "交费")
    assert message == "张三在2026年5月—2026年6月不在册，不能交费"


def test_months_away_are_listed_as_runs():
    off = months_off_roster(AWAY, Month(2026, 1), Month(2026, 12))
    assert off == [Month(2026, m) for m in range(3, 9)]
    assert months_text([Month(2026, 1), Month(2026, 3), Month(2026, 4)]) == (
        "2026年1月、2026年3月—2026年4月"
    )


def test_post_before_joining_the_league_or_the_branch():
    periods = [Period(date(2024, 9, 1), None)]
    # 入团 in September 2024 (month precision): a post from 1 September is fine
    assert post_problem("李四", "书记", date(2024, 9, 1), periods, date(2024, 9, 1)) is None
    assert post_problem("李四", "书记", None, periods, date(2024, 9, 1)) is None
    before_league = post_problem("李四", "书记", date(2024, 8, 31), periods, date(2024, 9, 1))
    assert "早于入团时间（2024年9月）" in before_league
    later_roster = [Period(date(2025, 3, 10), None)]
    before_branch = post_problem("李四", "书记", date(2025, 3, 1), later_roster, date(2024, 9, 1))
    assert "早于到本团支部的日期（2025年3月10日）" in before_branch
    assert "从未在本团支部" in post_problem("李四", "书记", date(2025, 3, 1), [], None)


def test_on_the_roster_before_joining_the_league():
    periods = [Period(date(2024, 8, 15), None)]
    assert roster_before_joining_problem("王五", periods, date(2024, 8, 1), "M") is None
    assert roster_before_joining_problem("王五", periods, date(2024, 9, 1), "M")
    assert roster_before_joining_problem("王五", periods, date(2024, 1, 1), "Y") is None
    assert roster_before_joining_problem("王五", periods, None) is None


def test_party_member_must_be_18_on_the_probationary_date():
    birth = date(2008, 6, 15)  # 18 on 15 June 2026
    today = date(2026, 11, 23)
    assert party_age_problem(birth, "共青团员", today) is None
    assert party_age_problem(birth, "中共预备党员", today) is None
    assert party_age_problem(birth, "中共预备党员", date(2026, 6, 14))  # 17 today
    assert party_age_problem(birth, "中共预备党员", today, date(2026, 6, 15)) is None
    early = party_age_problem(birth, "中共党员", today, date(2026, 6, 14))
    assert early == ("成为预备党员的日期（2026年6月14日）早于年满18周岁的日期（2026年6月15日）")
    assert party_age_problem(None, "中共党员", today) is None
