"""What every page shares: the open database, the current branch, and a 'data changed' signal."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from branchdesk.core.services import workspace
from branchdesk.ui.ops import ALL

if TYPE_CHECKING:
    from branchdesk.core.db.database import Database


class AppContext(QObject):
    #: emitted after an operation changed data: the kinds it changed (a frozenset of ui.ops
    #: kinds), and the page that asked for it and shows the result itself (or None)
    data_changed = Signal(object, object)
    #: emitted when the current branch or the whole database changed
    branch_changed = Signal()
    #: ask the main window to show a page and run one of its actions: (page key, action name)
    navigate = Signal(str, str)

    def __init__(
        self, db: "Database", parent: QObject | None = None, branch_ids: list[int] | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.branch_id: int | None = None
        self.pick_default_branch(branch_ids)

    def pick_default_branch(self, ids: list[int] | None = None) -> bool:
        """Keep the current branch if it still exists, else take the first; True if it changed.
        Without `ids` the database is asked (a short read on the calling thread)."""
        if ids is None:
            ids = workspace.branch_ids(self.db)
        old = self.branch_id
        if self.branch_id not in ids:
            self.branch_id = ids[0] if ids else None
        return self.branch_id != old

    def set_branch(self, branch_id: int | None) -> None:
        self.branch_id = branch_id
        self.branch_changed.emit()

    def set_database(self, db: "Database", branch_ids: list[int] | None = None) -> None:
        old = self.db
        self.db = db
        self.branch_id = None
        self.pick_default_branch(branch_ids)
        if old is not db:
            old.dispose()
        self.branch_changed.emit()

    def notify_changed(self, kinds: Iterable[str] = ALL, initiator: object = None) -> None:
        """Announce what changed; pages that show any of `kinds` reload (when shown), except
        `initiator`, which has updated itself."""
        self.data_changed.emit(frozenset(kinds), initiator)

    def go(self, page: str, action: str = "") -> None:
        self.navigate.emit(page, action)
