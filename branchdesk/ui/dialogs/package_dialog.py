"""Merging a branch's data package: a preview of what will change, a choice for each member
changed on both sides, then the merge in one transaction."""

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.services.packages import KEEP_LOCAL, TAKE_PACKAGE, MergeReport
from branchdesk.ui.widgets import dialog_buttons, fit_to_screen

CHOICES = ((KEEP_LOCAL, "保留本机"), (TAKE_PACKAGE, "采用数据包"))


class PackagePreviewDialog(QDialog):
    """Shows a dry run's report; `choices()` are the user's picks for the conflicts."""

    def __init__(self, report: MergeReport, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("合并数据包")
        self.report = report
        head = QLabel(f"数据包“{file_name}”将带来以下变化（确认后才写入数据库）：")
        head.setWordWrap(True)
        summary = QPlainTextEdit(
            "\n".join(line for line in report.lines() if not line.startswith("冲突"))
        )
        summary.setReadOnly(True)
        summary.setMaximumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(summary)
        self.table = QTableWidget(len(report.conflicts), 3, objectName="ConflictTable")
        self.table.setHorizontalHeaderLabels(["团员", "两边不同之处（本机 → 数据包）", "处理"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, conflict in enumerate(report.conflicts):
            what = "；".join(
                f"{f}：{a or '（空）'} → {b or '（空）'}" for f, a, b in conflict.fields
            )
            self.table.setItem(row, 0, QTableWidgetItem(conflict.name))
            item = QTableWidgetItem(what)
            item.setToolTip(what)
            self.table.setItem(row, 1, item)
            combo = QComboBox()
            for value, label in CHOICES:
                combo.addItem(label, value)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        if report.conflicts:
            note = QLabel(
                f"{len(report.conflicts)} 名团员在团支部和本机都被修改过，请逐一选择保留哪一边："
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
        buttons = dialog_buttons("合并", primary=True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 480 if report.conflicts else 320)

    def choices(self) -> dict[str, str]:
        return {
            conflict.key: combo.currentData()
            for conflict, combo in zip(self.report.conflicts, self.combos, strict=True)
        }
