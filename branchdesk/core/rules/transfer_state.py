"""组织关系转接: the transfer state machine, reasons, letter numbers and validity (DOMAIN.md).

转出: 转出中 → 已转出 (回执收到) / 已撤销 / 已退回.  转入: 待接收 → 已接收 / 已退回.
Letters are numbered per branch and year without gaps; a cancelled number stays used.
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from .ages import add_months


class Direction(StrEnum):
    OUT = "转出"
    IN = "转入"


class TransferStatus(StrEnum):
    OUT_PENDING = "转出中"
    OUT_DONE = "已转出"
    CANCELLED = "已撤销"
    RETURNED = "已退回"
    IN_PENDING = "待接收"
    IN_DONE = "已接收"


#: a letter in these states is no longer valid: printed only with 已作废 across it
VOID_LETTER_STATUSES = frozenset({TransferStatus.CANCELLED, TransferStatus.RETURNED})


def year_counts(rows) -> tuple[int, int]:
    """(people transferred out, people transferred in) by completed transfers: a person counts
    once however many letters they had; cancelled, returned and pending letters do not count.
    `rows` have direction, status, member_id, id_number and name."""
    out, into = set(), set()
    for r in rows:
        person = r.member_id or r.id_number or r.name
        if r.status == TransferStatus.OUT_DONE:
            out.add(person)
        elif r.status == TransferStatus.IN_DONE:
            into.add(person)
    return len(out), len(into)


REASONS = ("升学", "就业", "出国（境）", "未就业", "参军入伍", "工作调动", "其他")

DEFAULT_VALIDITY_DAYS = 30
#: A member who left and has not transferred within this many months risks 自行脱团.
LEFT_WITHOUT_TRANSFER_MONTHS = 6

INITIAL_STATUS = {
    Direction.OUT: TransferStatus.OUT_PENDING,
    Direction.IN: TransferStatus.IN_PENDING,
}

TRANSITIONS: dict[tuple[Direction, TransferStatus], frozenset[TransferStatus]] = {
    (Direction.OUT, TransferStatus.OUT_PENDING): frozenset(
        {TransferStatus.OUT_DONE, TransferStatus.CANCELLED, TransferStatus.RETURNED}
    ),
    (Direction.IN, TransferStatus.IN_PENDING): frozenset(
        {TransferStatus.IN_DONE, TransferStatus.RETURNED}
    ),
}

#: Statuses after which nothing more happens to a transfer.
FINAL = frozenset(
    {
        TransferStatus.OUT_DONE,
        TransferStatus.CANCELLED,
        TransferStatus.RETURNED,
        TransferStatus.IN_DONE,
    }
)

STATUSES_BY_DIRECTION = {
    Direction.OUT: (
        TransferStatus.OUT_PENDING,
        TransferStatus.OUT_DONE,
        TransferStatus.CANCELLED,
        TransferStatus.RETURNED,
    ),
    Direction.IN: (TransferStatus.IN_PENDING, TransferStatus.IN_DONE, TransferStatus.RETURNED),
}


def can_change(direction: str, current: str, new: str) -> bool:
    allowed = TRANSITIONS.get((Direction(direction), TransferStatus(current)), frozenset())
    return TransferStatus(new) in allowed


def next_sequence(used: Iterable[int]) -> int:
    """The next letter number of a year: one more than the highest ever issued (no gaps)."""
    return max(used, default=0) + 1


def format_letter_number(year: int, sequence: int) -> str:
    """（2026）第012号 — the year in brackets and a three-digit sequence."""
    return f"（{year}）第{sequence:03d}号"


_NUMBER_RE = re.compile(r"^[（(]?\s*(\d{4})\s*[）)\-/年]?\s*第?\s*(\d{1,4})\s*号?$")


def parse_letter_number(text: str, default_year: int) -> tuple[int, int]:
    """'12', '2026-12', '（2026）第012号' → (year, sequence); ValueError when it is none of these."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.isdigit() and len(cleaned) <= 4:
        return default_year, int(cleaned)
    match = _NUMBER_RE.match(cleaned)
    if not match or int(match.group(2)) == 0:
        raise ValueError(f"“{text}”不是介绍信编号（例如 12、2026-12 或 （2026）第012号）")
    return int(match.group(1)), int(match.group(2))


def expires_on(issued_on: date, validity_days: int) -> date:
    """Last day the letter is valid (issued on day 0, valid for `validity_days` days)."""
    return issued_on + timedelta(days=validity_days)


def is_waiting_too_long(status: str, issued_on: date, validity_days: int, today: date) -> bool:
    """Letter past its validity and still no return slip."""
    return status == TransferStatus.OUT_PENDING and today > expires_on(issued_on, validity_days)


def left_without_transfer(status: str, closed_on: date | None, today: date) -> bool:
    """A letter came back (已退回) and the member, who has left, is still not transferred 6 months on."""
    if status != TransferStatus.RETURNED or closed_on is None:
        return False
    return today >= add_months(closed_on, LEFT_WITHOUT_TRANSFER_MONTHS)
