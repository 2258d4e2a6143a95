"""设置 → 备份: 备份到…, 从备份恢复… (each backup's date and counts), the keep setting; a
database in use elsewhere opens read-only; the window backs up when the app exits."""

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlalchemy import delete, func, select

from branchdesk.app import backup_on_exit, open_main_window
from branchdesk.core.db import backups
from branchdesk.core.db.models import DuesPayment
from branchdesk.ui import ops
from tests.core.db.test_old_databases import snapshot
from tests.ui.save_dialog import SaveDialog


def _settings(qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(ops.idle)
    return window, page


def test_backup_to_a_chosen_file(app, qtbot, demo_db, tmp_path, monkeypatch, docs):
    window, page = _settings(qtbot, demo_db)
    assert "自动备份" in page.backup_hint.text()
    assert page.backup_keep.value() == backups.DEFAULT_KEEP
    save = SaveDialog(tmp_path / "我的备份")  # typed without .db
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    out = tmp_path / "我的备份.db"
    page.backup_button.click()
    qtbot.waitUntil(lambda: "已备份到" in page.backup_message.text(), timeout=10_000)
    assert "团员 60" in page.backup_message.text()
    assert snapshot(out) == snapshot(demo_db.sqlite_path)
    assert save.proposed == [docs / backups.suggested_name(demo_db)]


def test_keep_setting_is_saved(app, qtbot, demo_db):
    window, page = _settings(qtbot, demo_db)
    page.backup_keep.setValue(3)
    page.save_backup_keep()
    qtbot.waitUntil(ops.idle)
    assert "3 份" in page.backup_message.text()
    assert backups.backup_keep(demo_db) == 3


def test_restore_lists_backups_and_restores_the_chosen_one(
    app, qtbot, demo_db, tmp_path, monkeypatch
):
    from branchdesk.ui.dialogs import restore_dialog

    window, page = _settings(qtbot, demo_db)
    info = backups.auto_backup(demo_db)
    expected = snapshot(info.path)
    with demo_db.transaction() as s:  # work done after the backup
        s.execute(delete(DuesPayment))

    shown = {}

    def pick_first(self):
        shown["labels"] = [self.list.item(i).text() for i in range(self.list.count())]
        self.list.setCurrentRow(0)
        self.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", pick_first)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.restore_button.click()
    qtbot.waitUntil(lambda: "已从备份恢复" in page.backup_message.text(), timeout=20_000)
    qtbot.waitUntil(ops.idle)
    assert shown["labels"] == [info.label()]
    assert f"{info.made_at:%Y-%m-%d %H:%M}" in shown["labels"][0]
    assert snapshot(window.ctx.db.sqlite_path) == expected  # the window shows the restored data
    with window.ctx.db.session() as s:
        assert s.scalar(select(func.count(DuesPayment.id))) == info.counts["团费缴费"] > 0
    aside = Path(page.backup_message.text().split("另存为 ")[1])
    assert snapshot(aside)["dues_payment"] == {}  # the database as it was, kept aside


def test_restore_dialog_refuses_a_file_that_is_not_a_backup(app, qtbot, tmp_path):
    from branchdesk.ui.dialogs.restore_dialog import RestoreDialog

    dialog = RestoreDialog([])
    qtbot.addWidget(dialog)
    assert "还没有自动备份" in dialog.message.text()
    bad = tmp_path / "x.db"
    bad.write_bytes(b"hello")
    assert not dialog.add_file(bad)
    assert "不是团支部工作台的数据库备份" in dialog.message.text()
    assert dialog.list.count() == 0


def test_window_backs_up_on_exit_at_most_daily(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    backup_on_exit(window)
    (first,) = backups.list_backups(demo_db)
    demo_db.engine.dispose()
    backup_on_exit(window)  # the same day: no second backup
    assert [i.path for i in backups.list_backups(demo_db)] == [first.path]


def test_database_in_use_opens_read_only_when_chosen(app, qtbot, demo_db, tmp_path, monkeypatch):
    import subprocess
    import sys

    from branchdesk.ui.pages import settings_page
    from tests.core.db.test_one_writer import HOLD_INSTANCE, ROOT

    other_path = tmp_path / "other.db"
    from branchdesk.core.db.database import Database

    Database.open(other_path).dispose()
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_INSTANCE, str(other_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert other.stdout.readline().strip() == "open"
        window, page = _settings(qtbot, demo_db)
        asked = []
        monkeypatch.setattr(
            settings_page, "ask_read_only", lambda parent, exc: asked.append(exc.message) or True
        )
        page._switch_to(str(other_path))
        qtbot.waitUntil(lambda: window.ctx.db.sqlite_path == other_path, timeout=20_000)
        qtbot.waitUntil(ops.idle)
        assert "另一个团支部工作台" in asked[0]
        assert window.ctx.db.read_only
        assert "只读" in page.db_path.text()
        assert not page.restore_button.isEnabled()
    finally:
        other.stdin.close()
        other.wait(timeout=20)


def test_a_lock_held_by_another_program_is_a_message_not_a_freeze(app, qtbot, demo_db, monkeypatch):
    import subprocess
    import sys

    from branchdesk.core.db import engine as engine_mod
    from tests.core.db.test_database_files import HOLD_LOCK

    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_S", 0.3)
    demo_db.engine.dispose()  # new connections pick up the short wait
    window, page = _settings(qtbot, demo_db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(demo_db.sqlite_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        page.backup_keep.setValue(5)
        op = page.save_backup_keep()
        qtbot.waitUntil(ops.idle, timeout=10_000)
        assert op.ok is False
        assert "另一个程序" in page.backup_message.text()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert backups.backup_keep(demo_db) == backups.DEFAULT_KEEP
