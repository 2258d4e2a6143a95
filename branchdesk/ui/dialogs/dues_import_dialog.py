"""导入旧团费登记表: choose the file, see every row's outcome (nothing written yet), then import
the rows shown, in one transaction (`dues_import.apply_dues_preview`, the file is not read again).
"""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets import OK, RowListModel, dialog_buttons

BOOK_FILTER = "电子表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"
PROBLEM_COLOR = QColor("#fdecea")


class DuesPreviewModel(RowListModel):
    headers = ("行号", "结果", "姓名", "所缴月份", "金额（元）", "说明")

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        from branchdesk.core.rules.dues_standards import yuan
        from branchdesk.core.services.dues_import import DuesOutcome

        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome is DuesOutcome.REJECTED:
            return PROBLEM_COLOR
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        amount = "" if row.amount_fen is None else yuan(row.amount_fen)
        note = row.reason or "；".join(row.notices)
        values = (str(row.row), str(row.outcome), row.name, row.months_label, amount, note)
        return values[index.column()]


class DuesImportDialog(QDialog):
    """Shows a computed preview; 开始导入 writes it."""

    def __init__(self, ctx: AppContext, preview, parent: QWidget | None = None):
        from branchdesk.core.rules.dues_standards import yuan
        from branchdesk.core.services.dues_import import DuesOutcome

        super().__init__(parent)
        self.ctx, self.preview, self.report = ctx, preview, None
        self.setWindowTitle("导入旧团费登记表")
        self.resize(860, 560)
        counts = {o: preview.count(o) for o in DuesOutcome}
        self.counts = QLabel(
            f"新增缴费记录 {counts[DuesOutcome.NEW]} 条（共 {yuan(preview.new_fen)} 元），"
            f"已登记过 {counts[DuesOutcome.UNCHANGED]} 条，有问题 {counts[DuesOutcome.REJECTED]} 行",
            objectName="SectionTitle",
            wordWrap=True,
        )
        hint = QLabel(
            f"工作表“{preview.sheet.sheet_name}”。此时尚未写入任何数据；有问题的行不会导入，"
            "每条新记录按缴费日期编收据号。",
            objectName="Hint",
            wordWrap=True,
        )
        self.only_problems = QCheckBox("只看有问题的行")
        self.only_notices = QCheckBox("只看有提示的行")
        self.model = DuesPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((56, 64, 90, 150, 80)):
            self.table.setColumnWidth(column, width)
        self.buttons = dialog_buttons("开始导入", primary=True)
        self.import_button = self.buttons.button(OK)
        self.import_button.setEnabled(counts[DuesOutcome.NEW] > 0)
        bar = QHBoxLayout()
        bar.addWidget(self.only_problems)
        bar.addWidget(self.only_notices)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.only_problems.toggled.connect(self._fill)
        self.only_notices.toggled.connect(self._fill)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self._fill()

    def _fill(self, *_args) -> None:
        from branchdesk.core.services.dues_import import DuesOutcome

        rows = self.preview.rows
        if self.only_problems.isChecked():
            rows = [r for r in rows if r.outcome is DuesOutcome.REJECTED]
        if self.only_notices.isChecked():
            rows = [r for r in rows if r.notices]
        self.model.set_rows(rows)

    def start_import(self) -> ops.Op:
        from branchdesk.core.services.dues_import import apply_dues_preview

        preview = self.preview
        self.import_button.setEnabled(False)

        def done(report) -> None:
            self.report = report
            QMessageBox.information(self, "导入旧团费登记表", report.summary())
            self.accept()

        def failed(_exc) -> None:
            self.import_button.setEnabled(True)

        return ops.run_op(
            self,
            lambda session: apply_dues_preview(session, preview),
            kinds={ops.DUES},
            on_done=done,
            on_error=failed,
            ctx=self.ctx,
        )


def import_dues_book(parent: QWidget, ctx: AppContext, today=None) -> ops.Op | None:
    """Ask for the file, compute the preview off the UI thread, then show it."""
    branch_id = ctx.branch_id
    if branch_id is None:
        return None
    path, _ = QFileDialog.getOpenFileName(parent, "选择旧团费登记表", "", BOOK_FILTER)
    if not path:
        return None
    from branchdesk.core.services.dues_import import preview_dues_import

    def show(preview) -> None:
        DuesImportDialog(ctx, preview, parent).exec()

    return ops.run_query(
        parent,
        lambda session: preview_dues_import(session, path, branch_id, today=today),
        on_done=show,
        ctx=ctx,
    )
