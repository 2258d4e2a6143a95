"""What the home page shows, as plain values: the branch's numbers and its list of things to do.
No database here: the start-up cache (core/home_cache.py) fills the page with them before
SQLAlchemy is imported."""

from dataclasses import dataclass, field

from branchdesk.core.rules.alert import Alert


@dataclass(frozen=True)
class BranchOverview:
    name: str
    kind: str
    committee_above: str
    active_members: int
    archived_members: int
    party_members: int
    groups: int
    committee_posts: int


@dataclass(frozen=True)
class HomeSummary:
    overview: BranchOverview
    alerts: list[Alert]
    #: the same alerts by provider name (alerts.alerts_by_provider), for the page to reuse
    parts: dict[str, list[Alert]] = field(default_factory=dict)
