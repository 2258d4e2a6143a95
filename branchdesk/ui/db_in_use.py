"""When another copy of BranchDesk has the database open: say who, offer to open it read-only."""

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.core.errors import DatabaseInUseError

READ_ONLY_BUTTON = "只读打开"


def ask_read_only(parent: QWidget | None, exc: DatabaseInUseError) -> bool:
    """True if the user chose to open the database read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, "数据库正在使用", exc.message, parent=parent)
    read_only = box.addButton(READ_ONLY_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only
