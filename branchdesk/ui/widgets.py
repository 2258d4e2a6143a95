"""Small widget builders every page and dialog shares."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(accept_text: str = "确定", primary: bool = False) -> QDialogButtonBox:
    """OK / Cancel in Chinese (no Qt translation is loaded, so Qt's own labels are English).

    The caller connects `accepted` and `rejected`; `buttons.button(OK)` is the accept button.
    """
    buttons = QDialogButtonBox(OK | CANCEL)
    accept = buttons.button(OK)
    accept.setText(accept_text)
    if primary:
        accept.setObjectName("PrimaryButton")
    buttons.button(CANCEL).setText("取消")
    return buttons


class RowListModel(QAbstractTableModel):
    """A read-only table over a list of rows, with fixed column headers.

    Subclasses set `headers` and implement `data`.
    """

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
