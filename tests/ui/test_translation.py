"""Qt's own texts are Chinese whatever the system language."""

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCalendarWidget, QMessageBox

from branchdesk.app import create_application


def test_standard_buttons_are_chinese_under_an_english_locale(qapp):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    create_application()
    Std = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", Std.Ok | Std.Cancel | Std.Yes | Std.No)
    texts = {box.button(b).text().replace("&", "") for b in (Std.Ok, Std.Cancel, Std.Yes, Std.No)}
    assert texts == {"确定", "取消", "是(Y)", "否(N)"}
    box.deleteLater()


def test_calendar_names_months_in_chinese(app):
    calendar = QCalendarWidget()
    assert calendar.locale().monthName(6) == "六月"
    calendar.deleteLater()
