"""Opening the demo branch from the UI: a separate demo database, so the user's data stays clean."""

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.core.paths import demo_database_path
from branchdesk.core.services import workspace
from branchdesk.core.services.workspace import OpenedDatabase
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import error_text, run_task


def open_demo_database(parent: QWidget, ctx: AppContext) -> None:
    def opened(opened: OpenedDatabase) -> None:
        ctx.set_database(opened.db, opened.branch_ids)
        ctx.go("home")

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(parent, "无法打开演示数据", error_text(exc))

    path = demo_database_path()
    run_task(
        parent,
        "正在打开演示数据…",
        lambda progress: workspace.open_demo_database(path, progress),
        opened,
        failed,
    )
