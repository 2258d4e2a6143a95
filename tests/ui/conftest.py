"""Fixtures for the UI tests."""

import pytest
from PySide6.QtCore import QStandardPaths

from branchdesk.app import open_main_window
from branchdesk.ui.save_location import LAST_FOLDER_KEY
from branchdesk.ui.screen import ui_settings


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """A Documents folder of its own (and no folder remembered from another test)."""
    folder = tmp_path / "文档"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def location(kind):
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(kind)

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    ui_settings().remove(LAST_FOLDER_KEY)
    return folder


@pytest.fixture
def window(app, qtbot, demo_db):
    """The main window on the demo branch, shown (tests may define their own `window`)."""
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    return window
