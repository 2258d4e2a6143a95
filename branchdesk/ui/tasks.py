"""Long work off the UI thread, with a progress dialog (after Anki's aqt/operations).

    run_task(parent, "正在导入…", lambda progress: import_roster(..., progress=progress),
             on_success=show_report)

The work function runs in a worker thread and receives a progress callback; its result (or
its exception) comes back on the UI thread. A UserError is shown as its Chinese message; any
other exception as a short message, never a traceback.
"""

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from branchdesk.core.errorlog import log_exception, unexpected_message
from branchdesk.core.errors import UserError
from branchdesk.core.progress import Cancelled


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Callable[[int, int, str], None]], Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def error_text(exc: BaseException) -> str:
    """The text to show for a failure; a bug (not a UserError) is logged to error.log first."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, Cancelled):
        return "已取消，数据未作改动。"
    return unexpected_message(exc, log_exception(exc, "gui task"))


class Task(QObject):
    """One running piece of work; keeps its runnable and dialog alive until it ends."""

    done = Signal()

    def __init__(
        self, parent: QWidget | None, title: str, work, on_success, on_failure, show_dialog
    ):
        super().__init__(parent)
        self.runnable = _Runnable(work)
        self.runnable.setAutoDelete(False)
        self.on_success = on_success
        self.on_failure = on_failure
        self.parent_widget = parent
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
            self.dialog.setWindowTitle("请稍候")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.runnable.cancel_event.set)
        signals = self.runnable.signals
        signals.progress.connect(self._on_progress)
        signals.finished.connect(self._on_finished)
        signals.failed.connect(self._on_failed)

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self.runnable)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if message:
                self.dialog.setLabelText(message)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
        _running.discard(self)
        self.done.emit()

    def _on_finished(self, result) -> None:
        self._close()
        if self.on_success:
            self.on_success(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._close()
        if self.on_failure:
            self.on_failure(exc)
        else:
            from branchdesk.ui.ops import report_exception

            report_exception(self.parent_widget, exc)  # a bug is logged to error.log


_running: set[Task] = set()


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[Callable[[int, int, str], None]], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    show_dialog: bool = True,
) -> Task:
    task = Task(parent, title, work, on_success, on_failure, show_dialog)
    _running.add(task)
    task.start()
    return task
