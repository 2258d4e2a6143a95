"""Records that contradict each other: the rules behind `branchdesk check` and the form guards.

Each function looks at plain values (membership periods, dates, statuses) and says what is
wrong, in Chinese, or returns nothing. The service in `services/consistency.py` feeds them
the branch's records; the services that create records call them to refuse a contradiction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import ages
from .dues_standards import Month, month_range
from .membership import Period, on_roster
from .partial_date import format_chinese
from .vocab import PARTY_STATUSES

#: 入党 requires the age of 18 (党章 第一条), so a 预备党员 date before the 18th birthday is wrong.
PARTY_MIN_AGE = 18


class FindingKind(StrEnum):
    ATTENDANCE_NOT_MEMBER = "attendance_not_member"
    PAYMENT_NOT_MEMBER = "payment_not_member"
    EXEMPTION_NOT_MEMBER = "exemption_not_member"
    POST_BEFORE_JOINING = "post_before_joining"
    POST_HOLDER_LEFT = "post_holder_left"
    PARTY_TOO_YOUNG = "party_too_young"
    MEETING_ROLE_NOT_MEMBER = "meeting_role_not_member"
    ROUND_RESULT_NOT_MEMBER = "round_result_not_member"
    ROSTER_BEFORE_JOINING = "roster_before_joining"
    STATUS_HISTORY_MISMATCH = "status_history_mismatch"
    REGISTER_NOT_MEMBER = "register_not_member"


FINDING_LABELS = {
    FindingKind.ATTENDANCE_NOT_MEMBER: "不在册时有出勤记录",
    FindingKind.PAYMENT_NOT_MEMBER: "不在册的月份有缴费",
    FindingKind.EXEMPTION_NOT_MEMBER: "不在册的月份有免缴",
    FindingKind.POST_BEFORE_JOINING: "任职早于入团或到支部",
    FindingKind.POST_HOLDER_LEFT: "支委或组长已不在册",
    FindingKind.PARTY_TOO_YOUNG: "入党年龄不足18周岁",
    FindingKind.MEETING_ROLE_NOT_MEMBER: "主持人或记录人当天不在册",
    FindingKind.ROUND_RESULT_NOT_MEMBER: "评议或注册时不在本支部",
    FindingKind.ROSTER_BEFORE_JOINING: "在册早于入团",
    FindingKind.STATUS_HISTORY_MISMATCH: "状态与变动记录不符",
    FindingKind.REGISTER_NOT_MEMBER: "奖惩、考核、推优或介绍人当时不在册",
}


class TargetKind(StrEnum):
    """What to open to fix a finding."""

    MEMBER = "member"  # the member form
    MEETING = "meeting"  # the meeting editor
    PAYMENT = "payment"  # the payment in the 团费 grid (作废 it)
    EXEMPTION = "exemption"  # the member's exemptions on the 团费 page
    BRANCH = "branch"  # the branch profile (支委) in 设置
    ROUND = "round"  # the 评议/注册 round
    REGISTERS = "registers"  # the 组织建设 page, on the tab named by `key`


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: int
    #: a second key where one id is not enough (the member of a payment, the year of a round)
    extra: int | None = None
    #: the round's kind (评议 / 注册) for a ROUND target
    key: str = ""


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    member_id: int | None
    member_name: str
    #: the record that contradicts: "会议 2026-03-12 支部委员会", "收据 2026-0012", ...
    record: str
    message: str
    target: Target

    @property
    def label(self) -> str:
        return FINDING_LABELS[self.kind]

    def to_json(self) -> dict:
        return {
            "kind": str(self.kind),
            "label": self.label,
            "member_id": self.member_id,
            "member": self.member_name,
            "record": self.record,
            "message": self.message,
            "target": {
                "kind": str(self.target.kind),
                "id": self.target.id,
                "extra": self.target.extra,
                "key": self.target.key,
            },
        }


def day_text(day: date) -> str:
    return format_chinese(day, "D")


def roster_start(periods: Sequence[Period]) -> date | None:
    """The first day the member was on the branch's roster (None: never)."""
    return min((p.start for p in periods), default=None)


def months_off_roster(periods: Sequence[Period], first: Month, last: Month) -> list[Month]:
    """The months of first..last in which the member was not on the roster on any day."""
    return [
        m
        for m in month_range(first, last)
        if not any(p.overlaps(m.first_day, m.last_day) for p in periods)
    ]


def months_text(months: Sequence[Month]) -> str:
    """2026年1月—2026年3月、2026年6月: runs of consecutive months joined."""
    runs: list[list[Month]] = []
    for m in months:
        if runs and m - runs[-1][-1] == 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "、".join(r[0].label if len(r) == 1 else f"{r[0].label}—{r[-1].label}" for r in runs)


def not_member_on(name: str, periods: Sequence[Period], day: date, what: str) -> str | None:
    """'张三2026年3月12日不在本团支部的花名册上，不能…' when the member was off the roster on `day`."""
    if on_roster(periods, day):
        return None
    return not_member_message(name, day, what)


def not_member_message(name: str, day: date, what: str) -> str:
    return f"{name}{day_text(day)}不在本团支部的花名册上，不能{what}"


def months_problem(
    name: str, periods: Sequence[Period], first: Month, last: Month, what: str
) -> str | None:
    """Payments and exemptions: only for months the member was on the roster."""
    off = months_off_roster(periods, first, last)
    if not off:
        return None
    return f"{name}在{months_text(off)}不在册，不能{what}"


def post_problem(
    name: str,
    title: str,
    started_on: date | None,
    periods: Sequence[Period],
    join_date: date | None,
    join_precision: str = "M",
) -> str | None:
    """A post starts on or after the day the member joined the League and came on the roster."""
    if started_on is None:
        return None
    if join_date is not None and _before(started_on, join_date, join_precision):
        return (
            f"{name}任{title}的日期（{day_text(started_on)}）早于入团时间"
            f"（{format_chinese(join_date, join_precision)}）"
        )
    start = roster_start(periods)
    if start is None:
        return f"{name}从未在本团支部的花名册上，不能任{title}"
    if started_on < start:
        return (
            f"{name}任{title}的日期（{day_text(started_on)}）早于到本团支部的日期"
            f"（{day_text(start)}）"
        )
    return None


def roster_before_joining_problem(
    name: str, periods: Sequence[Period], join_date: date | None, join_precision: str = "M"
) -> str | None:
    """A member is on the roster only from the day they joined the League."""
    start = roster_start(periods)
    if start is None or join_date is None or not _before(start, join_date, join_precision):
        return None
    return (
        f"{name}的在册日期（{day_text(start)}）早于入团时间"
        f"（{format_chinese(join_date, join_precision)}）"
    )


def party_age_problem(
    birth: date | None,
    political_status: str,
    today: date,
    probationary_on: date | None = None,
) -> str | None:
    """A 预备党员 or 党员 was at least 18 on the 预备 date (and so is at least 18 today)."""
    if birth is None or political_status not in PARTY_STATUSES and probationary_on is None:
        return None
    eighteenth = ages.birthday_at(birth, PARTY_MIN_AGE)
    if probationary_on is not None and probationary_on < eighteenth:
        return (
            f"成为预备党员的日期（{day_text(probationary_on)}）早于年满18周岁的日期"
            f"（{day_text(eighteenth)}）"
        )
    if political_status in PARTY_STATUSES and today < eighteenth:
        return f"政治面貌为{political_status}，但今天还未满18周岁（{day_text(eighteenth)}满18周岁）"
    return None


def _before(day: date, reference: date, precision: str) -> bool:
    """`day` is before `reference` known to `precision` (a month-precision join: whole month)."""
    if precision == "Y":
        return day.year < reference.year
    if precision == "M":
        return (day.year, day.month) < (reference.year, reference.month)
    return day < reference
