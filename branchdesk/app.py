"""The only place that wires core to ui: QApplication, the database, the main window."""

import sys

from branchdesk import APP_NAME


def create_application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from branchdesk.core.paths import resource
    from branchdesk.ui.fonts import apply_cjk_fallback
    from branchdesk.ui.translation import install_chinese

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("BranchDesk")
    install_chinese(app)
    apply_cjk_fallback(app)
    style = resource("style.qss").read_text(encoding="utf-8")
    # url(RESOURCES/...) in the style sheet: the bundled icons, wherever the app is installed
    app.setStyleSheet(style.replace("RESOURCES/", resource().as_posix() + "/"))
    return app


def open_main_window(db):
    """A main window attached to an open database (tests and the demo use this)."""
    from branchdesk.ui.main_window import MainWindow

    window = MainWindow()
    attach_database(window, db)
    return window


def attach_database(window, db) -> None:
    from branchdesk.ui.context import AppContext

    window.attach(AppContext(db))
    if db.backup_path is not None:
        window.statusBar().showMessage(f"数据库已升级，升级前的副本保存在 {db.backup_path}", 15000)
    elif db.read_only:
        window.statusBar().showMessage("数据库已只读打开：另一个团支部工作台正在使用它。", 15000)


def run_gui(db_arg: str | None = None) -> int:
    """Show the window first, then open (and if needed migrate) the database."""
    from PySide6.QtCore import QTimer

    from branchdesk.ui.main_window import MainWindow
    from branchdesk.ui.ops import install_excepthook

    app = create_application()
    install_excepthook()
    window = MainWindow()
    window.show()

    def open_database() -> None:
        from PySide6.QtWidgets import QMessageBox

        from branchdesk.core.db.database import Database
        from branchdesk.core.errors import DatabaseInUseError, UserError
        from branchdesk.core.paths import default_database_path
        from branchdesk.ui.db_in_use import ask_password, ask_read_only

        path = db_arg or default_database_path()
        try:
            try:
                db = Database.open(path, exclusive=True)
            except DatabaseInUseError as exc:
                if not ask_read_only(window, exc):
                    app.exit(exc.exit_code)
                    return
                db = Database.open(path, read_only=True)
        except UserError as exc:
            QMessageBox.critical(window, APP_NAME, exc.message)
            app.exit(exc.exit_code)
            return
        if not ask_password(window, db):
            db.dispose()
            app.exit(1)
            return
        attach_database(window, db)

    QTimer.singleShot(0, open_database)
    code = app.exec()
    backup_on_exit(window)
    return code


def backup_on_exit(window) -> None:
    """The automatic backup (at most one a day, rotated), then close the database."""
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
    finally:
        ctx.db.dispose()
