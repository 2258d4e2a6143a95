"""Finding a person is typing a few letters: a picker for every field that names one member.

Type part of the name, the pinyin initials (张三丰 → zsf) or digits of the ID number; the list
under the field shows who matches, ↓/Enter or a click picks one. An empty field is "nobody":
the picker never picks the first person by itself. `FilterBox` is the same matching for lists
(attendance, batch payments, batch transfers): a search field and, where there are groups, a
group filter that hide the rows that do not match.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from branchdesk.core.text import name_initials

ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
HINT = "输入姓名、拼音首字母或身份证号"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    #: shown after the name (group, class) to tell two people of the same name apart
    detail: str = ""
    id_number: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}（{self.detail}）" if self.detail else self.name


class People(list):
    """A list of `Person` several pickers share (a committee post per row, host and recorder):
    the id → label table every picker needs is made once, when the first picker asks."""

    @cached_property
    def labels(self) -> dict[int, str]:
        return {person.id: person.label for person in self}


def search_key(name: str, id_number: str = "", detail: str = "") -> str:
    """What a search matches: name, pinyin initials, ID number, detail (lower-case)."""
    return f"{name} {name_initials(name)} {id_number} {detail}".lower()


def matches(key: str, text: str) -> bool:
    """Every word of `text` is in `key` (so "zs 4409" finds 张三 with an ID ending 4409)."""
    return all(word in key for word in text.lower().split())


class _PeopleModel(QAbstractListModel):
    """The people of a picker, replaced with one reset (a branch of 2,000 costs no more to
    fill than one of 20); search keys are made when a search first needs them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.people: list[Person] = []
        self._keys: list[str] | None = None

    def set_people(self, people: list[Person]) -> None:
        self.beginResetModel()
        self.people = people
        self._keys = None
        self.endResetModel()

    def key(self, row: int) -> str:
        if self._keys is None:
            self._keys = [search_key(p.name, p.id_number, p.detail) for p in self.people]
        return self._keys[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.people[index.row()].label
        if role == ID_ROLE:
            return self.people[index.row()].id
        if role == KEY_ROLE:
            return self.key(index.row())
        return None


class SearchFilter(QSortFilterProxyModel):
    """Hides the rows whose search key (`sourceModel().key(row)`) the text does not find."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""

    def set_text(self, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt before 6.9
            self.text = text.strip()
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self.text = text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802 - Qt's name
        return not self.text or matches(self.sourceModel().key(row), self.text)


class PersonPicker(QWidget):
    """One member (or nobody); `value()` is the member's id or None."""

    #: the chosen member's id, or None when emptied
    valueChanged = Signal(object)

    def __init__(
        self,
        people: Iterable[Person] = (),
        selected: int | None = None,
        placeholder: str = HINT,
        free_text: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        #: free text: anyone's name may be typed (a guest speaker); members are offered
        self.free_text = free_text
        self._value: int | None = None
        self._people = People()
        self._model_stale = False  # the people are not in the model yet (filled on a search)
        self._model = _PeopleModel(self)
        self.filter = SearchFilter(self)
        self.filter.setSourceModel(self._model)
        self.edit = QLineEdit(placeholderText=placeholder)
        self.edit.setClearButtonEnabled(True)
        self.button = QToolButton(text="▾")
        self.button.setToolTip("列出全部")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.completer = QCompleter(self.filter, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.button.clicked.connect(self.show_all)
        self.set_people(people, selected)

    # -- people --------------------------------------------------------------------------
    def set_people(self, people: Iterable[Person], selected: int | None = None) -> None:
        """The people to choose from; keeps `selected` (or nobody). They go into the list model
        when a search first needs them: a page with a picker per row and 2,000 members fills
        no models it does not search (pass one `People` to many pickers to share the labels)."""
        self._people = people if isinstance(people, People) else People(people)
        self._model_stale = True
        self.setValue(selected if selected in self._labels else None, notify=False)

    @property
    def _labels(self) -> dict[int, str]:
        return self._people.labels

    def _searchable(self) -> None:
        """The people in the list model (once after each `set_people`)."""
        if self._model_stale:
            self._model_stale = False
            self._model.set_people(list(self._people))

    @property
    def model(self) -> _PeopleModel:
        """The list model of the people (filled now if it was not yet)."""
        self._searchable()
        return self._model

    def count(self) -> int:
        return len(self._people)

    # -- value ---------------------------------------------------------------------------
    def value(self) -> int | None:
        return self._value

    def currentData(self) -> int | None:  # noqa: N802 - the QComboBox name callers know
        return self._value

    def label(self) -> str:
        return self._labels.get(self._value, "")

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show `text`; the member of that name is chosen when there is one."""
        self.edit.setText(text)
        self._finished()

    def setValue(self, person_id: int | None, notify: bool = True) -> None:  # noqa: N802
        person_id = person_id if person_id in self._labels else None
        changed = person_id != self._value
        self._value = person_id
        self.edit.setText(self._labels.get(person_id, ""))
        if changed and notify:
            self.valueChanged.emit(person_id)

    # -- typing and picking --------------------------------------------------------------
    def matching(self, text: str) -> list[int]:
        """Ids of the people `text` finds, in list order."""
        self._searchable()
        self.filter.set_text(text)
        return [self.filter.index(r, 0).data(ID_ROLE) for r in range(self.filter.rowCount())]

    def search(self, text: str) -> None:
        """Type `text` (as a user would) and show who matches."""
        self.edit.setText(text)
        self._typed(text)

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.completer.popup().hide()
            return
        self._searchable()
        self.filter.set_text(text)
        if self.filter.rowCount():
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def show_all(self) -> None:
        self._searchable()
        self.filter.set_text("")
        self.edit.setFocus()
        self.completer.complete()

    def _set_free(self, person_id: int | None) -> None:
        if person_id != self._value:
            self._value = person_id
            self.valueChanged.emit(person_id)

    def _activated(self, index) -> None:
        self.setValue(index.data(ID_ROLE))

    def pick_first_match(self) -> bool:
        """Enter after typing: take the one person the text finds (or the first one listed)."""
        found = self.matching(self.edit.text())
        if not found:
            return False
        self.setValue(found[0])
        self.completer.popup().hide()
        return True

    def _finished(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self.setValue(None)
        elif self.free_text:
            exact = [i for i, label in self._labels.items() if label == text]
            self._set_free(exact[0] if exact else None)
        elif text != self.label():
            # typed but not picked: take an exact or single match, otherwise keep the old choice
            found = self.matching(text)
            exact = [i for i in found if self._labels[i] == text]
            if exact or len(found) == 1:
                self.setValue((exact or found)[0])
            else:
                self.edit.setText(self.label())


class FilterBox(QWidget):
    """A search field (and a group filter) over a list: `accepts(key, group_id)` per row."""

    changed = Signal()

    def __init__(
        self, groups: Iterable[tuple[int, str]] = (), placeholder: str = HINT, parent=None
    ):
        super().__init__(parent)
        self.search = QLineEdit(placeholderText=placeholder)
        self.search.setClearButtonEnabled(True)
        self.group = QComboBox()
        self.set_groups(groups)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.group)
        self.search.textChanged.connect(self.changed)
        self.group.currentIndexChanged.connect(self.changed)

    def set_groups(self, groups: Iterable[tuple[int, str]]) -> None:
        """The groups to filter by; the filter is hidden for a branch without groups."""
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem("全部团小组", None)
        for group_id, name in groups:
            self.group.addItem(name, group_id)
        self.group.setVisible(self.group.count() > 1)
        self.group.blockSignals(False)

    def accepts(self, key: str, group_id: int | None = None) -> bool:
        wanted = self.group.currentData()
        return (wanted is None or wanted == group_id) and matches(key, self.search.text())

    def apply(self, count: int, row: Callable[[int], tuple[str, int | None]], hide) -> None:
        """Hide row i (via `hide(i, hidden)`) unless its (key, group id) passes the filter."""
        for i in range(count):
            hide(i, not self.accepts(*row(i)))
