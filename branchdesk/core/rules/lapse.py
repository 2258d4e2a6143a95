"""自行脱团 (团章): a member who, without good reason, for 6 consecutive months has not taken part
in organisation life, or not paid dues, or not done the work assigned. The app only warns; the
支部团员大会 decides and the committee above approves.

The third criterion (assigned work) is left out: the app keeps no record of work assigned to
members, so it cannot tell; the warning says which criteria it judged.
"""

from collections.abc import Iterable
from datetime import date

from .ages import add_months

LAPSE_MONTHS = 6


def full_months(start: date, end: date) -> int:
    """Whole months from `start` to `end` (15 Jan → 14 Jul is 5, → 15 Jul is 6)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1


def months_without_life(
    on_roster_since: date,
    last_present: date | None,
    missed_days: Iterable[date],
    today: date,
) -> int:
    """Whole months since the member last attended a meeting (or joined the roster, if never),
    counted only when they missed a meeting they should have attended in that time: a branch
    that held no meetings does not make its members lapse. 0 when not judged."""
    start = max(on_roster_since, last_present) if last_present else on_roster_since
    if not any(start < day <= today for day in missed_days):
        return 0
    return full_months(start, today)


def lapse_reasons(unpaid_months: int, lifeless_months: int) -> list[str]:
    """The 团章 criteria met, as the warning states them (empty: no warning)."""
    reasons = []
    if unpaid_months >= LAPSE_MONTHS:
        reasons.append(f"已连续{unpaid_months}个月未交团费")
    if lifeless_months >= LAPSE_MONTHS:
        reasons.append(f"已连续{lifeless_months}个月未参加组织生活")
    return reasons
