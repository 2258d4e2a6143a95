"""The only place that wires core to ui: QApplication, the database, the main window."""

import sys
import threading

from branchdesk import APP_NAME


def create_application(argv: list[str] | None = None):
    """The application, set up completely (tests, scripts and benchmarks use this)."""
    app = _application_for_first_frame(argv)
    finish_application(app)
    return app


def _application_for_first_frame(argv: list[str] | None = None):
    """The QApplication with what the main window's first frame shows: names, Chinese locale and
    Qt's catalogue, the CJK font and the style sheet."""
    from PySide6.QtWidgets import QApplication

    from branchdesk.core.paths import resource
    from branchdesk.ui.fonts import apply_cjk_fallback
    from branchdesk.ui.translation import install_chinese

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("BranchDesk")
    use_portable_settings()
    install_chinese(app)
    apply_cjk_fallback(app)
    app.setDesktopFileName("branchdesk")  # the .deb's menu entry: its icon in the task bar
    style = resource("style.qss").read_text(encoding="utf-8")
    # url(RESOURCES/...) in the style sheet: the bundled icons, wherever the app is installed
    app.setStyleSheet(style.replace("RESOURCES/", resource().as_posix() + "/"))
    return app


def finish_application(app) -> None:
    """What no first frame needs: the filter that keeps every dialog on the screen (an
    application event filter in Python sees every event of the window being built and shown,
    and its first sight of each kind of widget and event costs PySide a wrapper type: 20-30 ms
    of the first frame) and the window icon (PySide's QIcon type alone, some 1.5 ms; the title
    bar and task bar take it a moment later), and the cycle collector moved to this thread
    (ui/gui_collector.py). `start_gui` calls this on the event loop's turn after the window's
    first frame, before any dialog can open; `create_application` at once."""
    from PySide6.QtGui import QIcon

    from branchdesk.core.paths import resource
    from branchdesk.ui import gui_collector
    from branchdesk.ui.widgets import EveryWindowOnScreen

    app.setWindowIcon(QIcon(str(resource("icons", "branchdesk.png"))))
    EveryWindowOnScreen.install(app)  # no dialog or message box leaves the screen
    gui_collector.install(app)  # the cycle collector runs on this thread only


def use_portable_settings() -> None:
    """In portable mode every QSettings Qt itself keeps (file dialogs' last folders, ...) is an
    ini file in the data folder beside the program too, not in the user's folder or registry."""
    from PySide6.QtCore import QSettings

    from branchdesk.core.paths import data_dir, is_portable

    if not is_portable():
        return
    folder = str(data_dir() / "qt-settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):  # native: Unix only
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)


def open_main_window(db):
    """A main window attached to an open database (tests and the demo use this)."""
    from branchdesk.ui.main_window import MainWindow

    window = MainWindow()
    attach_database(window, db)
    return window


def attach_database(window, db, branch_ids: list[int] | None = None) -> None:
    from branchdesk.ui.context import AppContext

    window.attach(AppContext(db, branch_ids=branch_ids))
    if db.backup_path is not None:
        window.statusBar().showMessage(f"数据库已升级，升级前的副本保存在 {db.backup_path}", 15000)
    elif db.read_only:
        window.statusBar().showMessage("数据库已只读打开：另一个团支部工作台正在使用它。", 15000)


class DatabaseOpening:
    """A database being opened on a plain thread while the window appears: the engine, an
    upgrade if one is due, the list of branches (its query also sets up the ORM mappers) and
    the modules the home page reads with. Started once the window's first frame is drawn
    (started before Qt was imported, the shown window came ~110 ms later and the home page
    no sooner: both threads' Python takes turns for the GIL); `done` is set when it has
    `opened` (a workspace.OpenedDatabase) or failed with `error`."""

    def __init__(self, path: str, read_only: bool = False):
        self.path, self.read_only = path, read_only
        self.opened = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, name="open-database", daemon=True).start()

    def _run(self) -> None:
        try:
            from branchdesk.core.services import workspace

            self.opened = workspace.open_database(self.path, read_only=self.read_only)
            import branchdesk.core.services.alerts  # noqa: F401  (the home page's reads)
            import branchdesk.core.services.overview  # noqa: F401
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread
            self.error = exc
        finally:
            from branchdesk.core.gc_pause import start_up_done

            start_up_done()
            self.done.set()


def run_gui(db_arg: str | None = None, smoke: bool = False) -> int:
    """Show the window at once; the database opens (and if needed migrates) meanwhile.

    `smoke` (`branchdesk --smoke-window`, the built program's check): close the window again as
    soon as the database is open and the home page has loaded, and say what it showed."""
    app, window = start_gui(db_arg, smoke)
    code = app.exec()
    backup_on_exit(window)
    return code


def start_gui(db_arg: str | None = None, smoke: bool = False):
    """The application with its main window shown (benchmarks/startup.py times this); once its
    first frame is drawn, the database opens off the UI thread and is attached when open.
    Returns (app, window)."""
    from branchdesk.core.gc_pause import pause_for_start_up

    pause_for_start_up()
    from PySide6.QtCore import QTimer

    from branchdesk.core.paths import default_database_path
    from branchdesk.ui.main_window import MainWindow

    app = _application_for_first_frame()
    window = MainWindow(deferred=True)
    path = str(db_arg or default_database_path())
    show_cached_home(window, path)
    window.show()

    def first_frame_drawn() -> None:
        # the database's thread starts now: started with the window, its Python took turns
        # for the GIL with each Python call the first frame makes (widgets' first virtual
        # calls, timers); the rest is set up on the next turn, while it opens. (An exception
        # before this propagates out of start_gui: the hook is for the threads and slots.)
        from branchdesk.ui.ops import install_excepthook

        install_excepthook()
        open_in_window(app, window, path, smoke)
        QTimer.singleShot(0, finish)

    def finish() -> None:
        window.finish_setting_up()
        finish_application(app)

    window.after_first_frame(first_frame_drawn)
    return app, window


def show_cached_home(window, path: str) -> bool:
    """The home page as it was at the last close, if the database and the day are the same
    (core/home_cache.py), shown while the database opens; True if it is shown."""
    from branchdesk.core.paths import home_cache_file

    file = home_cache_file()
    if not file.exists():
        return False  # (a first start, a start after a change by the command line ...)
    from branchdesk.core import home_cache

    cached = home_cache.load(path, folder=file.parent)
    return cached is not None and window.show_cached_home(cached)


def open_in_window(app, window, path: str, smoke: bool = False) -> None:
    """Open the database at `path` on a worker thread (the collector paused meanwhile: see
    gc_pause.pause_for_start_up) and attach it to the shown `window` when open."""
    from branchdesk.core.gc_pause import pause_for_start_up

    pause_for_start_up()
    _attach_when_open(app, window, DatabaseOpening(path), smoke)


def _attach_when_open(app, window, opening: DatabaseOpening, smoke: bool = False) -> None:
    """Look every few milliseconds (the event loop runs meanwhile) whether the database is open;
    then ask what has to be asked on the UI thread and attach it."""
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setInterval(5)

    def check() -> None:
        if opening.done.is_set():
            timer.stop()
            timer.deleteLater()
            _opened(app, window, opening, smoke)

    timer.timeout.connect(check)
    timer.start()


def _opened(app, window, opening: DatabaseOpening, smoke: bool = False) -> None:
    from PySide6.QtWidgets import QMessageBox

    from branchdesk.core.errors import DatabaseInUseError, UserError
    from branchdesk.ui.db_in_use import ask_password, ask_read_only

    exc = opening.error
    if isinstance(exc, DatabaseInUseError):
        if ask_read_only(window, exc):
            _attach_when_open(app, window, DatabaseOpening(opening.path, read_only=True), smoke)
        else:
            app.exit(exc.exit_code)
        return
    if isinstance(exc, UserError):
        QMessageBox.critical(window, APP_NAME, exc.message)
        app.exit(exc.exit_code)
        return
    if exc is not None:
        raise exc  # a bug: logged and shown by the excepthook
    db = opening.opened.db
    if not ask_password(window, db):
        db.dispose()
        app.exit(1)
        return
    attach_database(window, db, opening.opened.branch_ids)
    if smoke:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _close_after_loading(window))


def _close_after_loading(window) -> None:
    from branchdesk.ui import ops

    ops.wait_idle()
    page = window.stack.currentWidget()
    print(f"窗口已打开：{window.windowTitle()}，当前页面：{type(page).__name__}", flush=True)
    window.close()


def backup_on_exit(window) -> None:
    """The automatic backup (at most one a day, rotated), the home page cache for the next start
    (core/home_cache.py), then close the database."""
    from branchdesk.core.db.backups import auto_backup
    from branchdesk.core.errorlog import log_exception

    ctx = getattr(window, "ctx", None)
    if ctx is None:
        return
    try:
        from branchdesk.ui import ops

        ops.wait_idle()
        if not ctx.db.read_only:
            auto_backup(ctx.db)
    except Exception as exc:  # a failed backup must not turn closing into an error
        log_exception(exc, "automatic backup")
    try:
        from branchdesk.core import home_cache
        from branchdesk.ui.main_window import last_page

        # the home page of the next start, shown before the database opens (if it opens there)
        if last_page() == "home":
            home_cache.save(ctx.db)
        else:
            home_cache.forget()
    except Exception as exc:  # nor a failed cache
        log_exception(exc, "home page cache")
    finally:
        ctx.db.dispose()
