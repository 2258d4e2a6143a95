import random
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from branchdesk.core.rules.dues_standards import Month, yuan
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import dues, members
from branchdesk.core.services.demo import fake_id_number
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.dues_dialogs import PaymentDialog
from branchdesk.ui.pages.dues_page import DuesPage

TODAY = date(2026, 11, 23)


@pytest.fixture
def setup(db, branch_id):
    rng = random.Random(3)
    ids = []
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, Month(2026, 1))
        for i, (category, income) in enumerate(
            [("在职", 520_000), ("学生", None), ("在职", 150_000)]
        ):
            birth = date(2001, 3, 5)
            record = MemberRecord(
                name=f"团员{i}",
                id_number=fake_id_number(rng, birth, "女"),
                join_date=date(2018, 5, 1),
                development_no="201812345678",
            )
            member = members.add_member(s, branch_id, record, since=date(2025, 1, 1), today=TODAY)
            dues.set_member_category(s, member.id, category, Month(2026, 1), income)
            ids.append(member.id)
        dues.record_payment(s, ids[0], Month(2026, 1), Month(2026, 6), date(2026, 1, 5))
        dues.record_batch(s, branch_id, ids[1:], Month(2026, 1), Month(2026, 3), date(2026, 3, 1))
    return db, ids


@pytest.fixture
def page(app, qtbot, setup):
    db, _ = setup
    widget = DuesPage(AppContext(db), today=TODAY)
    qtbot.addWidget(widget)
    widget.on_shown()
    assert ops.wait_idle()
    return widget


def wait() -> None:
    """Let the runner deliver (an operation's result, the page's reload)."""
    assert ops.wait_idle()


def test_grid_model_totals_are_the_services(page, setup, branch_id):
    db, ids = setup
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, 2026, TODAY)
    model = page.grid_model
    assert model.rowCount() == len(ids) + 1
    last_row, last_col = model.rowCount() - 1, model.columnCount()
    text = lambda r, c: model.data(model.index(r, c))  # noqa: E731
    assert text(last_row, 0) == "合计"
    assert text(last_row, last_col - 3) == yuan(grid.total_paid_fen) == "69.60"
    assert text(0, last_col - 1) == grid.rows[0].paid_up_to == "2026年6月"
    assert text(0, 2 + 10) == "待缴"  # November, the current month: not arrears yet
    assert [text(last_row, 2 + m) for m in range(3)] == ["13.20"] * 3
    assert text(0, 2) == "10.00" and text(0, 2 + 6) == "未缴"
    assert model.data(model.index(0, 2 + 6), 8).color().name() == "#f8d7d5"  # BackgroundRole
    assert "已缴 69.60 元" in page.grid_summary.text()
    assert page.arrears_model.rowCount() == 3
    assert "本年收缴 69.60 元" in page.ledger_summary.text()
    assert page.standards_table.rowCount() == 7


def test_payment_dialog_amount_edit_needs_a_reason(page, setup, qtbot):
    db, ids = setup
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 7), ids[0], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.range.set_range(Month(2026, 7), Month(2026, 9))
    wait()
    assert dialog.amount.text() == "30.00" and not dialog.reason.isEnabled()
    dialog.amount.setText("25")
    assert dialog.reason.isEnabled()
    dialog.save()
    wait()
    assert "请填写原因" in dialog.error.text() and not dialog.infos
    dialog.reason.setText("困难减免")
    dialog.collector.setText("组织委员")
    dialog.method.setCurrentText("微信")
    dialog.save()
    wait()
    assert dialog.result() == PaymentDialog.DialogCode.Accepted
    (info,) = dialog.infos
    assert (info.amount_fen, info.proposed_fen, info.edit_reason) == (2500, 3000, "困难减免")
    assert (info.collector, info.method, info.receipt_no) == ("组织委员", "微信", "2026-0004")


def test_batch_dialog_then_print_receipts(page, setup, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    db, ids = setup
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 4), batch=True, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.range.set_range(Month(2026, 4), Month(2026, 6))
    dialog.checks.toggle(0)
    assert dialog.selected_ids() == ids[1:]
    wait()
    assert "2人，3个月，共 9.60 元" in dialog.proposal.text()
    dialog.save()
    wait()
    assert [i.amount_fen for i in dialog.infos] == [60, 900]
    out = tmp_path / "receipts.pdf"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.offer_receipts(dialog.infos)
    # the receipts open in the app's PDF preview; 另存为 PDF writes both to one file
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=15000)
    assert page.preview_dialog.preview.save_pdf() == out
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert text.count("存根") == 2 and "团员1" in text and "团员2" in text
    wait()  # the payments announced 'dues': the page shown reloaded itself
    assert "已缴 79.20 元" in page.grid_summary.text()


def test_batch_keeps_only_members_who_can_be_recorded(page, setup, qtbot):
    db, ids = setup
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 3), batch=True, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.range.set_range(Month(2026, 3), Month(2026, 7))
    assert not dialog.ready and dialog.proposal.text() == "正在计算……"
    wait()
    assert dialog.ready and "已登记" in dialog.proposal.text()
    dialog.range.set_range(Month(2026, 7), Month(2026, 8))
    dialog.keep_only_open()  # (waits for these months' proposals)
    wait()
    assert dialog.selected_ids() == ids
    dialog.range.set_range(Month(2026, 5), Month(2026, 8))
    dialog.keep_only_open()
    wait()
    assert dialog.selected_ids() == ids[1:]


def test_standards_tab_saves_table_formula_and_start(page, setup, branch_id):
    db, ids = setup
    table = page.standards_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "务农")
    table.item(row, 2).setText("0.30")
    page.cap.setText("25")
    page.save_standards()
    wait()
    with db.session() as s:
        standards = {c.name: c for c in dues.list_standards(s, branch_id)}
        formula = dues.load_formula(s, branch_id)
    assert standards["务农"].fen_per_month == 30 and formula.cap_fen == 2500
    page.category_member.setValue(ids[1])
    page.new_category.setCurrentText("在职")
    page.new_income.setText("6000")
    page.add_category_entry()
    wait()
    assert page.history_table.rowCount() == 2
    assert page.history_table.item(1, 2).text() == "6000.00"


def test_void_from_the_grid(page, setup, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    db, ids = setup
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("登记错误", True))
    page.grid_view.setCurrentIndex(page.grid_model.index(0, 2))
    page.void_current()
    wait()
    assert "已缴 9.60 元" in page.grid_summary.text()
    assert page.grid_model.data(page.grid_model.index(0, 2)) == "未缴"


def test_batch_dialog_loads_the_branch_once_per_month_range(page, setup, qtbot, monkeypatch):
    from branchdesk.core.services.dues import payment

    loads = []
    real = payment.load_book
    monkeypatch.setattr(payment, "load_book", lambda s, b: loads.append(b) or real(s, b))
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 7), batch=True, today=TODAY)
    qtbot.addWidget(dialog)
    wait()
    assert len(loads) == 1 and "3人" in dialog.proposal.text()
    model = dialog.picker.model()
    for i in range(model.rowCount()):  # untick everyone, one at a time, as a click does
        model.setData(model.index(i, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert ops.idle() and len(loads) == 1
    assert dialog.proposal.text().startswith("1人，1个月，共 10.00 元")
    dialog.range.set_range(Month(2026, 7), Month(2026, 8))
    wait()
    assert len(loads) == 2 and "共 20.00 元" in dialog.proposal.text()


def test_old_dues_book_is_previewed_then_imported(page, setup, qtbot, monkeypatch, tmp_path):
    from sqlalchemy import func, select

    from branchdesk.core.db.models import DuesPayment
    from branchdesk.ui import ops
    from branchdesk.ui.dialogs import dues_import_dialog
    from tests.core.io.sheets import write_xlsx

    db, _ = setup
    rows = [
        ["姓名", "缴费内容", "金额", "缴费日期", "收款人"],
        ["团员1", "2026年4-6月团费", 0.6, "2026-06-01", "书记"],
        ["团员1", "2026年1月团费", 0.2, "2026-03-01", "书记"],  # recorded before
        ["无此人", "2026年4-6月团费", 0.6, "2026-06-01", "书记"],
    ]
    path = write_xlsx(tmp_path / "旧登记表.xlsx", rows)
    monkeypatch.setattr(
        dues_import_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "")
    )
    shown = []
    monkeypatch.setattr(dues_import_dialog.DuesImportDialog, "exec", lambda d: shown.append(d))
    page.import_book_button.click()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    dialog = shown[0]
    assert dialog.counts.text() == "新增缴费记录 1 条（共 0.60 元），已登记过 1 条，有问题 1 行"
    dialog.only_problems.setChecked(True)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 5).data() == "花名册中没有“无此人”（请先导入花名册）"
    with db.session() as s:
        before = s.scalar(select(func.count(DuesPayment.id)))
    told = []
    monkeypatch.setattr(dues_import_dialog.QMessageBox, "information", lambda *a: told.append(a[2]))
    path.unlink()  # the preview shown is what is written
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert ops.wait_idle()
    assert told == ["新增缴费记录 1 条（共 0.60 元），已登记过 1 条，有问题 1 行。"]
    with db.session() as s:
        assert s.scalar(select(func.count(DuesPayment.id))) == before + 1


def test_batch_category_dialog_sets_the_checked_members(page, setup, qtbot, branch_id):
    from branchdesk.ui.dialogs.dues_dialogs import CategoryBatchDialog

    db, ids = setup
    dialog = CategoryBatchDialog(page.ctx, page.choices, Month(2026, 7), {ids[0], ids[2]})
    qtbot.addWidget(dialog)
    assert dialog.selected_ids() == [ids[0], ids[2]]
    dialog.category.setCurrentText("在职")
    assert dialog.income.isEnabled()
    dialog.income.setText("abc")
    dialog.save()
    assert "月收入" in dialog.error.text() and dialog.result() != dialog.DialogCode.Accepted
    dialog.income.setText("6000")
    dialog.save()
    wait()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.count == 2
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, 2026, TODAY)
    by_id = {r.member_id: r for r in grid.rows}
    assert by_id[ids[2]].cells[5].owed_fen == 300 and by_id[ids[2]].cells[6].owed_fen == 1200
    assert by_id[ids[2]].category == "在职"
    dialog.category.setCurrentText("学生")
    assert not dialog.income.isEnabled()


def test_a_payment_through_the_runner_shows_the_services_numbers(page, setup, branch_id, qtbot):
    db, ids = setup
    before = page.reloads
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 7), ids[2], today=TODAY)
    qtbot.addWidget(dialog)
    wait()
    assert dialog.amount.text() == "3.00"
    op = dialog.save()
    assert op is not None and not op.ok  # running on the write thread
    wait()
    assert op.ok and dialog.result() == PaymentDialog.DialogCode.Accepted
    assert page.reloads == before + 1  # 'dues' was announced: the page on screen reloaded
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, 2026, TODAY)
    model = page.grid_model
    total = model.data(model.index(model.rowCount() - 1, model.columnCount() - 3))
    assert total == yuan(grid.total_paid_fen) == "72.60"
    assert model.data(model.index(2, 2 + 6)) == "3.00"
    assert f"已缴 {yuan(grid.total_paid_fen)} 元" in page.grid_summary.text()


def test_the_page_reloads_for_what_it_shows_and_stays_usable_meanwhile(page, setup):
    before = page.reloads
    page.ctx.notify_changed({ops.MEETINGS})
    assert page.reloads == before and not page.stale
    page.ctx.notify_changed({ops.DUES})
    assert page.reloads == before + 1
    assert ops.running() == 1  # the load runs on a worker: the old grid is still shown
    assert "已缴 69.60 元" in page.grid_summary.text() and page.grid_model.rowCount() == 4
    wait()
    assert page.choices is not None and len(page.choices.members) == 3


def test_prepaying_past_the_limit_asks_then_records(page, setup, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    db, ids = setup
    asked = []

    def answer(parent, title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 12), ids[1], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.range.set_range(Month(2026, 12), Month(2027, 12))
    wait()
    assert dialog.amount.text() == "2.60"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == PaymentDialog.DialogCode.Accepted)
    assert len(asked) == 1 and "确定要登记吗" in asked[0] and dialog.confirmed
    (info,) = dialog.infos
    assert (info.first, info.last, info.amount_fen) == (Month(2026, 12), Month(2027, 12), 260)
