"""Which months a line of an old 团费收缴登记表 pays for, as secretaries write it.

    months_of("2025年1-6月团费")          → (Month(2025, 1), Month(2025, 6))
    months_of("2024年12月-2025年2月")      → (Month(2024, 12), Month(2025, 2))
    months_of("2025年上半年") / ("2025年全年") / ("2025年第三季度") / ("2025.3") / ("202503")
    months_of("1-6月", default_year=2025)  (no year: the year the payment was made)

Raises MonthsTextError (Chinese message) for text that names no months.
"""

import re
from datetime import date, datetime

from .dues_standards import Month

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．／－～　", "0123456789./-~ ")
_DASH = r"\s*(?:-|~|—|–|－|至|到)\s*"
_SEP = r"[-./年]"
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# 2024年12月-2025年2月, 2024.12-2025.2, 2024-12至2025-02
_YM_YM = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})月?{_DASH}(\d{{4}}){_SEP}(\d{{1,2}})月?")
# 2025年1-6月, 2025.1-6, 2025年1月-6月, 2025年1月至6月
_Y_M_M = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})月?{_DASH}(\d{{1,2}})月")
_Y_M_M_LOOSE = re.compile(rf"(\d{{4}})[.年](\d{{1,2}}){_DASH}(\d{{1,2}})(?!\d)")
# 1-6月 (no year)
_M_M = re.compile(rf"(?<!\d)(\d{{1,2}})月?{_DASH}(\d{{1,2}})月")
# 2025年3月, 2025.3, 2025-03
_Y_M = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})(?:月|(?!\d))")
_YYYYMM = re.compile(r"(?<!\d)(\d{4})(\d{2})(?!\d)")
_HALF = re.compile(r"(?:(\d{4})年(?:度)?)?\s*(上|下)半年")
_QUARTER = re.compile(r"(?:(\d{4})年(?:度)?)?\s*第?([一二三四1-4])季度")
_WHOLE_YEAR = re.compile(r"(\d{4})年(?:度)?\s*(?:全年|整年|1-12月|一年)?")
_MONTH_ONLY = re.compile(r"(?<!\d)(\d{1,2})月")
_M_M_BARE = re.compile(rf"^(\d{{1,2}}){_DASH}(\d{{1,2}})$")
_M_BARE = re.compile(r"^(\d{1,2})$")


class MonthsTextError(ValueError):
    """Text that names no months; the message is Chinese and fit to show."""


def months_of(value, default_year: int | None = None) -> tuple[Month, Month]:
    """(first, last) month a cell names; a date cell is its month."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Month(value.year, value.month), Month(value.year, value.month)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_FULL_WIDTH).strip()
    if not text:
        raise MonthsTextError("缺少所缴月份")
    found = _parse(text, default_year)
    if found is None:
        raise MonthsTextError(
            f"看不出“{text}”缴的是哪几个月（可写作2025年1-6月、2025.3或2025年上半年）"
        )
    first, last = found
    if last < first:
        raise MonthsTextError(f"“{text}”的结束月份早于开始月份")
    return first, last


def _month(year: str | int, month: str | int) -> Month:
    year, month = int(year), int(month)
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        raise MonthsTextError(f"月份“{year}年{month}月”无效")
    return Month(year, month)


def _parse(text: str, default_year: int | None) -> tuple[Month, Month] | None:
    if m := _YM_YM.search(text):
        return _month(m[1], m[2]), _month(m[3], m[4])
    if m := _Y_M_M.search(text) or _Y_M_M_LOOSE.search(text):
        return _month(m[1], m[2]), _month(m[1], m[3])
    if m := _HALF.search(text):
        year = m[1] or default_year
        if year is None:
            return None
        return (
            (_month(year, 1), _month(year, 6))
            if m[2] == "上"
            else (_month(year, 7), _month(year, 12))
        )
    if m := _QUARTER.search(text):
        year = m[1] or default_year
        if year is None:
            return None
        quarter = _CN_NUMBERS[m[2]]
        return _month(year, quarter * 3 - 2), _month(year, quarter * 3)
    if m := _Y_M.search(text):
        return _month(m[1], m[2]), _month(m[1], m[2])
    if m := _YYYYMM.search(text):
        return _month(m[1], m[2]), _month(m[1], m[2])
    if default_year is not None:
        if m := _M_M.search(text):
            return _month(default_year, m[1]), _month(default_year, m[2])
        if m := _MONTH_ONLY.search(text) or _M_BARE.match(text):
            return _month(default_year, m[1]), _month(default_year, m[1])
        if m := _M_M_BARE.match(text):
            return _month(default_year, m[1]), _month(default_year, m[2])
    if m := _WHOLE_YEAR.search(text):
        return _month(m[1], 1), _month(m[1], 12)
    return None
