"""Work that takes time is never silent: the status bar shows 正在处理… with a moving bar while
an operation has run for more than 0.3 s, and nothing for quick work."""

import threading

from branchdesk.app import open_main_window
from branchdesk.ui import ops


def _window(qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(ops.idle, timeout=20_000)
    return window


def test_slow_work_shows_the_indicator_until_it_ends(app, qtbot, db):
    window = _window(qtbot, db)
    busy = window.busy
    assert busy.isHidden()
    release = threading.Event()
    ops.run_query(window, lambda session: release.wait(10), ctx=window.ctx)
    qtbot.wait(100)
    assert busy.isHidden()  # not yet: quick work would only flicker
    qtbot.waitUntil(busy.isVisible, timeout=2_000)
    assert busy.label.text() == "正在处理…" and busy.bar.maximum() == 0  # moving, no end
    release.set()
    qtbot.waitUntil(ops.idle, timeout=5_000)
    assert busy.isHidden()


def test_quick_work_never_shows_it(app, qtbot, db):
    window = _window(qtbot, db)
    shown = []
    for _ in range(3):
        ops.run_query(window, lambda session: None, ctx=window.ctx)
        qtbot.waitUntil(ops.idle, timeout=5_000)
        shown.append(window.busy.isVisible())
    qtbot.wait(400)  # past the delay: the timer of the ended work must not fire
    shown.append(window.busy.isVisible())
    assert shown == [False, False, False, False]
