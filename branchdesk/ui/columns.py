"""Table columns that use the window's width.

Once rows are shown, each column is as wide as its header and contents (at most `most`
pixels); what a wide window has left over goes to the most textual column (or is shared out
between all), again whenever the table changes size; a narrow window scrolls sideways instead.
A column whose edge the user dragged keeps that width, remembered per table in the UI settings.
"""

import json

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from branchdesk.ui.screen import ui_settings


class ColumnFit(QObject):
    """Column widths of `view`, remembered under `columns/<key>` by column header.

    `stretch` is the column that takes a wide window's spare width (-1: the last; None: it is
    shared out between all columns)."""

    def __init__(
        self,
        view: QTableView,
        key: str,
        stretch: int | None = None,
        most: int = 240,
        padding: int = 12,
    ):
        super().__init__(view)
        self.view, self.key, self.stretch = view, f"columns/{key}", stretch
        self.most, self.padding = most, padding
        #: each column's header and contents, measured on the first rows ([] before), and
        #: those widths with `padding`
        self.contents: list[int] = []
        self.fitted: list[int] = []
        self.user: dict[str, int] = self._load()
        self._pressed = False  # a mouse button is down on the header: resizes are the user's
        self._dragged = False
        self._applying = False
        header = view.horizontalHeader()
        header.setStretchLastSection(False)  # the spare width is shared out here instead
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        self._header_area, self._area = header.viewport(), view.viewport()
        self._header_area.installEventFilter(self)
        self._area.installEventFilter(self)
        self.apply()

    # -- the user's widths ---------------------------------------------------------------
    def _load(self) -> dict[str, int]:
        try:
            saved = json.loads(str(ui_settings().value(self.key, "{}")))
        except ValueError:
            return {}
        if not isinstance(saved, dict):
            return {}
        return {str(k): int(v) for k, v in saved.items() if isinstance(v, int) and v > 0}

    def _save(self) -> None:
        ui_settings().setValue(self.key, json.dumps(self.user, ensure_ascii=False))

    def _label(self, column: int) -> str:
        return str(self.view.model().headerData(column, Qt.Orientation.Horizontal))

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._pressed and not self._applying:
            self.user[self._label(column)] = new
            self._dragged = True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()  # (nothing else is touched for other events: they come on closing too)
        if kind == QEvent.Type.Resize:
            if watched is self._area:
                self.apply()
        elif watched is not self._header_area:
            pass
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
            if self._dragged:
                self._dragged = False
                self._save()
                self.apply()  # the stretched column gives back or takes up the difference
        return False

    def forget_user_widths(self) -> None:
        self.user = {}
        ui_settings().remove(self.key)
        self.apply()

    # -- fitting -------------------------------------------------------------------------
    def fit(self) -> None:
        """Measure the columns on the rows shown now (the first time there are rows)."""
        model = self.view.model()
        if self.contents or model is None or not model.rowCount():
            return
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(64)  # about two screens of rows (200: 42 ms of UI)
        self._applying = True
        try:
            self.view.resizeColumnsToContents()
        finally:
            self._applying = False
        self.contents = [
            min(max(self.view.columnWidth(c), header.sectionSizeHint(c)), self.most - self.padding)
            for c in range(header.count())
        ]
        self.fitted = [width + self.padding for width in self.contents]
        self.apply()

    def widths(self) -> list[int]:
        """The widths to show: the user's, else the fitted ones; a wide window's spare width
        shared out, a window a little too narrow taking it from the padding (down to 4 px)."""
        count = self.view.horizontalHeader().count()
        if not self.contents or len(self.contents) != count:
            return [self.user.get(self._label(c)) or self.view.columnWidth(c) for c in range(count)]
        free = [c for c in range(count) if self._label(c) not in self.user]
        room = self.view.viewport().width() - sum(
            self.user[self._label(c)] for c in range(count) if c not in free
        )
        padding = self.padding
        if free:
            needed = sum(self.contents[c] for c in free)
            padding = max(min(self.padding, (room - needed) // len(free)), 4)
        widths = [self.user.get(self._label(c)) or self.contents[c] + padding for c in range(count)]
        spare = self.view.viewport().width() - sum(widths)
        if spare <= 0:
            return widths
        if self.stretch is not None:
            stretch = self.stretch % count
            free = [stretch] if stretch in free else []
        for i, c in enumerate(free):
            widths[c] += spare // len(free) + (1 if i < spare % len(free) else 0)
        return widths

    def apply(self) -> None:
        if self._applying or self.view.model() is None:
            return
        self._applying = True
        try:
            for column, width in enumerate(self.widths()):
                if self.view.columnWidth(column) != width:
                    self.view.setColumnWidth(column, width)
        finally:
            self._applying = False


class ShareOut(QObject):
    """Columns of fixed width (a grid too large to measure, such as the 团费 months) that take
    an equal share of the width the other columns leave, at least `least` and at most `most`
    pixels each, again whenever the table changes size."""

    def __init__(self, view: QTableView, columns: range, least: int, most: int):
        super().__init__(view)
        self.view, self.columns, self.least, self.most = view, columns, least, most
        self._area = view.viewport()
        self._area.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self._area:
            self.apply()
        return False

    def apply(self) -> None:
        count = self.view.horizontalHeader().count()
        columns = [c for c in self.columns if c < count]
        if not columns:
            return
        others = sum(self.view.columnWidth(c) for c in range(count) if c not in columns)
        room = (self.view.viewport().width() - others) // len(columns)
        width = max(self.least, min(self.most, room))
        for column in columns:
            if self.view.columnWidth(column) != width:
                self.view.setColumnWidth(column, width)
