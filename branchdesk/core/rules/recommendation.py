"""推优入党: who may be put forward, the 支部团员大会 that decides, and the result (DOMAIN.md).

Age at least 18, 团龄 at least one year, usually an 入党申请书 at least six months old; the
大会 needs more than half of the members present, votes by secret ballot (无记名投票), and a
candidate is recommended with the votes of more than half of those who should attend (应到).
Often capped at 20% of the branch; a recommendation is valid two years.
"""

from datetime import date

from . import ages
from .vocab import PARTY_STATUSES

MIN_AGE = 18
MIN_LEAGUE_YEARS = 1
APPLICATION_MONTHS = 6
CAP_PERCENT = 20
VALID_YEARS = 2
RECOMMENDED, NOT_PASSED = "推荐", "未通过"


def candidate_refusal(
    name: str,
    on_roster: bool,
    political_status: str,
    probationary_on: date | None,
    birth: date | None,
    joined: date | None,
    on: date,
) -> str | None:
    """Why `name` cannot be put to the vote on `on` (None: they can)."""
    if not on_roster:
        return f"{name}在{on:%Y年%m月%d日}不是本团支部的在册团员，不能推优"
    if political_status in PARTY_STATUSES or (
        probationary_on is not None and probationary_on <= on
    ):
        return f"{name}已是{political_status if political_status in PARTY_STATUSES else '中共预备党员'}，无需推优入党"
    if birth is None:
        return f"{name}出生日期不详，无法确认年龄，请先补全出生日期"
    age = ages.age_on(birth, on)
    if age >= ages.MAX_AGE:
        return f"{name}已满{ages.MAX_AGE}周岁（超龄），不能推优入党"
    if age < MIN_AGE:
        return f"{name}未满{MIN_AGE}周岁，不能推优入党"
    if joined is None:
        return f"{name}的入团年月不详，无法确认团龄，请先补全入团年月"
    if ages.add_years(joined, MIN_LEAGUE_YEARS) > on:
        return f"{name}于{joined:%Y年%m月}入团，团龄不满{MIN_LEAGUE_YEARS}年，不能推优入党"
    return None


def application_warning(name: str, applied: date | None, on: date) -> str | None:
    if applied is None:
        return f"{name}未填写递交入党申请书的日期"
    if applied > on:
        return f"{name}递交入党申请书的日期晚于推优大会"
    if ages.add_months(applied, APPLICATION_MONTHS) > on:
        return f"{name}递交入党申请书不满{APPLICATION_MONTHS}个月"
    return None


def meeting_problems(expected: int, present: int) -> list[str]:
    """The 支部团员大会 decides only with more than half of the members present."""
    if expected < 1:
        return ["应到人数至少为1"]
    if not 0 <= present <= expected:
        return [f"实到人数（{present}）应在0到应到人数（{expected}）之间"]
    if present * 2 <= expected:
        return [f"实到 {present} 人，未超过应到 {expected} 人的一半，大会不能作出推优决定"]
    return []


def vote_problem(name: str, votes_for: int, present: int) -> str | None:
    if not 0 <= votes_for <= present:
        return f"{name}的赞成票（{votes_for}）应在0到实到人数（{present}）之间"
    return None


def result_of(votes_for: int | None, expected: int) -> str:
    """推荐 with more than half of 应到 for; "" before the votes are counted."""
    if votes_for is None:
        return ""
    return RECOMMENDED if votes_for * 2 > expected else NOT_PASSED


def cap_warning(
    recommended: int, branch_members: int, cap_percent: float = CAP_PERCENT
) -> str | None:
    if branch_members and recommended * 100 > branch_members * cap_percent:
        return (
            f"推荐 {recommended} 人，超过团员人数（{branch_members}）的{cap_percent:g}%，"
            "请确认是否符合上级规定"
        )
    return None


def valid_until(held_on: date) -> date:
    """A recommendation is valid two years from the meeting."""
    return ages.add_years(held_on, VALID_YEARS)
