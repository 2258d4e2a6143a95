"""Spin boxes show their arrows: the style gives every spin box an up and a down button with
room for the arrow, on every page and in every dialog."""

from PySide6.QtWidgets import QAbstractSpinBox, QStyle, QStyleOptionSpinBox

from branchdesk.ui import ops
from branchdesk.ui.main_window import PAGES
from tests.ui.test_fits_screen import _dialogs

UP, DOWN = QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown


def _arrow_rects(spin: QAbstractSpinBox):
    option = QStyleOptionSpinBox()
    option.initFrom(spin)
    option.rect = spin.rect()
    option.subControls = (
        QStyle.SubControl.SC_SpinBoxUp
        | QStyle.SubControl.SC_SpinBoxDown
        | QStyle.SubControl.SC_SpinBoxFrame
        | QStyle.SubControl.SC_SpinBoxEditField
    )
    option.buttonSymbols = spin.buttonSymbols()
    option.frame = spin.hasFrame()
    style = spin.style()
    return [
        style.subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, spin)
        for part in (UP, DOWN)
    ]


def _check(widget, where: str) -> int:
    spins = widget.findChildren(QAbstractSpinBox)
    spins = [s for s in spins if type(s).__name__ in ("QSpinBox", "QDoubleSpinBox")]
    for spin in spins:
        assert spin.buttonSymbols() != QAbstractSpinBox.ButtonSymbols.NoButtons, where
        for rect in _arrow_rects(spin):
            assert rect.width() >= 12 and rect.height() >= 6, f"{where}: {spin.objectName()} {rect}"
            assert spin.rect().contains(rect), where
    return len(spins)


def test_every_spin_box_shows_its_arrows(window, app):  # noqa: F811 - the fixture
    seen = 0
    for key, _, _ in PAGES:
        page = window.show_page(key)
        ops.wait_idle()
        app.processEvents()
        seen += _check(page, key)
    for name, dialog in _dialogs(window):
        dialog.show()
        ops.wait_idle()
        app.processEvents()
        seen += _check(dialog, name)
        dialog.close()
        dialog.deleteLater()
    assert seen >= 8  # settings, dues, meetings, print, transfers, the meeting editor...
