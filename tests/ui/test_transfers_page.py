import importlib.util
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from branchdesk.app import open_main_window
from branchdesk.core.services import members, transfers
from branchdesk.ui import ops
from branchdesk.ui.pages.transfers_page import TransferInDialog, TransferOutDialog

HAS_RENDERER = importlib.util.find_spec("pypdfium2") is not None


@pytest.fixture
def page(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("transfers")
    qtbot.waitUntil(lambda: ops.idle() and page.model.rowCount() > 0)
    yield page  # the fixture frame keeps the window alive


def _answer(monkeypatch, button):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: button)


def _settle(qtbot):
    qtbot.waitUntil(ops.idle)


def _select(page, predicate):
    page.table.clearSelection()
    row = next(i for i, r in enumerate(page.model.rows) if predicate(r))
    page.table.selectRow(row)
    return page.model.rows[row]


def test_register_filters(page, qtbot, demo_db):
    with demo_db.session() as s:
        everything = transfers.register_rows(s, 1)
    assert page.model.rowCount() == len(everything) >= 8
    page.direction.setCurrentText("转入")
    _settle(qtbot)
    assert {r.direction for r in page.model.rows} == {"转入"}
    assert page.model.rowCount() == sum(r.direction == "转入" for r in everything) == 2
    page.direction.setCurrentText("全部")
    page.status.setCurrentText("已撤销")
    _settle(qtbot)
    assert [r.status for r in page.model.rows] == ["已撤销"]
    assert page.count_label.text() == "共 1 条"
    page.status.setCurrentText("全部")
    page.year.setCurrentText("2026")
    _settle(qtbot)
    assert page.model.rowCount() == sum(r.year == 2026 for r in everything)


def test_batch_out_dialog_issues_one_letter_each(page, qtbot, demo_db, monkeypatch):

    def fake_exec(dialog: TransferOutDialog):
        assert dialog.batch and dialog.people.checks.rowCount() > 10
        dialog.filter.setText("示例医院")
        shown = dialog.people.visible_count()
        assert 2 <= shown < dialog.people.checks.rowCount()
        dialog._check_visible(Qt.CheckState.Checked)
        assert dialog.count.text() == f"已选 {shown} 人" == f"已选 {len(dialog.member_ids())} 人"
        dialog.destination.setText("示例市人民医院团委")
        dialog.reason.setCurrentText("工作调动")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TransferOutDialog, "exec", fake_exec)
    _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.batch_button.click()
    qtbot.waitUntil(lambda: bool(page.selected_rows()))
    new = [r for r in page.model.rows if r.other_org == "示例市人民医院团委"]
    assert len(new) >= 2 and {r.status for r in new} == {"转出中"}
    assert len(page.selected_rows()) == len(new)
    with demo_db.session() as s:
        roster = {r.id: r.status for r in members.roster_rows(s, 1)}
    assert all(roster[r.member_id] == "转出中" for r in new)


def test_cancel_asks_then_puts_member_back(page, qtbot, demo_db, monkeypatch):
    row = _select(page, lambda r: r.status == "转出中")
    assert page.cancel_button.isEnabled() and not page.accept_button.isEnabled()
    _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.cancel_button.click()
    _settle(qtbot)
    with demo_db.session() as s:
        assert transfers.register_rows(s, 1, status="已撤销")[0].id != row.id
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _select(page, lambda r: r.id == row.id)
    page.cancel_button.click()
    _settle(qtbot)
    assert next(r for r in page.model.rows if r.id == row.id).status == "已撤销"
    with demo_db.session() as s:
        statuses = {r.id: r.status for r in members.roster_rows(s, 1)}
    assert statuses[row.member_id] == "在册"


def test_return_slip_button_archives(page, qtbot, demo_db):
    row = _select(page, lambda r: r.status == "转出中")
    page.slip_button.click()
    _settle(qtbot)
    assert next(r for r in page.model.rows if r.id == row.id).status == "已转出"


def test_transfer_in_dialog_adds_member(page, qtbot, demo_db, monkeypatch):

    def fake_exec(dialog: TransferInDialog):
        dialog.sending_org.setText("示例中学团委")
        dialog.letter_no.setText("示中团〔2026〕3号")
        dialog.name.setText("测试转入")
        dialog.id_number.setText("11010519491231002X")
        dialog.join_date.setText("1965-05")
        dialog.political.setCurrentText("中共党员")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TransferInDialog, "exec", fake_exec)
    page.in_button.click()
    _settle(qtbot)
    row = next(r for r in page.model.rows if r.name == "测试转入")
    assert row.status == "已接收" and row.direction == "转入"


def test_print_selected_letters_to_one_pdf(page, qtbot, demo_db, monkeypatch, tmp_path):
    out = tmp_path / "letters.pdf"
    proposed = []

    def save_dialog(parent, title, path, name_filter):
        proposed.append(Path(path).name)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    page.table.selectAll()
    assert not page.print_button.isEnabled()  # incoming rows have no letter of ours
    page.direction.setCurrentText("转出")
    _settle(qtbot)
    page.table.selectAll()
    assert page.print_button.isEnabled()
    page.print_button.click()
    # the letters open in the app's PDF preview, one page each
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=20000)
    preview = page.preview_dialog.preview
    if HAS_RENDERER:
        assert preview.page_count() == page.model.rowCount() > 1
    preview.save_button.click()
    (name,) = proposed
    people = len({r.name for r in page.model.rows})  # a member may have a cancelled letter too
    first = page.model.rows[0]
    assert name.startswith(f"介绍信_{first.name}等{people}人_2") and name.endswith(".pdf")
    assert len(PdfReader(out).pages) == page.model.rowCount()


def test_transferring_a_member_in_arrears_shows_the_arrears(page, qtbot, demo_db, monkeypatch):
    from branchdesk.core.services import dues
    from tests.conftest import TODAY

    with demo_db.session() as s:
        active = {r.id for r in members.roster_rows(s, 1) if r.status == "在册"}
        owing = next(r for r in dues.arrears(s, 1, TODAY) if r.member_id in active)

    def fake_exec(dialog: TransferOutDialog):
        dialog.filter.setText(owing.name)
        dialog._check_visible(Qt.CheckState.Checked)
        dialog.destination.setText("某市团委")
        return QDialog.DialogCode.Accepted

    asked = []
    monkeypatch.setattr(TransferOutDialog, "exec", fake_exec)
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No,
    )
    page.batch_button.click()
    qtbot.waitUntil(lambda: bool(asked))  # issued off the UI thread
    assert "注意团费" in asked[0]
    assert f"{owing.name}欠缴团费" in asked[0] and owing.since.label in asked[0]
