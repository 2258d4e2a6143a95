"""Run by tests/ui/test_real_window.py inside Xvfb and openbox (QT_QPA_PLATFORM=xcb): opens the
real window on the demo, goes through every page (and tab) and the main dialogs, and prints one
JSON line: the work area, and each window's frame (title bar and border included) as the
window manager placed it."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settle(app, seconds: float, widget=None) -> None:
    """Let the window manager frame and place what was shown (it answers asynchronously):
    `seconds`, and for `widget` until it has its title bar (at most 5 seconds more)."""
    from branchdesk.ui import ops

    deadline = time.monotonic() + seconds
    framed = time.monotonic() + 5
    while time.monotonic() < deadline or (
        widget is not None
        and time.monotonic() < framed
        and widget.frameGeometry().height() <= widget.geometry().height()
    ):
        ops.wait_idle()
        app.processEvents()
        time.sleep(0.02)


def _frame(widget) -> dict:
    frame, inner = widget.frameGeometry(), widget.geometry()
    return {
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "decorated": frame.height() > inner.height(),  # a title bar: the WM framed it
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
    print(json.dumps({"area": [area.x(), area.y(), area.width(), area.height()], **shown}))
    window.hide()
    db.dispose()


if __name__ == "__main__":
    main()
