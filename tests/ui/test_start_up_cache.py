"""Start-up with the home page cache (core/home_cache.py): the window shows the home page of the
last close before the database is open, the real load replaces it with the same content, and a
click that needs the database waits for it."""

import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from branchdesk.app import backup_on_exit, open_main_window, start_gui
from branchdesk.core.db.database import Database
from branchdesk.core.services import workspace
from branchdesk.ui import ops
from branchdesk.ui.pages.home_page import OverviewPanel
from branchdesk.ui.screen import ui_settings


@pytest.fixture
def hooks(monkeypatch):
    """start_gui installs the app's exception hooks: put the test session's back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


@pytest.fixture
def closed_yesterday(app, qtbot, demo_db):
    """The demo database closed by the window as the program closes it (cache written)."""
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    ops.wait_idle()
    backup_on_exit(window)
    return demo_db.sqlite_path


@pytest.fixture
def held_open(monkeypatch):
    """The database opens only when the test says so (`release.set()`)."""
    release = threading.Event()
    real = workspace.open_database

    def open_database(*args, **kwargs):
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(workspace, "open_database", open_database)
    yield release
    release.set()


def tree_lines(panel: OverviewPanel) -> list[str]:
    tree = panel.alerts
    lines = []
    for i in range(tree.count()):
        top = tree.item(i)
        lines.append(top.text(0))
        lines += ["  " + top.child(j).text(0) for j in range(top.childCount())]
    return lines


def cards(panel: OverviewPanel) -> list[str]:
    return [panel.title.text(), panel.subtitle.text()] + [
        panel.cards.itemAt(i).widget().findChild(type(panel.title), "StatValue").text()
        for i in range(panel.cards.count())
    ]


def test_the_cached_home_page_shows_at_once_and_the_real_load_shows_the_same(
    app, qtbot, hooks, closed_yesterday, held_open
):
    _, window = start_gui(str(closed_yesterday))
    qtbot.addWidget(window)
    panel = window.stack.currentWidget()
    assert isinstance(panel, OverviewPanel) and window.ctx is None
    assert panel.alerts.count() > 0 and "示例" in window.windowTitle()
    assert window.statusBar().currentMessage() == "正在打开数据库…"
    group = next(
        panel.alerts.item(i)
        for i in range(panel.alerts.count())
        if panel.alerts.item(i).childCount()
    )
    panel._open_alert(group)  # a line opened meanwhile stays open
    assert group.isExpanded()
    before = (tree_lines(panel), cards(panel), window.windowTitle(), window.db_label.text())
    qtbot.wait(100)  # laid out and painted (the database is not open yet)
    assert window.ctx is None
    picture = window.centralWidget().grab().toImage()  # all but the status bar
    held_open.set()
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    ops.wait_idle()
    home = window.page("home")
    assert home.overview is panel and window.stack.currentWidget() is home
    assert home.reloads == 1 and home._alert_parts  # the real load came: the same
    after = (tree_lines(panel), cards(panel), window.windowTitle(), window.db_label.text())
    assert after == before and window.statusBar().currentMessage() == ""
    assert window.centralWidget().grab().toImage() == picture  # not a pixel moved
    assert group.isExpanded() and panel.alerts.item(0).treeWidget() is panel.alerts
    assert any(panel.alerts.item(i) is group for i in range(panel.alerts.count()))
    window.ctx.db.dispose()


def test_what_the_real_load_finds_wins_over_a_cache_that_differs(
    app, qtbot, hooks, closed_yesterday, held_open
):
    import json

    from branchdesk.core import home_cache

    file = home_cache.cache_file()
    data = json.loads(file.read_text("utf-8"))
    for day in data["days"].values():  # the key still holds: only the real load can tell
        day["overview"]["name"] = "缓存里的旧名称"
    file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _, window = start_gui(str(closed_yesterday))
    qtbot.addWidget(window)
    panel = window.stack.currentWidget()
    assert panel.title.text() == "缓存里的旧名称"
    held_open.set()
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    ops.wait_idle()
    assert panel.title.text() == "示例街道第一团支部"
    window.ctx.db.dispose()


def test_an_alert_clicked_before_the_database_is_open_opens_its_fix_when_it_is(
    app, qtbot, hooks, closed_yesterday, held_open
):
    _, window = start_gui(str(closed_yesterday))
    qtbot.addWidget(window)
    panel = window.stack.currentWidget()
    tree = panel.alerts
    tops = [tree.item(i) for i in range(tree.count())]
    leaves = [t for t in tops if not t.childCount()]
    leaves += [t.child(j) for t in tops for j in range(t.childCount())]
    leaf = next(x for x in leaves if x.data(0, 0x0100) not in ("findings", None))
    page = leaf.data(0, 0x0100)
    panel._open_alert(leaf)  # a click: nothing to open it with yet
    assert window.ctx is None and window.stack.currentWidget() is panel
    held_open.set()
    qtbot.waitUntil(lambda: window.current_key() == page, timeout=20000)
    ops.wait_idle()
    window.ctx.db.dispose()


def test_a_page_chosen_before_the_database_is_open_is_shown_when_it_is(
    app, qtbot, hooks, closed_yesterday, held_open
):
    _, window = start_gui(str(closed_yesterday))
    qtbot.addWidget(window)
    assert window.nav.isEnabled()
    window.nav.setCurrentRow(1)  # 团员
    assert window.stack.currentWidget() is window.loading
    held_open.set()
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    ops.wait_idle()
    assert window.current_key() == "members"
    assert window.stack.currentWidget() is window.page("members")
    window.ctx.db.dispose()


def starts_without_the_cache(qtbot, path) -> bool:
    """Start the window on `path`: True if it showed 正在打开数据库… (no cached home page)."""
    _, window = start_gui(str(path))
    qtbot.addWidget(window)
    loading = window.stack.currentWidget() is window.loading
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=20000)
    ops.wait_idle()
    window.ctx.db.dispose()
    return loading


def test_no_cached_page_when_the_window_opens_on_another_page_or_the_database_changed(
    app, qtbot, hooks, closed_yesterday
):
    ui_settings().setValue("window/page", "members")
    assert starts_without_the_cache(qtbot, closed_yesterday)
    ui_settings().setValue("window/page", "home")
    db = Database.open(closed_yesterday)
    with db.transaction() as session:  # e.g. the command line
        session.execute(text("UPDATE branch SET name = '改过的名称'"))
    db.dispose()
    assert starts_without_the_cache(qtbot, closed_yesterday)


def test_the_cache_and_the_home_page_need_no_sqlalchemy(closed_yesterday, tmp_path):
    """What start-up runs before the database opens imports no SQLAlchemy (its import is the
    cost the cache saves)."""
    code = (
        "import sys\n"
        "from branchdesk.core import home_cache\n"
        "import branchdesk.ui.main_window, branchdesk.ui.pages.home_page\n"
        f"assert home_cache.load({str(closed_yesterday)!r}) is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_a_window_closed_on_another_page_keeps_no_cache(app, qtbot, closed_yesterday):
    """It opens on that page next time: the home page is not computed at close."""
    from branchdesk.core import home_cache

    assert home_cache.cache_file().exists()
    window = open_main_window(Database.open(closed_yesterday))
    qtbot.addWidget(window)
    window.show_page("members")
    ops.wait_idle()
    window.close()  # remembers the page
    backup_on_exit(window)
    assert not home_cache.cache_file().exists()


def test_leaving_the_demo_before_it_is_open_opens_the_real_database_when_it_is(
    app, qtbot, hooks, held_open
):
    from branchdesk.core.paths import default_database_path, demo_database_path
    from branchdesk.core.services.demo import create_demo

    demo = Database.open(demo_database_path())
    with demo.transaction() as session:
        create_demo(session)
    window = open_main_window(demo)
    qtbot.addWidget(window)
    ops.wait_idle()
    backup_on_exit(window)
    _, window = start_gui(str(demo_database_path()))
    qtbot.addWidget(window)
    assert isinstance(window.stack.currentWidget(), OverviewPanel)
    assert window.demo_banner.isVisibleTo(window) and "演示数据" in window.windowTitle()
    window.leave_demo_button.click()
    assert window.ctx is None
    held_open.set()
    real = default_database_path().resolve()
    qtbot.waitUntil(
        lambda: window.ctx is not None and window.ctx.db.sqlite_path == real, timeout=20000
    )
    ops.wait_idle()
    assert not window.demo_banner.isVisibleTo(window)
    window.ctx.db.dispose()
