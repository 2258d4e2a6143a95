"""The 团员 page's file buttons: 导出… the roster, 导出为智慧团建格式 and 下载导入模板 (written off the
UI thread)."""

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.core.reports.file_names import safe_file_name
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.save_location import XLSX_FILTER, ask_save_path
from branchdesk.ui.tasks import run_task


def _save_path(parent: QWidget, title: str, name: str) -> str:
    """Documents (or the last folder) by default; "" when cancelled."""
    path = ask_save_path(parent, title, safe_file_name(name, ".xlsx"), XLSX_FILTER)
    return str(path) if path is not None else ""


def export_roster(parent: QWidget, ctx: AppContext, include_archived: bool = False):
    """Ask where to save (named after the branch), then write the roster off the UI thread."""
    from branchdesk.core.services.branches import load_profile

    branch_id = ctx.branch_id
    if branch_id is None:
        return None

    def write(path: str) -> ops.Op:
        from branchdesk.core.io.roster_export import export_roster as export

        def work(session, progress):
            progress(0, 0, "正在导出花名册…")
            return export(session, branch_id, path, include_archived=include_archived)

        def done(count: int) -> None:
            QMessageBox.information(parent, "导出花名册", f"已导出 {count} 名团员到：\n{path}")

        return ops.run_query(parent, work, on_done=done, progress="正在导出花名册…", ctx=ctx)

    def ask(branch_name: str) -> None:
        path = _save_path(parent, "导出花名册", f"{branch_name}团员花名册")
        if path:
            write(path)

    return ops.run_query(
        parent, lambda session: load_profile(session, branch_id).name, on_done=ask, ctx=ctx
    )


def export_zhtj(parent: QWidget, ctx: AppContext):
    """The roster in 智慧团建's batch-import layout, to upload to the online system."""
    branch_id = ctx.branch_id
    if branch_id is None:
        return None
    path = _save_path(parent, "导出为智慧团建导入格式", "智慧团建团员导入")
    if not path:
        return None
    from branchdesk.core.io.roster_export import export_zhtj as export

    def work(session, progress):
        progress(0, 0, "正在导出…")
        return export(session, branch_id, path)

    def done(result) -> None:
        text = f"已导出 {result.written} 名团员到：\n{path}\n可在智慧团建“批量导入团员”中上传。"
        if result.incomplete:
            text += (
                f"\n\n{len(result.incomplete)} 名团员缺少身份证号（资料不全），没有导出："
                f"{'、'.join(result.incomplete[:20])}"
            )
        QMessageBox.information(parent, "导出为智慧团建导入格式", text)

    return ops.run_query(parent, work, on_done=done, progress="正在导出…", ctx=ctx)


def save_template(parent: QWidget):
    path = _save_path(parent, "保存导入模板", "团员花名册导入模板")
    if not path:
        return None

    def work(progress):
        from branchdesk.core.io.roster_export import export_template

        return export_template(path)

    def done(_result) -> None:
        QMessageBox.information(
            parent,
            "下载导入模板",
            f"导入模板已保存到：\n{path}\n填好后点击“导入…”即可导入。",
        )

    return run_task(parent, "正在生成导入模板…", work, on_success=done)
