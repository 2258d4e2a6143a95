"""设置 → 启动密码: set, change and clear it; the window asks for it when opening a database."""

from PySide6.QtWidgets import QInputDialog

from branchdesk.app import open_main_window
from branchdesk.core.services import security
from branchdesk.ui import ops
from branchdesk.ui.db_in_use import ask_password


def _answers(monkeypatch, *texts):
    queue = list(texts)
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: (queue.pop(0), True) if queue else ("", False)
    )
    return queue


def test_set_and_clear_the_password(app, qtbot, demo_db, monkeypatch):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(ops.idle)
    assert page.password_state.text() == "当前：未设置"
    assert not page.password_clear.isEnabled()

    _answers(monkeypatch, "abcd", "abce")
    assert page.set_password() is None
    assert "不一致" in page.password_message.text()

    _answers(monkeypatch, "abcd", "abcd")
    page.set_password()
    qtbot.waitUntil(ops.idle)
    assert page.password_message.text() == "已设置启动密码。"
    assert page.password_state.text() == "当前：已设置"
    with demo_db.session() as s:
        assert security.check_password(s, "abcd")

    _answers(monkeypatch, "wrong")
    page.clear_password()
    qtbot.waitUntil(ops.idle)
    assert "不正确" in page.password_message.text()
    _answers(monkeypatch, "abcd")
    page.clear_password()
    qtbot.waitUntil(ops.idle)
    assert page.password_state.text() == "当前：未设置"


def test_opening_asks_for_the_password(app, qtbot, db, monkeypatch):
    assert ask_password(None, db)  # no password: no question
    with db.transaction() as s:
        security.set_password(s, "abcd")
    left = _answers(monkeypatch, "x", "abcd")
    assert ask_password(None, db) and left == []
    _answers(monkeypatch, "x", "y", "z")
    assert not ask_password(None, db)
    _answers(monkeypatch)  # cancelled
    assert not ask_password(None, db)


def test_audit_log_is_shown(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(ops.idle)
    model = page.audit_table.model()
    assert model.rowCount() > 0
    assert model.index(0, 0).data()[:2] == "20"  # 2026-11-23 10:00:00
    assert model.index(0, 2).data() in {
        "团员", "团支部", "会议记录", "会议出席", "团费缴费", "组织关系转接", "团费上缴",
        "评议/注册结果", "评议/注册", "团员状态变动", "团小组", "支部委员会", "团费标准",
        "团员团费类别", "团费设置", "团费减免", "设置", "年度计划与总结",
    }  # fmt: skip
