"""The one in-app PDF preview: the handbook (打印 page), receipts and letters all show here, with
打印 (QPrintDialog, works offline), 另存为 PDF and 用系统程序打开.

Pages are rendered one at a time with pypdfium2 (PySide6-Essentials has no QtPdf), or with QtPdf
where the full PySide6 is installed; without either the PDF can still be saved and opened in the
system viewer. Saving (`ui.save_location`) proposes the user's Documents folder (then the last
folder chosen) and a meaningful file name, and never replaces a file without asking. When the system cannot open a
PDF, the window says so, with the file's path and a button to open its folder.

    show_pdf_preview(self, lambda session, out, report: write_receipts(out, infos, report),
                     title="团费收据", file_name=receipts_file_name(infos))
"""

import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import copy_file_atomic
from branchdesk.core.progress import Cancelled, ProgressFn, report
from branchdesk.ui import ops
from branchdesk.ui.save_location import ask_save_path
from branchdesk.ui.widgets import fit_to_screen

PREVIEW_DPI = 96
PRINT_DPI = 300


_preview_dir: list[tempfile.TemporaryDirectory] = []


def preview_path(stem: str) -> Path:
    """A fresh file name in this run's temporary folder (removed when the app quits)."""
    if not _preview_dir:
        _preview_dir.append(
            tempfile.TemporaryDirectory(prefix="branchdesk-print-", ignore_cleanup_errors=True)
        )
    return Path(_preview_dir[0].name) / f"{stem}-{time.monotonic_ns()}.pdf"


# -- rendering -------------------------------------------------------------------------------
#: pdfium is not thread-safe, even across documents: one call at a time, from any thread (the
#: preview renders on the UI thread while printing renders on a worker)
_PDFIUM = threading.RLock()


class PdfPages:
    """Renders pages of a PDF file to QImages (pypdfium2, else QtPdf); usable from any thread.

    Use it briefly (`with PdfPages(path) as pages:`): an open file cannot be replaced or
    deleted on Windows.
    """

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None
        self._qt = None
        try:
            import pypdfium2
        except ImportError:
            self._qt = _qt_pdf_document(path)
        else:
            with _PDFIUM:
                self._pdf = pypdfium2.PdfDocument(str(path))

    @property
    def available(self) -> bool:
        return self._pdf is not None or self._qt is not None

    def __len__(self) -> int:
        if self._pdf is not None:
            with _PDFIUM:
                return len(self._pdf)
        return self._qt.pageCount() if self._qt is not None else 0

    def render(self, index: int, dpi: float) -> QImage:
        if self._pdf is not None:
            with _PDFIUM:
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
            with _PDFIUM:
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


def print_pages(printer, path: Path, indexes: range, progress: ProgressFn | None = None) -> int:
    """Render pages `indexes` of the PDF at `path` onto `printer`, landscape pages turned to fit;
    returns the pages sent. Runs on a worker thread (`progress` raises Cancelled to stop: the
    print job is then aborted)."""
    dpi = min(printer.resolution(), PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法开始打印，请检查打印机是否连接、是否设为可用。")
    sent = 0
    try:
        with PdfPages(path) as pages:
            for n, index in enumerate(indexes):
                report(progress, n, len(indexes), f"正在打印第 {index + 1} 页…")
                if n:
                    printer.newPage()
                _draw_page(painter, pages.render(index, dpi))
                sent += 1
    except Cancelled:
        printer.abort()
        raise
    finally:
        painter.end()
    return sent


def _draw_page(painter: QPainter, image: QImage) -> None:
    area = QRectF(painter.viewport())
    if image.width() > image.height() and area.width() < area.height():
        # turned counter-clockwise: the page's top (its binding gutter) meets the spine
        image = image.transformed(QTransform().rotate(-90))
    scale = min(area.width() / image.width(), area.height() / image.height())
    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)


# -- the preview -----------------------------------------------------------------------------
class MessageBar(QFrame):
    """A line of news inside the window (saved, or could not open), with the file's folder."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="MessageBar")
        self.folder: Path | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("打开所在文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        close = QPushButton("关闭提示")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.folder_button)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, folder: Path | None = None, warning: bool = False) -> None:
        self.folder = folder
        self.label.setText(text)
        self.folder_button.setVisible(folder is not None)
        self.setProperty("kind", "warning" if warning else "info")
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def open_folder(self) -> bool:
        if self.folder is None:
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            return True
        self.label.setText(
            f"{self.label.text()}\n也无法打开文件夹，请在文件管理器中找到：{self.folder}"
        )
        return False


class PreviewPane(QWidget):
    """One page at a time, fitted to the width, with page buttons, 打印…, 另存为 PDF… and
    用系统程序打开, and a message bar for what happened to the file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self.title = ""
        self.file_name = "文档.pdf"
        #: where 另存为 last wrote this PDF (opened from there, as the user knows that path)
        self.saved_path: Path | None = None
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
        self.print_button = QPushButton("打印…", objectName="PrimaryButton")
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton("另存为 PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button = QPushButton("用系统程序打开")
        self.open_button.clicked.connect(self.open_external)
        self.message = MessageBar()
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        self._update_buttons()

    def load(self, path: Path, title: str = "", file_name: str = "") -> None:
        """Show the PDF at `path`; `title` names it for the printer, `file_name` for 另存为."""
        self.title = title or self.title
        self.file_name = file_name or self.file_name
        self.saved_path = None
        self.message.hide()
        with PdfPages(path) as pages:
            self.path, self.count, self.index = path, len(pages), 0
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
        for button in (self.print_button, self.save_button, self.open_button):
            button.setEnabled(self.path is not None)

    # -- using the PDF ---------------------------------------------------------------------
    def save_pdf(self) -> Path | None:
        """另存为 PDF: a copy of the PDF where the user chooses (Documents by default)."""
        if self.path is None:
            return None
        target = ask_save_path(self, "另存为 PDF", self.file_name)
        if target is None:
            return None
        try:
            copy_file_atomic(self.path, target)
        except UserError as exc:
            self.message.show_message(exc.message, target.parent, warning=True)
            return None
        self.saved_path = target
        self.message.show_message(f"已保存到 {target}", target.parent)
        return target

    def open_external(self) -> bool:
        """Open the PDF (the saved copy if there is one) in the system's PDF viewer; when the
        system cannot, say so here with the path and a button to open its folder."""
        path = self.saved_path if self.saved_path and self.saved_path.exists() else self.path
        if path is None:
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        hint = "" if path == self.saved_path else "可以先“另存为 PDF”，再用其他程序打开。"
        self.message.show_message(
            f"系统无法打开这个 PDF（可能没有安装 PDF 阅读器）。文件在：{path}。{hint}",
            path.parent,
            warning=True,
        )
        return False

    def print_pdf(self) -> ops.Op | None:
        """打印…: the system's print dialog; then the chosen pages are rendered and sent off the
        UI thread (`ops.run_query`, with a progress dialog and 取消)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.path is None:
            return None
        if not self.count:
            self.message.show_message(
                "本机缺少 PDF 渲染组件，无法在这里打印。请用系统程序打开后打印。", warning=True
            )
            return None
        count, path = self.count, self.path
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title or Path(self.file_name).stem)
        printer.setFromTo(1, count)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        first, last = printer.fromPage() or 1, printer.toPage() or count
        indexes = range(first - 1, min(last, count))
        self.print_button.setEnabled(False)

        def work(session, progress):
            return print_pages(printer, path, indexes, progress)

        def done(sent: int) -> None:
            where = printer.printerName() or printer.outputFileName()
            self.message.show_message(f"已将 {sent} 页送往打印机“{where}”。")

        def failed(exc: UserError) -> None:
            self.message.show_message(exc.message, warning=True)

        op = ops.run_query(self, work, on_done=done, on_error=failed, progress="正在打印…")
        op.ended.connect(lambda: self.print_button.setEnabled(self.path is not None))
        return op


class PdfPreviewDialog(QDialog):
    """A receipt or a letter, previewed with 打印 and 另存为 PDF (not modal: the page stays usable)."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(f"{title} - 预览")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = PreviewPane()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 960, 760)


def show_pdf_preview(
    parent: QWidget,
    make: Callable[..., object],
    *,
    title: str,
    file_name: str,
    progress: str = "正在生成 PDF…",
    on_shown: Callable[[PdfPreviewDialog], None] | None = None,
) -> ops.Op:
    """Make a PDF off the UI thread (`make(session, out_path, report)`, through `ops.run_query`
    with a busy dialog after 0.3 s), then show it in a `PdfPreviewDialog`."""
    out = preview_path("preview")

    def work(session, report):
        make(session, out, report)
        return out

    def done(path: Path) -> None:
        dialog = PdfPreviewDialog(parent, title)
        parent.preview_dialog = dialog  # the latest one, for tests and for keeping it alive
        dialog.preview.load(path, title, file_name)
        dialog.show()
        if on_shown is not None:
            on_shown(dialog)

    return ops.run_query(parent, work, on_done=done, progress=progress)
