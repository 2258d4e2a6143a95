"""Opening the demo branch from the UI: a separate demo database, so the user's data stays clean."""

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.core.db.database import Database
from branchdesk.core.paths import demo_database_path
from branchdesk.core.services import branches
from branchdesk.core.services.demo import create_demo
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import error_text, run_task


def _prepare_demo(progress) -> Database:
    db = Database.open(demo_database_path())
    with db.transaction() as session:
        if branches.branch_count(session) == 0:
            progress(0, 0, "正在生成演示团支部…")
            create_demo(session)
    return db


def open_demo_database(parent: QWidget, ctx: AppContext) -> None:
    def opened(db: Database) -> None:
        ctx.set_database(db)
        ctx.go("home")

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(parent, "无法打开演示数据", error_text(exc))

    run_task(parent, "正在打开演示数据…", _prepare_demo, opened, failed)
