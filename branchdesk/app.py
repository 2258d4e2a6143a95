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
        from branchdesk.core.errors import UserError
        from branchdesk.core.paths import default_database_path

        try:
            db = Database.open(db_arg or default_database_path())
        except UserError as exc:
            QMessageBox.critical(window, APP_NAME, exc.message)
            app.exit(exc.exit_code)
            return
        attach_database(window, db)

    QTimer.singleShot(0, open_database)
    return app.exec()
