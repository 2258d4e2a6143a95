"""Time to a shown main window, against a bare PySide6 window started the same way.

Each sample is a fresh interpreter (imports included), offscreen. The child prints wall-clock
timestamps at each milestone; the parent subtracts its own launch time. BranchDesk starts as
`branchdesk` does (app.start_gui: the window is shown while the database opens on a worker
thread), so two BranchDesk numbers are printed: the window shown, and the window showing the
demo branch's home page (database opened, pages filled).

The children keep their settings (last page, window size) in a folder of their own, so that
the window opens on the home page as on a first start.

Python writes no bytecode cache when PYTHONDONTWRITEBYTECODE is set (as in some shells and
containers): the children run without it, so after the warm-up run they load compiled modules
as an installed app does.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("RUNS", "7"))

BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show(); app.processEvents()
print(time.time())
"""

BRANCHDESK = """
import sys, time
from branchdesk.app import start_gui
app, w = start_gui(sys.argv[1]); app.processEvents()
print(time.time())
from PySide6.QtCore import QThread
def filled():  # the home page's data arrive from the runner
    home = w.ctx is not None and w.page("home")
    return home and home.overview.alerts.count() > 0
deadline = time.time() + 120
while not filled():
    assert time.time() < deadline, "the home page was not filled"
    app.processEvents(); QThread.msleep(1)
print(time.time())
from branchdesk.ui import ops
ops.wait_idle(); w.ctx.db.dispose()
"""


def milestones(code: str, home: str, *args: str) -> list[float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "QT_QPA_PLATFORM": "offscreen",
            "BRANCHDESK_HOME": home,
        },
    ).stdout
    return [float(line) - start for line in out.split()]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        subprocess.run(
            [sys.executable, "-m", "branchdesk", "--db", db, "demo"],
            check=True,
            capture_output=True,
        )
        milestones(BARE, tmp), milestones(BRANCHDESK, tmp, db)  # warm the OS file cache
        bare, shown, ready = [], [], []
        for _ in range(RUNS):
            bare.append(milestones(BARE, tmp)[0])
            ours = milestones(BRANCHDESK, tmp, db)
            shown.append(ours[0])
            ready.append(ours[1])
    b, s, r = (statistics.median(x) for x in (bare, shown, ready))
    print(f"bare PySide6 window shown     : {b * 1000:6.0f} ms (median of {RUNS})")
    print(
        f"BranchDesk main window shown  : {s * 1000:6.0f} ms   ratio {s / b:4.2f}x  (aim <= 1.2x)"
    )
    print(
        f"BranchDesk with demo branch   : {r * 1000:6.0f} ms   ratio {r / b:4.2f}x  (database opened, home page filled; aim <= 2.5x)"
    )


if __name__ == "__main__":
    main()
