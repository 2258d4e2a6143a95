from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from branchdesk.app import open_main_window
from branchdesk.core.errors import UserError
from branchdesk.core.services import meetings, rounds
from branchdesk.ui import ops
from branchdesk.ui.dialogs import meeting_editor
from branchdesk.ui.dialogs.meeting_editor import MeetingEditor
from branchdesk.ui.pages.meeting_calendar_tab import MinimumsDialog
from tests.conftest import TODAY


@pytest.fixture
def page(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("meetings")
    page.list_tab.year.setValue(TODAY.year)
    page.calendar_tab.today = TODAY
    qtbot.waitUntil(ops.idle)
    yield page
    ops.wait_idle()
    window.close()


def test_new_meeting_through_the_editor_appears_in_the_list(page, qtbot, monkeypatch, tmp_path):
    photo = tmp_path / "会场.jpg"
    photo.write_bytes(b"photo")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))

    def fill_and_save(editor):
        qtbot.waitUntil(lambda: editor.ready)
        editor.add_files.click()
        editor.kind.setCurrentText("支部团员大会")
        editor.held_on.setDate(QDate(2026, 11, 21))
        assert not editor.save_button.isEnabled()  # until the roster of that day is in
        qtbot.waitUntil(editor.save_button.isEnabled)
        editor.topics.setPlainText("讨论推优入党人选")
        editor.place.setText("会议室")
        editor.attendance.set_all(False)
        assert "实到 0 人" in editor.counts.text() and "半数" in editor.quorum.text()
        editor.all_present.click()
        editor.attendance.set_present(0, False)
        editor.attendance.set_reason(0, "出差")
        expected = editor.attendance.rowCount()
        assert f"应到 {expected} 人，实到 {expected - 1} 人" in editor.counts.text()
        editor.save_button.click()
        qtbot.waitUntil(lambda: editor.result() == QDialog.DialogCode.Accepted)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_save)
    before = len(page.list_tab.rows)
    page.list_tab.new_button.click()
    qtbot.waitUntil(lambda: len(page.list_tab.rows) == before + 1)
    titles = [page.list_tab.table.item(i, 2).text() for i in range(page.list_tab.table.rowCount())]
    assert "讨论推优入党人选" in titles
    row = titles.index("讨论推优入党人选")
    with page.ctx.db.session() as s:
        detail = meetings.meeting_detail(s, page.list_tab.rows[row].id)
    assert detail.present == detail.expected - 1 and detail.absentees[0].absence_reason == "出差"
    assert page.list_tab.table.item(row, 4).text() == str(detail.present)
    assert [a.original_name for a in detail.attachments] == ["会场.jpg"]
    assert detail.attachments[0].full_path.read_bytes() == b"photo"


def test_only_drafts_can_be_deleted(page, qtbot, monkeypatch):
    monkeypatch.setattr(meeting_editor, "ask", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.list_tab.table.selectRow(0)
    assert not page.list_tab.delete_button.isEnabled()
    with page.ctx.db.transaction() as s:
        draft = meetings.save_meeting(
            s, page.ctx.branch_id, meetings.MeetingData("团课", date(TODAY.year, 1, 2)), draft=True
        )
    page.ctx.notify_changed({ops.MEETINGS})
    qtbot.waitUntil(lambda: draft in [m.id for m in page.list_tab.rows])
    row = [m.id for m in page.list_tab.rows].index(draft)
    assert page.list_tab.table.item(row, 5).text() == "草稿"
    page.list_tab.table.selectRow(row)
    assert page.list_tab.delete_button.isEnabled()
    page.list_tab.delete_button.click()
    qtbot.waitUntil(lambda: draft not in [m.id for m in page.list_tab.rows])
    with page.ctx.db.session() as s, pytest.raises(UserError):
        meetings.meeting_detail(s, draft)


def test_closing_with_unsaved_changes_asks(page, qtbot, monkeypatch):
    answers = []
    monkeypatch.setattr(meeting_editor, "ask", lambda *a, **k: answers.pop(0))
    editor = MeetingEditor(page.ctx, None, "支部委员会")
    editor.show()
    qtbot.waitUntil(lambda: editor.ready)
    assert not editor.dirty
    editor.topics.setPlainText("半截的记录")
    answers.append(QMessageBox.StandardButton.Cancel)
    editor.reject()
    assert editor.isVisible() and editor.dirty
    answers.append(QMessageBox.StandardButton.Yes)  # save → a draft, since it is new
    editor.reject()
    qtbot.waitUntil(lambda: editor.saved_id is not None and not editor.isVisible())
    with page.ctx.db.session() as s:
        assert meetings.meeting_detail(s, editor.saved_id).is_draft

    other = MeetingEditor(page.ctx, None, "团课")
    other.show()
    qtbot.waitUntil(lambda: other.ready)
    other.place.setText("某处")
    answers.append(QMessageBox.StandardButton.No)
    other.reject()
    assert not other.isVisible() and other.saved_id is None


def test_duplicate_as_template_opens_a_draft_for_next_month(page, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(
        page.list_tab, "open_editor", lambda meeting_id=None: opened.append(meeting_id)
    )
    page.list_tab.table.selectRow(0)
    source = page.list_tab.selected()
    page.list_tab.copy_button.click()
    qtbot.waitUntil(lambda: bool(opened))
    with page.ctx.db.session() as s:
        copy = meetings.meeting_detail(s, opened[0])
    assert copy.is_draft and copy.kind == source.kind and copy.held_on.month == 2


def test_calendar_cells_show_held_due_overdue_and_open_meetings(page, qtbot, monkeypatch):
    page.tabs.setCurrentWidget(page.calendar_tab)
    tab = page.calendar_tab
    qtbot.waitUntil(lambda: bool(tab.rows))
    labels = [r.label for r in tab.rows]
    committee = labels.index("支部委员会")
    states = [tab.grid.item(committee, c).data(Qt.ItemDataRole.UserRole) for c in range(12)]
    assert states[0] == "held" and states[7] == "overdue" and states[11] == "future"
    general = labels.index("支部团员大会")
    assert tab.cell_at(general, 7).status == "overdue"  # the third quarter, left on purpose
    assert "第3季度" in tab.grid.item(general, 6).text()
    assert tab.grid.columnSpan(general, 6) == 3
    assert tab.cell_at(labels.index("团员年度团籍注册"), 11).status == "due"
    opened = []
    monkeypatch.setattr(
        page.list_tab, "open_editor", lambda meeting_id=None: opened.append(meeting_id)
    )
    tab.grid.cellClicked.emit(committee, 0)
    with page.ctx.db.session() as s:
        assert meetings.meeting_detail(s, opened[0]).held_on == date(TODAY.year, 1, 5)
    tab.grid.cellClicked.emit(committee, 7)  # overdue: nothing to open
    assert len(opened) == 1

    dialogs = []
    monkeypatch.setattr(MinimumsDialog, "exec", lambda d: dialogs.append(d))
    tab.settings_button.click()  # the minimums are a setting
    qtbot.waitUntil(lambda: bool(dialogs))
    dialog = dialogs[0]
    combo = dialog.form.combos["支部委员会"]
    assert combo.findData("term") == -1  # the demo branch is not a school branch
    combo.setCurrentIndex(combo.findData("quarter"))
    dialog.form.cap.setValue(25)
    reloads = tab.reloads
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert tab.reloads == reloads + 1  # the change of minimums reloads the grid
    qtbot.waitUntil(ops.idle)
    committee = [r.label for r in tab.rows].index("支部委员会")
    assert len(tab.rows[committee].cells) == 4 and tab.grid.columnSpan(committee, 0) == 3
    with page.ctx.db.session() as s:
        assert rounds.excellent_cap(s, page.ctx.branch_id) == 25


def test_rounds_grid_is_filled_with_the_keyboard(page, qtbot):
    tab = page.evaluation_tab
    page.tabs.setCurrentWidget(tab)
    tab.year.setValue(TODAY.year - 1)
    qtbot.waitUntil(ops.idle)
    assert tab.view is None and not tab.grid.isVisible()
    # the latest 支部团员大会 in its window (to March of the next year) is offered
    assert "支部团员大会" in tab.meeting.currentText() and not tab.held_on.isEnabled()
    assert tab.held_on.date().toPython() == date(TODAY.year, 2, 18)
    tab.meeting.setCurrentIndex(0)  # none: the round is held on a day
    assert tab.held_on.isEnabled()
    tab.held_on.setText("2025-02-30")  # no such day: said, nothing held
    assert tab.open_round() is None and "会议日期" in tab.warning.text() and tab.view is None
    tab.held_on.setText(f"{TODAY.year - 1}.12.20")  # typed as people do
    tab.open_button.click()
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.grid.rowCount() == len(tab.view.rows) > 3
    assert tab.view.held_on == date(TODAY.year - 1, 12, 20) and tab.view.meeting_id is None
    column = tab.result_column
    tab.grid.setFocus()
    tab.grid.setCurrentCell(0, column)
    qtbot.keyClick(tab.grid, Qt.Key.Key_1)
    assert tab.grid.currentRow() == 1
    qtbot.keyClick(tab.grid, Qt.Key.Key_2)
    qtbot.keyClick(tab.grid, Qt.Key.Key_4)
    assert [tab.grid.item(i, column).text() for i in range(3)] == ["优秀", "合格", "不合格"]
    qtbot.waitUntil(ops.idle)
    reloads = tab.reloads
    assert "优秀 1" in tab.counts.text() and "比例上限" in tab.warning.text()  # 1 of 3 > 30%
    tab.grid.setCurrentCell(2, column)
    qtbot.keyClick(tab.grid, Qt.Key.Key_0)
    qtbot.waitUntil(ops.idle)
    assert tab.reloads == reloads  # saving a cell does not redraw the grid
    with page.ctx.db.session() as s:
        results = {
            r.name: r.result
            for r in rounds.round_results(s, page.ctx.branch_id, "评议", TODAY.year - 1)
        }
    names = [tab.grid.item(i, 0).text() for i in range(3)]
    assert [results[n] for n in names] == ["优秀", "合格", ""]
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)
    assert tab.grid.state() == tab.grid.State.EditingState


def test_registration_fill_with_proposals(page, qtbot):
    tab = page.registration_tab
    page.tabs.setCurrentWidget(tab)
    tab.year.setValue(TODAY.year)
    qtbot.waitUntil(lambda: tab.view is not None and ops.idle())
    pending = tab.view.pending
    assert pending > 0
    tab.fill_button.click()
    qtbot.waitUntil(lambda: tab.view.pending == 0)
    assert "未注册 0" in tab.counts.text()


def test_registration_of_a_failed_member_needs_a_reason_and_approval_is_recorded(page, qtbot):
    tab = page.registration_tab
    page.tabs.setCurrentWidget(tab)
    tab.year.setValue(TODAY.year)
    qtbot.waitUntil(ops.idle)
    assert tab.view.meeting_id is not None
    assert tab.meeting.currentData() == tab.view.meeting_id
    assert "未注册" in tab.counts.text() and "应到" in tab.counts.text()
    row = next(i for i, r in enumerate(tab.view.rows) if r.evaluation == "不合格")
    member_id = tab.view.rows[row].member_id
    grid_row = next(
        i
        for i in range(tab.grid.rowCount())
        if tab.grid.item(i, 0).data(Qt.ItemDataRole.UserRole) == member_id
    )
    tab.grid.item(grid_row, tab.result_column + 1).setText("")  # no reason...
    qtbot.waitUntil(ops.idle)
    tab.grid.item(grid_row, tab.result_column).setText("予以注册")  # ...is refused
    qtbot.waitUntil(ops.idle)
    assert "须在备注中写明理由" in tab.warning.text()
    with page.ctx.db.session() as s:
        stored = {
            r.member_id: r.result
            for r in rounds.round_results(s, page.ctx.branch_id, "注册", TODAY.year)
        }
    assert stored[member_id] != "予以注册"
    assert tab.grid.item(grid_row, tab.result_column).text() == stored[member_id]
    tab.approved_on.setDate(QDate(TODAY))
    tab.approve_button.click()
    qtbot.waitUntil(ops.idle)
    assert tab.view.approved_on == TODAY


def test_attendance_search_hides_rows_and_keeps_ticks(page, qtbot):
    from branchdesk.core.text import name_initials

    editor = MeetingEditor(page.ctx, None, "支部团员大会", page)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.ready)
    table = editor.attendance
    count = table.rowCount()
    ticks = []
    table.changed.connect(lambda: ticks.append(1))
    table.set_all(True)
    assert len(ticks) == 1 and f"应到 {count} 人，实到 {count} 人" in editor.counts.text()
    assert count > 10 and editor.dirty
    table.set_all(False)
    assert len(ticks) == 2 and f"实到 0 人，缺席 {count} 人" in editor.counts.text()
    name = table.attendance.attendance[3].name
    editor.attendance_filter.search.setText(name_initials(name))
    shown = [i for i in range(count) if not table.isRowHidden(i)]
    assert 3 in shown and len(shown) < count
    assert all(name_initials(table.attendance.attendance[i].name).find(name_initials(name)) >= 0
               for i in shown)  # fmt: skip
    table.set_present(3, True)
    editor.attendance_filter.search.setText("")
    assert not any(table.isRowHidden(i) for i in range(count))
    assert [r.present for r in table.rows()].count(True) == 1 and table.rows()[3].present
    assert "实到 1 人" in editor.counts.text()


def test_organisation_life_meeting_has_its_form_in_the_editor(page, qtbot, monkeypatch):
    def fill_and_save(editor):
        qtbot.waitUntil(lambda: editor.ready)
        assert editor.subkind.isHidden()
        editor.kind.setCurrentText("组织生活会")
        assert not editor.subkind.isHidden() and editor.subkind.currentText() == "专题组织生活会"
        editor.subkind.setCurrentText("民主评议")
        editor.held_on.setDate(QDate(2026, 11, 20))
        qtbot.waitUntil(editor.save_button.isEnabled)
        editor.topics.setPlainText("民主评议团员")
        editor.all_present.click()
        editor.save_button.click()
        qtbot.waitUntil(lambda: editor.result() == QDialog.DialogCode.Accepted)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_save)
    before = len(page.list_tab.rows)
    page.list_tab.new_button.click()
    qtbot.waitUntil(lambda: len(page.list_tab.rows) == before + 1)
    with page.ctx.db.session() as s:
        found = meetings.list_meetings(s, page.ctx.branch_id, 2026, kind="组织生活会")
    assert [(m.held_on, m.subkind) for m in found][-1] == (date(2026, 11, 20), "民主评议")
