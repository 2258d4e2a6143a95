"""关于, portable mode in the window, and a newer version's database refused in the window."""

import pytest
from PySide6.QtCore import QSettings

from branchdesk import __version__
from branchdesk.app import DatabaseOpening, _opened, open_main_window, use_portable_settings
from branchdesk.core.db.database import Database
from branchdesk.core.db.migrate import HEAD_REVISION
from branchdesk.core.paths import default_database_path
from branchdesk.ui import ops
from branchdesk.ui.dialogs.about_dialog import AboutDialog
from branchdesk.ui.main_window import MainWindow


def test_about_names_version_database_schema_and_licences(app, qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    dialog = AboutDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.info.schema == HEAD_REVISION)
    shown = dialog.info_label.text()
    assert f"团支部工作台 {__version__}" in shown
    assert db.description in shown
    assert f"数据库结构版本：{HEAD_REVISION}" in shown
    licences = dialog.licences.toPlainText()
    assert "WenQuanYi Micro Hei" in licences
    assert "pypinyin" in licences
    assert "LGPL" in licences


def test_the_side_column_opens_about(app, qtbot, db, monkeypatch):
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self.info) or 0)
    window = open_main_window(db)
    qtbot.addWidget(window)
    window.about_button.click()
    assert shown and shown[0].database == db.description


@pytest.fixture
def restore_qt_settings_paths():
    """use_portable_settings changes where every later QSettings goes: put that back."""
    formats = (QSettings.Format.IniFormat, QSettings.Format.NativeFormat)
    folders = {
        fmt: QSettings(fmt, QSettings.Scope.UserScope, "QtProject").fileName().rsplit("/", 1)[0]
        for fmt in formats
    }
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    for fmt, folder in folders.items():
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


def test_portable_mode_is_in_the_title_and_settings_and_keeps_settings_beside_the_program(
    restore_qt_settings_paths, app, qtbot, user_home, portable_program
):
    (portable_program / "data").mkdir()
    use_portable_settings()
    qt_own = QSettings("QtProject")
    assert qt_own.fileName().startswith(str(portable_program / "data"))
    db = Database.open(default_database_path())
    window = open_main_window(db)
    qtbot.addWidget(window)
    assert "便携模式" in window.windowTitle()
    settings = window.show_page("settings")
    qtbot.waitUntil(ops.idle)  # the page builds its lower sections in turns
    assert "便携模式" in settings.data_folder.text()
    assert str(portable_program / "data") in settings.data_folder.text()
    window.close()
    db.dispose()
    assert (portable_program / "data" / "ui.ini").is_file()
    assert (portable_program / "data" / "branchdesk.db").is_file()
    assert sorted(user_home.rglob("*")) == []


def test_not_portable_the_settings_name_the_user_data_folder(app, qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    assert "便携模式" not in window.windowTitle()
    settings = window.show_page("settings")
    qtbot.waitUntil(ops.idle)
    assert "数据文件夹" in settings.data_folder.text()


def test_a_newer_versions_database_is_refused_in_the_window_with_both_versions(
    app, qtbot, future_db, monkeypatch
):
    said, exits = [], []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical",
        lambda _parent, _title, message: said.append(message),
    )
    monkeypatch.setattr(app, "exit", exits.append)
    window = MainWindow()
    qtbot.addWidget(window)
    opening = DatabaseOpening(str(future_db))
    assert opening.done.wait(30)
    _opened(app, window, opening)
    assert exits == [1]
    assert len(said) == 1
    assert "9999" in said[0] and HEAD_REVISION in said[0] and __version__ in said[0]
    assert window.ctx is None


def test_the_application_has_the_program_icon(app):
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32
    assert app.desktopFileName() == "branchdesk"
