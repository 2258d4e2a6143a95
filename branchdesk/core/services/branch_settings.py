"""The settings where committees differ, for one branch: meeting minimums, 优秀 cap, prepayment.

Each branch keeps its own values (a committee secretary may keep branches of several kinds in
one database); a branch that never changed a value gets the default (settings_store).
"""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch
from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_calendar import Frequency, Requirement, frequencies_for
from branchdesk.core.services import meeting_calendar, recommendations, rounds
from branchdesk.core.services.settings_store import (
    PREPAY_LIMIT_MONTHS,
    get_branch_setting,
    set_branch_setting,
)

#: the longest prepayment limit a branch may set (DOMAIN.md: "generally up to 6 months")
MAX_PREPAY_LIMIT_MONTHS = 24


@dataclass
class BranchSettings:
    branch_kind: str
    requirements: list[Requirement]
    excellent_cap: float
    prepay_limit_months: int
    #: the frequencies this branch may choose (每学期 only for school branches)
    frequencies: list[Frequency] = field(default_factory=list)
    #: 推优入党: recommended at most this % of the members (a warning)
    recommend_cap: float = 20


def prepay_limit_months(session: Session, branch_id: int) -> int:
    """Paying dues further ahead than this many months asks for confirmation."""
    return int(get_branch_setting(session, branch_id, PREPAY_LIMIT_MONTHS))


def set_prepay_limit_months(session: Session, branch_id: int, months: int) -> None:
    if not 1 <= months <= MAX_PREPAY_LIMIT_MONTHS:
        raise UserError(f"预交团费的月数上限应在 1 到 {MAX_PREPAY_LIMIT_MONTHS} 个月之间。")
    set_branch_setting(session, branch_id, PREPAY_LIMIT_MONTHS, int(months))


def load_branch_settings(session: Session, branch_id: int) -> BranchSettings:
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部。")
    return BranchSettings(
        branch_kind=branch.kind,
        requirements=meeting_calendar.requirements(session, branch_id),
        excellent_cap=rounds.excellent_cap(session, branch_id),
        prepay_limit_months=prepay_limit_months(session, branch_id),
        frequencies=frequencies_for(branch.kind),
        recommend_cap=recommendations.recommend_cap(session, branch_id),
    )


def save_branch_settings(
    session: Session,
    branch_id: int,
    frequencies: dict[str, str],
    excellent_cap: float,
    prepay_limit: int,
    recommend_cap: float | None = None,
) -> BranchSettings:
    """Store all of one branch's settings in one go (the caller's transaction)."""
    meeting_calendar.save_minimums(session, branch_id, frequencies)
    rounds.set_excellent_cap(session, branch_id, excellent_cap)
    set_prepay_limit_months(session, branch_id, prepay_limit)
    if recommend_cap is not None:
        recommendations.set_recommend_cap(session, branch_id, recommend_cap)
    return load_branch_settings(session, branch_id)
