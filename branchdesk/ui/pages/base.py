"""What every page of the main window shares: a title, `reload()`, and the kinds of data it shows.

A page reloads only when it is on screen and something it shows has changed:

- `ctx.data_changed(kinds, initiator)` (announced by `ui/ops.run_op`) marks the page stale
  when `kinds` meets `Page.kinds`; a page on screen reloads at once, a hidden one when it is
  next shown. The initiator (`run_op(..., initiator=self)`) shows the result itself and is
  not reloaded (a grid saving one cell need not redraw).
- `ctx.branch_changed` (another branch or database) marks every page stale.
- The main window calls `on_shown()` when it shows the page; a stale page then reloads.

Subclasses set `title` and `kinds` and implement `reload()`. A load that can take over ~100 ms
goes through `self.load(fn, apply)`: `fn(session)` runs on a worker thread and only the newest
load's result is applied (an older one finishing late is dropped), while the page stays usable.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from branchdesk.ui import ops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from branchdesk.ui.context import AppContext


class Page(QWidget):
    #: the title in the navigation column
    title: str = ""
    #: the kinds of data (ui.ops.MEMBERS, ...) this page shows
    kinds: frozenset[str] = frozenset()
    #: emitted after a `load()` result has been applied (unless it started another load)
    loaded = Signal()

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.reloads = 0  # how many times reload() ran (tests, benchmarks)
        self._generation = 0
        ctx.data_changed.connect(self._on_data_changed)
        ctx.branch_changed.connect(self._on_branch_changed)

    # -- for subclasses ------------------------------------------------------------------
    def reload(self) -> None:
        """Show the current data (the subclass fills its widgets, or starts a `load`)."""

    def load(self, fn: Callable[["Session"], Any], apply: Callable[[Any], None]) -> ops.Op:
        """Run `fn(session)` off the UI thread; `apply(result)` if no newer load was started."""
        self._generation += 1
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation:
                apply(result)
                # after the steps `apply` left to later turns (`ops.in_turns`), unless it
                # started a further load meanwhile
                ops.in_turns(self, lambda: self._emit_loaded(generation))

        return ops.run_query(self, fn, on_done=done, ctx=self.ctx)

    def _emit_loaded(self, generation: int) -> None:
        if generation == self._generation:
            self.loaded.emit()

    def drop_pending_load(self) -> None:
        """A load under way will not be applied (the page shows something else now)."""
        self._generation += 1

    def run_action(self, action: str) -> None:
        """Do a named action (from the home page's links or the welcome panel)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "提示", f"“{self.title}”页面没有“{action}”操作。")

    # -- reloading -----------------------------------------------------------------------
    def on_shown(self) -> None:
        """The main window shows this page: reload if something it shows changed."""
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload now."""
        self.stale = False
        self.reloads += 1
        self.reload()

    def is_on_screen(self) -> bool:
        """Shown to the user (or, when its window is not shown, e.g. in a test: would be)."""
        if self.isVisible():
            return True
        window = self.window()
        if window.isVisible():
            return False
        return window is self or self.isVisibleTo(window)

    def _on_data_changed(self, kinds: frozenset[str], initiator: object = None) -> None:
        if kinds & self.kinds and initiator is not self:
            self._mark_stale()

    def _on_branch_changed(self) -> None:
        self._mark_stale()

    def _mark_stale(self) -> None:
        self.stale = True
        if self.is_on_screen():
            self.refresh()
