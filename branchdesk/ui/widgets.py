"""Small widget builders every page and dialog shares."""

import time

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

# where windows go (in a module of its own, used before the first frame)
from branchdesk.ui.screen import (
    BORDER,
    FRAME_H,
    FRAME_W,
    TITLE_H,
    available_rect,
    clamp_to_screen,
)

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(accept_text: str = "确定", primary: bool = False) -> QDialogButtonBox:
    """OK / Cancel in Chinese (no Qt translation is loaded, so Qt's own labels are English).

    The caller connects `accepted` and `rejected`; `buttons.button(OK)` is the accept button.
    """
    buttons = QDialogButtonBox(OK | CANCEL)
    accept = buttons.button(OK)
    accept.setText(accept_text)
    if primary:
        accept.setObjectName("PrimaryButton")
    buttons.button(CANCEL).setText("取消")
    return buttons


class MessageLabel(QLabel):
    """One line under a form for its outcome: errors red (`setText`/`error`), success green
    (`success`), hints grey (`hint`). It keeps its height when empty, so nothing moves."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="ErrorText", wordWrap=True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() + 4)

    def _show(self, text: str, name: str) -> None:
        if self.objectName() != name:
            self.setObjectName(name)
            self.style().unpolish(self)
            self.style().polish(self)
        super().setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._show(text, "ErrorText")

    def error(self, text: str) -> None:
        self._show(text, "ErrorText")

    def success(self, text: str) -> None:
        self._show(text, "SuccessText")

    def hint(self, text: str) -> None:
        self._show(text, "Hint")


def open_rows(view: QAbstractItemView, open_row) -> None:
    """Double-click or Enter on a row of `view` calls `open_row()`."""
    view.doubleClicked.connect(lambda _index: open_row())
    for key in ("Return", "Enter"):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: view.currentIndex().isValid() and open_row())


def confirm_discard(parent: QWidget) -> bool:
    """Ask before throwing away what was typed; True to throw it away."""
    box = QMessageBox(
        QMessageBox.Icon.Question, "尚未保存", "填写的内容还没有保存，要放弃吗？", parent=parent
    )
    discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("继续填写", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def closing_hands_back_focus(dialog: QDialog, close) -> None:
    """Close `dialog` with `close()` (its `QDialog.done`); if the user was in it, its parent
    window takes the keyboard back, so Ctrl+1… and Ctrl+N work at once. After a question such
    as 放弃修改？ a window manager (openbox, and Qt's own offscreen platform) would otherwise
    leave no window active and the shortcuts dead until the user clicks the window."""
    active = QApplication.activeWindow()
    was_in_it = active is None or active is dialog or active.parentWidget() is dialog
    close()
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    if was_in_it and window is not None and window.isVisible() and not window.isMinimized():
        window.activateWindow()


class GuardedDialog(QDialog):
    """A form that asks before Esc, 取消 or closing throws away what the user changed.

    From the first time it is shown, edits made by the user (not values filled in by the
    program) mark the form changed.
    """

    changed = False
    _watching = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._watching:
            self.watch_changes()
            OnScreen.keep(self).shown()  # its filter is installed after this Show passed it
        super().showEvent(event)

    def watch_changes(self) -> None:
        self._watching = True
        self.changed = False
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self.mark_changed)
        for combo in self.findChildren(QComboBox):
            combo.activated.connect(self.mark_changed)
        for box in self.findChildren(QCheckBox):
            box.clicked.connect(self.mark_changed)
        # these also change when the program fills them: count only the focused one's changes
        for text in self.findChildren(QPlainTextEdit):
            text.textChanged.connect(lambda text=text: text.hasFocus() and self.mark_changed())
        for spin in self.findChildren(QAbstractSpinBox):
            if hasattr(spin, "valueChanged"):
                spin.valueChanged.connect(
                    lambda *_, spin=spin: spin.hasFocus() and self.mark_changed()
                )
        for view in self.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None:
                model.dataChanged.connect(
                    lambda *_, view=view: view.hasFocus() and self.mark_changed()
                )

    def mark_changed(self, *_) -> None:
        self.changed = True

    def reject(self) -> None:
        if self.changed and not confirm_discard(self):
            return
        super().reject()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Rejected:
            self.changed = False  # saved
        closing_hands_back_focus(self, lambda: super(GuardedDialog, self).done(result))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """`resize` to the preferred size, but never larger than the screen shows; and kept on the
    screen when it grows later (`OnScreen`)."""
    area = available_rect(widget.parentWidget() or widget)
    widget.resize(min(width, area.width() - FRAME_W), min(height, area.height() - FRAME_H))
    OnScreen.keep(widget)


def frame_margins(window: QWidget) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom): the frame the window manager drew around `window`, or None
    while Qt does not know it. On X11 the window manager reports it (_NET_FRAME_EXTENTS) only
    after the window is shown, and Qt's frameGeometry() is the window's own geometry (or a
    1x1 rectangle at its corner) until then; Windows knows it before the window is shown."""
    inner, frame = window.geometry(), window.frameGeometry()
    if frame == inner or not frame.contains(inner):
        return None
    return (
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )


def on_screen_geometry(window: QWidget) -> QRect | None:
    """Where `window` (its inside, as `setGeometry` takes it) should be so that its frame, title
    bar included, lies within the available area of its screen: None when it does already;
    else no larger than that area and, when it must move, centred on its parent (then pushed
    inside the area). A frame not known yet is taken to be TITLE_H on top and BORDER at the
    sides and bottom (what `fit_to_screen` leaves room for), so that the frame a window
    manager draws later fits too; the title bar is given at least TITLE_H either way."""
    area = available_rect(window)
    inner = window.geometry()
    if inner.isEmpty():
        return None  # not laid out yet
    left, top, right, bottom = frame_margins(window) or (BORDER, TITLE_H, BORDER, BORDER)
    top = max(top, TITLE_H)
    outer = inner.adjusted(-left, -top, right, bottom)
    if area.contains(outer):
        return None
    width = max(min(inner.width(), area.width() - left - right), window.minimumWidth())
    height = max(min(inner.height(), area.height() - top - bottom), window.minimumHeight())
    outer = QRect(0, 0, width + left + right, height + top + bottom)
    parent = window.parentWidget()
    outer.moveCenter(parent.window().frameGeometry().center() if parent else area.center())
    outer = clamp_to_screen(outer, area)
    return QRect(outer.left() + left, outer.top() + top, width, height)


class OnScreen(QObject):
    """Keeps a window on its screen: after it is shown or resized (a list that loads, a label
    that grows), its frame and title bar are brought back within the screen's available area
    if they left it. Moves within a moment of those are checked too: a window manager that
    places a window while it is being resized can put its title bar off the screen. Later
    moves are the user's and are left alone.

    The frame itself may become known only later (X11: after the window manager framed the
    window, which on a busy PC can take seconds). Qt then often delivers neither a Move nor a
    Resize (openbox keeps the window where it was and draws the frame around it), at most a
    WindowActivate; so until the frame is known, those events and a look every FRAME_POLL_MS
    check the window again, for FRAME_WAIT seconds after it was shown or resized."""

    #: seconds after a show or resize during which a move is still checked
    SETTLE = 1.5
    #: seconds after a show or resize during which a frame not known yet is waited for
    FRAME_WAIT = 5.0
    #: how often, meanwhile, whether the frame is known is looked at (ms)
    FRAME_POLL_MS = 100

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._since = 0.0
        self._framed = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.check)
        window.installEventFilter(self)

    @classmethod
    def keep(cls, window: QWidget) -> "OnScreen":
        return window.findChild(OnScreen) or cls(window)

    def shown(self) -> None:
        """The window was shown or resized: check it soon, and moves for a moment after."""
        self._since = time.monotonic()
        self._timer.start(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._framed = False  # a window shown again is framed again
            self.shown()
        elif kind == QEvent.Type.Resize:
            self.shown()
        elif kind in (QEvent.Type.Move, QEvent.Type.WindowActivate) and (
            not self._framed or time.monotonic() - self._since < self.SETTLE
        ):
            self._timer.start(0)
        return False

    def check(self) -> None:
        if not self.window.isVisible() or self.window.isMaximized():
            return
        self._framed = frame_margins(self.window) is not None
        if not self._framed and time.monotonic() - self._since < self.FRAME_WAIT:
            self._timer.start(self.FRAME_POLL_MS)  # look again when the frame may be known
        fitted = on_screen_geometry(self.window)
        if fitted is not None and fitted != self.window.geometry():
            self.window.setGeometry(fitted)


class EveryWindowOnScreen(QObject):
    """Gives every dialog and other top-level window its `OnScreen` when it first becomes the
    active window (as a shown dialog does): plain dialogs, message boxes and input dialogs
    too, not only those sized by `fit_to_screen`. The main window is left out: it is placed on
    the screen when it opens (MainWindow._restore_geometry) and its size is the user's after
    that (a maximised window is never touched anyway). Installed by `install`, once per
    application (branchdesk.app.create_application, which the tests' `app` fixture calls too).

    It follows the application's focus window rather than filtering every event of the
    application: a filter on the application is a Python call for each of the thousands of
    events a page or dialog takes to build and paint (and each waits for the interpreter
    while a worker thread computes)."""

    _KINDS = (Qt.WindowType.Window, Qt.WindowType.Dialog)

    def __init__(self, app: QApplication):
        super().__init__(app)
        app.focusWindowChanged.connect(self._activated)

    def _activated(self, _window) -> None:
        window = QApplication.activeWindow()
        if (
            window is not None
            and window.windowType() in self._KINDS
            and not isinstance(window, QMainWindow)
            and window.findChild(OnScreen, options=Qt.FindChildOption.FindDirectChildrenOnly)
            is None
        ):
            OnScreen(window).shown()

    @classmethod
    def install(cls, app: QCoreApplication) -> None:
        # a property marks it (app.findChild(cls) would wrap every child of the application,
        # the style among them, whose wrapper type alone takes PySide some 5 ms to build)
        if not app.property("everyWindowOnScreen"):
            cls(app)
            app.setProperty("everyWindowOnScreen", True)


class RowListModel(QAbstractTableModel):
    """A read-only table over a list of rows, with fixed column headers.

    Subclasses set `headers` and implement `data`.
    """

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
