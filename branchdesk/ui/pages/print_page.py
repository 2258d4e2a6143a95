"""打印: the 团支部工作手册 (choose year and sections, preview, save, open, print) and blank forms.

The PDF is made in the background (`ui.ops.run_query`); the preview renders one page at a time with
pypdfium2 (PySide6-Essentials has no QtPdf), or with QtPdf where the full PySide6 is installed.
Without either, the PDF can still be saved and opened in the system viewer.
"""

import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import copy_file_atomic
from branchdesk.core.progress import Cancelled
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.base import Page

#: (key, title) of the handbook's sections, as in core.reports.handbook.SECTIONS
#: (kept here so the page does not import reportlab at start-up).
SECTION_CHOICES = (
    ("profile", "支部基本情况"),
    ("roster", "团员花名册"),
    ("groups", "团小组"),
    ("plan", "年度工作计划与总结"),
    ("meetings", "三会两制一课"),
    ("theme_days", "主题团日"),
    ("evaluation", "团员教育评议"),
    ("registration", "团籍注册"),
    ("dues", "团费收缴与上缴"),
    ("transfers", "组织关系转接"),
    ("development", "发展团员"),
    ("recommendation", "推优入党"),
)
PREVIEW_DPI = 96
PRINT_DPI = 300


class PdfPages:
    """Renders pages of a PDF file to QImages (pypdfium2, else QtPdf).

    Use it briefly (`with PdfPages(path) as pages:`): an open file cannot be replaced or
    deleted on Windows.
    """

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None
        self._qt = None
        try:
            import pypdfium2

            self._pdf = pypdfium2.PdfDocument(str(path))
        except ImportError:
            self._qt = _qt_pdf_document(path)

    @property
    def available(self) -> bool:
        return self._pdf is not None or self._qt is not None

    def __len__(self) -> int:
        if self._pdf is not None:
            return len(self._pdf)
        return self._qt.pageCount() if self._qt is not None else 0

    def render(self, index: int, dpi: float) -> QImage:
        if self._pdf is not None:
            bitmap = self._pdf[index].render(scale=dpi / 72, rev_byteorder=True)
            fmt = (
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888
            )
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
            return image.copy()  # own the pixels: the bitmap's buffer goes away
        size = self._qt.pagePointSize(index)
        return self._qt.render(index, (size * dpi / 72).toSize())

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        if self._qt is not None:
            self._qt.close()
            self._qt = None

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _qt_pdf_document(path: Path):
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    document = QPdfDocument()
    document.load(str(path))
    return document


class PreviewPane(QWidget):
    """One page at a time, fitted to the width, with page buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self.count = 0
        self.index = 0
        self.image = QLabel("生成后在这里预览。", objectName="Hint")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image)
        self.scroll.setStyleSheet("QScrollArea { background: #e6e7ea; border: none; }")
        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_label = QLabel("", objectName="Hint")
        self.prev_button.clicked.connect(lambda: self.show_page(self.index - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.index + 1))
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self._update_buttons()

    def load(self, path: Path) -> None:
        with PdfPages(path) as pages:
            self.path, self.count = path, len(pages)
            if not pages.available:
                self.image.setPixmap(QPixmap())
                self.image.setText("本机缺少 PDF 预览组件，请点击“用系统程序打开”查看。")
                self._update_buttons()
                return
        self.show_page(0)

    def show_page(self, index: int) -> None:
        if not self.count:
            return
        self.index = max(0, min(index, self.count - 1))
        width = max(self.scroll.viewport().width() - 24, 300)
        with PdfPages(self.path) as pages:
            image = pages.render(self.index, PREVIEW_DPI)
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)
        self._update_buttons()

    def page_count(self) -> int:
        return self.count

    def _update_buttons(self) -> None:
        count = self.page_count()
        self.prev_button.setEnabled(count > 0 and self.index > 0)
        self.next_button.setEnabled(count > 0 and self.index < count - 1)
        self.page_label.setText(f"第 {self.index + 1} 页 / 共 {count} 页" if count else "")


class PrintPage(Page):
    """Nothing is read until a PDF is asked for; the PDF is built off the UI thread."""

    title = "打印"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.pdf_path: Path | None = None
        self.pdf_title = "团支部工作手册"
        self.task = None
        self._tmp = tempfile.TemporaryDirectory(prefix="branchdesk-print-")
        self._build_ui()

    # -- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年度")
        self.year.setMinimumWidth(120)
        self.section_boxes: dict[str, QCheckBox] = {}
        sections = QGridLayout()
        for i, (key, title) in enumerate(SECTION_CHOICES):
            box = QCheckBox(title)
            box.setChecked(True)
            self.section_boxes[key] = box
            sections.addWidget(box, i // 2, i % 2)
        all_button, none_button = QPushButton("全选"), QPushButton("全不选")
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        pick = QHBoxLayout()
        pick.addWidget(all_button)
        pick.addWidget(none_button)
        pick.addStretch(1)
        sections.addLayout(pick, len(SECTION_CHOICES) // 2 + 1, 0, 1, 2)
        section_box = QGroupBox("章节")
        section_box.setLayout(sections)

        self.mask = QCheckBox("隐去身份证号、手机号码中间几位（外送的副本）")
        self.blank_forms = QCheckBox("附上各登记表的空白表格")
        self.generate_button = QPushButton("生成预览", objectName="PrimaryButton")
        self.generate_button.clicked.connect(self.generate)
        self.blank_button = QPushButton("只打印空白表格")
        self.blank_button.setToolTip("所选章节的空白登记表，供手工填写")
        self.blank_button.clicked.connect(self.generate_blank_forms)
        self.save_button = QPushButton("保存 PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button = QPushButton("用系统程序打开")
        self.open_button.clicked.connect(self.open_external)
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_pdf)
        self.status = QLabel("", objectName="Hint")
        self.status.setWordWrap(True)

        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("年度"))
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(QLabel("团支部工作手册", objectName="SectionTitle"))
        side.addLayout(year_row)
        side.addWidget(section_box)
        side.addWidget(self.mask)
        side.addWidget(self.blank_forms)
        side.addWidget(self.generate_button)
        side.addWidget(self.blank_button)
        side.addSpacing(8)
        side.addWidget(self.save_button)
        side.addWidget(self.open_button)
        side.addWidget(self.print_button)
        side.addWidget(self.status)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        # the choices scroll on a low screen instead of making the window taller than it
        side_scroll = QScrollArea(objectName="SideScroll")
        side_scroll.setWidget(side_widget)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setFixedWidth(340 + side_scroll.verticalScrollBar().sizeHint().width())

        self.preview = PreviewPane()
        body = QHBoxLayout()
        body.addWidget(side_scroll)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel("打印", objectName="PageTitle"))
        layout.addLayout(body, 1)
        self._update_buttons()

    def _check_all(self, checked: bool) -> None:
        for box in self.section_boxes.values():
            box.setChecked(checked)

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.section_boxes.items() if box.isChecked())

    def _update_buttons(self) -> None:
        ready = self.pdf_path is not None and self.task is None
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(ready)
        self.generate_button.setEnabled(self.task is None and self.ctx.branch_id is not None)
        self.blank_button.setEnabled(self.task is None)

    def reload(self) -> None:
        self._update_buttons()

    # -- making the PDF --------------------------------------------------------------------
    def generate(self) -> None:
        keys = self.chosen_sections()
        if not keys:
            QMessageBox.information(self, "生成工作手册", "请至少选择一个章节。")
            return
        if self.ctx.branch_id is None:
            QMessageBox.information(self, "生成工作手册", "请先创建或导入一个团支部。")
            return
        branch_id, year = self.ctx.branch_id, self.year.value()
        mask, blank = self.mask.isChecked(), self.blank_forms.isChecked()
        out = self._next_path("handbook")

        def work(session, progress):
            from branchdesk.core.reports.handbook import HandbookOptions, build_handbook

            options = HandbookOptions(year, keys, mask=mask, blank_forms=blank)
            return build_handbook(session, branch_id, options, out, progress)

        self._start(work, "正在生成工作手册…", f"{year}年度团支部工作手册")

    def generate_blank_forms(self) -> None:
        keys = self.chosen_sections() or None
        branch_id = self.ctx.branch_id
        out = self._next_path("blank")

        def work(session, progress):
            from branchdesk.core.reports.handbook import build_blank_forms
            from branchdesk.core.services.branches import load_profile

            branch_name = load_profile(session, branch_id).name if branch_id is not None else ""
            return build_blank_forms(out, keys, branch_name, progress)

        self._start(work, "正在生成空白表格…", "空白登记表")

    def _next_path(self, stem: str) -> Path:
        return Path(self._tmp.name) / f"{stem}-{time.monotonic_ns()}.pdf"

    def _start(self, work, title: str, pdf_title: str) -> None:
        started = time.perf_counter()
        self.status.setText(title)

        def done(result) -> None:
            self.task = None
            self.pdf_path, self.pdf_title = result.path, pdf_title
            seconds = time.perf_counter() - started
            text = f"已生成“{pdf_title}”，共 {result.pages} 页，用时 {seconds:.1f} 秒。"
            self.status.setText(text)
            self.preview.load(result.path)
            self._update_buttons()

        def ended() -> None:
            if task.ok is False:
                self.task = None
                exc = task.error
                if isinstance(exc, UserError | Cancelled):
                    self.status.setText(ops.user_text(exc))
                else:  # a bug: ops has logged it and said where
                    self.status.setText("生成失败，详细信息已写入日志文件 error.log。")
                self._update_buttons()

        task = ops.run_query(self, work, on_done=done, progress=title)
        task.ended.connect(ended)
        self.task = task
        self._update_buttons()

    # -- using the PDF ---------------------------------------------------------------------
    def save_pdf(self) -> Path | None:
        if self.pdf_path is None:
            return None
        path, _ = QFileDialog.getSaveFileName(
            self, "保存 PDF", f"{self.pdf_title}.pdf", "PDF 文件 (*.pdf)"
        )
        if not path:
            return None
        target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
        try:
            copy_file_atomic(self.pdf_path, target)
        except UserError as exc:
            QMessageBox.warning(self, "保存 PDF", exc.message)
            return None
        self.status.setText(f"已保存到 {target}")
        return target

    def open_external(self) -> None:
        if self.pdf_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))

    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.pdf_path is None:
            return
        if not self.preview.count:
            QMessageBox.information(self, "打印", "本机缺少 PDF 渲染组件，请用系统程序打开后打印。")
            return
        count = self.preview.count
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_title)
        printer.setFromTo(1, count)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        first, last = printer.fromPage() or 1, printer.toPage() or count
        with PdfPages(self.pdf_path) as pages:
            print_pages(printer, pages, range(first - 1, min(last, count)), self)


def print_pages(printer, pages: PdfPages, indexes: range, parent=None) -> int:
    """Render `indexes` onto the printer, landscape pages turned to fit; returns pages sent."""
    progress = QProgressDialog("正在打印…", "取消", 0, len(indexes), parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    dpi = min(printer.resolution(), PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        QMessageBox.warning(parent, "打印", "无法开始打印，请检查打印机。")
        return 0
    sent = 0
    try:
        for n, index in enumerate(indexes):
            if progress.wasCanceled():
                break
            if n:
                printer.newPage()
            _draw_page(painter, pages.render(index, dpi))
            sent += 1
            progress.setValue(n + 1)
    finally:
        painter.end()
        progress.close()
    return sent


def _draw_page(painter: QPainter, image: QImage) -> None:
    area = QRectF(painter.viewport())
    if image.width() > image.height() and area.width() < area.height():
        image = image.transformed(QTransform().rotate(90))
    scale = min(area.width() / image.width(), area.height() / image.height())
    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)
