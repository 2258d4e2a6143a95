"""The main window's first frame (app.start_gui) waits for nothing it does not show.

PySide builds a class's Python type the first time it is used, and the first `Qt.*` enum makes
it build the whole Qt namespace (~100 enum classes, some 15 ms); an application event filter
in Python sees every event of the window being built (20-30 ms of wrapper types). Neither is
needed to draw the window, so neither happens before its first frame; the filter that keeps
every dialog on the screen is installed on the event loop's turn after it, before anything
can be clicked, with the window icon, the busy indicator, the keyboard shortcuts and the
(hidden) branch list. Without a start-up cache (core/home_cache.py) no code of the home page
is imported before it either."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect

from branchdesk.app import open_main_window
from branchdesk.ui.screen import ui_settings

ROOT = Path(__file__).resolve().parents[2]

#: a fresh interpreter starts the app as `branchdesk` does and says what it had when
_CHILD = r"""
import json, sys
import PySide6.QtCore as QtCore
lazy = "Qt" not in vars(QtCore)  # this PySide builds types when first used
from branchdesk.app import start_gui
app, window = start_gui(sys.argv[1])
app.processEvents()  # the window's first frame
first = {
    "shown": window.isVisible(),
    "qt namespace built": "Qt" in vars(QtCore),
    "dialog filter": bool(app.property("everyWindowOnScreen")),
    # no start-up cache here: nothing of the home page is needed
    "home page code": sorted(
        m for m in sys.modules if m.startswith(("branchdesk.ui.pages.home", "branchdesk.core.rules"))
    ),
    # nor the cache's reader (no cache file: the data folder has none)
    "home cache code": "branchdesk.core.home_cache" in sys.modules,
}
from PySide6.QtCore import QElapsedTimer, QThread
timer = QElapsedTimer(); timer.start()
while not app.property("everyWindowOnScreen") and timer.elapsed() < 5000:
    app.processEvents(); QThread.msleep(1)
from PySide6.QtGui import QShortcut
later = {
    "dialog filter": bool(app.property("everyWindowOnScreen")),
    "busy indicator": window.busy is not None and window.statusBar().isAncestorOf(window.busy),
    "shortcuts": len(window.findChildren(QShortcut)),
    # the branch list, under the title (shown when the database names its branches)
    "branch list": window.branch_combo is not None
    and window.branch_combo.parentWidget() is window.nav.parentWidget(),
    "window icon": not app.windowIcon().isNull(),
}
# and it works: a plain dialog larger than the screen is brought within it
from PySide6.QtWidgets import QDialog
area = window.screen().availableGeometry()
dialog = QDialog()
dialog.resize(area.width() + 400, area.height() + 300)
dialog.show()
timer.restart()
while dialog.width() > area.width() and timer.elapsed() < 5000:
    app.processEvents(); QThread.msleep(1)
later["dialog fits"] = dialog.width() <= area.width() and dialog.height() <= area.height()
print(json.dumps({"lazy": lazy, "first": first, "later": later}))
sys.stdout.flush()
import os; os._exit(0)
"""


def test_the_first_frame_builds_no_qt_namespace_and_the_dialog_filter_comes_right_after(
    tmp_path,
):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BRANCHDESK_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "start.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["lazy"], "this PySide builds every type at import: the check means nothing"
    assert found["first"] == {
        "shown": True,
        "qt namespace built": False,
        "dialog filter": False,
        "home page code": [],
        "home cache code": False,
    }
    assert found["later"] == {
        "dialog filter": True,
        "busy indicator": True,
        "shortcuts": 12,  # Ctrl+1 … Ctrl+9, Ctrl+F, Ctrl+N, F1
        "branch list": True,
        "window icon": True,
        "dialog fits": True,
    }


def test_a_window_closed_maximised_opens_maximised(app, qtbot, demo_db):
    settings = ui_settings()
    settings.setValue("window/rect", QRect(40, 40, 900, 600))
    settings.setValue("window/maximized", True)
    settings.sync()
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.isMaximized, timeout=2000)
    window.close()  # remembered so again
    assert ui_settings().value("window/maximized", False, type=bool)

    ui_settings().setValue("window/maximized", False)
    again = open_main_window(demo_db)
    qtbot.addWidget(again)
    again.show()
    assert again.isVisible() and not again.isMaximized()
    assert again.geometry() == QRect(40, 40, 900, 600)


def test_after_first_frame_waits_for_the_frame_or_at_most_half_a_second(app, qtbot):
    from PySide6.QtCore import QElapsedTimer

    from branchdesk.ui.main_window import FIRST_FRAME_WAIT_MS, MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    called = []
    window.after_first_frame(lambda: called.append(window.windowHandle().isExposed()))
    window.show()
    assert called == []  # not while showing: on a later turn of the event loop
    qtbot.waitUntil(lambda: bool(called), timeout=2000)
    assert called == [True]  # the window had been drawn

    hidden = MainWindow()  # never shown (as a window started minimised is never exposed)
    qtbot.addWidget(hidden)
    late = []
    waited = QElapsedTimer()
    waited.start()
    hidden.after_first_frame(lambda: late.append(waited.elapsed()))
    qtbot.waitUntil(lambda: bool(late), timeout=5000)
    assert FIRST_FRAME_WAIT_MS <= late[0] < FIRST_FRAME_WAIT_MS + 1500
