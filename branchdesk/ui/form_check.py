"""How every form reports what is wrong: nothing until the user tries to save, then all of it.

A form opens without error messages. When 保存 finds problems, `FormCheck.refuse(problems)`
outlines every wrong field in red, says what to fix under the form, scrolls the first wrong
field into view (switching tabs if need be) and puts the cursor in it. From then on the form
calls `update(problems)` after each edit, so a fixed field loses its outline at once; before
the first failed save `update` shows nothing. A problem is `(widget, message)`; the widget
may be None for a problem of the whole form (such as a refusal from the database).

Reading a form may raise `FieldError` (a `UserError` that names its widget) instead, for forms
that stop at the first wrong field; `refuse_error(exc, fields)` shows any `UserError`, and
points at the field that a service named in `UserError.field` ("held_on" → `fields["held_on"]`).
"""

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.ui.widgets import MessageLabel

Problem = tuple[QWidget | None, str]


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Flip the `invalid` property the style sheet outlines in red, and re-polish."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldError(UserError):
    """What is wrong with one field of a form (`widget`), found while reading the form."""

    def __init__(self, widget: QWidget, message: str):
        super().__init__(message)
        self.widget: QWidget | None = widget


def outlined(widget: QWidget) -> QWidget:
    """The part of a field that the style sheet outlines: the text box of a date field or a
    person picker, else the widget itself."""
    edit = getattr(widget, "edit", None)
    if isinstance(edit, QWidget):
        return edit
    if not isinstance(widget, QLineEdit | QAbstractScrollArea) and widget.layout() is not None:
        child = widget.findChild(QLineEdit)
        if child is not None:
            return child
    return widget


def bring_into_view(widget: QWidget) -> None:
    """Show the tab that holds `widget` and scroll every scroll area around it to it."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            parent.parentWidget().setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 16, 16)
        parent = parent.parentWidget()


class FormCheck:
    """The error display of one form: its message label and the fields it has outlined."""

    def __init__(self, message: QLabel):
        self.message = message
        #: a save has failed: problems are shown as the user edits
        self.tried = False
        self.marked: list[QWidget] = []

    def refuse(self, problems: Sequence[Problem], prefix: str = "请修改：") -> None:
        """A save failed: show every problem and take the user to the first wrong field."""
        self.tried = True
        self._show(problems, prefix)
        first = next((widget for widget, _ in problems if widget is not None), None)
        if first is not None:
            bring_into_view(first)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def refuse_error(self, exc: UserError, fields: Mapping[str, QWidget] | None = None) -> None:
        """A save failed with one message: a `FieldError` names its widget, a service's
        `UserError.field` a key of `fields`."""
        widget = getattr(exc, "widget", None)
        if widget is None and fields and exc.field:
            widget = fields.get(exc.field)
        self.refuse([(widget, exc.message)], prefix="")

    def update(self, problems: Sequence[Problem], prefix: str = "请修改：") -> None:
        """After an edit: the problems now, shown only once a save has failed."""
        if self.tried:
            self._show(problems, prefix)

    def clear(self) -> None:
        """Nothing is shown (a new record, or saved); the next failed save shows again."""
        self.tried = False
        self._mark([])
        self._say("")

    def _show(self, problems: Sequence[Problem], prefix: str) -> None:
        self._mark([outlined(w) for w, _ in problems if w is not None])
        messages = list(dict.fromkeys(text for _, text in problems if text))
        if not messages:
            self._say("")
        elif prefix:
            self._say(prefix + "；".join(m.rstrip("。") for m in messages) + "。")
        else:
            self._say(" ".join(messages))

    def _mark(self, widgets: list[QWidget]) -> None:
        for widget in self.marked:
            if widget not in widgets:
                set_invalid(widget, False)
        for widget in widgets:
            set_invalid(widget, True)
        self.marked = widgets

    def _say(self, text: str) -> None:
        if isinstance(self.message, MessageLabel):
            self.message.error(text)
        else:
            self.message.setObjectName("ErrorText")
            self.message.setText(text)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
