"""The longest stall of the UI event loop while a user works through a 2,000-member branch.

A heartbeat timer (every 2 ms) records the gaps between its ticks while a script drives the
window: open it on the database, visit every page (and the tabs of 三会两制一课), search the
roster keystroke by keystroke, open the heavy dialogs (member form, member detail, meeting
editor, batch payment, batch 超龄离团, batch transfer out) and tick in them, save a member, then
switch pages again. Each step runs from the event loop and the next one starts when the runner
is idle and the page has what it asked for. A step's stall is the longest gap between two
heartbeats while it ran: what a user feels as a freeze.

Baseline: the same heartbeat over a bare event loop doing nothing for as long.

The app's modules are compiled to bytecode first (`compile_sources`), as an installed app's
are: where PYTHONDONTWRITEBYTECODE is set, each page's first visit would otherwise compile its
modules from source on the UI thread, a cost no user sees.

The branch: the demo branch (a year of meetings, dues, transfers) plus MEMBERS-60 members in bulk
with status history and a year of monthly dues payments. MEMBERS defaults to 2000.

    python benchmarks/ui_stalls.py            # prints a table, the worst step first
"""

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MEMBERS = int(os.environ.get("MEMBERS", "2000"))
TODAY = date(2026, 11, 23)
HEARTBEAT_MS = 2


def build_database(path: Path) -> int:
    from sqlalchemy import insert, select

    from branchdesk.core.db.database import Database
    from branchdesk.core.db.models import DuesPayment, Member, MemberStatusChange
    from branchdesk.core.services.demo import create_demo

    db = Database.open(path)
    with db.transaction() as session:
        branch_id = create_demo(session, today=TODAY).branch_id
        have = len(session.scalars(select(Member.id).where(Member.branch_id == branch_id)).all())
        extra = max(MEMBERS - have, 0)
        session.execute(
            insert(Member),
            [
                {
                    "branch_id": branch_id,
                    "name": f"基准团员{n}",
                    "name_initials": "jztyn",
                    "gender": "男" if n % 2 else "女",
                    "birth_date": date(2000 + n % 6, 1 + n % 12, 1 + n % 28),
                    "id_number": f"B{n:09d}",
                    "phone": f"139{n:08d}",
                    "status": "在册",
                    "status_since": date(2024, 1, 1),
                    "political_status": "共青团员",
                }
                for n in range(extra)
            ],
        )
        new_ids = session.scalars(
            select(Member.id).where(Member.branch_id == branch_id, Member.name.like("基准团员%"))
        ).all()
        session.execute(
            insert(MemberStatusChange),
            [
                {"member_id": i, "to_status": "在册", "changed_on": date(2024, 1, 1)}
                for i in new_ids
            ],
        )
        seq = 10_000
        payments = []
        for i in new_ids:
            for month in range(1, 11):
                seq += 1
                payments.append(
                    {"branch_id": branch_id, "member_id": i, "first_month": date(2026, month, 1),
                     "last_month": date(2026, month, 1), "amount_fen": 20, "proposed_fen": 20,
                     "paid_on": date(2026, month, 5), "receipt_year": 2026, "receipt_seq": seq}
                )  # fmt: skip
        session.execute(insert(DuesPayment), payments)
    db.dispose()
    return branch_id


def compile_sources() -> None:
    """Bytecode for every module of the app (py_compile writes it even where
    PYTHONDONTWRITEBYTECODE is set; imports read it either way)."""
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1] / "branchdesk", quiet=1)


class Heartbeat:
    """Ticks every HEARTBEAT_MS; `gap(since)` is the longest pause between ticks since then."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.append(time.perf_counter())
        self.timer.start()

    def longest_gap_ms(self, start: float, end: float) -> float:
        inside = [t for t in self.ticks if start <= t <= end]
        points = [start, *inside, end]
        return max((b - a) * 1000 for a, b in zip(points, points[1:], strict=False))


def run_script(app, steps: list[tuple[str, Callable[[], None], Callable[[], bool]]]):
    """Run each (name, action, done?) from the event loop; return (name, ms, stall ms, UI-thread
    CPU ms). The CPU time is what the UI thread itself spent (`time.thread_time`): unlike the
    stall, it does not grow when other programs keep the machine busy."""
    from PySide6.QtCore import QTimer

    from branchdesk.ui import ops

    beat = Heartbeat()
    results: list[tuple[str, float, float, float]] = []
    state = {"i": 0, "start": 0.0, "cpu": 0.0}

    def begin() -> None:
        if state["i"] >= len(steps):
            app.quit()
            return
        name, action, _ = steps[state["i"]]
        state["start"] = time.perf_counter()
        state["cpu"] = time.thread_time()
        action()
        QTimer.singleShot(0, check)

    def check() -> None:
        name, _, done = steps[state["i"]]
        if ops.idle() and done():
            end, cpu = time.perf_counter(), (time.thread_time() - state["cpu"]) * 1000
            gap = beat.longest_gap_ms(state["start"], end)
            results.append((name, (end - state["start"]) * 1000, gap, cpu))
            state["i"] += 1
            QTimer.singleShot(20, begin)  # a short pause between steps, as a user would make
        else:
            QTimer.singleShot(1, check)

    beat.start()
    QTimer.singleShot(50, begin)
    app.exec()
    return results


def bare_baseline(app, seconds: float) -> float:
    from PySide6.QtCore import QTimer

    beat = Heartbeat()
    beat.start()
    start = time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    return beat.longest_gap_ms(start, time.perf_counter())


def main() -> None:
    from branchdesk.app import create_application, open_in_window
    from branchdesk.ui import ops
    from branchdesk.ui.main_window import MainWindow

    compile_sources()
    tmp = tempfile.TemporaryDirectory()
    os.environ["BRANCHDESK_HOME"] = tmp.name
    path = Path(tmp.name) / "stalls.db"
    t = time.perf_counter()
    build_database(path)
    print(f"database: {MEMBERS} members, built in {time.perf_counter() - t:.1f} s")

    app = create_application()
    ops.install_excepthook()
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    opened: dict = {}
    dialogs: list = []

    def page(key):
        return window.page(key)

    def show(key):
        return lambda: window.show_page(key)

    def home_filled():  # the database is opened as the app opens it (on a worker), then attached
        return window.ctx is not None and page("home").overview.alerts.count() > 0

    def members_loaded():
        return page("members").is_loaded

    def typing(text):
        def act():
            search = page("members").search
            for n in range(1, len(text) + 1):
                search.setText(text[:n])

        return act

    def open_dialog(name, make):
        def act():
            dialog = make()
            dialog.show()
            dialogs.append(dialog)
            opened[name] = dialog

        return act

    def close_dialogs():
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()
        dialogs.clear()

    def member_form():
        from branchdesk.ui.dialogs.member_form import MemberFormDialog

        m = page("members")
        return MemberFormDialog(window.ctx, m.model.row_at(0).id, TODAY, m)

    def member_detail():
        from branchdesk.ui.dialogs.member_detail import MemberDetailDialog

        m = page("members")
        return MemberDetailDialog(window.ctx, m.model.row_at(0).id, m)

    def meeting_editor():
        from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

        return MeetingEditor(window.ctx, None, "支部团员大会", page("meetings"))

    def age_out():
        from branchdesk.ui.dialogs.age_out_dialog import AgeOutDialog

        return AgeOutDialog(window.ctx, TODAY, page("members"))

    def batch_payment():
        page("dues").dialog = None
        page("dues").open_payment(batch=True)  # the page's own way (exec never blocks here)

    def batch_payment_ready():
        dialog = getattr(page("dues"), "dialog", None)
        return dialog is not None and dialog.ready

    def tick_batch():
        from PySide6.QtCore import Qt

        dialog = page("dues").dialog
        model = dialog.picker.model()
        for row in range(min(5, model.rowCount())):
            index = model.index(row, 0)
            checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            model.setData(index, state, Qt.ItemDataRole.CheckStateRole)

    def transfer_out():
        t = page("transfers")
        t.transfer_out(batch=True)  # reads the candidates, then opens the dialog (exec)

    def save_member():
        form = opened["member form"]
        form.phone.setText("13900000000")
        form.save()

    def meetings_tab(index):
        return lambda: page("meetings").tabs.setCurrentIndex(index)

    def always():
        return True

    def ready(name):
        return lambda: getattr(opened.get(name), "ready", True)

    from PySide6.QtWidgets import QDialog

    QDialog.exec = lambda self: self.show() or dialogs.append(self) or 0  # never block

    steps = [
        ("open database, home page", lambda: open_in_window(app, window, str(path)), home_filled),
        ("团员 page (2,000 rows)", show("members"), members_loaded),
        ("roster search, 5 keystrokes", typing("基准团员1"), always),
        ("clear search", typing(""), always),
        ("member form (edit)", open_dialog("member form", member_form), ready("member form")),
        ("save member", save_member, members_loaded),
        ("member detail", open_dialog("member detail", member_detail), ready("member detail")),
        ("batch 超龄离团 dialog", open_dialog("age out", age_out), ready("age out")),
        ("close dialogs", close_dialogs, always),
        ("三会两制一课 page", show("meetings"), always),
        ("calendar tab", meetings_tab(1), always),
        ("教育评议 tab", meetings_tab(2), always),
        ("团籍注册 tab", meetings_tab(3), always),
        ("meeting editor", open_dialog("meeting", meeting_editor), ready("meeting")),
        ("close editor", close_dialogs, always),
        ("团费 page", show("dues"), always),
        ("batch payment dialog", batch_payment, batch_payment_ready),
        ("tick 5 in batch payment", tick_batch, always),
        ("close batch payment", close_dialogs, always),
        ("组织关系 page", show("transfers"), always),
        ("batch transfer out dialog", transfer_out, always),
        ("close transfer dialog", close_dialogs, always),
        ("打印 page", show("print"), always),
        ("设置 page", show("settings"), always),
        ("back to 首页", show("home"), always),
        ("back to 团员", show("members"), members_loaded),
        ("back to 团费", show("dues"), always),
    ]
    results = run_script(app, steps)
    total = sum(r[1] for r in results) / 1000
    baseline = bare_baseline(app, max(total, 1.0))
    width = max(len(r[0]) for r in results)
    print(f"{'step':<{width}}  {'took':>8}  {'stall':>8}  {'UI CPU':>8}")
    for name, ms, stall, cpu in sorted(results, key=lambda r: -r[2]):
        print(f"{name:<{width}}  {ms:7.0f}ms  {stall:7.0f}ms  {cpu:7.0f}ms")
    worst = max(results, key=lambda r: r[2])
    print(
        f"\nlongest stall: {worst[2]:.0f} ms ({worst[0]}); aim <= 100 ms\n"
        f"bare event loop, same heartbeat, {total:.1f} s idle: longest gap {baseline:.1f} ms"
    )
    window.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
