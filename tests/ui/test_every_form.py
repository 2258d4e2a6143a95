"""Every form of the app, found rather than listed field by field: each date and month field
takes the ways people type a date and opens its calendar at its date or today; each person
field finds a member from pinyin initials or ID digits and chooses nobody by itself; each form
asks before Esc throws away a change."""

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from branchdesk.app import open_main_window
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.text import name_initials
from branchdesk.ui import ops
from branchdesk.ui.date_edit import DAY, DateEdit, TimeEdit
from branchdesk.ui.main_window import PAGES
from branchdesk.ui.person_picker import PersonPicker
from tests.conftest import TODAY
from tests.ui.test_fits_screen import _dialogs

TYPED = ["2015-06-01", "2015.6.1", "20150601", "2015年6月"]


def _more_dialogs(window):
    """Forms that test_fits_screen's list leaves out."""
    from branchdesk.core.services.dues import dues_choices
    from branchdesk.ui.dialogs.dues_dialogs import CategoryBatchDialog
    from branchdesk.ui.dialogs.handbook_texts import HandbookTextsDialog

    with window.ctx.db.session() as session:
        choices = dues_choices(session, window.ctx.branch_id, 2026)
    yield "category batch", CategoryBatchDialog(window.ctx, choices, Month(2026, 7), None, window)
    texts = HandbookTextsDialog(window.ctx, window.ctx.branch_id, 2026, window)
    ops.wait_idle()
    yield "handbook texts (plan, summary)", texts


def _forms(window):
    """(name, widget): every dialog, then every page with all its tabs built and loaded."""
    yield from _dialogs(window)
    yield from _more_dialogs(window)
    for key, _, _ in PAGES:
        page = window.show_page(key)
        ops.wait_idle()
        tabs = getattr(page, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(i)
            ops.wait_idle()
        yield f"page {key}", page


@pytest.fixture
def forms(window):
    found = list(_forms(window))
    yield found
    for name, widget in found:
        if not name.startswith("page"):
            widget.hide()
            widget.deleteLater()


def _shown_month(edit: DateEdit) -> tuple[int, int]:
    edit.open_calendar()
    calendar = edit.findChild(QCalendarWidget)
    shown = calendar.yearShown(), calendar.monthShown()
    calendar.window().hide()
    return shown


def test_every_date_field_takes_each_typed_style_and_opens_its_calendar_sensibly(forms):
    today = date.today()
    checked: dict[str, int] = {}
    for name, form in forms:
        assert not form.findChildren(QDateEdit) and not form.findChildren(QDateTimeEdit), name
        for edit in form.findChildren(DateEdit):
            if not edit.isEnabled():  # e.g. the birth date read from an ID number
                continue
            where = f"{name}: {edit.edit.placeholderText()}"
            before = (edit.value(), edit.precision())
            for text in TYPED:
                edit.setText(text)
                if edit.mode == DAY and text == "2015年6月":  # a day field says what is missing
                    assert edit.value() is None and "请写到日" in edit.error(), where
                else:
                    assert (edit.value(), edit.error()) == (date(2015, 6, 1), ""), (where, text)
            edit.setText("2015-06-01")
            assert _shown_month(edit) == (2015, 6), where
            edit.setText("")
            assert edit.value() is None and (edit.error() == "不能为空") == edit.required, where
            assert _shown_month(edit) == (today.year, today.month), where  # never 1900
            edit.setValue(*before)
            checked[name] = checked.get(name, 0) + 1
        for edit in form.findChildren(TimeEdit):
            edit.setText("19:00")
            assert edit.value() == time(19), name
            checked[name] = checked.get(name, 0) + 1
    expected = {
        "member form (new)": 4,  # birth date, 入团年月, 预备党员, 正式党员
        "status": 1,
        "age out": 1,
        "meeting 支部团员大会": 3,  # day, start and end time
        "payment": 3,  # months from, to, paid on
        "exemption": 2,
        "handover": 1,
        "category batch": 1,
        "transfer out": 1,
        "transfer in": 2,
        "applicant": 7,  # birth date and the six steps
        "stop applicant": 1,
        "recommendation round": 2 + 12,  # held, sent; each candidate's application
        "award": 1,
        "page meetings": 2,  # 评议 and 注册 approval dates (held at a meeting: the day is its)
        "page settings": 3,
    }
    short = {k: (checked.get(k, 0), n) for k, n in expected.items() if checked.get(k, 0) < n}
    assert not short, short


def test_every_person_field_finds_by_initials_and_id_digits_and_picks_nobody(forms):
    checked = []
    for name, form in forms:
        for picker in form.findChildren(PersonPicker):
            if picker.count() == 0:
                continue
            if name != "page settings":  # 设置 shows who holds each post
                assert picker.value() is None, f"{name}: someone chosen by default"
            people = list(picker._people)
            person = next((p for p in reversed(people) if len(p.id_number) == 18), people[-1])
            assert person.id in picker.matching(name_initials(person.name)), name
            if person.id_number:
                assert picker.matching(person.id_number[-6:]) == [person.id], name
            picker.search(name_initials(person.name))
            picker.completer.popup().hide()
            checked.append(name)
    for name, count in {
        "meeting 团课": 3,  # 主持人, 记录人, 主讲人
        "meeting 支部团员大会": 2,
        "payment": 1,
        "exemption": 1,
        "transfer out": 1,
        "applicant": 2,  # the two 介绍人
        "recommendation round": 1,
        "award": 1,
        "page registers": 1,  # 考核
        "page settings": 3,  # 组长 and committee posts
    }.items():
        assert checked.count(name) >= count, (name, checked.count(name))


def _user_edit(dialog: QDialog, qtbot) -> bool:
    """Change something as a user would (type into the first free text field or text box, or
    step a spin box); False when the form has nothing to change."""
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly():
            if isinstance(edit.parentWidget(), QAbstractSpinBox):
                continue
            edit.setFocus()
            qtbot.keyClicks(edit, "7")
            return True
    for text in dialog.findChildren(QPlainTextEdit):
        if text.isVisible() and text.isEnabled() and not text.isReadOnly():
            text.setFocus()
            qtbot.keyClicks(text, "7")
            return True
    for spin in dialog.findChildren(QAbstractSpinBox):
        if spin.isVisible() and spin.isEnabled():
            dialog.activateWindow()  # a spin box's steps count when it has the focus
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
            spin.setFocus()
            qtbot.keyClick(spin, Qt.Key.Key_Up)
            return True
    return False


NOT_FORMS = {"member detail", "import wizard"}  # a record's view; a wizard with its own 取消


def test_esc_on_every_changed_form_asks_before_discarding(forms, qtbot, monkeypatch):
    asked = []

    def keep_editing(box):
        """Answer 继续填写 (the meeting editor's question: 取消, i.e. back to the form)."""
        asked.append(box.text())
        keep = [b for b in box.buttons() if b.text() in ("继续填写", "取消")]
        box.setProperty("clicked", keep[0] if keep else None)
        return QMessageBox.StandardButton.Cancel.value if keep else 0

    monkeypatch.setattr(QMessageBox, "exec", keep_editing)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.property("clicked"))
    dialogs = [(n, d) for n, d in forms if isinstance(d, QDialog) and n not in NOT_FORMS]
    assert len(dialogs) >= 20
    for name, dialog in dialogs:
        dialog.show()
        ops.wait_idle()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes without asking
        assert not dialog.isVisible() and asked == [], name
        dialog.show()
        ops.wait_idle()
        assert _user_edit(dialog, qtbot), name
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and len(asked) == 1, name
        assert "未保存" in asked.pop().replace("没有保存", "未保存"), name
        dialog.hide()


def test_minimums_dialog_is_a_guarded_form(window):
    """The 工作要求 dialog of the calendar used to close on Esc and lose the change."""
    from branchdesk.core.services.branch_settings import load_branch_settings
    from branchdesk.ui.pages.meeting_calendar_tab import MinimumsDialog
    from branchdesk.ui.widgets import GuardedDialog

    with window.ctx.db.session() as session:
        settings = load_branch_settings(session, window.ctx.branch_id)
    dialog = MinimumsDialog(window.ctx, settings, window)
    assert isinstance(dialog, GuardedDialog)
    dialog.deleteLater()


def test_round_dates_are_typed_and_the_approval_may_be_empty(window, qtbot):
    """评议/注册: the day of the round and the 上级 approval are typed like any date; an empty
    approval means none yet (not 1900-01-01), and a wrong date is said, not saved."""
    page = window.show_page("meetings")
    tab = page.registration_tab
    page.tabs.setCurrentWidget(tab)
    tab.year.setValue(TODAY.year)
    qtbot.waitUntil(lambda: tab.view is not None and ops.idle())
    assert tab.approved_on.value() is None and tab.approved_on.text() == ""
    typed = f"{TODAY.year}.{TODAY.month}.{TODAY.day}"
    tab.approved_on.setText(typed)
    tab.record_approval()
    qtbot.waitUntil(ops.idle)
    assert tab.view.approved_on == TODAY, tab.warning.text()
    tab.approved_on.setText("2026-13-40")
    assert tab.record_approval() is None
    assert "上级团委审批日期" in tab.warning.text() and tab.view.approved_on == TODAY
    tab.approved_on.setText("")
    tab.record_approval()
    qtbot.waitUntil(ops.idle)
    assert tab.view.approved_on is None
    tab.meeting.setCurrentIndex(0)  # held on a day, not at a meeting
    tab.held_on.setText("")
    assert tab.open_round() is None and "会议日期" in tab.warning.text()


def _activate(widget, qtbot) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)


@pytest.mark.parametrize("answer", ["放弃修改", "不保存"])
def test_after_discarding_a_form_the_window_takes_the_keyboard_back(
    window, qtbot, monkeypatch, answer
):
    """Seen under openbox: after 放弃修改 (or the meeting editor's 不保存) no window was active,
    so Ctrl+1… and Ctrl+N did nothing until the user clicked the window."""
    from branchdesk.ui.dialogs.dues_dialogs import HandoverDialog
    from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

    def answer_from_a_box(box):  # the box is shown and active, as a real one is, then answered
        box.show()
        _activate(box, qtbot)
        box.hide()
        box.setProperty("clicked", next(b for b in box.buttons() if b.text() == answer))
        return QMessageBox.StandardButton.No.value

    monkeypatch.setattr(QMessageBox, "exec", answer_from_a_box)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.property("clicked"))
    _activate(window, qtbot)
    if answer == "放弃修改":
        dialog = HandoverDialog(window.ctx, 1000, TODAY, window)
    else:
        dialog = MeetingEditor(window.ctx, None, "支部委员会", window)
        ops.wait_idle()
    dialog.show()
    _activate(dialog, qtbot)
    assert _user_edit(dialog, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "dues"


def test_ctrl_n_without_a_branch_makes_nothing_and_says_what_to_do_first(
    app, qtbot, db, monkeypatch
):
    """Seen on a new database: Ctrl+N on 三会两制一课 opened the meeting editor although the
    page's 新建记录 button was disabled (there is no branch to hold the meeting yet)."""
    window = open_main_window(db)
    qtbot.addWidget(window)
    window.show()
    _activate(window, qtbot)
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda d: opened.append(type(d).__name__) or 0)
    monkeypatch.setattr(QDialog, "open", lambda d: opened.append(type(d).__name__))
    monkeypatch.setattr(QDialog, "show", lambda d: opened.append(type(d).__name__))
    for key in ("members", "meetings", "dues", "transfers", "registers"):
        window.show_page(key)
        ops.wait_idle()
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        ops.wait_idle()
        assert opened == [], key
        assert "请先" in window.statusBar().currentMessage(), key


def test_every_form_saves_with_the_one_primary_button_style(forms):
    """Seen at 1366x768: the 团费 and 组织关系 forms' 保存 was a plain grey button while the
    member form's was the red primary one."""
    from PySide6.QtWidgets import QDialogButtonBox

    checked = []
    for name, form in forms:
        for box in form.findChildren(QDialogButtonBox):
            accept = box.button(QDialogButtonBox.StandardButton.Ok)
            if accept is not None:
                assert accept.objectName() == "PrimaryButton", (name, accept.text())
                checked.append(name)
    assert {"payment", "exemption", "handover", "transfer out", "minimums"} <= set(checked)
