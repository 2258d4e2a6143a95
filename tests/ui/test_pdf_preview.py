"""Receipts (and every PDF) open in the app's preview: 打印, 另存为 PDF to Documents with a
meaningful name, never replacing a file silently, and a message when the system cannot open it."""

import importlib.util
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from branchdesk.core.services import dues
from branchdesk.core.services.branches import require_branch
from branchdesk.core.services.demo import DEMO_BRANCH_NAME
from branchdesk.ui import save_location
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.dues_page import DuesPage
from branchdesk.ui.pdf_preview import PdfPreviewDialog
from branchdesk.ui.save_location import LAST_FOLDER_KEY, documents_dir
from branchdesk.ui.screen import ui_settings
from tests.conftest import TODAY
from tests.ui.save_dialog import SaveDialog

HAS_RENDERER = importlib.util.find_spec("pypdfium2") is not None


@pytest.fixture
def page(app, qtbot, demo_db):
    widget = DuesPage(AppContext(demo_db), today=TODAY)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def receipts(demo_db):
    with demo_db.session() as s:
        branch_id = require_branch(s, DEMO_BRANCH_NAME).id
        return dues.payments(s, branch_id, TODAY.year)


def _open_preview(page, qtbot, infos) -> PdfPreviewDialog:
    page.preview_dialog = None
    page.print_receipts(infos)
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=20_000)
    return page.preview_dialog


def test_receipts_open_in_the_preview_with_their_pages(page, qtbot, receipts, docs):
    assert len(receipts) >= 4
    dialog = _open_preview(page, qtbot, receipts[:4])
    preview = dialog.preview
    assert dialog.isVisible() and "团费收据" in dialog.windowTitle()
    assert all(b.isEnabled() for b in (preview.print_button, preview.save_button))
    assert len(PdfReader(preview.path).pages) == 2  # three receipts to a page
    if HAS_RENDERER:
        assert preview.page_count() == 2 and not preview.image.pixmap().isNull()
        preview.next_button.click()
        assert preview.index == 1 and "第 2 页 / 共 2 页" in preview.page_label.text()
    # the dialog fits a 1366×768 screen
    assert dialog.minimumSizeHint().width() <= 1366 and dialog.minimumSizeHint().height() <= 728


def test_save_proposes_documents_and_a_meaningful_name_then_remembers(
    page, qtbot, receipts, docs, monkeypatch, tmp_path
):
    one = receipts[0]
    preview = _open_preview(page, qtbot, [one]).preview
    save = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    first = preview.save_pdf()
    expected = docs / f"团费收据_{one.member_name}_{one.months_label}.pdf"
    assert save.proposed == [expected] == [first]
    assert one.member_name in PdfReader(first).pages[0].extract_text()
    assert str(first) in preview.message.label.text() and not preview.message.isHidden()
    # saved once already: the same name is not proposed again, (2) is
    preview.save_pdf()
    assert save.proposed[1] == docs / f"团费收据_{one.member_name}_{one.months_label}(2).pdf"
    # a folder the user chose is proposed next time, also in a new preview
    elsewhere = tmp_path / "收据"
    elsewhere.mkdir()
    save.answer = elsewhere / "张三的收据.pdf"
    assert preview.save_pdf() == elsewhere / "张三的收据.pdf"
    save.answer = None
    several = _open_preview(page, qtbot, receipts[:5]).preview
    assert several.save_pdf().parent == elsewhere
    numbers = sorted(r.receipt_no for r in receipts[:5])
    assert save.proposed[-1].name.endswith(f"_{numbers[0]}至{numbers[-1]}.pdf")


def test_a_name_typed_without_pdf_never_replaces_a_file_silently(
    page, qtbot, receipts, docs, monkeypatch
):
    existing = docs / "收据.pdf"
    existing.write_bytes(b"keep me")
    preview = _open_preview(page, qtbot, receipts[:1]).preview
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(docs / "收据"))
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert preview.save_pdf() is None
    assert existing.read_bytes() == b"keep me" and "已经存在" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert preview.save_pdf() == existing
    assert existing.read_bytes().startswith(b"%PDF")


def test_when_the_system_cannot_open_the_pdf_the_window_says_so(
    page, qtbot, receipts, docs, monkeypatch
):
    preview = _open_preview(page, qtbot, receipts[:2]).preview
    opened = []

    def cannot_open(url):
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", cannot_open)
    assert preview.message.isHidden()
    preview.open_button.click()
    bar = preview.message
    assert not bar.isHidden() and bar.property("kind") == "warning"
    assert "无法打开" in bar.label.text() and str(preview.path) in bar.label.text()
    assert not bar.folder_button.isHidden()
    bar.folder_button.click()  # cannot open the folder either: still said, not silent
    assert opened == [str(preview.path), str(preview.path.parent)]
    assert "文件管理器" in bar.label.text()
    # once saved, the saved copy is the one opened (its path is the one the user knows)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog())
    saved = preview.save_pdf()
    preview.open_button.click()
    assert opened[-1] == str(saved) and str(saved) in bar.label.text()


def test_when_the_system_opens_it_nothing_is_shown(page, qtbot, receipts, docs, monkeypatch):
    preview = _open_preview(page, qtbot, receipts[:1]).preview
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    preview.open_button.click()
    assert preview.message.isHidden()


def test_documents_folder_falls_back_to_home(app, monkeypatch, tmp_path):
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: str(tmp_path / "无"))
    assert documents_dir() == Path.home()
    ui_settings().setValue(LAST_FOLDER_KEY, str(tmp_path / "已删除的文件夹"))
    assert save_location.save_folder() == Path.home()  # a remembered folder that is gone


def test_excel_exports_propose_documents_too(page, qtbot, docs, monkeypatch):
    from openpyxl import load_workbook

    save = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    page.year.setValue(TODAY.year)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert save.proposed == [docs / f"团费_{TODAY.year}年.xlsx"]
    sheet = load_workbook(save.proposed[0])["收缴登记表"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows
