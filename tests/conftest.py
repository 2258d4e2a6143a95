"""Shared fixtures. Qt runs offscreen; one QApplication for the session (pytest-qt's qapp)."""

import os
import sys
from datetime import date
from pathlib import Path

# Offscreen, with one 1366×768 screen (the most common office laptop) instead of the
# plugin's default 800×800, so window sizes and positions are checked against a real one.
_SCREEN = Path(__file__).resolve().parent / "fixtures" / "screen_1366x768.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

import pytest  # noqa: E402

#: the sample rosters the tests use, kept in the repository so a fresh clone needs nothing else
#: (BRANCHDESK_SAMPLES points at another copy)
SAMPLES = Path(
    os.environ.get("BRANCHDESK_SAMPLES") or Path(__file__).resolve().parent / "fixtures" / "samples"
)
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real user data folder."""
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(autouse=True)
def _delete_stray_widgets():
    """Delete windows a test left open while the QApplication is alive: a widget that
    outlives it (a dialog made without a parent) crashes the interpreter at exit."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(10000)
    for widget in QApplication.topLevelWidgets():
        widget.hide()  # hidden first: closing a visible changed form would ask (and block)
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    from branchdesk.core.gc_pause import collect_due

    collect_due()  # here, on the GUI thread (the application collects only there)


@pytest.fixture
def db(tmp_path):
    from branchdesk.core.db.database import Database

    database = Database.open(tmp_path / "test.db")
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db):
    from branchdesk.core.services.demo import create_demo

    with db.transaction() as session:
        create_demo(session, today=TODAY)
    return db


@pytest.fixture
def branch_id(db):
    from branchdesk.core.services.branches import create_branch

    with db.transaction() as session:
        return create_branch(session, "测试团支部", committee_above="测试团委").id


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def app(qapp):
    """The session QApplication, styled and with the bundled CJK font, as the real app has it."""
    from branchdesk.app import create_application

    return create_application()


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    """The user's folder, empty, wherever the OS would look for it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("BRANCHDESK_HOME", raising=False)
    for var in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(var, str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def portable_program(tmp_path, monkeypatch) -> Path:
    """The folder the program runs from (on the stick)."""
    folder = tmp_path / "U盘" / "团支部工作台"
    folder.mkdir(parents=True)
    (folder / "BranchDesk").write_bytes(b"")
    monkeypatch.setenv("BRANCHDESK_PROGRAM_DIR", str(folder))
    return folder


@pytest.fixture
def future_db(tmp_path) -> Path:
    """A database stamped with schema version 9999, as a newer BranchDesk would leave it."""
    from sqlalchemy import create_engine, text

    from branchdesk.core.db.database import Database

    path = tmp_path / "future.db"
    Database.open(path).dispose()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    return path
