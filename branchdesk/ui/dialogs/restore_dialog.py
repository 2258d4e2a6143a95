"""从备份恢复: pick one of the database's backups (date and what it holds) or another file."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from branchdesk.core.db.backups import BackupInfo, read_info
from branchdesk.core.errors import UserError
from branchdesk.ui.widgets import OK, dialog_buttons


class RestoreDialog(QDialog):
    def __init__(self, infos: list[BackupInfo], parent=None):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.chosen: BackupInfo | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("选择要恢复的备份（日期，及其中的团员、会议、团费缴费记录数）：", wordWrap=True)
        )
        self.list = QListWidget()
        self.list.setMinimumWidth(520)
        for info in infos:
            self._add(info)
        layout.addWidget(self.list)
        self.message = QLabel(objectName="ErrorText", wordWrap=True)
        if not infos:
            self.message.setText("还没有自动备份。可以选择其他备份文件。")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        other = QPushButton("选择其他备份文件…")
        other.clicked.connect(self._choose_file)
        row.addWidget(other)
        row.addStretch(1)
        layout.addLayout(row)
        self.buttons = dialog_buttons("恢复", primary=True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(self._update)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self._update()

    def _add(self, info: BackupInfo) -> QListWidgetItem:
        item = QListWidgetItem(info.label())
        item.setToolTip(str(info.path))
        item.setData(Qt.ItemDataRole.UserRole, info)
        self.list.addItem(item)
        return item

    def _update(self) -> None:
        self.buttons.button(OK).setEnabled(self.list.currentItem() is not None)

    def add_file(self, path: Path) -> bool:
        try:
            info = read_info(path)
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        self.message.clear()
        self.list.setCurrentItem(self._add(info))
        return True

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", "", "团支部工作台数据库备份 (*.db);;所有文件 (*)"
        )
        if path:
            self.add_file(Path(path))

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        super().accept()
