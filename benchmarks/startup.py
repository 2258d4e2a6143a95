"""Time to a shown main window, against a bare PySide6 window started the same way.

Each sample is a fresh interpreter (imports included), offscreen, timed until the window has
been shown and the event loop has run once. Prints medians and the ratio (aim: within 1.5×).
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
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show(); app.processEvents()
"""

BRANCHDESK = """
import sys
from branchdesk.app import create_application, open_main_window
from branchdesk.core.db.database import Database
app = create_application()
w = open_main_window(Database.open(sys.argv[1])); w.show(); app.processEvents()
"""


def time_script(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        subprocess.run(
            [sys.executable, "-m", "branchdesk", "--db", db, "demo"],
            check=True,
            capture_output=True,
        )
        time_script(BARE), time_script(BRANCHDESK, db)  # warm the OS file cache
        bare, ours = [], []
        for _ in range(RUNS):
            bare.append(time_script(BARE))
            ours.append(time_script(BRANCHDESK, db))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window : {b * 1000:7.0f} ms (median of {RUNS})")
    print(f"BranchDesk (demo db): {o * 1000:7.0f} ms (median of {RUNS})")
    print(f"ratio               : {o / b:7.2f}x  (aim ≤ 1.5x)")


if __name__ == "__main__":
    main()
