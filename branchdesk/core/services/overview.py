"""What the home page shows: the branch's numbers and the list of things to do (the plain types
are in core/rules/home.py)."""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, CommitteePost, Group, Member
from branchdesk.core.rules.alert import Alert
from branchdesk.core.rules.home import BranchOverview, HomeSummary
from branchdesk.core.rules.vocab import PARTY_STATUSES
from branchdesk.core.services.membership import on_roster_select, roster_count


def branch_overview(session: Session, branch_id: int, today: date | None = None) -> BranchOverview:
    """The branch's numbers on `today`: 在册 counted by `membership.on_roster_select`, like the
    handbook cover and the roster export."""
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。")
    on_roster = on_roster_select(branch_id, today or date.today())
    active = roster_count(session, branch_id, today or date.today())
    everyone = session.scalar(select(func.count()).where(Member.branch_id == branch_id))
    party = session.scalar(
        select(func.count()).where(
            Member.id.in_(on_roster),
            Member.political_status.in_(PARTY_STATUSES),
        )
    )
    groups = session.scalar(
        select(func.count()).select_from(Group).where(Group.branch_id == branch_id)
    )
    posts = session.scalar(
        select(func.count()).select_from(CommitteePost).where(CommitteePost.branch_id == branch_id)
    )
    return BranchOverview(
        name=branch.name,
        kind=branch.kind,
        committee_above=branch.committee_above,
        active_members=active,
        archived_members=(everyone or 0) - active,
        party_members=party or 0,
        groups=groups or 0,
        committee_posts=posts or 0,
    )


def home_summary(
    session: Session,
    branch_id: int,
    today: date,
    reuse: Mapping[str, list[Alert]] | None = None,
) -> HomeSummary:
    """Everything the home page shows, from one read; the alerts of the providers in `reuse`
    (still right since the page last asked) are not computed again."""
    from branchdesk.core.services.alerts import alerts_by_provider, sorted_alerts

    overview = branch_overview(session, branch_id, today)
    parts = alerts_by_provider(session, branch_id, today, reuse)
    return HomeSummary(overview, sorted_alerts(parts.values()), parts)
