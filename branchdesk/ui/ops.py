"""The one way for the UI to reach the database (after Anki's `aqt/operations`).

A page says *what*; this module says *how*:

    run_op(self, lambda session: members.archive(session, member_id, reason),
           on_done=lambda result: ..., kinds={MEMBERS})
    run_query(self, lambda session: roster_rows(session, branch_id), on_done=self.show_rows)

- `run_op` runs the function in a worker thread inside ONE transaction (commit on success,
  roll back on any error); writes run one at a time, in the order they were asked for.
- `run_query` runs it in a worker thread with a read session (nothing is committed).
- The function gets a SQLAlchemy session and must not touch widgets: read what it needs from
  the widgets first, on the UI thread, and capture plain values in the lambda.
- On success `on_done(result)` runs on the UI thread (skipped if `parent` was deleted
  meanwhile); a write first announces `ctx.data_changed(kinds)` so that pages showing those
  kinds reload (see `ui/pages/base.py`).
- A `UserError` (or `Cancelled`) is shown as its Chinese message, or handed to `on_error`.
  Anything else is a bug: it is logged to `error.log` (the same file as the command line's)
  and shown as one short Chinese sentence with the log's location; the app keeps running.
- `ctx` (the `AppContext`) is found on `parent` or its ancestors (`.ctx`), or passed in.

Tests and benchmarks wait with `qtbot.waitUntil(ops.idle)` (or `ops.wait_idle()`).
`activity.busy_changed(bool)` says when the first operation starts and the last one ends (the
main window's busy indicator, ui/busy_indicator.py).
`install_excepthook()` (called by app.run_gui) sends exceptions that escape a slot or a Python
thread to the same log and message.
"""

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QApplication, QWidget

from branchdesk.core import changes
from branchdesk.core.errors import UserError
from branchdesk.core.progress import Cancelled, ProgressFn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from branchdesk.ui.context import AppContext

# -- what changed (core/changes.py, where the home page's alert providers use them too) -------
BRANCH = changes.BRANCH
MEMBERS = changes.MEMBERS
MEETINGS = changes.MEETINGS
DUES = changes.DUES
TRANSFERS = changes.TRANSFERS
REGISTERS = changes.REGISTERS
ALL = changes.ALL

USER_ERROR_TITLE = "操作未完成"
UNEXPECTED_TITLE = "发生意外错误"


# -- the runner ------------------------------------------------------------------------------
class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Worker(QRunnable):
    def __init__(self, work: Callable[[ProgressFn], Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        """The progress callback a long service gets; raises Cancelled once the user cancels."""
        if self.cancel_event.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.work(self.report)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Op(QObject):
    """One running operation; kept alive (in `_running`) until its callbacks have run."""

    #: emitted on the UI thread after the callbacks, success or not (re-enable a button here)
    ended = Signal()
    #: (done, total, message) as a long operation reports them (with `progress=`)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        parent: QWidget | None,
        ctx: "AppContext",
        fn: Callable[..., Any],
        *,
        write: bool,
        kinds: frozenset[str],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[UserError], None] | None,
        progress: str | None = None,
        initiator: object = None,
    ):
        super().__init__()
        self.initiator = initiator
        self.parent_widget = parent
        self.ctx = ctx
        self.write = write
        self.kinds = kinds
        self.on_done = on_done
        self.on_error = on_error
        self.ok: bool | None = None  # None while running
        self.result: Any = None
        self.error: BaseException | None = None
        self.elapsed_ms = 0
        self._timer = QElapsedTimer()
        db = ctx.db  # the database of the moment the operation was asked for

        def work(report: ProgressFn) -> Any:
            args = (report,) if progress is not None else ()
            if write:
                with db.transaction() as session:
                    return fn(session, *args)
            with db.session() as session:
                return fn(session, *args)

        self._worker = _Worker(work)
        self._worker.setAutoDelete(False)
        self._worker.signals.finished.connect(self._finished)
        self._worker.signals.failed.connect(self._failed)
        self.dialog: QProgressDialog | None = None
        self._worker.signals.progress.connect(self.progressed)
        if progress:  # "" : the callback, but no dialog (the caller shows progress itself)
            # (imported here, as the message box below: the main window's first frame imports
            # this module, and PySide builds a class's Python type when it is first used, the
            # whole Qt namespace at the first Qt.* enum)
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QProgressDialog as ProgressDialog

            self.dialog = ProgressDialog(progress, "取消", 0, 0, self._live_parent())
            self.dialog.setWindowTitle("请稍候")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self._worker.cancel_event.set)
            self._worker.signals.progress.connect(self._on_progress)

    def cancel(self) -> None:
        """Ask a long operation to stop (it stops at its next progress report, rolling back)."""
        self._worker.cancel_event.set()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.dialog  # (a modal dialog's setValue processes events: the op may end)
        if dialog is None:
            return
        if message:
            dialog.setLabelText(message)
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def start(self) -> "Op":
        """Queue the work; the worker starts when the UI thread is next back in the event
        loop. Started at once, the worker's Python would take turns for the GIL with what the
        UI thread does next (building and showing the dialog or page that asked), doubling the
        time that freezes; this way that finishes first and the work runs while the UI waits."""
        _running.append(self)
        if len(_running) == 1:
            activity.busy_changed.emit(True)
        self._timer.start()
        QTimer.singleShot(0, self._hand_to_worker)
        return self

    def _hand_to_worker(self) -> None:
        (_write_pool() if self.write else _read_pool()).start(self._worker)

    def _parent_alive(self) -> bool:
        return self.parent_widget is None or shiboken6.isValid(self.parent_widget)

    def _end(self) -> None:
        self.elapsed_ms = self._timer.elapsed()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._worker.cancel_event.set)
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self in _running:
            _running.remove(self)
            if not _running:
                activity.busy_changed.emit(False)

    def _finished(self, result: Any) -> None:
        self._end()
        self.ok, self.result = True, result
        try:
            if self.write and self.kinds:
                self.ctx.notify_changed(self.kinds, self.initiator)
            if self.on_done is not None and self._parent_alive():
                self.on_done(result)
        except Exception as exc:  # noqa: BLE001 - a bug in a callback must not kill the app
            report_exception(self._live_parent(), exc)
        finally:
            self.ended.emit()

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.ok, self.error = False, exc
        try:
            if isinstance(exc, UserError) and self.on_error is not None:
                if self._parent_alive():
                    self.on_error(exc)
            else:
                report_exception(self._live_parent(), exc)
        except Exception as inner:  # noqa: BLE001
            report_exception(None, inner)
        finally:
            self.ended.emit()

    def _live_parent(self) -> QWidget | None:
        return self.parent_widget if self._parent_alive() else None


class _Activity(QObject):
    #: True when an operation starts with none running, False when the last one has ended
    busy_changed = Signal(bool)


activity = _Activity()
_running: list[Op] = []
_pools: dict[str, QThreadPool] = {}


def _write_pool() -> QThreadPool:
    """One thread: writes run one at a time, in order (SQLite has one writer anyway)."""
    if "write" not in _pools:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _pools["write"] = pool
    return _pools["write"]


def _read_pool() -> QThreadPool:
    if "read" not in _pools:
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        _pools["read"] = pool
    return _pools["read"]


def _find_ctx(parent: QObject | None) -> "AppContext":
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None:
            return ctx
        widget = widget.parent()
    raise TypeError("run_op/run_query: pass ctx=, or a parent that has .ctx")


def run_op(
    parent: QWidget | None,
    fn: Callable[..., Any],
    *,
    kinds: Iterable[str],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    ctx: "AppContext | None" = None,
    progress: str | None = None,
    initiator: object = None,
) -> Op:
    """Run `fn(session)` in one transaction on the write thread; then announce `kinds`.

    `initiator`: the page that shows the result itself (in `on_done`); it is not reloaded.

    With `progress="正在导入…"`, `fn(session, report)` gets a progress callback and a progress
    dialog with a 取消 button appears if it takes over 0.3 s; cancelling rolls back. With
    `progress=""` there is no dialog: connect to `Op.progressed` to show progress yourself."""
    ctx = ctx or _find_ctx(parent)
    kinds = frozenset(kinds)
    unknown = kinds - ALL
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    return Op(
        parent,
        ctx,
        fn,
        write=True,
        kinds=kinds,
        on_done=on_done,
        on_error=on_error,
        progress=progress,
        initiator=initiator,
    ).start()


def run_query(
    parent: QWidget | None,
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    ctx: "AppContext | None" = None,
    progress: str | None = None,
) -> Op:
    """Run `fn(session)` with a read session on a worker thread; nothing is committed.
    `progress` as for `run_op` (long reads that write files: PDFs, exports)."""
    ctx = ctx or _find_ctx(parent)
    return Op(
        parent,
        ctx,
        fn,
        write=False,
        kinds=frozenset(),
        on_done=on_done,
        on_error=on_error,
        progress=progress,
    ).start()


def running() -> int:
    """How many operations have not yet delivered their result."""
    return len(_running)


def idle() -> bool:
    """No operation is waiting to deliver its result and no `in_turns` step is left."""
    return not _running and not _steps


def wait_idle(timeout_ms: int = 10_000) -> bool:
    """Process events until every operation has delivered its result and every `in_turns` step
    has run (tests, benchmarks)."""
    timer = QElapsedTimer()
    timer.start()
    while not idle() and timer.elapsed() < timeout_ms:
        for pool in _pools.values():
            pool.waitForDone(5)
        QCoreApplication.processEvents()
    return idle()


# -- UI work in turns ------------------------------------------------------------------------
#: (owner, step) still to run, in order: one per turn of the event loop
_steps: "deque[tuple[QObject, Callable[[], None]]]" = deque()
_stepper: list[QTimer] = []


def in_turns(owner: QObject, *steps: Callable[[], None]) -> None:
    """Run `steps` on the UI thread one per turn of the event loop, after the steps asked for
    earlier (of any owner): a page builds or fills its parts so, and the window keeps painting
    and answering between them instead of freezing for the sum. A step whose owner has been
    deleted is skipped. `idle()` is False until the last step has run."""
    _steps.extend((owner, step) for step in steps)
    _next_turn()


def after_turns(owner: QObject, fn: Callable[[], None]) -> None:
    """`fn()` now, or, while `in_turns` steps are waiting, as one more step after them: a
    worker started meanwhile would share the interpreter with them, making each step twice
    as long a freeze."""
    if _steps:
        in_turns(owner, fn)
    else:
        fn()


def _next_turn() -> None:
    if not _stepper:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(_run_step)
        _stepper.append(timer)
    if _steps and not _stepper[0].isActive():
        _stepper[0].start()


def _run_step() -> None:
    while _steps:
        owner, step = _steps.popleft()
        if shiboken6.isValid(owner):
            try:
                step()
            finally:
                _next_turn()
            return


# -- errors ----------------------------------------------------------------------------------
class _Reporter(QObject):
    """Carries a message from any thread to the UI thread's message box."""

    report = Signal(bool, str)

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(lambda unexpected, text: _show(None, unexpected, text))


_reporter: list[_Reporter] = []
_showing: list[bool] = []  # a message is on screen: do not stack more on top of it


def _show(parent: QWidget | None, unexpected: bool, text: str) -> None:
    if QApplication.instance() is None or _showing:
        return
    from PySide6.QtWidgets import QMessageBox

    _showing.append(True)
    try:
        if unexpected:
            QMessageBox.critical(parent, UNEXPECTED_TITLE, text)
        else:
            QMessageBox.warning(parent, USER_ERROR_TITLE, text)
    finally:
        _showing.clear()


def user_text(exc: BaseException) -> str:
    """The message a user sees for an error that is not a bug."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, Cancelled):
        return "已取消，数据未作改动。"
    return str(exc)


def report_exception(parent: QWidget | None, exc: BaseException, where: str = "gui") -> str:
    """Show `exc` to the user; log it first unless it is a UserError. Returns the text shown.

    Safe from any thread: off the UI thread the message box is queued to the UI thread."""
    from branchdesk.core.errorlog import log_exception, unexpected_message

    unexpected = not isinstance(exc, UserError | Cancelled)
    if unexpected:
        text = unexpected_message(exc, log_exception(exc, where))
    else:
        text = user_text(exc)
    if QCoreApplication.instance() is None:
        print(text, file=sys.stderr)
    elif threading.current_thread() is threading.main_thread():
        _show(parent, unexpected, text)
    elif _reporter:
        _reporter[0].report.emit(unexpected, text)
    return text


def install_excepthook() -> None:
    """Exceptions that escape a Qt slot (sys.excepthook) or a Python thread are logged and shown;
    the app keeps running. Call once, on the UI thread, after the QApplication exists."""
    if not _reporter:
        _reporter.append(_Reporter())

    def excepthook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc is None:
            exc = exc_type()
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        report_exception(None, exc, "gui")

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "?"
        report_exception(None, args.exc_value, f"gui thread {thread}")

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
