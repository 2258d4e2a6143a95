"""Run by tests/ui/test_real_window.py inside Xvfb and openbox (QT_QPA_PLATFORM=xcb): opens the
real window on the demo, goes through every page (and tab) and the main dialogs, and prints one
JSON line: the work area, and each window's frame (title bar and border included) as the
window manager placed it."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def frame_extents(widget) -> tuple[int, int, int, int] | None:
    """(left, right, top, bottom) of the frame the window manager put around `widget`, read
    from the X server (_NET_FRAME_EXTENTS, with xprop); None before it has framed it. Qt's own
    frameGeometry() keeps the margins it first saw, which are none when it asked before openbox
    had framed the window."""
    out = subprocess.run(
        ["xprop", "-id", str(int(widget.winId())), "_NET_FRAME_EXTENTS"],
        capture_output=True,
        text=True,
    ).stdout
    if "=" not in out:
        return None
    left, right, top, bottom = (int(v) for v in out.split("=", 1)[1].split(","))
    return left, right, top, bottom


def _settle(app, seconds: float, widget=None) -> None:
    """Let the window manager frame and place what was shown (it answers asynchronously):
    `seconds`, and for `widget` until it has its title bar (at most 5 seconds more)."""
    from branchdesk.ui import ops

    deadline = time.monotonic() + seconds
    framed = time.monotonic() + 5
    while time.monotonic() < deadline or (
        widget is not None and time.monotonic() < framed and not _decorated(widget)
    ):
        ops.wait_idle()
        app.processEvents()
        time.sleep(0.05)


def _decorated(widget) -> bool:
    extents = frame_extents(widget)
    return extents is not None and extents[2] > 0


def _frame(widget) -> dict:
    """The window's frame (title bar and border included) where the window manager put it."""
    inner = widget.geometry()
    ratio = widget.devicePixelRatioF()  # X counts device pixels, Qt logical ones (150%: 1.5)
    left, right, top, bottom = (round(e / ratio) for e in frame_extents(widget) or (0, 0, 0, 0))
    return {
        "frame": [
            inner.x() - left,
            inner.y() - top,
            inner.width() + left + right,
            inner.height() + top + bottom,
        ],
        "decorated": top > 0,  # a title bar: the WM framed it
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="branchdesk-xvfb-", ignore_cleanup_errors=True) as home:
        os.environ["BRANCHDESK_HOME"] = home
        run()


def run() -> None:
    sys.path.insert(0, str(ROOT))
    from branchdesk.app import create_application, open_main_window
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.demo import create_demo
    from branchdesk.ui.main_window import PAGES
    from tests.conftest import TODAY
    from tests.ui.test_fits_screen import _dialogs

    app = create_application()
    db = Database.open(Path(os.environ["BRANCHDESK_HOME"]) / "demo.db")
    with db.transaction() as session:
        create_demo(session, today=TODAY)
    window = open_main_window(db)
    window.show()
    _settle(app, 0.5, window)
    area = window.screen().availableGeometry()
    shown: dict[str, dict] = {}
    for key, _, _ in PAGES:
        page = window.show_page(key)
        tabs = getattr(page, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
            _settle(app, 0.15)
            shown[f"page {key} {i}"] = _frame(window)
    for name, dialog in _dialogs(window):
        dialog.show()
        _settle(app, 0.3, dialog)
        shown[name] = _frame(dialog)
        dialog.hide()
        dialog.deleteLater()
    shown.update(_batch_payment(app, window))
    shown.update(_plain_dialog(app, window))
    shown.update(_window_manager_busy(app, window))
    print(json.dumps({"area": [area.x(), area.y(), area.width(), area.height()], **shown}))
    window.hide()
    db.dispose()


def _batch_payment(app, window) -> dict[str, dict]:
    """团费 › 批量登记, opened several times (the window manager's placement while the dialog
    grows as its amounts arrive was a race): its frame once the amounts have arrived, and after
    it was made taller than the screen and after it was moved off it."""
    from branchdesk.core.rules.dues_standards import Month
    from branchdesk.core.services.dues import dues_choices
    from branchdesk.ui import ops
    from branchdesk.ui.dialogs.dues_dialogs import PaymentDialog
    from tests.conftest import TODAY

    ctx = window.ctx
    with ctx.db.session() as session:
        choices = dues_choices(session, ctx.branch_id, TODAY.year)
    shown = {}
    for attempt in range(4):
        dialog = PaymentDialog(ctx, choices, Month(2026, 1), None, True, TODAY, window)
        dialog.show()
        _settle(app, 0.3, dialog)
        dialog.range.set_range(Month(2026, 1), Month(2026, 12))  # a longer text arrives
        ops.wait_idle()
        _settle(app, 0.4, dialog)
        shown[f"batch payment {attempt} loaded"] = _frame(dialog)
        if attempt == 0:
            dialog.resize(dialog.width(), 2000)
            _settle(app, 0.4, dialog)
            shown["batch payment made taller than the screen"] = _frame(dialog)
            dialog.move(-200, -100)
            _settle(app, 0.4, dialog)
            shown["batch payment moved off the screen"] = _frame(dialog)
        dialog.changed = False
        dialog.reject()
        dialog.deleteLater()
    return shown


def _plain_dialog(app, window) -> dict[str, dict]:
    """记录核查, a plain QDialog (neither a form nor sized by fit_to_screen): shown larger than
    the work area, then moved off it; the application's filter brings it back each time."""
    from branchdesk.ui.dialogs.findings_dialog import FindingsDialog
    from tests.conftest import TODAY

    dialog = FindingsDialog(window.ctx, today=TODAY, parent=window)
    dialog.resize(1500, 900)
    dialog.show()
    _settle(app, 0.4, dialog)
    shown = {"findings shown larger than the screen": _frame(dialog)}
    dialog.move(-200, 400)
    _settle(app, 0.4, dialog)
    shown["findings moved off the screen"] = _frame(dialog)
    dialog.reject()
    dialog.deleteLater()
    return shown


def _window_manager_busy(app, window) -> dict[str, dict]:
    """Dialogs shown while the window manager is busy, as on a loaded PC (openbox stopped for a
    moment): OnScreen's first look finds no frame yet, and openbox frames them later, often
    with neither a Move nor a Resize reaching Qt. The import wizard shown larger than the
    screen (shrunk before its frame is known) and a member form exactly as wide as the work
    area (inside only if its frame had no border): their frames as openbox drew them."""
    import signal

    from PySide6.QtCore import QRect

    from branchdesk.ui.dialogs.import_wizard import ImportWizard
    from branchdesk.ui.dialogs.member_form import MemberFormDialog
    from branchdesk.ui.screen import TITLE_H
    from tests.conftest import TODAY

    wm = int(os.environ["BRANCHDESK_TEST_WM_PID"])
    area = window.screen().availableGeometry()
    busy = " shown while the window manager is busy"
    shown = {}
    for name, dialog, geometry in (
        (
            "import wizard larger than the screen" + busy,
            ImportWizard(window.ctx, window, today=TODAY),
            area.adjusted(0, 0, 150, 150),
        ),
        (
            "member form as wide as the work area" + busy,
            MemberFormDialog(window.ctx, today=TODAY, parent=window),
            QRect(area.x(), area.y() + TITLE_H, area.width(), 500),
        ),
    ):
        dialog.setGeometry(geometry)
        os.kill(wm, signal.SIGSTOP)
        try:
            dialog.show()
            _settle(app, 0.5)  # OnScreen has looked: no frame yet
        finally:
            os.kill(wm, signal.SIGCONT)
        _settle(app, 0.5, dialog)
        shown[name] = _frame(dialog)
        dialog.changed = False
        dialog.reject()
        dialog.deleteLater()
    return shown


if __name__ == "__main__":
    main()
