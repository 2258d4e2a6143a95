from collections import Counter
from datetime import date

from branchdesk.core.rules.statistics import (
    MeetingCount,
    MemberFacts,
    Statistics,
    age_band,
    combine,
    count_members,
    ethnicity_group,
    ordered,
    stat_tables,
    statistics_day,
)


def test_age_bands_at_their_edges():
    assert [age_band(a) for a in (14, 17, 18, 22, 23, 25, 26, 28, 29)] == [
        "18岁以下", "18岁以下", "18—22岁", "18—22岁", "23—25岁", "23—25岁",
        "26—28岁", "26—28岁", "28岁以上",
    ]  # fmt: skip


def test_ethnicity_is_han_or_minority():
    assert ethnicity_group("汉族") == "汉族"
    assert ethnicity_group("壮族") == "少数民族"
    assert ethnicity_group(" ") == "未填写"


def test_known_categories_listed_in_order_with_zero_and_unknown_last():
    counts = Counter({"本科": 2, "未填写": 1, "其他学历": 1})
    rows = ordered(counts, ("大专", "本科"))
    assert rows == [("大专", 0), ("本科", 2), ("其他学历", 1), ("未填写", 1)]


def test_statistics_day_is_year_end_or_today():
    assert statistics_day(2025, date(2026, 3, 1)) == date(2025, 12, 31)
    assert statistics_day(2026, date(2026, 3, 1)) == date(2026, 3, 1)


def test_members_counted_on_the_day_and_branches_combined():
    def part(name, *facts):
        s = Statistics(2026, date(2026, 6, 30), [name])
        count_members(s, facts)
        s.meetings = [MeetingCount("团课", 1, 2)]
        s.dues_collected_fen = 1000
        return s

    a = part(
        "甲",
        MemberFacts("男", "汉族", date(2008, 7, 1), "高中", "共青团员", date(2026, 5, 4), False),
        MemberFacts("女", "回族", date(2000, 1, 1), "", "中共党员", date(2015, 5, 4), True),
    )
    b = part("乙", MemberFacts("女", "汉族", date(1997, 7, 1), "本科", "共青团员", None, False))
    assert a.by_age == Counter({"18岁以下": 1, "26—28岁": 1})  # 17 on 30 June; 26
    assert a.joined == 1 and a.cadres == 1
    total = combine([a, b], 2026, date(2026, 6, 30))
    assert total.members == 3 and total.branches == ["甲", "乙"]
    assert total.by_gender == Counter({"女": 2, "男": 1})
    assert total.by_age["28岁以上"] == 0 and total.by_age["26—28岁"] == 2  # b is 29 tomorrow
    assert total.meetings == [MeetingCount("团课", 2, 4)]
    assert total.dues_collected_fen == 2000
    basics = dict(stat_tables(total)[0].rows)
    assert basics["在册团员"] == 3 and basics["本年入团"] == 1
