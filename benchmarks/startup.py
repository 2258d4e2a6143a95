"""Time to a shown main window, against a bare PySide6 window started the same way.

Each sample is a fresh interpreter (imports included), offscreen. The child prints wall-clock
timestamps at each milestone; the parent subtracts its own launch time. BranchDesk starts as
`branchdesk` does (app.start_gui: the window is shown while the database opens on a worker
thread) and closes as it does (app.backup_on_exit, which writes the home page cache). Numbers:

- the window shown;
- the home page filled with the cache valid: the database is as the previous run closed it and
  the day is one the cache holds (core/home_cache.py), the common start. The cached page is
  shown before the database opens; the next line is when the database's own load has replaced
  it (the same content);
- the home page filled with no cache (its file deleted before the run): as after a change by
  the command line or a first start; the database is opened and the page computed.

Both kinds of start alternate in one run, so their ratios to the bare window are comparable.
Each child checks which of the two filled its page, so neither is mistaken for the other.

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
CACHE_NAME = "home-cache.json"  # core/home_cache.py's, in the children's BRANCHDESK_HOME

BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show(); app.processEvents()
print(time.time())
"""

BRANCHDESK = """
import sys, time
from branchdesk.app import backup_on_exit, start_gui
app, w = start_gui(sys.argv[1]); app.processEvents()
print(time.time())
from PySide6.QtCore import QThread
def wait(until):
    deadline = time.time() + 120
    while not until():
        assert time.time() < deadline, "the home page was not filled"
        app.processEvents(); QThread.msleep(1)
def filled():  # the home page on screen with its alerts (the cache's, or the runner's)
    page = w.stack.currentWidget()
    panel = getattr(page, "overview", page)
    return hasattr(panel, "alerts") and panel.isVisible() and panel.alerts.count() > 0
wait(filled)
print(time.time())
print("cache" if w.ctx is None else "fresh")
from branchdesk.ui import ops
wait(lambda: w.ctx is not None and w.page("home").reloads > 0)
ops.wait_idle()  # the real load has replaced what the cache showed
print(time.time())
backup_on_exit(w)  # as the program closes: the cache for the next start is written
"""


def milestones(code: str, home: str, *args: str) -> list[str]:
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
    return [f"{float(x) - start}" if x[0].isdigit() else x for x in out.split()]


def ours(home: str, db: str, cache: bool) -> tuple[float, float, float]:
    """(window shown, home page filled, the database's own load shown) of one start; `cache`:
    the database is as the last run closed it (the cache holds), else there is no cache."""
    if not cache:
        (Path(home) / CACHE_NAME).unlink(missing_ok=True)
    shown, filled, source, loaded = milestones(BRANCHDESK, home, db)
    assert source == ("cache" if cache else "fresh"), f"filled from the {source}"
    return float(shown), float(filled), float(loaded)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        subprocess.run(
            [sys.executable, "-m", "branchdesk", "--db", db, "demo"],
            check=True,
            capture_output=True,
        )
        milestones(BARE, tmp), ours(tmp, db, False)  # warm the OS file cache; writes the cache
        bare, shown, shown_cached, cached, cached_loaded, fresh = [], [], [], [], [], []
        for _ in range(RUNS):
            bare.append(float(milestones(BARE, tmp)[0]))
            s, f, loaded = ours(tmp, db, cache=True)
            shown_cached.append(s)
            cached.append(f)
            cached_loaded.append(loaded)
            s, f, _ = ours(tmp, db, cache=False)
            shown.append(s)
            fresh.append(f)
    b, s, sc, c, cl, f = (
        statistics.median(x) for x in (bare, shown, shown_cached, cached, cached_loaded, fresh)
    )
    print(f"bare PySide6 window shown         : {b * 1000:6.0f} ms (median of {RUNS})")
    print(
        f"BranchDesk main window shown      : {s * 1000:6.0f} ms   ratio {s / b:4.2f}x  (aim <= 1.2x)"
    )
    print(
        f"  ... with the cached home page   : {sc * 1000:6.0f} ms   ratio {sc / b:4.2f}x  "
        "(filled before it is shown)"
    )
    print(
        f"home page filled, cache valid     : {c * 1000:6.0f} ms   ratio {c / b:4.2f}x  "
        "(the same database as the last close, the same day or one of the next few; aim <= 2.5x)"
    )
    print(
        f"  ... then the database's own load: {cl * 1000:6.0f} ms   ratio {cl / b:4.2f}x  "
        "(database opened, the same content computed and shown)"
    )
    print(
        f"home page filled, no cache        : {f * 1000:6.0f} ms   ratio {f / b:4.2f}x  "
        "(database changed since, another day, first start: computed fresh)"
    )


if __name__ == "__main__":
    main()
