from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from branchdesk.app import open_main_window
from branchdesk.core.db.models import Member
from branchdesk.core.services.age_out import age_out_candidates
from branchdesk.core.services.members import roster_rows
from branchdesk.core.services.roster_query import NO_GROUP, AgeBand
from branchdesk.ui import ops
from tests.conftest import TODAY


@pytest.fixture
def page(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("members")
    page.today = TODAY
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded)
    yield page  # (keeps the window alive: pytest-qt holds widgets only weakly)


def _on_roster(page):
    with page.ctx.db.session() as s:
        return roster_rows(s, page.ctx.branch_id)


def _names(page):
    return [page.model.row_at(r).name for r in range(page.model.rowCount())]


def _select_combo(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_roster_lists_the_branch_and_counts(page):
    expected = len(_on_roster(page))
    assert expected >= 55
    assert page.model.rowCount() == expected
    assert page.count_label.text() == f"在册 {expected} 人"
    page.scope.setCurrentText("全部")
    assert page.model.rowCount() == page.model.total
    assert page.model.columnCount() == 12


def test_search_by_name_initials_id_and_phone(page):
    first = page.model.row_at(0)
    page.search.setText(first.name)
    assert first.name in _names(page)
    assert page.count_label.text().startswith(f"找到 {page.model.rowCount()} 人（在册 ")
    page.search.setText(first.id_number[-6:].lower())
    assert _names(page) == [first.name]
    page.search.setText(first.phone)
    assert _names(page) == [first.name]
    page.search.setText(first.name_initials.upper())
    assert first.name in _names(page)
    page.search.setText("没有这个人")
    assert page.model.rowCount() == 0


def test_filters_by_group_political_status_and_age(page):
    rows = _on_roster(page)
    _select_combo(page.group, "第一团小组")
    assert page.model.rowCount() == sum(r.group_name == "第一团小组" for r in rows)
    _select_combo(page.group, NO_GROUP)
    assert page.model.rowCount() == sum(r.group_name == "" for r in rows)
    _select_combo(page.group, None)
    page.political.setCurrentText("中共党员")
    assert page.model.rowCount() == sum(r.political_status == "中共党员" for r in rows) > 0
    page.political.setCurrentIndex(0)
    _select_combo(page.age, AgeBand.SOON_28)
    soon = page.model.rowCount()
    _select_combo(page.age, AgeBand.OVER_28)
    over = page.model.rowCount()
    _select_combo(page.age, AgeBand.OTHER)
    assert soon >= 1 and over >= 1 and soon + over + page.model.rowCount() == len(rows)


def test_sorting_by_a_column(page):
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    births = [page.model.row_at(r).birth_date for r in range(page.model.rowCount())]
    assert births == sorted(births)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    initials = [page.model.row_at(r).name_initials for r in range(page.model.rowCount())]
    assert initials == sorted(initials, reverse=True)


def test_the_sort_order_is_remembered(app, qtbot, demo_db):
    """(Column widths the user dragged: tests/ui/test_columns.py.)"""
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show_page("members").table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    other = open_main_window(demo_db)
    qtbot.addWidget(other)
    page = other.show_page("members")
    qtbot.waitUntil(lambda: page.is_loaded)
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        3,
        Qt.SortOrder.DescendingOrder,
    )
    births = [page.model.row_at(r).birth_date for r in range(page.model.rowCount())]
    assert births == sorted(births, reverse=True)
    assert window.isWindow()


def test_column_widths_are_saved_only_when_the_user_drags_one(app, qtbot, demo_db, monkeypatch):
    """A search that shows or hides the scroll bar resizes the columns (the spare width is
    shared out again); saving the widths then cost tens of milliseconds a keystroke at 50,000
    members. Only a drag of a column's edge, once the mouse is released, writes them."""
    from tests.ui.test_columns import _drag

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.is_loaded)
    saves = []
    monkeypatch.setattr(page.columns, "_save", lambda: saves.append(1))
    header = page.table.horizontalHeader()
    header.resizeSection(header.count() - 1, 333)
    page.table.resize(page.table.width() - 40, page.table.height())
    page.search.setText("张")
    qtbot.wait(20)
    assert saves == []
    _drag(page.table, 2, 30)
    assert len(saves) == 1


def _archive(page, qtbot, monkeypatch, status="退团"):
    from branchdesk.ui.dialogs import status_dialog

    def run(dialog):
        dialog.status.setCurrentText(status)
        dialog.on.setDate(date(2026, 11, 1))
        dialog.reason.setText("本人申请")
        dialog.save()
        ops.wait_idle()
        return dialog.result()

    monkeypatch.setattr(status_dialog.StatusChangeDialog, "exec", run)


def _settled(page, qtbot):
    """After an edit: the operation, then the page's reload, have finished."""
    qtbot.waitUntil(lambda: ops.idle() and page.is_loaded)


def test_archive_hides_show_archived_and_restore_keeps_history(page, qtbot, monkeypatch, demo_db):
    target = page.model.row_at(10)
    page.select_member(target.id)
    assert page.archive_button.isEnabled() and not page.restore_button.isEnabled()
    _archive(page, qtbot, monkeypatch)
    page.archive_member()
    _settled(page, qtbot)
    assert target.name not in _names(page)
    assert page.model.rowCount() == len(_on_roster(page))

    page.scope.setCurrentText("已离团转出")
    assert target.name in _names(page)
    page.select_member(target.id)
    assert page.restore_button.isEnabled() and not page.archive_button.isEnabled()
    page.restore_member()
    _settled(page, qtbot)
    assert target.name not in _names(page)
    page.scope.setCurrentText("在册")
    assert target.name in _names(page)
    with demo_db.session() as s:
        history = s.get(Member, target.id).history
        assert [h.to_status for h in history] == ["在册", "退团", "在册"]
        assert history[1].reason == "本人申请"


def test_archive_dialog_needs_a_reason(page, qtbot, monkeypatch):
    from branchdesk.ui.dialogs.status_dialog import StatusChangeDialog

    row = page.model.row_at(0)
    page.select_member(row.id)
    dialogs = []
    monkeypatch.setattr(StatusChangeDialog, "exec", lambda d: dialogs.append(d) or 0)
    page.archive_member()  # asks the database whether 超龄离团 may be offered
    qtbot.waitUntil(lambda: bool(dialogs))
    dialog = dialogs[0]
    statuses = [dialog.status.itemText(i) for i in range(dialog.status.count())]
    assert "超龄离团" not in statuses  # offered only from the 28th birthday
    dialog.status.setCurrentText("开除团籍")
    assert dialog.reason.text() == "" and dialog.message.text() == ""  # nothing shown yet
    assert dialog.save() is None  # 确认离团 without a reason: said, and the cursor is there
    assert "请填写原因" in dialog.message.text() and dialog.reason.property("invalid")
    assert dialog.focusWidget() is dialog.reason
    dialog.reason.setText("违反团章")
    assert dialog.message.text() == "" and not dialog.reason.property("invalid")


def test_batch_age_out_archives_exactly_the_selected(page, qtbot, monkeypatch, demo_db):
    from branchdesk.ui.dialogs import age_out_dialog

    chosen = []

    def run(dialog):
        assert ops.wait_idle() and dialog.ready
        assert dialog.months.value() == 6
        ready = [c.member_id for c in dialog.candidates if c.turns_28_on <= TODAY]
        assert len(ready) >= 1 and len(dialog.candidates) > len(ready)
        chosen.extend(ready)
        # those not yet 28 are listed as coming up but cannot be chosen
        dialog.set_checked({c.member_id for c in dialog.candidates})
        assert sorted(dialog.checked_ids()) == sorted(ready)
        assert dialog.ok_button.text() == f"将选中的 {len(ready)} 人办理超龄离团"
        dialog.save()
        ops.wait_idle()
        return dialog.result()

    monkeypatch.setattr(age_out_dialog.AgeOutDialog, "exec", run)
    page.batch_age_out()
    _settled(page, qtbot)
    with demo_db.session() as s:
        aged = s.query(Member).filter(Member.status == "超龄离团").all()
        assert sorted(m.id for m in aged) == sorted(chosen)
        assert {m.history[-1].reason for m in aged} == {"年满28周岁，超龄离团"}
        left = age_out_candidates(s, page.ctx.branch_id, TODAY)
    assert page.model.rowCount() == len(_on_roster(page))
    assert not set(chosen) & {c.member_id for c in left}


def test_age_out_dialog_months_change_the_list(page, qtbot):
    from branchdesk.ui.dialogs.age_out_dialog import AgeOutDialog

    dialog = AgeOutDialog(page.ctx, TODAY, page)
    qtbot.waitUntil(lambda: dialog.ready)
    six = dialog.table.rowCount()
    dialog.months.setValue(0)
    assert not dialog.ready and not dialog.ok_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.table.rowCount() < six
    assert not dialog.ok_button.isEnabled()


def test_detail_shows_fields_and_history(page, qtbot):
    from branchdesk.ui.dialogs.member_detail import MemberDetailDialog

    row = page.model.row_at(0)
    dialog = MemberDetailDialog(page.ctx, row.id, page)
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.windowTitle() == f"团员详情：{row.name}"
    assert [b.title() for b in dialog.section_boxes] == ["状态变动"]


def test_double_click_opens_detail_then_edit(page, monkeypatch):
    from branchdesk.ui.dialogs import member_detail, member_form

    opened = []

    def detail_exec(dialog):
        opened.append("detail")
        dialog._edit()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(member_detail.MemberDetailDialog, "exec", detail_exec)
    monkeypatch.setattr(
        member_form.MemberFormDialog,
        "exec",
        lambda d: ops.wait_idle() and opened.append(d.name.text()) or 0,
    )
    page.select_member(page.model.row_at(0).id)
    page.table.doubleClicked.emit(page.model.index(0, 0))
    assert opened == ["detail", page.model.row_at(0).name]


def test_run_action_import_opens_the_wizard(page, monkeypatch):
    from branchdesk.ui.dialogs import import_wizard

    shown = []
    monkeypatch.setattr(import_wizard.ImportWizard, "exec", lambda w: shown.append(w) or 0)
    page.run_action("import")
    assert len(shown) == 1


def test_export_and_template_buttons_write_xlsx(page, qtbot, monkeypatch, tmp_path):
    import openpyxl

    from branchdesk.ui.dialogs import roster_files

    shown = []
    monkeypatch.setattr(roster_files.QMessageBox, "information", lambda *a: shown.append(a[2]))
    out = tmp_path / "花名册"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    page.export_button.click()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    sheet = openpyxl.load_workbook(tmp_path / "花名册.xlsx").active
    names = {c.value for c in sheet["B"]}
    assert {page.model.row_at(r).name for r in range(page.model.rowCount())} <= names
    assert f"已导出 {page.model.rowCount()} 名团员" in shown[0]

    template = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(template), ""))
    page.template_button.click()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    assert template.is_file() and "导入模板已保存" in shown[1]

    zhtj = tmp_path / "智慧团建.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(zhtj), ""))
    page.zhtj_button.click()
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=20000)
    sheet = openpyxl.load_workbook(zhtj).active
    assert sheet["A1"].value == "姓名*" and sheet["B2"].value == "普通居民身份证"
    assert "可在智慧团建“批量导入团员”中上传" in shown[2]


def test_incomplete_filter_shows_members_without_id_numbers(page, qtbot, demo_db):
    from sqlalchemy import update

    from branchdesk.core.db.models import Member

    first = page.model.row_at(0)
    with demo_db.transaction() as s:
        s.execute(update(Member).where(Member.id == first.id).values(id_number=None))
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    page.incomplete.setChecked(True)
    assert page.model.rowCount() == 1 and page.model.row_at(0).name == first.name
    page.incomplete.setChecked(False)
    assert page.model.rowCount() > 1


def test_a_large_roster_shows_the_first_rows_then_loads_the_rest(app, qtbot, demo_db, monkeypatch):
    import threading

    from branchdesk.ui.pages import members_page
    from branchdesk.ui.pages.members_page import MembersPage

    monkeypatch.setattr(MembersPage, "FIRST_ROWS", 10)  # the demo's 60 members count as many
    gate = threading.Event()  # holds the full load back until the test has looked
    load_roster = members_page.load_roster
    monkeypatch.setattr(
        members_page, "load_roster", lambda *a, **k: gate.wait(20) and load_roster(*a, **k)
    )
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("members")
    assert not page.is_loaded and page.count_label.text() == "正在载入…"
    qtbot.waitUntil(lambda: page.model.total == 10)
    assert not page.is_loaded and page.model.rowCount() > 0
    first = page.model.row_at(0)
    page.search.setText(first.name)  # typed while the rest is loading
    with qtbot.waitSignal(page.loaded, timeout=20000):
        gate.set()
    on_roster = _on_roster(page)
    assert page.is_loaded and page.model.total >= len(on_roster) > 10
    assert _names(page) == [r.name for r in on_roster if first.name in r.name]
    assert page.group.findData("第一团小组") > 0
    assert page.count_label.text().endswith(f"（在册 {len(on_roster)} 人）")

    page.search.clear()
    target = page.model.row_at(20).id
    page.select_member(target)
    page.reload()  # e.g. after an edit: the loaded rows stay usable until the new ones arrive
    assert not page.is_loaded and page.model.rowCount() == len(on_roster)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    assert page.selected_id() == target and page.model.rowCount() == len(on_roster)
