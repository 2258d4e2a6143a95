"""打印 page: the handbook is made in the background, previewed, saved."""

import importlib.util

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from branchdesk.app import open_main_window
from branchdesk.ui.pages.print_page import PrintPage

#: the preview renders pages with pypdfium2 (PySide6-Essentials has no QtPdf)
HAS_RENDERER = importlib.util.find_spec("pypdfium2") is not None


def test_print_page_generates_previews_and_saves_the_handbook(
    app, qtbot, demo_db, tmp_path, monkeypatch
):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("print")
    assert isinstance(page, PrintPage)
    assert not page.save_button.isEnabled()
    page.year.setValue(2026)
    page._check_all(False)
    page.section_boxes["profile"].setChecked(True)
    page.section_boxes["roster"].setChecked(True)
    page.mask.setChecked(True)
    page.double_sided.setChecked(True)

    page.generate_button.click()
    assert not page.generate_button.isEnabled()  # running in the background
    qtbot.waitUntil(lambda: page.pdf_path is not None, timeout=60_000)
    assert page.generate_button.isEnabled() and page.save_button.isEnabled()
    assert "共 6 页" in page.status.text()
    if HAS_RENDERER:
        assert page.preview.page_count() == 6
        assert not page.preview.image.pixmap().isNull()
        page.preview.next_button.click()
        assert page.preview.index == 1
    else:
        assert "系统程序打开" in page.preview.image.text()

    target = tmp_path / "手册"
    proposed = []

    def save_dialog(parent, title, path, name_filter):
        proposed.append(path)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    saved = page.save_button.click() or page.preview.saved_path
    assert saved == tmp_path / "手册.pdf"
    assert proposed[0].endswith("团支部工作手册_2026年度.pdf")
    assert str(saved) in page.preview.message.label.text()
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "团员花名册" in text and "****" in text
    # double-sided: page 2 (a left-hand page) has its gutter on the right, page 3 on the left
    from branchdesk.core.reports.book import GUTTER_MARGIN, OUTER_MARGIN

    def leftmost(pdf_page) -> float:
        xs: list[float] = []

        def visit(text, cm, tm, *_):
            if text.strip():
                xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

        pdf_page.extract_text(visitor_text=visit)
        return min(xs)

    pages = PdfReader(saved).pages
    assert leftmost(pages[1]) == pytest.approx(OUTER_MARGIN, abs=0.5)
    assert leftmost(pages[2]) == pytest.approx(GUTTER_MARGIN, abs=0.5)


def test_blank_forms_alone(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("print")
    page._check_all(False)
    page.section_boxes["development"].setChecked(True)
    page.section_boxes["recommendation"].setChecked(True)
    page.blank_button.click()
    qtbot.waitUntil(lambda: page.pdf_path is not None, timeout=30_000)
    assert page.pdf_title == "空白登记表"
    # 发展团员: its register and the 团课/团校 record; 推优入党: its register
    assert len(PdfReader(page.pdf_path).pages) == 3


@pytest.mark.skipif(not HAS_RENDERER, reason="needs pypdfium2 to render pages")
def test_print_pages_renders_each_page_onto_the_printer(app, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from branchdesk.core.progress import Cancelled
    from branchdesk.core.reports.handbook import build_blank_forms
    from branchdesk.ui.pdf_preview import print_pages

    source = build_blank_forms(tmp_path / "forms.pdf", ("recommendation", "groups")).path
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    seen = []
    assert print_pages(printer, source, range(2), lambda *a: seen.append(a)) == 2
    assert [s[0] for s in seen] == [0, 1] and "第 2 页" in seen[1][2]
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2

    def cancel(done, total, message):
        if done == 1:
            raise Cancelled()

    with pytest.raises(Cancelled):  # the user's 取消 stops after the first page
        print_pages(printer, source, range(2), cancel)


@pytest.mark.skipif(not HAS_RENDERER, reason="needs pypdfium2 to render pages")
def test_print_button_prints_the_chosen_pages_off_the_ui_thread(
    app, qtbot, demo_db, tmp_path, monkeypatch
):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from branchdesk.ui import ops

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("print")
    page.generate_blank_forms()
    qtbot.waitUntil(lambda: page.preview.page_count() > 2, timeout=30_000)
    out = tmp_path / "printer.pdf"

    def choose_pages(dialog):  # the user picks pages 2–3 of a "printer" that writes a PDF
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        printer.setFromTo(2, 3)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pages)
    op = page.preview.print_pdf()
    assert op is not None and not page.print_button.isEnabled()
    qtbot.waitUntil(ops.idle, timeout=30_000)
    assert op.ok and op.result == 2 and page.print_button.isEnabled()
    assert len(PdfReader(out).pages) == 2
    assert "已将 2 页送往打印机" in page.preview.message.label.text()
