"""The 团员 page at 50,000 members, against a plain QTableView over a list model of the same rows.

Both are measured in the same run, offscreen, on the same database:
  load   : query the rows and show the table (baseline: raw sqlite3 fetch + a minimal list model
           set on a QTableView, all on the UI thread). The page shows its first screenful at once
           and loads the rest in a worker thread, so it is measured at two milestones:
             first  : page built, shown, `on_shown`, events processed: first rows visible
             all    : every row in the model (`MembersPage.loaded`), filters usable on all of them
           and "longest stall" is the longest the UI thread was busy (no event processed)
           between the page's creation and "all": what the user feels as a freeze.
  search : type a search text and show the filtered table (page: its in-memory roster index;
           baseline: QSortFilterProxyModel.setFilterFixedString on the name column)
"""

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MEMBERS = int(os.environ.get("MEMBERS", "50000"))
RUNS = int(os.environ.get("RUNS", "5"))
SEARCHES = ("王", "zs", "1380", "李明", "110105")


def build_database(path: Path) -> int:
    """A migrated database with one branch and MEMBERS members, inserted in bulk."""
    from sqlalchemy import insert

    from branchdesk.core.db.database import Database
    from branchdesk.core.db.models import Member
    from branchdesk.core.rules.idcard import check_char
    from branchdesk.core.services.branches import create_branch
    from branchdesk.core.services.demo import GIVEN, SURNAMES

    db = Database.open(path)
    rng = random.Random(50000)
    with db.transaction() as session:
        branch_id = create_branch(session, "基准团支部").id
        rows, used = [], set()
        for n in range(MEMBERS):
            first17 = ""
            while not first17 or first17 in used:
                birth = date(1998, 1, 1) + timedelta(days=rng.randrange(0, 12 * 365))
                first17 = f"110105{birth:%Y%m%d}{rng.randrange(1000):03d}"
            used.add(first17)
            rows.append(
                {
                    "branch_id": branch_id,
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "name_initials": "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in "abc"),
                    "gender": "男" if n % 2 else "女",
                    "birth_date": birth,
                    "id_number": first17 + check_char(first17),
                    "join_date": birth.replace(day=1) + timedelta(days=15 * 366),
                    "phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                    "status": "在册" if n % 10 else "退团",
                    "political_status": "共青团员",
                }
            )
        session.execute(insert(Member), rows)
    db.dispose()
    return branch_id


def baseline_model_class():
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    class Plain(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()):
            return 12

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                value = self.rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

    return Plain


BASELINE_SQL = """
select m.name, m.gender, m.ethnicity, m.birth_date, m.id_number, m.join_date, m.education,
       m.political_status, m.phone, m.league_post, g.name, m.status
from member m left join branch_group g on g.id = m.group_id where m.branch_id = ? order by m.id
"""


def wait_until_loaded(page) -> list[float]:
    """Run the event loop as the app would until the page has every row; returns the times a
    10 ms timer fired (a gap between two is how long the UI thread was busy) and the end."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, ticks = QEventLoop(), []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    page.loaded.connect(loop.quit)
    timer.start()
    if not page.is_loaded:
        loop.exec()
    timer.stop()
    page.loaded.disconnect(loop.quit)
    return [*ticks, time.perf_counter()]


def measure(app, db_path: Path, branch_id: int) -> dict[str, list[float]]:
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QTableView

    from branchdesk.core.db.database import Database
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.pages.members_page import MembersPage

    plain_model = baseline_model_class()
    keys = ("base_load", "page_first", "page_all", "page_stall", "base_search", "page_search")
    times = {k: [] for k in keys}
    db = Database.open(db_path)
    for _ in range(RUNS):
        start = time.perf_counter()
        connection = sqlite3.connect(db_path)
        rows = connection.execute(BASELINE_SQL, (branch_id,)).fetchall()
        connection.close()
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(plain_model(rows))
        view = QTableView()
        view.setModel(proxy)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        times["base_load"].append(time.perf_counter() - start)

        start = time.perf_counter()
        ctx = AppContext(db)
        page = MembersPage(ctx)
        page.resize(1200, 700)
        page.show()
        page.on_shown()
        app.processEvents()
        while page.model.rowCount() == 0:  # the first rows arrive from the runner
            app.processEvents()
        first = time.perf_counter()
        times["page_first"].append(first - start)
        ticks = wait_until_loaded(page)
        times["page_all"].append(ticks[-1] - start)
        gaps = [b - a for a, b in zip([first, *ticks], ticks, strict=False)]
        times["page_stall"].append(max([first - start, *gaps]))
        assert page.model.total == MEMBERS
        keystrokes = []
        for n in range(1, 5):  # one key at a time, as typed: "王" then "王丽" ... and digits
            for text in ("王小明"[:n], "1380001"[: n + 2]):
                start = time.perf_counter()
                page.search.setText(text)
                app.processEvents()
                keystrokes.append(time.perf_counter() - start)
        page.search.clear()
        times.setdefault("keystroke_max", []).append(max(keystrokes))

        for text in SEARCHES:
            start = time.perf_counter()
            proxy.setFilterKeyColumn(0 if not text.isdigit() else 4)
            proxy.setFilterFixedString(text)
            app.processEvents()
            times["base_search"].append(time.perf_counter() - start)
            start = time.perf_counter()
            page.search.setText(text)
            app.processEvents()
            times["page_search"].append(time.perf_counter() - start)
            page.search.clear()
            proxy.setFilterFixedString("")
            app.processEvents()
        view.close()
        page.close()
        page.deleteLater()
        view.deleteLater()
        app.processEvents()
    db.dispose()
    return times


def main() -> None:
    from branchdesk.app import create_application

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRANCHDESK_HOME"] = tmp  # column widths are remembered here, not in $HOME
        db_path = Path(tmp) / "roster.db"
        start = time.perf_counter()
        branch_id = build_database(db_path)
        print(f"{MEMBERS} members inserted in bulk in {time.perf_counter() - start:.1f} s")
        app = create_application()
        times = measure(app, db_path, branch_id)
    for label, pick in (("best", min), ("median", statistics.median)):
        ms = {k: pick(v) * 1000 for k, v in times.items()}
        print(f"-- {label} of {RUNS} loads and {RUNS * len(SEARCHES)} searches")
        print(f"baseline load (sqlite3 + plain list model) : {ms['base_load']:7.1f} ms")
        for key, name in (
            ("page_first", "团员 page shown, first rows visible       "),
            ("page_all", "团员 page all rows loaded                 "),
            ("page_stall", "团员 page longest UI stall while loading  "),
        ):
            print(f"{name}: {ms[key]:7.1f} ms   ratio {ms[key] / ms['base_load']:4.2f}x")
        print(f"baseline search (QSortFilterProxyModel)    : {ms['base_search']:7.1f} ms")
        print(f"团员 page, slowest single keystroke         : {ms['keystroke_max']:7.1f} ms")
        print(
            f"团员 page search                            : {ms['page_search']:7.1f} ms"
            f"   ratio {ms['page_search'] / ms['base_search']:4.2f}x"
        )
    print(
        "aim: first rows, longest stall and search well under 1000 ms; all rows loaded about as"
        " fast as the baseline (best-of is least disturbed by other load)"
    )


if __name__ == "__main__":
    sys.exit(main())
