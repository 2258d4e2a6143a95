"""批量登记团费 at 2,000 members: UI-thread time to open the dialog and to tick a member.

The dialog's members come from the page's read; the standard's amount for every member is
computed by one pass over the branch on a worker (`dues.propose_batch`); the list is a model
filled in one reset, and a tick adds up proposals already there. Measured as the UI thread's
own CPU time (`time.thread_time`), so other processes on the machine do not count; the wall
time until the proposal is shown is printed beside it.

    python benchmarks/batch_payment.py     # MEMBERS=2000 by default; aim: < 100 ms each
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = int(os.environ.get("RUNS", "5"))


def main() -> None:
    from PySide6.QtCore import Qt
    from ui_stalls import MEMBERS, TODAY, build_database, compile_sources

    from branchdesk.app import create_application
    from branchdesk.core.db.database import Database
    from branchdesk.core.rules.dues_standards import Month
    from branchdesk.ui import ops
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.dialogs.dues_dialogs import PaymentDialog
    from branchdesk.ui.pages.dues_page import DuesPage

    compile_sources()
    tmp = tempfile.TemporaryDirectory()
    os.environ["BRANCHDESK_HOME"] = tmp.name
    path = Path(tmp.name) / "batch.db"
    build_database(path)
    app = create_application()
    db = Database.open(path)
    page = DuesPage(AppContext(db), today=TODAY)
    page.on_shown()
    ops.wait_idle(60_000)
    opens, walls, ticks = [], [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.thread_time()
        dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 11), batch=True, today=TODAY)
        dialog.show()
        ops.wait_idle(60_000)
        app.processEvents()
        opens.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        assert dialog.ready and dialog.checks.rowCount() >= MEMBERS
        model = dialog.picker.model()
        for row in range(5):
            cpu = time.thread_time()
            model.setData(
                model.index(row, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
            )
            app.processEvents()
            ticks.append((time.thread_time() - cpu) * 1000)
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    print(f"批量登记团费, {dialog.checks.rowCount()} members (median of {RUNS})")
    print(
        f"open : {statistics.median(opens):6.1f} ms UI thread   (proposal shown after "
        f"{statistics.median(walls):.0f} ms wall)"
    )
    print(f"tick : {statistics.median(ticks):6.1f} ms UI thread   (worst {max(ticks):.1f} ms)")
    print("aim  : < 100 ms each")
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
