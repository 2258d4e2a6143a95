"""Keyboard: Ctrl+1…8 pages, Ctrl+F search, Ctrl+N new record, Enter opens a row, Esc asks."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from branchdesk.app import open_main_window
from branchdesk.ui import ops
from branchdesk.ui.main_window import PAGES

CTRL = Qt.KeyboardModifier.ControlModifier


def _activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


@pytest.fixture
def window(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    _activate(window, qtbot)
    return window


def test_ctrl_digits_switch_pages_in_navigation_order(window, qtbot):
    for i, (key, _, _) in reversed(list(enumerate(PAGES))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), CTRL)
        assert window.current_key() == key
        assert window.stack.currentWidget() is window.page(key)


def test_ctrl_f_focuses_the_page_search(window, qtbot):
    for key in ("members", "meetings"):
        window.show_page(key)
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
        field = window.page(key).search if key != "meetings" else window.page(key).list_tab.search
        assert QApplication.focusWidget() is field, key
    window.show_page("dues")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.statusBar().currentMessage() == "本页没有搜索框。"


def test_ctrl_n_opens_the_new_record_form(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    for key in ("members", "meetings", "dues", "transfers"):
        window.show_page(key)
        ops.wait_idle()
        _activate(window, qtbot)  # as after a real dialog closes
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
        ops.wait_idle()  # some pages read their choices off the UI thread first
    assert opened == ["MemberFormDialog", "MeetingEditor", "PaymentDialog", "TransferOutDialog"]


def test_enter_opens_the_selected_member(window, qtbot, monkeypatch):
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == ["MemberDetailDialog"]


def test_esc_on_a_changed_form_asks_before_discarding(window, qtbot, monkeypatch):
    from branchdesk.ui.dialogs.dues_dialogs import HandoverDialog

    answers = []

    def fake_exec(box):
        answers.append(box.text())
        keep = next(b for b in box.buttons() if b.text() == "继续填写")
        box.setProperty("clicked", keep)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.property("clicked"))
    dialog = HandoverDialog(window.ctx, 1000, parent=window)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not dialog.isVisible() and answers == []
    dialog.show()
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "abc")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and answers == ["填写的内容还没有保存，要放弃吗？"]
    monkeypatch.setattr(
        QMessageBox,
        "clickedButton",
        lambda box: next(b for b in box.buttons() if b.text() == "放弃修改"),
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_f1_shows_the_page_help(window, qtbot, monkeypatch):
    from branchdesk.ui.help import HelpDialog

    shown = []
    monkeypatch.setattr(HelpDialog, "exec", lambda d: shown.append(d.browser.toPlainText()) or 0)
    window.show_page("dues")
    _activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert "2‰" in shown[-1] and "团费交至" in shown[-1]
    window.show_page("meetings")
    window.help_button.click()
    assert "暂缓注册" in shown[-1]
    assert len(shown) == 2


def test_ctrl_n_on_every_page_makes_its_new_record_or_says_there_is_none(
    window, qtbot, monkeypatch
):
    from branchdesk.ui.main_window import NEW_ACTIONS

    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    monkeypatch.setattr(QDialog, "open", lambda self: opened.append(type(self).__name__))
    for key, _, _ in PAGES:
        window.show_page(key)
        ops.wait_idle()
        _activate(window, qtbot)
        window.statusBar().clearMessage()
        before = len(opened)
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
        ops.wait_idle()
        qtbot.wait(10)
        if key in NEW_ACTIONS:
            assert len(opened) == before + 1, key
        else:
            assert len(opened) == before, key
            assert window.statusBar().currentMessage() == "本页没有可新建的记录。", key
    assert "ApplicantDialog" in opened  # 组织建设: 新增申请人


def test_ctrl_f_on_every_page_puts_the_cursor_in_its_search_or_says_there_is_none(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    searched = []
    for key, _, _ in PAGES:
        window.show_page(key)
        ops.wait_idle()
        _activate(window, qtbot)
        window.statusBar().clearMessage()
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and window.page(key).isAncestorOf(focus):
            searched.append(key)
        else:
            assert window.statusBar().currentMessage() == "本页没有搜索框。", key
    assert {"members", "meetings"} <= set(searched)


def test_enter_opens_the_selected_row_of_every_list(window, qtbot, monkeypatch):
    from branchdesk.core.rules.development import ACTIVE

    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    monkeypatch.setattr(QDialog, "open", lambda self: opened.append(type(self).__name__))
    meetings = window.show_page("meetings").list_tab
    registers = window.page("registers")
    lists = [
        ("meetings", meetings, meetings.table, "MeetingEditor"),
        ("registers", registers.development, registers.development.table, "ApplicantDialog"),
        ("registers", registers.recommendation, registers.recommendation.table, "RoundDialog"),
        ("registers", registers.awards, registers.awards.table, "AwardDialog"),
    ]
    for key, tab, table, dialog in lists:
        page = window.show_page(key)
        if hasattr(page, "tabs"):
            page.tabs.setCurrentWidget(tab)
        ops.wait_idle()
        qtbot.waitUntil(lambda table=table: table.model().rowCount() > 0)
        _activate(window, qtbot)
        table.setFocus()
        rows = getattr(table.model(), "rows", [])  # an applicant still being developed
        row = next((i for i, r in enumerate(rows) if getattr(r, "status", ACTIVE) == ACTIVE), 0)
        table.setCurrentIndex(table.model().index(row, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        ops.wait_idle()  # some read the record off the UI thread first
        qtbot.waitUntil(lambda dialog=dialog: opened[-1:] == [dialog])
