"""Which database is open and what the window needs first: the branches, the demo database,
and the settings page's data in one read."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Member
from branchdesk.core.progress import ProgressFn, report
from branchdesk.core.rules.member_status import ON_ROSTER
from branchdesk.core.services import branch_settings, branches
from branchdesk.core.services.branch_settings import BranchSettings
from branchdesk.core.services.branches import BranchProfile


def branch_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every branch in the database, in list order."""
    return [(b.id, b.name) for b in branches.list_branches(session)]


def branch_ids(db: Database) -> list[int]:
    with db.session() as session:
        return [branch_id for branch_id, _ in branch_names(session)]


@dataclass(frozen=True)
class OpenedDatabase:
    db: Database
    branch_ids: list[int]


def open_database(path_or_url: str | Path, read_only: bool = False) -> OpenedDatabase:
    """Open (and if needed migrate) a database for the window; UserError if it cannot be
    opened, DatabaseInUseError if another window has it (then it may be opened `read_only`)."""
    db = Database.open(path_or_url, exclusive=not read_only, read_only=read_only)
    return OpenedDatabase(db, branch_ids(db))


def open_demo_database(path: Path, progress: ProgressFn | None = None) -> OpenedDatabase:
    """The demo database at `path`, filled with the demo branch the first time."""
    from branchdesk.core.services.demo import create_demo

    db = Database.open(path)
    with db.transaction() as session:
        if branches.branch_count(session) == 0:
            report(progress, 0, 0, "正在生成演示团支部…")
            create_demo(session)
    return OpenedDatabase(db, branch_ids(db))


@dataclass(frozen=True)
class SettingsView:
    """What the settings page shows for one branch."""

    profile: BranchProfile
    settings: BranchSettings
    #: (member id, name, ID number) for the committee post and group leader pickers
    members: list[tuple[int, str, str]]


def settings_view(session: Session, branch_id: int) -> SettingsView:
    rows = session.execute(
        select(Member.id, Member.name, Member.id_number)
        .where(Member.branch_id == branch_id, Member.status.in_([s.value for s in ON_ROSTER]))
        .order_by(Member.id)
    )
    return SettingsView(
        profile=branches.load_profile(session, branch_id),
        settings=branch_settings.load_branch_settings(session, branch_id),
        members=[(mid, name, number or "") for mid, name, number in rows],
    )
