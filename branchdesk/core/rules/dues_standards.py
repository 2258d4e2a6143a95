"""团费 standards (中青发〔2016〕13号), month arithmetic and the arrears rule. Money is integer fen.

Categories are data: a branch edits its own table (DuesStandard rows) seeded from
DEFAULT_CATEGORIES; the salaried formula's numbers live in SalaryFormula.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

#: 自行脱团 warning: this many consecutive unpaid owed months (团章).
ARREARS_WARNING_MONTHS = 6

METHODS = ("现金", "微信", "支付宝", "其他")


class Kind:
    """How a category's monthly amount is found."""

    FIXED = "fixed"  # a fixed amount per month
    INCOME = "income"  # the salaried formula on monthly income
    NONE = "none"  # owes nothing (党员保留团籍); voluntary payments are still recorded


KIND_LABELS = {Kind.FIXED: "定额", Kind.INCOME: "按收入计算", Kind.NONE: "不收缴"}


class _YearMonth(NamedTuple):
    year: int
    month: int


class Month(_YearMonth):
    """A calendar month. A tuple underneath: hashing and ordering are fast (grids of thousands)."""

    __slots__ = ()

    def __new__(cls, year: int, month: int):
        if not 1 <= month <= 12:
            raise ValueError(f"month out of range: {month}")
        return super().__new__(cls, year, month)

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> "Month":
        """'2026-03' → Month(2026, 3)."""
        year, month = text.strip().split("-")[:2]
        return cls(int(year), int(month))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def plus(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        # a valid month by construction: no check (grids step through thousands)
        return tuple.__new__(Month, (index // 12, index % 12 + 1))

    def __sub__(self, other: "Month") -> int:
        """Number of months from `other` to self (Month(2026,3) - Month(2026,1) == 2)."""
        return (self.year - other.year) * 12 + self.month - other.month

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from first to last, both included (empty if last < first)."""
    if first == last:
        return [first]
    return [first.plus(i) for i in range(last - first + 1)]


def year_months(year: int) -> list[Month]:
    return month_range(Month(year, 1), Month(year, 12))


def half_year(month: Month) -> tuple[Month, Month]:
    """本学期 as a half-year: January–June or July–December of the month's year."""
    start = 1 if month.month <= 6 else 7
    return Month(month.year, start), Month(month.year, start + 5)


def range_label(first: Month, last: Month) -> str:
    if first == last:
        return first.label
    if first.year == last.year:
        return f"{first.year}年{first.month}月—{last.month}月"
    return f"{first.label}—{last.label}"


@dataclass(frozen=True)
class SalaryFormula:
    """Salaried members: under `threshold` → `low`; else floor(income × rate‰) 元, at most `cap`."""

    threshold_fen: int = 200_000  # 2000 元
    low_fen: int = 300  # 3 元
    per_mille: int = 2  # 2‰
    cap_fen: int = 2_000  # 20 元

    def monthly_fen(self, income_fen: int | None) -> int:
        """Unknown income counts as the lowest band."""
        if income_fen is None or income_fen < self.threshold_fen:
            return self.low_fen
        whole_yuan = income_fen * self.per_mille // 1000 // 100
        return min(whole_yuan * 100, self.cap_fen)


DEFAULT_FORMULA = SalaryFormula()


@dataclass(frozen=True)
class Category:
    name: str
    kind: str
    fen_per_month: int = 0  # for Kind.FIXED
    note: str = ""


PARTY_CATEGORY = "党员保留团籍"
SALARIED_CATEGORY = "在职"

DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("学生", Kind.FIXED, 20, "含研究生"),
    Category("失业", Kind.FIXED, 20),
    Category("低保/救济", Kind.FIXED, 20, "享受低保或领取救济"),
    Category("务农", Kind.FIXED, 20, "在农村从事农业生产"),
    Category(SALARIED_CATEGORY, Kind.INCOME, 0, "税后月工资收入"),
    Category("年薪制/个体", Kind.INCOME, 0, "按月平均收入计算"),
    Category(PARTY_CATEGORY, Kind.NONE, 0, "从预备党员起交纳党费，不再交纳团费"),
)


def monthly_fen(
    category: Category, income_fen: int | None, formula: SalaryFormula = DEFAULT_FORMULA
) -> int:
    """What a member of `category` owes for one month, in fen."""
    if category.kind == Kind.FIXED:
        return category.fen_per_month
    if category.kind == Kind.INCOME:
        return formula.monthly_fen(income_fen)
    return 0


def split_amount(amount_fen: int, months: int) -> list[int]:
    """A payment's share of each month it covers; the shares add up to the amount exactly."""
    if months <= 0:
        return []
    base, extra = divmod(amount_fen, months)
    return [base + (1 if i < extra else 0) for i in range(months)]


def longest_run(months: Iterable[Month]) -> int:
    """The longest stretch of consecutive calendar months in `months`."""
    best = run = 0
    previous: Month | None = None
    for month in sorted(set(months)):
        run = run + 1 if previous is not None and month - previous == 1 else 1
        best = max(best, run)
        previous = month
    return best


def is_drop_out_risk(unpaid: Sequence[Month], limit: int = ARREARS_WARNING_MONTHS) -> bool:
    """自行脱团 warning: `limit` or more consecutive unpaid months."""
    return longest_run(unpaid) >= limit


def receipt_number(year: int, seq: int) -> str:
    """2026-0007: a receipt's number, numbered per branch and year."""
    return "%d-%04d" % (year, seq)  # noqa: UP031 - 2-3x an f-string's :04d (grids format many)


#: a receipt as one integer, year × RECEIPT_KEY + number (numbers stay far below it): a dues
#: book keeps thousands, read so straight from the database, and makes their text when shown
RECEIPT_KEY = 10**10


def receipt_of_key(key: int) -> str:
    """The receipt number of `year * RECEIPT_KEY + seq`."""
    return receipt_number(*divmod(key, RECEIPT_KEY))


def yuan(fen: int) -> str:
    """1234 → '12.34' (for display; storage stays in fen)."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}.{part:02d}"


def parse_yuan(text: str) -> int:
    """'12.3' → 1230 fen. Raises ValueError for anything that is not an amount to the fen."""
    text = text.strip().replace("元", "").replace("¥", "").replace(",", "")
    if not text:
        raise ValueError("empty amount")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    whole, _, part = text.partition(".")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (part and not part.isdigit()) or len(part) > 2:
        raise ValueError(f"not an amount: {text}")
    return sign * (int(whole) * 100 + int(part.ljust(2, "0") or 0))


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _group_capital(value: int) -> str:
    """0 < value < 10000, in capitals, with inner zeros written once (1005 → 壹仟零伍)."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = value // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def _integer_capital(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    text = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        if text and (group < 1000 or groups[index + 1] % 10 == 0):
            text += "零" if not text.endswith("零") else ""
        text += _group_capital(group) + _BIG_UNITS[index]
    return text


def capital_amount(fen: int) -> str:
    """An amount in Chinese capital numerals (大写), as on a receipt: 1230 → 壹拾贰元叁角."""
    if fen < 0:
        raise ValueError("negative amount")
    whole, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    if fen == 0:
        return "零元整"
    text = _integer_capital(whole) + "元" if whole else ""
    if jiao == 0 and fen_digit == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif whole:
        text += "零"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    return text
