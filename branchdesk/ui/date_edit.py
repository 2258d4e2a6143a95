"""The one date field of the app, and its time field: typed the way people write dates.

A `DateEdit` takes 2015-06-01, 2015/6/1, 2015.6.1, 20150601, 2015年6月1日 (and, for a month,
2015-06, 2015.6, 201506, 2015年6月) through `core/rules/date_parse`, may be left empty, and
has a calendar button that opens at the field's date or today. A `TimeEdit` takes 19:00, 1900,
19.00, 19：00 or 19点. Both show what is wrong in red with a tooltip and report it by `error()`;
`require(label)` gives the value or raises a `UserError` that names the field.
"""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.date_parse import DateParseError, parse_sheet_date
from branchdesk.core.rules.partial_date import Precision
from branchdesk.ui.form_check import FieldError, set_invalid

__all__ = ["DAY", "DAY_OR_MONTH", "MONTH", "DateEdit", "TimeEdit", "set_invalid"]

DAY, MONTH, DAY_OR_MONTH = "day", "month", "day_or_month"
_PLACEHOLDERS = {
    DAY: "如 2015-06-01",
    MONTH: "如 2015-06",
    DAY_OR_MONTH: "如 2015-06 或 2015-06-01",
}


def parse_typed_date(text: str, mode: str = DAY) -> tuple[date, str] | None:
    """Typed text → (date, precision) for a field of `mode`; None when empty.

    Raises DateParseError with a Chinese message for text that is not a date of that kind.
    """
    parsed = parse_sheet_date(text)
    if parsed is None:
        return None
    value, precision = parsed
    if precision == Precision.YEAR or (mode == DAY and precision != Precision.DAY):
        example = "2015-06-01" if mode == DAY else "2015-06"
        raise DateParseError(
            f"“{text.strip()}”不完整，请写到{'日' if mode == DAY else '月'}，如 {example}"
        )
    if mode == MONTH:
        return value.replace(day=1), Precision.MONTH
    return value, precision


def format_date(value: date, precision: str) -> str:
    if precision == Precision.DAY:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return f"{value.year:04d}-{value.month:02d}"


class _CalendarPopup(QFrame):
    picked = Signal(QDate)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, value: QDate) -> None:
        self.hide()
        self.picked.emit(value)


class DateEdit(QWidget):
    """A date (or month) typed or picked; `value()` is a `date` or None when empty."""

    #: the new value (a `date`, or None when emptied), on every change to a valid value
    valueChanged = Signal(object)
    #: after every edit of the text, once it has been checked (value() and error() are current)
    edited = Signal()

    def __init__(
        self,
        value: date | None = None,
        *,
        mode: str = DAY,
        required: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.mode = mode
        self.required = required
        self._value: date | None = None
        self._precision: str = Precision.MONTH if mode == MONTH else Precision.DAY
        self._error = ""
        self._marked = False  # the red outline is ours (a form may outline the field too)
        self.edit = QLineEdit(placeholderText=placeholder or _PLACEHOLDERS[mode])
        self.edit.setClearButtonEnabled(not required)
        self.button = QToolButton(text="▾")
        self.button.setToolTip("从日历中选择（Alt+↓）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setObjectName("CalendarButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2015-06-01__") + 24)
        self._popup: _CalendarPopup | None = None
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.button.clicked.connect(self.open_calendar)
        QShortcut(QKeySequence("Alt+Down"), self.edit, self.open_calendar)
        QShortcut(QKeySequence("F4"), self.edit, self.open_calendar)
        self.setValue(value)

    # -- value ---------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date shown, or None when the field is empty or holds something that is no date."""
        return None if self._error else self._value

    def precision(self) -> str:
        """Precision.DAY or Precision.MONTH of the value (a month field: always MONTH)."""
        return self._precision

    def setValue(self, value: date | None, precision: str | None = None) -> None:
        if self.mode == MONTH:
            precision = Precision.MONTH
        elif self.mode == DAY:
            precision = Precision.DAY
        precision = precision or Precision.DAY
        if value is not None and precision == Precision.MONTH:
            value = value.replace(day=1)
        self.edit.setText("" if value is None else format_date(value, precision))
        self._set(value, precision, "")
        self.edited.emit()

    def clear(self) -> None:
        self.setValue(None)

    def error(self) -> str:
        """What is wrong with the text ("" when it is a date, or empty and not required)."""
        if self._error:
            return self._error
        if self.required and self._value is None:
            return "不能为空"
        return ""

    def require(self, label: str) -> date:
        """The date, or a `FieldError` (a UserError) naming the field, for a form to show."""
        problem = self.error() or ("不能为空" if self._value is None else "")
        if problem:
            raise FieldError(self, f"{label}：{problem}")
        return self._value

    # -- compatibility with QDateEdit, for code that speaks QDate ---------------------------
    def date(self) -> QDate:
        value = self.value()
        return QDate(value) if value is not None else QDate()

    def setDate(self, value) -> None:
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        self.setValue(value)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        """Set the text as if typed (tests, paste) and check it at once."""
        self.edit.setText(text)
        self._typed(text)
        self._finished()

    # -- typing --------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        try:
            parsed = parse_typed_date(text, self.mode)
        except DateParseError as exc:
            self._set(self._value, self._precision, str(exc), show=False)
        else:
            value, precision = parsed if parsed else (None, self._precision)
            self._set(value, precision, "", show=False)
        self.edited.emit()

    def _finished(self) -> None:
        if not self._error and self._value is not None:
            shown = format_date(self._value, self._precision)
            if self.edit.text() != shown:
                self.edit.setText(shown)
        self._show_error()

    def _set(self, value: date | None, precision: str, error: str, show: bool = True) -> None:
        changed = (value, precision) != (self._value, self._precision) or (
            bool(error) != bool(self._error)
        )
        self._value, self._precision, self._error = value, precision, error
        if not error and changed:
            self.valueChanged.emit(value)
        if show or not error:
            self._show_error()

    def _show_error(self) -> None:
        if self._error or self._marked:
            set_invalid(self.edit, bool(self._error))
            self._marked = bool(self._error)
        self.edit.setToolTip(self._error)

    # -- calendar ------------------------------------------------------------------------
    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        start = self.value() or date.today()
        calendar = self._popup.calendar
        calendar.setSelectedDate(QDate(start))
        calendar.setCurrentPage(start.year, start.month)
        self._popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        area = self.screen().availableGeometry()
        size = self._popup.sizeHint()
        x = min(max(below.x(), area.left()), area.right() - size.width())
        y = (
            below.y()
            if below.y() + size.height() <= area.bottom()
            else below.y() - self.height() - size.height()
        )
        self._popup.move(x, max(y, area.top()))
        self._popup.show()
        calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        precision = Precision.MONTH if self.mode == MONTH else Precision.DAY
        self.setValue(value.toPython(), precision)
        self.edit.setFocus()


_TIME = re.compile(r"(\d{1,2})(?:[:：.点时]\s*(\d{1,2})?分?|(\d{2}))?")


def parse_typed_time(text: str) -> time | None:
    """19:00, 19：00, 19.00, 1900, 19点, 19点30分, 7:5 → time; "" → None; ValueError otherwise."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"无法识别的时间“{text}”，请写作 19:00")
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"时间“{text}”不存在")
    return time(hour, minute)


class TimeEdit(QLineEdit):
    """A time of day typed as 19:00 (or 1900, 19点); `value()` is a `time` or None when empty."""

    valueChanged = Signal(object)
    #: after every edit of the text, once it has been checked (value() and error() are current)
    edited = Signal()

    def __init__(self, value: time | None = None, parent: QWidget | None = None):
        super().__init__(parent, placeholderText="如 19:00")
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") + 56)
        self._value: time | None = None
        self._error = ""
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)
        self.setValue(value)

    def value(self) -> time | None:
        return None if self._error else self._value

    def setValue(self, value: time | None) -> None:
        super().setText("" if value is None else value.strftime("%H:%M"))
        self._typed(self.text())

    def error(self) -> str:
        return self._error

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._typed(text)
        self._finished()

    def _typed(self, text: str) -> None:
        try:
            value, error = parse_typed_time(text), ""
        except ValueError as exc:
            value, error = self._value, str(exc)
        changed = value != self._value and not error
        self._value, self._error = value, error
        if not error:
            set_invalid(self, False)
            self.setToolTip("")
        if changed:
            self.valueChanged.emit(value)
        self.edited.emit()

    def _finished(self) -> None:
        if not self._error and self._value is not None:
            super().setText(self._value.strftime("%H:%M"))
        set_invalid(self, bool(self._error))
        self.setToolTip(self._error)
