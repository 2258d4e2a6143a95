"""Start-up (app.start_gui): the window is shown at once, the database opens on a worker thread
meanwhile and is attached when open; a database in use or not a database is asked about or
explained on the UI thread, as before."""

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from branchdesk.app import start_gui
from branchdesk.core.db.database import Database
from branchdesk.core.errors import UserError
from branchdesk.ui import ops
from tests.conftest import TODAY


@pytest.fixture
def hooks(monkeypatch):
    """start_gui installs the app's exception hooks: put the test session's back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def _close(window) -> None:
    ops.wait_idle()
    if window.ctx is not None:
        window.ctx.db.dispose()


def test_the_window_is_shown_before_the_database_is_open_then_the_home_page_fills(
    app, qtbot, hooks, tmp_path
):
    from branchdesk.core.services.demo import create_demo

    path = tmp_path / "start.db"
    demo = Database.open(path)
    with demo.transaction() as session:
        create_demo(session, today=TODAY)
    demo.dispose()

    app_, window = start_gui(str(path))
    qtbot.addWidget(window)
    assert app_ is app
    assert window.isVisible() and window.ctx is None
    assert window.stack.currentWidget() is window.loading and not window.nav.isEnabled()
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    ops.wait_idle()
    home = window.page("home")
    assert window.nav.isEnabled() and window.stack.currentWidget() is home
    assert home.overview.alerts.count() > 0 and window.ctx.branch_id is not None
    assert not window.ctx.db.read_only
    _close(window)


def test_a_database_in_use_opens_read_only_when_the_user_agrees(
    app, qtbot, hooks, tmp_path, monkeypatch
):
    from branchdesk.core.errors import DatabaseInUseError
    from branchdesk.core.services import workspace

    path = tmp_path / "busy.db"
    Database.open(path).dispose()
    real_open = workspace.open_database
    tried = []

    def open_database(target, read_only=False):
        tried.append(read_only)
        if not read_only:  # another copy of BranchDesk holds the lock
            raise DatabaseInUseError("数据库正在被使用", holder="someone")
        return real_open(target, read_only=read_only)

    monkeypatch.setattr(workspace, "open_database", open_database)
    asked = []
    monkeypatch.setattr(
        "branchdesk.ui.db_in_use.ask_read_only", lambda parent, exc: asked.append(exc) or True
    )
    _, window = start_gui(str(path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    assert tried == [False, True] and len(asked) == 1
    assert window.ctx.db.read_only
    _close(window)


def test_a_file_that_is_not_a_database_is_explained_not_attached(
    app, qtbot, hooks, tmp_path, monkeypatch
):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database" * 100)
    shown, exits = [], []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text))
    )
    # (the real exit would also end the test session's later event loops)
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    _, window = start_gui(str(path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "notes.db" in shown[0] and window.ctx is None
    assert exits == [UserError.exit_code]
