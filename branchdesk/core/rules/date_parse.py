"""Dates as people write them in roster sheets → (date, precision).

Excel dates (python-calamine gives date / datetime / a float serial), and text such as
2001-03-05, 2001/03/05, 2001.3.5, 2001年3月5日, 2001.3, 2001年3月, 2001-3, 200103, 20010305, 2001年,
with full-width digits. A date known only to the month keeps month precision (day set to 1).
"""

import math
import re
from datetime import date, datetime, timedelta

from .partial_date import Precision

MIN_YEAR = 1900
MAX_YEAR = 2100
#: Excel's day 0 (serial 1 = 1900-01-01; the 1900 leap-year bug makes 1899-12-30 right from March 1900)
_EXCEL_EPOCH = date(1899, 12, 30)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．／－：　", "0123456789./-: ")
_SPACES = re.compile(r"\s+")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YMD = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?")
_YM = re.compile(r"(\d{4})[-./年](\d{1,2})月?")
_Y = re.compile(r"(\d{4})年?")
_DIGITS8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DIGITS6 = re.compile(r"(\d{4})(\d{2})")

HINT = "可写作2001-03-05、2001/03/05、2001.3或2001年3月"


class DateParseError(ValueError):
    """A cell that is not a date; the message is Chinese and fit to show."""


def parse_sheet_date(value) -> tuple[date, Precision] | None:
    """A sheet cell → (date, precision); None for a blank cell; DateParseError for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date(), Precision.DAY
    if isinstance(value, date):
        return value, Precision.DAY
    if isinstance(value, bool):
        raise _error(value)
    if isinstance(value, int | float):
        return _from_number(value)
    text = str(value)
    if not _normalised(text):
        return None
    return _from_text(text)


def _from_number(number: float) -> tuple[date, Precision]:
    """A number typed into Excel: 2001.3 (year.month), 200103, 20010305, 2001, or a date serial."""
    if not math.isfinite(number) or number <= 0:  # NaN, infinite or not positive
        raise _error(number)
    if number != int(number):
        if MIN_YEAR <= number < MAX_YEAR + 1:
            # 2001.3 typed into a cell; Excel keeps 2001.10 as 2001.1, so .1 can only mean January
            text = f"{number:.2f}".rstrip("0")
            return _from_text(text)
        return _from_serial(number)
    whole = int(number)
    if MIN_YEAR <= whole <= MAX_YEAR:
        return date(whole, 1, 1), Precision.YEAR
    if 190001 <= whole <= 210012:
        return _from_text(str(whole))
    if 19000101 <= whole <= 21001231:
        return _from_text(str(whole))
    return _from_serial(number)


def _from_serial(serial: float) -> tuple[date, Precision]:
    if not 1 <= serial < 2958466:  # Excel's range: 1900-01-01 .. 9999-12-31
        raise _error(serial)
    value = _EXCEL_EPOCH + timedelta(days=int(serial))
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _error(serial)
    return value, Precision.DAY


def _normalised(raw: str) -> str:
    return _SPACES.sub(" ", raw.translate(_FULL_WIDTH)).strip()


def _from_text(raw: str) -> tuple[date, Precision]:
    """Text that is not blank (numbers reach here as their digits)."""
    text = _TIME_TAIL.sub("", _normalised(raw)).replace(" ", "")
    for pattern, precision in (
        (_YMD, Precision.DAY),
        (_DIGITS8, Precision.DAY),
        (_YM, Precision.MONTH),
        (_DIGITS6, Precision.MONTH),
        (_Y, Precision.YEAR),
    ):
        match = pattern.fullmatch(text)
        if match:
            return _build(raw, precision, *(int(g) for g in match.groups()))
    raise _error(raw)


def _build(raw, precision: Precision, year: int, month: int = 1, day: int = 1):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"日期“{_show(raw)}”的年份不对")
    try:
        return date(year, month, day), precision
    except ValueError:
        raise DateParseError(f"日期“{_show(raw)}”不存在（月份或日期不对）") from None


def _show(raw) -> str:
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        raw = int(raw)
    return str(raw).strip()


def _error(raw) -> DateParseError:
    return DateParseError(f"无法识别的日期“{_show(raw)}”（{HINT}）")
