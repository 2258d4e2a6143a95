"""Dates known only to the year or month (入团年月 is usually a month)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    YEAR = "Y"
    MONTH = "M"
    DAY = "D"


@dataclass(frozen=True, order=True)
class PartialDate:
    value: date  # unknown parts are 1
    precision: Precision = Precision.DAY

    def __str__(self) -> str:
        return format_partial(self.value, self.precision)


def format_partial(value: date | None, precision: str | None, sep: str = "-") -> str:
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}{sep}{value.month:02d}"
    return f"{value.year:04d}{sep}{value.month:02d}{sep}{value.day:02d}"


def format_chinese(value: date | None, precision: str | None) -> str:
    """2016年3月 / 2016年3月10日, as forms print it."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year}年"
    if precision == Precision.MONTH:
        return f"{value.year}年{value.month}月"
    return f"{value.year}年{value.month}月{value.day}日"
