"""The main window: a navigation column on the left, the pages on the right, a status bar."""

import importlib
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk import APP_NAME
from branchdesk.ui.screen import (
    BORDER,
    FRAME_H,
    FRAME_W,
    TITLE_H,
    available_rect,
    clamp_to_screen,
    ui_settings,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox

    from branchdesk.core.home_cache import CachedHome
    from branchdesk.ui.busy_indicator import BusyIndicator
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.pages.base import Page
    from branchdesk.ui.pages.home_page import OverviewPanel

#: (key, title, "module:Class"). Pages are created when first shown; each feature fills its own.
PAGES: list[tuple[str, str, str]] = [
    ("home", "首页", "branchdesk.ui.pages.home_page:HomePage"),
    ("members", "团员", "branchdesk.ui.pages.members_page:MembersPage"),
    ("meetings", "三会两制一课", "branchdesk.ui.pages.meetings_page:MeetingsPage"),
    ("dues", "团费", "branchdesk.ui.pages.dues_page:DuesPage"),
    ("transfers", "组织关系", "branchdesk.ui.pages.transfers_page:TransfersPage"),
    ("registers", "组织建设", "branchdesk.ui.pages.registers_page:RegistersPage"),
    ("stats", "统计", "branchdesk.ui.pages.stats_page:StatsPage"),
    ("print", "打印", "branchdesk.ui.pages.print_page:PrintPage"),
    ("settings", "设置", "branchdesk.ui.pages.settings_page:SettingsPage"),
]


#: what Ctrl+N makes on each page (its `run_action` name)
NEW_ACTIONS = {
    "members": "add",
    "meetings": "new",
    "dues": "pay",
    "transfers": "transfer_out",
    "registers": "add",
}


#: modules imported one at a time while the window is idle after start-up (`prefetch`): the
#: pages and their heavy dialogs then open without importing them on the first click
PREFETCH: list[str] = [path.split(":")[0] for _, _, path in PAGES] + [
    "branchdesk.ui.dialogs.member_form",
    "branchdesk.ui.dialogs.member_detail",
    "branchdesk.ui.dialogs.meeting_editor",
]
#: in the prefetch's place: PySide makes Python types (and their enums, hundreds of members)
#: the first time a program meets them: the widgets' style when a form first re-polishes a
#: field (`style().polish`), a table's viewport when a page first sizes its columns; 10-40 ms
#: each, once, better spent while the window is idle than on a user's first click
PYSIDE_TYPES = ":pyside-types"
PREFETCH.insert(0, PYSIDE_TYPES)
PREFETCH_AFTER_MS = 1500  # after attaching a database: the home page has loaded by then
PREFETCH_EVERY_MS = 30  # one module per turn of the event loop (each takes 1-16 ms)
FIRST_FRAME_POLL_MS = 2  # how often `after_first_frame` looks whether the window is drawn
FIRST_FRAME_WAIT_MS = 500  # and how long at most


def window_title(title: str) -> str:
    """The title, marked（便携模式）when the data lives beside the program (a USB stick)."""
    from branchdesk.core.paths import is_portable

    return f"{title}（便携模式）" if is_portable() else title


def last_page() -> str:
    """The page shown when the window was last closed: it opens there (on a database with a
    branch; else on the home page)."""
    key = ui_settings().value("window/page", "home")
    return key if key in (k for k, _, _ in PAGES) else "home"


def is_demo_database(path: Path | None) -> bool:
    """`path` is the demo database (a separate file beside the real one)."""
    from branchdesk.core.paths import demo_database_path

    return path is not None and path.resolve() == demo_database_path().resolve()


def _load_page_class(path: str):
    module_name, class_name = path.split(":")
    return getattr(importlib.import_module(module_name), class_name)


class MainWindow(QMainWindow):
    """Shown before the database is open (start-up stays quick); `attach(ctx)` then fills it."""

    def __init__(self, ctx: "AppContext | None" = None, *, deferred: bool = False):
        """`deferred`: build only what the first frame shows; `finish_setting_up` (called
        by `attach` at the latest) adds the rest."""
        super().__init__()
        self.ctx: AppContext | None = None
        self.setWindowTitle(window_title(APP_NAME))
        self.setObjectName("MainWindow")
        self._restore_geometry()
        self._pages: dict[str, Page] = {}
        self._prefetching: list[str] | None = None  # modules still to import (None: not begun)
        #: the home page shown from the start-up cache until the database is attached
        self._home_preview: OverviewPanel | None = None
        self._row_asked: int | None = None  # a page chosen in the navigation meanwhile
        self._branch_asked: int | None = None  # and a branch
        self._leave_demo_asked = False  # or 回到正式数据库

        self.nav = QListWidget(objectName="Nav")
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setFixedWidth(168)
        for _, title, _ in PAGES:
            item = QListWidgetItem(title)
            item.setSizeHint(QSize(160, 44))
            self.nav.addItem(item)
        self.nav.setEnabled(False)
        #: the branch list under the title: made when there are branches to list
        #: (`_ensure_branch_combo`), hidden until then anyway
        self.branch_combo: QComboBox | None = None

        title = QLabel(APP_NAME, objectName="AppTitle")  # centred by the style sheet
        side = QWidget(objectName="Side")
        self._side_layout = side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 16, 8, 8)
        side_layout.addWidget(title)
        side_layout.addWidget(self.nav, 1)
        self.help_button = QPushButton("帮助（F1）", objectName="HelpButton")
        self.help_button.setToolTip("本页的用途和相关规定")
        self.help_button.clicked.connect(self.show_help)
        side_layout.addWidget(self.help_button)
        self.about_button = QPushButton("关于", objectName="AboutButton")
        self.about_button.setToolTip("版本、数据库位置和许可证")
        self.about_button.clicked.connect(self.show_about)
        side_layout.addWidget(self.about_button)

        self.stack = QStackedWidget(objectName="Pages")
        self.loading = QLabel("正在打开数据库…", objectName="Loading")  # centred likewise
        self.stack.addWidget(self.loading)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        self.demo_banner = QWidget(objectName="DemoBanner")
        banner = QHBoxLayout(self.demo_banner)
        banner.setContentsMargins(16, 6, 16, 6)
        banner.addWidget(QLabel("正在查看演示数据：这里的修改不会进入正式数据库。"), 1)
        self.leave_demo_button = QPushButton("回到正式数据库")
        self.leave_demo_button.clicked.connect(self.leave_demo)
        banner.addWidget(self.leave_demo_button)
        self.demo_banner.setVisible(False)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.demo_banner)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.nav.currentRowChanged.connect(self._show_row)
        self.busy: BusyIndicator | None = None
        if not deferred:
            self.finish_setting_up()
        if ctx is not None:
            self.attach(ctx)

    def finish_setting_up(self) -> None:
        """What the first frame does not show: the busy indicator, the keyboard shortcuts and
        the (still empty) branch list (their modules and PySide's types for them cost the first
        frame some 4 ms)."""
        if self.busy is not None:
            return
        self._ensure_branch_combo()
        from branchdesk.ui import ops
        from branchdesk.ui.busy_indicator import BusyIndicator

        self.busy = BusyIndicator()
        self.statusBar().insertPermanentWidget(0, self.busy)
        if not ops.idle():  # work began before it was there
            self.busy.on_busy_changed(True)
        self._add_shortcuts()

    def _ensure_branch_combo(self) -> "QComboBox":
        if self.branch_combo is None:
            from PySide6.QtWidgets import QComboBox

            self.branch_combo = QComboBox(objectName="BranchCombo")
            self.branch_combo.setToolTip("当前团支部")
            self.branch_combo.setVisible(False)
            self.branch_combo.activated.connect(self._on_branch_picked)
            self._side_layout.insertWidget(1, self.branch_combo)  # under the title
        return self.branch_combo

    def show_cached_home(self, cached: "CachedHome") -> bool:
        """Before the database is open: the home page, branch and title as the start-up cache
        (core/home_cache.py) has them for its database, if the window opens on the home page.
        The navigation answers at once; the page chosen opens when the database is attached."""
        from branchdesk.ui.pages.home_page import OverviewPanel

        branch_id = cached.branches[0][0]
        if self.ctx is not None or self._start_key(branch_id) != "home":
            return False
        panel = OverviewPanel(None)
        self.stack.addWidget(panel)
        self.stack.setCurrentWidget(panel)
        # filled once in the window: filled before, the alert lines were measured without the
        # style sheet's padding and grew when the database's load re-laid them out
        panel.show_summary(cached.summary)
        self.nav.setCurrentRow(0)
        self._home_preview = panel
        self.db_label.setText(f"数据库：{cached.description}")
        demo = is_demo_database(cached.database)
        self.demo_banner.setVisible(demo)
        self._show_branches(cached.branches, branch_id, demo)
        self.nav.setEnabled(True)
        self.statusBar().showMessage("正在打开数据库…")  # what is clicked meanwhile waits for it
        return True

    def after_first_frame(self, then) -> None:
        """Call `then()` on a turn of the event loop after the window's first frame is drawn
        (set-up that frame does not need waits so; nothing can be clicked before it). Qt paints
        a window when it is first exposed; a window that is not (started minimised) calls
        `then` after FIRST_FRAME_WAIT_MS. A timer looks, not an event filter: a filter in
        Python is called for every event of the window, each taking the GIL from the thread
        that opens the database meanwhile."""
        timer = QTimer(self, interval=FIRST_FRAME_POLL_MS)
        since = time.monotonic()

        def check() -> None:
            handle = self.windowHandle()
            drawn = handle is not None and handle.isExposed()
            if drawn or (time.monotonic() - since) * 1000 > FIRST_FRAME_WAIT_MS:
                timer.stop()
                timer.deleteLater()
                QTimer.singleShot(0, then)

        timer.timeout.connect(check)
        timer.start()

    def attach(self, ctx: "AppContext") -> None:
        """Connect the window to an open database and show the home page."""
        self.finish_setting_up()
        self.ctx = ctx
        self.statusBar().clearMessage()
        if self._branch_asked is not None:  # checked when the branch list arrives
            ctx.branch_id, self._branch_asked = self._branch_asked, None
        ctx.branch_changed.connect(self._on_context_reset)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.navigate.connect(self._navigate)
        self.nav.setEnabled(True)
        self._refresh_chrome()
        row = self._start_row() if self._row_asked is None else self._row_asked
        if self._home_preview is not None and (row != 0 or ctx.branch_id is None):
            self._drop_home_preview()  # not shown now: the home page loads when it is
        self._row_asked = None
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(row)
        if self._leave_demo_asked:
            self._leave_demo_asked = False
            QTimer.singleShot(0, self, self.leave_demo)
        if self._prefetching is None:
            self._prefetching = list(PREFETCH)
            QTimer.singleShot(PREFETCH_AFTER_MS, self, self._prefetch_next)

    def _prefetch_next(self) -> None:
        """Import the next page or dialog module not yet loaded (on the UI thread, which is
        idle now: one short import per turn, instead of all of a page's at its first click)."""
        while self._prefetching:
            name = self._prefetching.pop(0)
            if name == PYSIDE_TYPES:
                from PySide6.QtGui import QBrush, QColor

                self.style()
                self.nav.viewport()  # the navigation list is a scroll area too
                QBrush(QColor())  # the 团费 grid's cell colours
                break
            if name not in sys.modules:
                importlib.import_module(name)
                break
        if self._prefetching:
            QTimer.singleShot(PREFETCH_EVERY_MS, self, self._prefetch_next)

    # -- keyboard ------------------------------------------------------------------------
    def _add_shortcuts(self) -> None:
        """Ctrl+1 … Ctrl+8: the pages in navigation order; Ctrl+F: the page's search field;
        Ctrl+N: a new record on the page (Enter on a row opens it: each table's `activated`)."""
        from PySide6.QtGui import QKeySequence, QShortcut

        for i, (key, title, _) in enumerate(PAGES):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda key=key: self.ctx and self.show_page(key))
            self.nav.item(i).setToolTip(f"{title}（Ctrl+{i + 1}）")
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.new_record)
        QShortcut(QKeySequence("F1"), self).activated.connect(self.show_help)

    def show_help(self) -> None:
        """F1 or 帮助: what the current page is for and the rules behind it."""
        from branchdesk.ui.help import HelpDialog

        HelpDialog(self.current_key() or "home", self).exec()

    def show_about(self) -> None:
        from branchdesk.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.ctx, self).exec()

    def current_key(self) -> str | None:
        row = self.nav.currentRow()
        return PAGES[row][0] if row >= 0 and self.ctx is not None else None

    def focus_search(self) -> bool:
        """Put the cursor in the current page's search field (switching to its tab)."""
        from PySide6.QtCore import Qt

        key = self.current_key()
        page = self._pages.get(key) if key else None
        field = getattr(page, "search", None) or getattr(
            getattr(page, "list_tab", None), "search", None
        )
        if field is None:
            self.statusBar().showMessage("本页没有搜索框。", 4000)
            return False
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            for i in range(tabs.count()):
                if tabs.widget(i).isAncestorOf(field):
                    tabs.setCurrentIndex(i)
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()
        return True

    def new_record(self) -> bool:
        """Ctrl+N: the page's 新增/新建/登记 action."""
        key = self.current_key()
        if key not in NEW_ACTIONS:
            self.statusBar().showMessage("本页没有可新建的记录。", 4000)
            return False
        if self.ctx.branch_id is None:  # as the page's own 新增 button, which is disabled
            self.statusBar().showMessage("请先在首页创建团支部或导入花名册。", 6000)
            return False
        self._pages[key].run_action(NEW_ACTIONS[key])
        return True

    # -- size, position and last page ---------------------------------------------------
    def _restore_geometry(self) -> None:
        """Last session's size and place, moved and shrunk onto a screen that exists now."""
        settings = ui_settings()
        rect = settings.value("window/rect")
        if isinstance(rect, QRect) and rect.isValid():
            screen = QGuiApplication.screenAt(rect.center()) or QGuiApplication.primaryScreen()
            area = screen.availableGeometry()
            # the saved rect is the client area: leave room for the title bar and frame
            inner = area.adjusted(BORDER, TITLE_H, -BORDER, -BORDER)
            self.setGeometry(clamp_to_screen(rect, inner))
        else:
            area = available_rect()
            width, height = min(1280, area.width() - FRAME_W), min(800, area.height() - FRAME_H)
            self.resize(width, height)
            self.move(area.center() - QPoint(width // 2, (height + FRAME_H) // 2))
        #: shown maximised (by `show`) if it was closed so
        self.maximized_at_start = settings.value("window/maximized", False, type=bool)

    def show(self) -> None:
        """Shown as it was last closed: maximised or in its place. (showMaximized and not
        setWindowState(Qt.WindowState.WindowMaximized) in `_restore_geometry`: the first Qt.*
        enum makes PySide build the whole Qt namespace, some 15 ms before the first frame.)"""
        if self.maximized_at_start:
            self.showMaximized()
        else:
            super().show()

    def _start_row(self) -> int:
        """The page open when the app was last closed; the home page for an empty database."""
        keys = [k for k, _, _ in PAGES]
        return keys.index(self._start_key(self.ctx.branch_id if self.ctx else None))

    @staticmethod
    def _start_key(branch_id: int | None) -> str:
        return "home" if branch_id is None else last_page()

    def closeEvent(self, event) -> None:
        settings = ui_settings()
        settings.setValue("window/rect", self.normalGeometry())
        settings.setValue("window/maximized", self.isMaximized())
        if self.current_key() is not None:
            settings.setValue("window/page", self.current_key())  # opened there next time
        super().closeEvent(event)

    # -- pages ---------------------------------------------------------------------------
    def page(self, key: str) -> "Page":
        """The page widget for `key`, created on first use."""
        if key not in self._pages:
            path = next(p for k, _, p in PAGES if k == key)
            if key == "home" and self._home_preview is not None:
                preview, self._home_preview = self._home_preview, None
                self.stack.removeWidget(preview)
                widget = _load_page_class(path)(self.ctx, overview=preview)
            else:
                widget = _load_page_class(path)(self.ctx)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> "Page":
        row = next(i for i, (k, _, _) in enumerate(PAGES) if k == key)
        self.nav.setCurrentRow(row)
        return self._pages[key]

    def _navigate(self, key: str, action: str) -> None:
        page = self.show_page(key)
        if action:
            page.run_action(action)

    def _drop_home_preview(self) -> None:
        preview, self._home_preview = self._home_preview, None
        if preview is not None:
            self.stack.removeWidget(preview)
            preview.deleteLater()

    def _show_row(self, row: int) -> None:
        if row >= 0 and self.ctx is None and self._home_preview is not None:
            self._row_asked = row  # shown when the database is attached
            self.stack.setCurrentWidget(self._home_preview if row == 0 else self.loading)
        if row < 0 or self.ctx is None:
            return
        widget = self.page(PAGES[row][0])
        self.stack.setCurrentWidget(widget)
        widget.on_shown()  # the page is remembered when the window closes: writing the
        # settings file here cost every switch of page some 16 ms of waiting for the disk

    # -- chrome --------------------------------------------------------------------------
    def is_demo(self) -> bool:
        """The open database is the demo's (a separate file beside the real one)."""
        return is_demo_database(self.ctx.db.sqlite_path if self.ctx is not None else None)

    def leave_demo(self) -> None:
        """Back to the real database (the default one in the user's data folder)."""
        if self.ctx is None:  # the start-up cache's window: once the demo database is open
            self._leave_demo_asked = True
            return
        self.page("settings")._open_default()

    def _refresh_chrome(self) -> None:
        self.db_label.setText(f"数据库：{self.ctx.db.description}")
        self.demo_banner.setVisible(self.is_demo())
        self._refresh_branch_combo()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        from branchdesk.ui import ops

        if ops.BRANCH in kinds:
            self._refresh_branch_combo()

    def _refresh_branch_combo(self) -> None:
        from branchdesk.core.services import branches
        from branchdesk.ui.ops import run_query

        run_query(
            self,
            lambda session: [(b.id, b.name) for b in branches.list_branches(session)],
            on_done=self._fill_branch_combo,
            ctx=self.ctx,
        )

    def _fill_branch_combo(self, all_branches: list[tuple[int, str]]) -> None:
        if self.ctx.pick_default_branch([branch_id for branch_id, _ in all_branches]):
            self.ctx.set_branch(self.ctx.branch_id)  # the current branch was deleted or created
            return  # set_branch refreshes the chrome again
        self._show_branches(all_branches, self.ctx.branch_id, self.is_demo())

    def _show_branches(
        self, all_branches: list[tuple[int, str]], current_id: int | None, demo: bool
    ) -> None:
        """The branch list and the window title naming the current branch."""
        combo = self._ensure_branch_combo()
        combo.blockSignals(True)
        combo.clear()
        for branch_id, name in all_branches:
            combo.addItem(name, branch_id)
        combo.setCurrentIndex(combo.findData(current_id))
        combo.setVisible(bool(all_branches))
        combo.blockSignals(False)
        current = combo.currentText()
        title = window_title(f"{current} - {APP_NAME}" if current else APP_NAME)
        self.setWindowTitle(f"【演示数据】{title}" if demo else title)

    def _on_branch_picked(self, index: int) -> None:
        branch_id = self._ensure_branch_combo().itemData(index)
        if self.ctx is None:  # the start-up cache's window: that branch once the database is open
            self._branch_asked = branch_id
            self._drop_home_preview()
            self.stack.setCurrentWidget(self.loading)
            return
        self.ctx.set_branch(branch_id)

    def _on_context_reset(self) -> None:
        self._refresh_chrome()
        current = self.stack.currentWidget()
        if current in self._pages.values():
            current.on_shown()
