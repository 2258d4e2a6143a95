"""The main window: title, navigation, status bar, first run, and the demo's members."""

import subprocess
import sys

from PySide6.QtCore import Qt

from branchdesk.app import open_main_window
from branchdesk.ui.main_window import PAGES


def test_window_has_title_navigation_and_database_in_status_bar(app, qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    assert window.windowTitle() == "团支部工作台"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "首页",
        "团员",
        "三会两制一课",
        "团费",
        "组织关系",
        "组织建设",
        "统计",
        "打印",
        "设置",
    ]
    assert db.description in window.db_label.text()


def test_every_page_opens(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    for key, _, _ in PAGES:
        page = window.show_page(key)
        assert window.stack.currentWidget() is page


def test_empty_database_offers_three_ways_to_start(app, qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    home = window.show_page("home")
    assert home.stack.currentWidget() is home.welcome
    assert [
        b.text()
        for b in (home.welcome.create_button, home.welcome.import_button, home.welcome.demo_button)
    ] == [
        "创建团支部",
        "导入花名册",
        "打开演示数据",
    ]


def test_create_branch_from_welcome_goes_to_settings(app, qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    home = window.show_page("home")
    home.welcome.create_button.click()
    settings = window.stack.currentWidget()
    assert settings is window.page("settings")
    settings.editor.name.setText("新团支部")
    assert settings.save()
    qtbot.waitUntil(lambda: window.branch_combo.currentText() == "新团支部")
    window.show_page("home")
    assert home.stack.currentWidget() is home.overview
    qtbot.waitUntil(lambda: home.overview.title.text() == "新团支部")


def test_demo_members_show_in_members_page(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.is_loaded)
    assert page.model.rowCount() == 60
    assert page.table.model().headerData(0, Qt.Orientation.Horizontal) == "姓名"
    first_name = page.model.rows[0].name
    page.search.setText(first_name)
    assert page.proxy.rowCount() >= 1
    assert page.proxy.data(page.proxy.index(0, 0)) == first_name


def test_demo_button_opens_separate_demo_database(app, qtbot, db, monkeypatch):
    window = open_main_window(db)
    qtbot.addWidget(window)
    home = window.show_page("home")
    home.welcome.demo_button.click()
    qtbot.waitUntil(lambda: window.ctx.branch_id is not None, timeout=15000)
    assert "demo.db" in window.db_label.text()
    assert home.stack.currentWidget() is home.overview


def test_start_up_does_not_load_heavy_modules(tmp_path):
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from branchdesk.app import create_application, open_main_window\n"
        "from branchdesk.core.db.database import Database\n"
        "app = create_application()\n"
        f"w = open_main_window(Database.open({str(tmp_path / 's.db')!r})); w.show(); app.processEvents()\n"
        "print(sorted(m for m in ('reportlab', 'openpyxl', 'python_calamine', 'alembic', 'pypinyin') if m in sys.modules))\n"
    )
    # The first open runs the migrations (alembic); the second, on an up-to-date file, must not.
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_window_shows_before_the_database_is_open(app, qtbot, db):
    from branchdesk.app import attach_database
    from branchdesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.nav.isEnabled()
    assert window.stack.currentWidget() is window.loading
    attach_database(window, db)
    assert window.nav.isEnabled()
    assert window.stack.currentWidget() is window.page("home")


def test_demo_mode_is_marked_and_has_a_way_back(app, qtbot, db):
    from branchdesk.ui import ops

    window = open_main_window(db)
    qtbot.addWidget(window)
    assert window.demo_banner.isHidden() and "演示" not in window.windowTitle()
    window.show_page("home").welcome.demo_button.click()
    qtbot.waitUntil(lambda: window.ctx.branch_id is not None, timeout=15000)
    ops.wait_idle()
    qtbot.waitUntil(lambda: window.windowTitle().startswith("【演示数据】"), timeout=5000)
    assert not window.demo_banner.isHidden()
    window.leave_demo_button.click()
    qtbot.waitUntil(lambda: "demo.db" not in window.db_label.text(), timeout=15000)
    ops.wait_idle()
    assert "branchdesk.db" in window.db_label.text()
    assert window.demo_banner.isHidden() and "演示" not in window.windowTitle()


def test_the_window_opens_on_the_page_it_was_closed_on_and_a_switch_writes_no_file(
    app, qtbot, demo_db
):
    from branchdesk.ui import ops
    from branchdesk.ui.screen import ui_settings

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    ui_settings().setValue("window/page", "home")
    ui_settings().sync()
    window.show_page("dues")
    qtbot.waitUntil(ops.idle)
    assert ui_settings().value("window/page") == "home"  # nothing written on a switch
    window.close()
    assert ui_settings().value("window/page") == "dues"
    again = open_main_window(demo_db)
    qtbot.addWidget(again)
    assert again.current_key() == "dues"
    qtbot.waitUntil(ops.idle)


def test_page_modules_are_imported_one_by_one_once_the_window_is_idle(
    app, qtbot, demo_db, tmp_path, monkeypatch
):
    import branchdesk.ui.main_window as main_window

    for name in ("probe_a", "probe_b"):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(main_window, "PREFETCH", ["sys", "probe_a", "probe_b"])
    monkeypatch.setattr(main_window, "PREFETCH_AFTER_MS", 50)
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    assert "probe_a" not in sys.modules  # nothing at once: the window is busy starting
    qtbot.waitUntil(lambda: "probe_b" in sys.modules)
    assert "probe_a" in sys.modules and window._prefetching == []
    for name in ("probe_a", "probe_b"):
        del sys.modules[name]
