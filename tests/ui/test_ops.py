"""ui/ops.py: operations off the UI thread, one transaction, errors shown and logged, changes
announced by kind; pages reload only when shown and what they show changed."""

import re
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QStackedWidget, QWidget
from sqlalchemy import select

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Branch
from branchdesk.core.errors import UserError
from branchdesk.core.services.branches import create_branch, list_branches
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.base import Page

BRANCH_DIR = re.compile(r"详细信息已写入 (.+error\.log)")


@pytest.fixture
def ctx(db, app):
    context = AppContext(db)
    yield context
    ops.wait_idle()


@pytest.fixture
def messages(monkeypatch):
    """Message boxes the runner shows, as (kind, title, text); none blocks."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: shown.append(("warning", title, text))
    )
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text, *a: shown.append(("critical", title, text))
    )
    monkeypatch.setattr(
        QMessageBox,
        "information",
        lambda _p, title, text, *a: shown.append(("information", title, text)),
    )
    return shown


def _names(db) -> list[str]:
    with db.session() as session:
        return [b.name for b in list_branches(session)]


def test_op_runs_in_a_worker_thread_in_one_transaction_and_announces_kinds(ctx, qtbot, db):
    changed: list[frozenset[str]] = []
    ctx.data_changed.connect(lambda kinds, _initiator: changed.append(kinds))
    seen: dict[str, object] = {}

    def work(session):
        seen["thread"] = threading.current_thread()
        return create_branch(session, "一班团支部").id

    def done(branch_id):
        seen["done_thread"] = threading.current_thread()
        seen["result"] = branch_id

    op = ops.run_op(None, work, on_done=done, kinds={ops.BRANCH}, ctx=ctx)
    assert not ops.idle()
    qtbot.waitUntil(ops.idle)
    assert op.ok is True
    assert seen["thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()
    assert _names(db) == ["一班团支部"]
    assert isinstance(seen["result"], int)
    assert changed == [frozenset({ops.BRANCH})]


def test_user_error_rolls_back_shows_its_message_and_announces_nothing(ctx, qtbot, db, messages):
    changed = []
    ctx.data_changed.connect(lambda kinds, _initiator: changed.append(kinds))
    done = []

    def work(session):
        create_branch(session, "写了一半")
        raise UserError("团支部名称不能重复。")

    ops.run_op(None, work, on_done=done.append, kinds={ops.BRANCH}, ctx=ctx)
    qtbot.waitUntil(ops.idle)
    assert _names(db) == []  # rolled back
    assert messages == [("warning", "操作未完成", "团支部名称不能重复。")]
    assert done == [] and changed == []


def test_user_error_goes_to_on_error_when_given(ctx, qtbot, messages):
    errors = []

    def work(_session):
        raise UserError("没有这个团员。")

    ops.run_op(None, work, on_error=errors.append, kinds=(), ctx=ctx)
    qtbot.waitUntil(ops.idle)
    assert [e.message for e in errors] == ["没有这个团员。"]
    assert messages == []


def test_unexpected_error_is_logged_and_shown_briefly_with_the_log_location(
    ctx, qtbot, db, messages
):
    def work(session):
        create_branch(session, "不会保存")
        return {}["missing"]

    op = ops.run_op(None, work, kinds={ops.BRANCH}, ctx=ctx)
    qtbot.waitUntil(ops.idle)
    assert op.ok is False and isinstance(op.error, KeyError)
    assert _names(db) == []
    [(kind, title, text)] = messages
    assert (kind, title) == ("critical", "发生意外错误")
    assert "Traceback" not in text
    log = Path(BRANCH_DIR.search(text).group(1))
    assert log.name == "error.log"
    logged = log.read_text(encoding="utf-8")
    assert "KeyError: 'missing'" in logged and "in work" in logged


def test_gui_and_cli_write_the_same_error_log(ctx, qtbot, messages, monkeypatch, capsys):
    from branchdesk import cli

    ops.run_op(None, lambda _s: 1 / 0, kinds=(), ctx=ctx)
    qtbot.waitUntil(ops.idle)
    gui_log = BRANCH_DIR.search(messages[0][2]).group(1)

    def broken(_args):
        raise RuntimeError("cli bug")

    monkeypatch.setitem(cli.COMMANDS, "info", (broken, None, "x"))
    assert cli.main(["info"]) == 1
    err = capsys.readouterr().err
    assert f"详细信息已写入 {gui_log}" in err
    text = Path(gui_log).read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "RuntimeError: cli bug" in text


def test_a_bug_in_on_done_is_logged_and_the_app_keeps_running(ctx, qtbot, messages):
    ended = []
    op = ops.run_op(None, lambda _s: 1, on_done=lambda _r: [][1], kinds=(), ctx=ctx)
    op.ended.connect(lambda: ended.append(True))
    qtbot.waitUntil(ops.idle)
    assert ended == [True]
    assert messages[0][0] == "critical" and "IndexError" not in messages[0][2]
    assert "list index out of range" in messages[0][2]


def test_query_uses_a_read_session_that_commits_nothing(ctx, qtbot, db):
    results = []

    def work(session):
        session.add(Branch(name="不会保存", kind="其他"))
        session.flush()
        return session.scalars(select(Branch.name)).all()

    ops.run_query(None, work, on_done=results.append, ctx=ctx)
    qtbot.waitUntil(ops.idle)
    assert results == [["不会保存"]]
    assert _names(db) == []


def test_writes_run_one_at_a_time_in_the_order_asked(ctx, qtbot, db):
    for n in range(8):
        ops.run_op(None, lambda s, n=n: create_branch(s, f"支部{n}"), kinds=(), ctx=ctx)
    qtbot.waitUntil(ops.idle)
    with db.session() as session:
        names = session.scalars(select(Branch.name).order_by(Branch.id)).all()
    assert names == [f"支部{n}" for n in range(8)]


def test_callbacks_are_skipped_when_the_parent_was_deleted(ctx, qtbot):
    parent = QWidget()
    gate = threading.Event()
    done = []

    def work(_session):
        gate.wait(5)
        return 1

    ops.run_query(parent, work, on_done=done.append, ctx=ctx)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert done == []


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_ctx_is_found_on_the_parent_or_its_ancestors(ctx, qtbot):
    outer = QWidget()
    outer.ctx = ctx
    inner = QWidget(outer)
    results = []
    ops.run_query(inner, lambda s: len(list_branches(s)), on_done=results.append)
    qtbot.waitUntil(ops.idle)
    assert results == [0]
    with pytest.raises(TypeError):
        ops.run_query(QWidget(), lambda s: 0)
    with pytest.raises(ValueError):
        ops.run_op(None, lambda s: 0, kinds={"memebrs"}, ctx=ctx)
    outer.deleteLater()


def test_in_memory_database_is_shared_with_worker_threads(app, qtbot):
    memory = Database.open("sqlite://")
    try:
        with memory.transaction() as session:
            create_branch(session, "内存支部")
        results = []
        ops.run_query(
            None,
            lambda s: [b.name for b in list_branches(s)],
            on_done=results.append,
            ctx=AppContext(memory),
        )
        qtbot.waitUntil(ops.idle)
        assert results == [["内存支部"]]
    finally:
        memory.dispose()


# -- unexpected exceptions outside operations --------------------------------------------
@pytest.fixture
def hooks(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    ops.install_excepthook()


def test_excepthook_logs_and_shows_a_short_message(app, hooks, messages):
    try:
        raise ValueError("slot bug")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [(kind, title, text)] = messages
    assert (kind, title) == ("critical", "发生意外错误")
    assert "slot bug" in text
    logged = Path(BRANCH_DIR.search(text).group(1)).read_text(encoding="utf-8")
    assert "ValueError: slot bug" in logged and "test_excepthook_logs" in logged


def test_user_error_escaping_a_slot_is_shown_not_logged(app, hooks, messages, tmp_path):
    from branchdesk.core.errorlog import log_path

    exc = UserError("请先选择团员。")
    sys.excepthook(UserError, exc, None)
    assert messages == [("warning", "操作未完成", "请先选择团员。")]
    assert not log_path().exists()


def test_exception_in_a_python_thread_is_logged_and_shown_on_the_ui_thread(
    app, hooks, messages, qtbot
):
    def crash():
        raise RuntimeError("thread bug")

    thread = threading.Thread(target=crash, name="worker-x")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[0][0] == "critical" and "thread bug" in messages[0][2]
    logged = Path(BRANCH_DIR.search(messages[0][2]).group(1)).read_text(encoding="utf-8")
    assert "worker-x" in logged and "RuntimeError: thread bug" in logged


# -- pages -------------------------------------------------------------------------------
class CountingPage(Page):
    title = "测试"
    kinds = frozenset({ops.MEMBERS})

    def __init__(self, ctx):
        super().__init__(ctx)
        self.applied = []

    def reload(self):
        self.load(lambda s: len(list_branches(s)), self.applied.append)


def test_page_reloads_only_for_its_kinds_and_only_when_shown(ctx, qtbot):
    page = CountingPage(ctx)
    qtbot.addWidget(page)
    page.on_shown()
    qtbot.waitUntil(lambda: page.applied == [0])
    page.on_shown()  # nothing changed: no reload
    ctx.notify_changed({ops.DUES})  # not what it shows
    assert page.reloads == 1
    ctx.notify_changed({ops.MEMBERS, ops.DUES})  # on screen (its window not shown): at once
    assert page.reloads == 2

    stack = QStackedWidget()  # as in the main window: another page is current
    qtbot.addWidget(stack)
    other = QWidget()
    stack.addWidget(page)
    stack.addWidget(other)
    stack.setCurrentWidget(other)
    ctx.notify_changed({ops.MEMBERS})  # hidden: only marked stale
    assert page.reloads == 2 and page.stale
    stack.show()
    ctx.notify_changed({ops.MEMBERS})
    assert page.reloads == 2 and page.stale
    stack.setCurrentWidget(page)
    page.on_shown()
    assert page.reloads == 3 and not page.stale
    ctx.notify_changed({ops.MEMBERS})  # shown on screen: at once
    assert page.reloads == 4
    ctx.set_branch(None)  # another branch: every page is stale
    assert page.reloads == 5
    stack.setCurrentWidget(other)
    ctx.set_branch(None)
    assert page.reloads == 5 and page.stale
    qtbot.waitUntil(ops.idle)


def test_the_initiator_shows_the_result_itself_and_is_not_reloaded(ctx, qtbot):
    page, other = CountingPage(ctx), CountingPage(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(other)
    for p in (page, other):
        p.on_shown()
    qtbot.waitUntil(ops.idle)
    shown = []
    ops.run_op(
        page,
        lambda s: create_branch(s, "新支部").name,
        kinds={ops.MEMBERS},
        on_done=shown.append,
        initiator=page,
    )
    qtbot.waitUntil(ops.idle)
    assert shown == ["新支部"]
    assert (page.reloads, other.reloads) == (1, 2)
    assert other.applied == [0, 1]


def test_only_the_newest_load_is_applied(ctx, qtbot):
    page = CountingPage(ctx)
    qtbot.addWidget(page)
    gate = threading.Event()
    applied = []
    page.load(lambda _s: gate.wait(5) and "old", applied.append)
    page.load(lambda _s: "new", applied.append)
    qtbot.waitUntil(lambda: applied == ["new"])
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert applied == ["new"]


def test_main_window_pages_share_the_base_class(app, qtbot, demo_db):
    from branchdesk.app import open_main_window

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    home = window.page("home")
    assert isinstance(home, Page) and home.title == "首页"
    qtbot.waitUntil(lambda: home.overview.alerts.count() > 0)
    with demo_db.session() as session:
        assert home.overview.title.text() == list_branches(session)[0].name
    window.show_page("settings")
    home.reloads = 0
    window.show_page("home")  # nothing changed meanwhile: no reload
    assert home.reloads == 0
    qtbot.waitUntil(ops.idle)


def test_long_operation_reports_progress_and_cancelling_rolls_back(ctx, qtbot, db, messages):
    started = threading.Event()
    seen = []

    def work(session, report):
        create_branch(session, "取消后不保存")
        report(1, 10, "第一步")
        started.set()
        for n in range(2, 1000):
            threading.Event().wait(0.005)
            report(n, 1000, "")
        return "not reached"

    op = ops.run_op(
        None, work, kinds={ops.BRANCH}, on_done=seen.append, progress="正在保存…", ctx=ctx
    )
    assert op.dialog is not None and op.dialog.labelText() == "正在保存…"
    qtbot.waitUntil(lambda: started.is_set() and op.dialog.labelText() == "第一步")
    assert op.dialog.maximum() in (10, 1000)
    op.dialog.findChild(QPushButton).click()  # 取消
    qtbot.waitUntil(ops.idle)
    assert op.ok is False and seen == []
    assert _names(db) == []
    assert messages == [("warning", "操作未完成", "已取消，数据未作改动。")]


def test_progress_query_gets_the_callback_too(ctx, qtbot):
    results = []

    def work(session, report):
        report(1, 1, "读取")
        return len(list_branches(session))

    ops.run_query(None, work, on_done=results.append, progress="正在读取…", ctx=ctx)
    qtbot.waitUntil(ops.idle)
    assert results == [0]


def test_the_worker_starts_once_the_ui_thread_is_back_in_the_event_loop(ctx, qtbot):
    """What the UI thread does right after asking (building the dialog that asked) does not
    take turns for the GIL with the work: the work is handed over when the loop runs."""
    import time

    started = threading.Event()
    ops.run_query(None, lambda session: started.set(), ctx=ctx)
    time.sleep(0.1)  # the UI thread is still busy: nothing has started
    assert not started.is_set() and not ops.idle()
    qtbot.waitUntil(ops.idle)
    assert started.is_set()


def test_steps_run_one_per_turn_in_order_and_idle_waits_for_them(app, qtbot):
    import shiboken6

    owner, gone = QWidget(), QWidget()
    qtbot.addWidget(owner)
    done: list[str] = []
    ops.in_turns(owner, lambda: done.append("a"), lambda: done.append("b"))
    ops.in_turns(gone, lambda: done.append("never"))  # its owner is deleted first
    ops.in_turns(owner, lambda: done.append("c"))
    shiboken6.delete(gone)
    assert done == [] and not ops.idle()  # nothing runs before the event loop turns
    qtbot.waitUntil(ops.idle)
    assert done == ["a", "b", "c"]
    ops.after_turns(owner, lambda: done.append("now"))  # no step waiting: at once
    assert done[-1] == "now"
    ops.in_turns(owner, lambda: done.append("d"))
    ops.after_turns(owner, lambda: done.append("after d"))
    assert done[-1] == "now" and ops.wait_idle()
    assert done[-2:] == ["d", "after d"]
