"""Date, month and time fields take what people type; calendars open at a sensible date."""

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget

from branchdesk.core.rules.partial_date import Precision
from branchdesk.ui.date_edit import DAY, DAY_OR_MONTH, MONTH, DateEdit, TimeEdit
from tests.ui.test_fits_screen import _dialogs

DAY_STYLES = ["2015-06-01", "2015.6.1", "20150601", "2015/6/1", "2015年6月1日", "２０１５-06-01"]
MONTH_STYLES = ["2015-06", "2015.6", "201506", "2015年6月"]


@pytest.mark.parametrize("text", DAY_STYLES)
def test_day_field_reads_each_style(app, text):
    edit = DateEdit()
    edit.setText(text)
    assert (edit.value(), edit.error()) == (date(2015, 6, 1), "")
    assert edit.text() == "2015-06-01"  # shown the one way once typed
    edit.deleteLater()


@pytest.mark.parametrize("text", DAY_STYLES + MONTH_STYLES)
def test_month_field_reads_each_style(app, text):
    edit = DateEdit(mode=MONTH)
    edit.setText(text)
    assert (edit.value(), edit.precision(), edit.text()) == (date(2015, 6, 1), "M", "2015-06")
    edit.deleteLater()


def test_day_or_month_field_keeps_the_precision_typed(app):
    edit = DateEdit(mode=DAY_OR_MONTH)
    edit.setText("2015年6月")
    assert (edit.value(), edit.precision(), edit.text()) == (date(2015, 6, 1), "M", "2015-06")
    edit.setText("2015.6.3")
    assert (edit.value(), edit.precision()) == (date(2015, 6, 3), Precision.DAY)
    edit.deleteLater()


def test_empty_wrong_and_partial_text(app):
    edit = DateEdit(date(2020, 1, 2))
    edit.setText("")
    assert edit.value() is None and edit.error() == ""
    edit.setText("2015年6月")  # a day field needs the day
    assert edit.value() is None and "请写到日" in edit.error()
    assert edit.edit.property("invalid") is True
    edit.setText("2015-02-30")
    assert "不存在" in edit.error()
    edit.setText("明天")
    assert "无法识别" in edit.error()
    edit.setText("2015-06-01")
    assert edit.error() == "" and not edit.edit.property("invalid")
    required = DateEdit(required=True)
    assert required.error() == "不能为空"
    edit.deleteLater()
    required.deleteLater()


def test_value_changed_fires_once_per_new_date(app):
    edit = DateEdit(date(2015, 6, 1))
    seen = []
    edit.valueChanged.connect(seen.append)
    edit.setText("2015.6.1")  # the same date
    edit.setText("2015.6.2")
    edit.setText("nonsense")
    edit.setText("")
    assert seen == [date(2015, 6, 2), None]
    edit.deleteLater()


def test_calendar_opens_at_the_value_or_today_and_picks(app):
    edit = DateEdit()
    edit.show()
    edit.open_calendar()
    calendar = edit.findChild(QCalendarWidget)
    assert calendar.isVisible()
    assert calendar.selectedDate().toPython() == date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (date.today().year, date.today().month)
    calendar.window().hide()
    edit.setText("2015-06-01")
    edit.open_calendar()
    assert (calendar.yearShown(), calendar.monthShown()) == (2015, 6)
    calendar.clicked.emit(calendar.selectedDate().addDays(3))
    assert edit.value() == date(2015, 6, 4) and not calendar.isVisible()
    edit.deleteLater()


@pytest.mark.parametrize(
    ("text", "value"),
    [("19:00", time(19)), ("1900", time(19)), ("19：30", time(19, 30)), ("7.05", time(7, 5)),
     ("19点", time(19)), ("19点30分", time(19, 30)), ("", None)],
)  # fmt: skip
def test_time_field_reads_each_style(app, text, value):
    edit = TimeEdit()
    edit.setText(text)
    assert (edit.value(), edit.error()) == (value, "")
    assert edit.text() == (value.strftime("%H:%M") if value else "")
    edit.setText("25:00")
    assert edit.value() is None and "不存在" in edit.error()
    edit.deleteLater()


def test_every_date_field_of_every_page_and_dialog_reads_dates_typed_in_each_style(
    app, qtbot, demo_db
):
    from branchdesk.app import open_main_window
    from branchdesk.core.rules.partial_date import Precision
    from branchdesk.ui import ops
    from branchdesk.ui.main_window import PAGES
    from branchdesk.ui.pages.round_tab import RoundTab

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    dialogs = list(_dialogs(window))
    pages = [window.page(key) for key, _, _ in PAGES]
    ops.wait_idle()
    for tab in window.findChildren(RoundTab):  # 教育评议, 团籍注册: a day instead of a meeting
        tab.meeting.setCurrentIndex(0)
        tab.approved_on.setEnabled(True)
    seen: set[str] = set()
    fields = 0
    for name, widget in dialogs + [(p.objectName() or type(p).__name__, p) for p in pages]:
        for edit in widget.findChildren(DateEdit):
            if not edit.isEnabled():  # e.g. the birth date read from an ID number
                continue
            styles = DAY_STYLES + (MONTH_STYLES if edit.mode != DAY else [])
            for text in styles:
                edit.setText(text)
                assert edit.value() == date(2015, 6, 1), (name, text)
                if edit.mode == DAY_OR_MONTH:
                    month = text in MONTH_STYLES
                    assert edit.precision() == (Precision.MONTH if month else Precision.DAY)
            edit.setText("")
            assert edit.value() is None and (edit.error() == "不能为空") == edit.required
            fields += 1
            seen.add(type(widget).__name__)
        for edit in widget.findChildren(TimeEdit):
            for text in ("19:00", "1900", "19：00"):
                edit.setText(text)
                assert edit.value() == time(19), (name, text)
            fields += 1
    for _, dialog in dialogs:
        dialog.deleteLater()
    assert fields >= 30
    assert {"MeetingsPage", "DuesPage", "SettingsPage", "MemberFormDialog"} <= seen, seen


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, None)],
)
def test_alt_down_or_f4_opens_the_calendar_from_the_keyboard(app, qtbot, key, modifier):
    edit = DateEdit(date(2015, 6, 1))
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.edit.hasFocus)
    qtbot.keyClick(edit.edit, key, modifier or Qt.KeyboardModifier.NoModifier)
    calendar = edit.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    assert (calendar.yearShown(), calendar.monthShown()) == (2015, 6)
    calendar.window().hide()
