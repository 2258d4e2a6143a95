"""Dates as written in roster sheets → (date, precision)."""

from datetime import date, datetime

import pytest

from branchdesk.core.rules.date_parse import DateParseError, parse_sheet_date
from branchdesk.core.rules.partial_date import Precision

D, M, Y = Precision.DAY, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2001, 3, 5), (date(2001, 3, 5), D)),  # an Excel date (calamine gives a date)
        (datetime(2001, 3, 5, 0, 0), (date(2001, 3, 5), D)),
        (36955.0, (date(2001, 3, 5), D)),  # an Excel serial number without a date format
        ("2001-03-05", (date(2001, 3, 5), D)),
        ("2001/03/05", (date(2001, 3, 5), D)),
        ("2001.3.5", (date(2001, 3, 5), D)),
        ("2001年3月5日", (date(2001, 3, 5), D)),
        ("20010305", (date(2001, 3, 5), D)),
        ("2001-03-05 00:00:00", (date(2001, 3, 5), D)),
        ("2001.3", (date(2001, 3, 1), M)),
        ("2001.10", (date(2001, 10, 1), M)),
        ("2001年3月", (date(2001, 3, 1), M)),
        ("2001-3", (date(2001, 3, 1), M)),
        ("2001/03", (date(2001, 3, 1), M)),
        ("200103", (date(2001, 3, 1), M)),
        ("２００１年３月", (date(2001, 3, 1), M)),  # full-width digits
        ("２００１－０３－０５", (date(2001, 3, 5), D)),
        (" 2001.3\u3000", (date(2001, 3, 1), M)),
        ("2001年", (date(2001, 1, 1), Y)),
        (2001.3, (date(2001, 3, 1), M)),  # 2001.3 typed into a number cell
        (2001.12, (date(2001, 12, 1), M)),
        (200103.0, (date(2001, 3, 1), M)),
        (20010305.0, (date(2001, 3, 5), D)),
        (2001.0, (date(2001, 1, 1), Y)),
    ],
)
def test_formats_seen_in_real_sheets(cell, expected):
    assert parse_sheet_date(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "  ", "\u3000"])
def test_blank_is_none(cell):
    assert parse_sheet_date(cell) is None


@pytest.mark.parametrize(
    "cell", ["不详", "2001.13", "2001-02-30", "20011345", "18000101", "abc", -5.0]
)
def test_garbage_is_a_chinese_error(cell):
    with pytest.raises(DateParseError) as info:
        parse_sheet_date(cell)
    assert "日期" in str(info.value)


def test_the_error_says_what_was_written_and_how_to_write_it():
    with pytest.raises(DateParseError, match="无法识别的日期“不详”.*2001年3月"):
        parse_sheet_date("不详")


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_infinite_and_nan_numbers_are_not_dates(value):
    with pytest.raises(DateParseError, match="无法识别的日期"):
        parse_sheet_date(value)
