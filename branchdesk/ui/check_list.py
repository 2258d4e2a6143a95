"""A list of people with a tick each, for the batch dialogs: filled in one go through a model.

`CheckListModel.set_rows` replaces every row with one model reset, and the ticks are a set of
ids, so a list of 2,000 members costs no more to fill than a list of 20 and a tick costs nothing
to add up. `CheckList` is the view with a search filter (name, pinyin initials, ID digits) that
hides what does not match and keeps the ticks either way.
"""

from collections.abc import Iterable

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QListView

from branchdesk.ui.person_picker import ID_ROLE, KEY_ROLE, SearchFilter

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def _is_checked(value) -> bool:
    return getattr(value, "value", value) == CHECKED.value


class CheckListModel(QAbstractListModel):
    """Rows of (id, label, search key); `checked` is the set of ticked ids."""

    #: the ticks changed (a click, the space bar, or `set_checked`)
    toggled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[int, str, str]] = []
        self.checked: set[int] = set()

    def set_rows(self, rows: list[tuple[int, str, str]], checked: Iterable[int] = ()) -> None:
        self.beginResetModel()
        self.rows = rows
        self.checked = set(checked)
        self.endResetModel()
        self.toggled.emit()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        member_id, label, key = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return CHECKED if member_id in self.checked else UNCHECKED
        if role == ID_ROLE:
            return member_id
        if role == KEY_ROLE:
            return key
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        self.set_checked([self.rows[index.row()][0]], _is_checked(value))
        return True

    def key(self, row: int) -> str:
        return self.rows[row][2]

    # -- ticks ---------------------------------------------------------------------------
    def is_checked(self, row: int) -> bool:
        return self.rows[row][0] in self.checked

    def set_checked(self, ids: Iterable[int], checked: bool = True) -> None:
        """Tick (or untick) these ids: one signal, however many."""
        ids = set(ids)
        before = len(self.checked)
        if checked:
            self.checked |= ids & {r[0] for r in self.rows}
        else:
            self.checked -= ids
        if len(self.checked) == before:
            return
        if self.rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self.rows) - 1), [Qt.ItemDataRole.CheckStateRole]
            )
        self.toggled.emit()

    def toggle(self, row: int) -> None:
        member_id = self.rows[row][0]
        self.set_checked([member_id], member_id not in self.checked)

    def checked_ids(self) -> list[int]:
        """The ticked ids in list order."""
        return [r[0] for r in self.rows if r[0] in self.checked]


class CheckList(QListView):
    """The view of a `CheckListModel`; `set_filter(text)` hides the rows the text does not find."""

    def __init__(self, model: CheckListModel | None = None, parent=None):
        super().__init__(parent)
        self.checks = model or CheckListModel(self)
        self.filter = SearchFilter(self)
        self.filter.setSourceModel(self.checks)
        self.setModel(self.filter)
        self.setUniformItemSizes(True)  # no per-row size hint: fast with thousands of rows

    def set_filter(self, text: str) -> None:
        self.filter.set_text(text)

    def visible_count(self) -> int:
        return self.filter.rowCount()
