"""Readable on the Fusion style (Linux's default) and on the platform's own: the highlighted
item of a list and of a drop-down stands out with readable text, the focused field is outlined,
a success message is green (not red) and takes no more room than an empty one. Checked on the
pixels drawn."""

import pytest
from PySide6.QtCore import QPoint, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListView, QStyleFactory

from branchdesk.ui.widgets import MessageLabel

HIGHLIGHT = QColor("#c62828")
FOCUS = QColor("#1a73e8")


def _styles() -> list[str]:
    """Fusion, and the platform's (windowsvista on Windows, macOS, or Windows elsewhere)."""
    keys = QStyleFactory.keys()
    platform = next((k for k in ("windowsvista", "macOS", "Windows") if k in keys), None)
    return ["Fusion"] + ([platform] if platform else [])


@pytest.fixture(params=_styles())
def style(request, app):
    before = app.style().name()
    app.setStyle(request.param)
    yield request.param
    app.setStyle(before)


def _close(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _row_colours(image: QImage, top: int, bottom: int, x_from: int, x_to: int) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(top, bottom) for x in range(x_from, x_to, 2)]


def _lightness_gap(colours: list[QColor]) -> int:
    values = [c.lightness() for c in colours]
    return max(values) - min(values)


def _check_highlighted_row(view, row: int, qtbot) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    other = view.visualRect(view.model().index(0 if row else 1, 0))
    image = view.viewport().grab().toImage()
    inside = _row_colours(image, rect.top() + 2, rect.bottom() - 1, rect.left() + 2, rect.right())
    assert sum(_close(c, HIGHLIGHT) for c in inside) > len(inside) // 2  # the row is red
    assert _lightness_gap(inside) > 120  # and its (white) text reads on it
    outside = _row_colours(
        image, other.top() + 2, other.bottom() - 1, other.left() + 2, other.right()
    )
    assert not any(_close(c, HIGHLIGHT) for c in outside)  # the others are not


def test_the_highlighted_item_of_a_list_stands_out(style, app, qtbot):
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel(["第一团小组", "第二团小组", "第三团小组"]))
    view.resize(240, 120)
    view.show()
    view.setCurrentIndex(view.model().index(1, 0))
    qtbot.wait(10)
    _check_highlighted_row(view, 1, qtbot)


def test_the_highlighted_item_of_a_drop_down_stands_out(style, app, qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItems(["全部团员", "第一团小组", "第二团小组"])
    combo.show()
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(2):  # as the user moves the highlight down with the arrow key
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.wait(10)
    assert popup.currentIndex().row() == 2
    _check_highlighted_row(popup, 2, qtbot)
    combo.hidePopup()


def test_the_focused_field_is_outlined(style, app, qtbot):
    first, second = QLineEdit(), QLineEdit()
    for edit in (first, second):
        qtbot.addWidget(edit)
        edit.resize(200, 30)
        edit.show()
    first.activateWindow()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)

    def border(edit) -> list[QColor]:
        image = edit.grab().toImage()
        middle = image.height() // 2
        return [image.pixelColor(QPoint(x, middle)) for x in (0, 1)] + [
            image.pixelColor(QPoint(image.width() // 2, y)) for y in (0, 1)
        ]

    assert any(_close(c, FOCUS, 40) for c in border(first))
    assert not any(_close(c, FOCUS, 40) for c in border(second))


def test_a_success_message_is_green_and_moves_nothing(style, app, qtbot):
    label = MessageLabel()
    qtbot.addWidget(label)
    label.resize(300, label.sizeHint().height())
    label.show()
    empty = label.sizeHint().height()
    label.success("已保存。")
    qtbot.wait(10)
    assert label.sizeHint().height() == empty
    ink = [
        c
        for c in _row_colours(label.grab().toImage(), 0, label.height(), 0, label.width())
        if c.lightness() < 200
    ]
    assert ink, "nothing drawn"
    darkest = min(ink, key=lambda c: c.lightness())
    assert darkest.green() > darkest.red() + 40  # green, not red
    label.error("请填写姓名。")
    qtbot.wait(10)
    ink = [
        c
        for c in _row_colours(label.grab().toImage(), 0, label.height(), 0, label.width())
        if c.lightness() < 200
    ]
    darkest = min(ink, key=lambda c: c.lightness())
    assert darkest.red() > darkest.green() + 40
    assert QApplication.instance() is app
