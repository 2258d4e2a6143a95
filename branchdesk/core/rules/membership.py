"""When a member was on a branch's roster, from their dated status history."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .member_status import ON_ROSTER, MemberStatus


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None  # the day they left (exclusive); None = still on the roster

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, first: date, last: date) -> bool:
        """True if any day in [first, last] is inside the period."""
        return self.start <= last and (self.end is None or self.end > first)


def periods_from_history(changes: Iterable[tuple[date, str]]) -> list[Period]:
    """(changed_on, to_status) in order → the periods spent 在册 or 转出中."""
    periods: list[Period] = []
    start: date | None = None
    for changed_on, to_status in changes:
        on_roster = MemberStatus(to_status) in ON_ROSTER
        if on_roster and start is None:
            start = changed_on
        elif not on_roster and start is not None:
            periods.append(Period(start, changed_on))
            start = None
    if start is not None:
        periods.append(Period(start, None))
    return periods


def on_roster(periods: Sequence[Period], day: date) -> bool:
    return any(p.covers(day) for p in periods)


def on_roster_during(periods: Sequence[Period], first: date, last: date) -> bool:
    return any(p.overlaps(first, last) for p in periods)
