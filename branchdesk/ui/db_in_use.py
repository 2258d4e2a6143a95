"""Opening a database in the window: when another copy of BranchDesk has it open, say who and
offer to open it read-only; when it has a start-up password, ask for it."""

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


def ask_password(parent: QWidget | None, db, tries: int = 3) -> bool:
    """If `db` has a start-up password, ask for it (up to `tries` times); True if it may open."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from branchdesk.core.services import security

    if not security.database_password_required(db):
        return True
    prompt = "这个数据库设置了启动密码，请输入："
    for _ in range(tries):
        password, ok = QInputDialog.getText(parent, "启动密码", prompt, QLineEdit.EchoMode.Password)
        if not ok:
            return False
        if security.database_password_ok(db, password):
            return True
        prompt = "密码不正确，请重新输入："
    return False
