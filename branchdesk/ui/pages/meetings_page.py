"""三会两制一课: meeting records, the year's calendar, 教育评议 and 团籍注册."""

from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.meeting_kinds import MEETING_KINDS, RoundKind
from branchdesk.core.services import meetings
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.empty_state import EmptyState
from branchdesk.ui.pages.base import Page
from branchdesk.ui.pages.meeting_calendar_tab import CalendarTab
from branchdesk.ui.pages.round_tab import RoundTab
from branchdesk.ui.widgets import open_rows

if TYPE_CHECKING:  # the editor's module loads when a meeting is first opened
    from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

ALL_KINDS = "全部类型"
LIST_COLUMNS = ("日期", "类型", "主题", "应到", "实到", "状态")


def year_spin(today: date) -> QSpinBox:
    spin = QSpinBox(minimum=2000, maximum=2100, suffix=" 年")
    spin.setValue(today.year)
    return spin


class MeetingListTab(Page):
    """会议记录: filter by kind, year and text; new, open, duplicate as template, delete draft."""

    title = "会议记录"
    kinds = frozenset({ops.MEETINGS})

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.rows: list[meetings.MeetingDetail] = []
        self.kind = QComboBox()
        self.kind.addItems([ALL_KINDS, *MEETING_KINDS])
        self.year = year_spin(date.today())
        self.search = QLineEdit(placeholderText="搜索议题、纪要、决议、地点或主讲人")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(objectName="Hint")
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.year)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)

        self.table = QTableWidget(0, len(LIST_COLUMNS), objectName="MeetingTable")
        self.table.setHorizontalHeaderLabels(LIST_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.new_button = QPushButton("新建记录", objectName="PrimaryButton")
        self.open_button = QPushButton("打开")
        self.copy_button = QPushButton("复制为下月模板")
        self.delete_button = QPushButton("删除草稿")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.copy_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.empty = EmptyState(
            "还没有会议记录",
            "开过的支部团员大会、支委会、团小组会、团课和主题团日都记在这里："
            "先记下最近开过的一次会议，日历页会据此显示本年度哪些会已开、哪些该开。",
        )
        self.empty_new = self.empty.add_button("新建会议记录", self.new_meeting, primary=True)
        self.empty.hide()
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        open_rows(self.table, self.open_selected)
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)

    def reload(self) -> None:
        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.drop_pending_load()
            self._show_rows([])
            return
        kind = None if self.kind.currentText() == ALL_KINDS else self.kind.currentText()
        year, text = self.year.value(), self.search.text()
        self.load(
            lambda s: meetings.list_meetings(s, branch_id, year, kind, text, with_attendance=False),
            self._show_rows,
        )

    def _show_rows(self, rows: list[meetings.MeetingDetail]) -> None:
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for i, m in enumerate(self.rows):
            values = (
                m.held_on.isoformat(),
                m.kind_label,
                m.title,
                str(m.expected),
                str(m.present),
                "草稿" if m.is_draft else "",
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                if col in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if m.is_draft:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(i, col, item)
        self.count_label.setText(f"共 {len(self.rows)} 条")
        unfiltered = self.kind.currentText() == ALL_KINDS and not self.search.text().strip()
        empty = not rows and unfiltered and self.ctx.branch_id is not None
        self.empty.title.setText(f"{self.year.value()}年还没有会议记录")
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self._update_buttons()

    def selected(self) -> meetings.MeetingDetail | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        current = self.selected()
        self.open_button.setEnabled(current is not None)
        self.copy_button.setEnabled(current is not None)
        self.delete_button.setEnabled(current is not None and current.is_draft)
        self.new_button.setEnabled(self.ctx.branch_id is not None)

    def open_editor(self, meeting_id: int | None = None) -> "MeetingEditor":
        from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

        kind = None if self.kind.currentText() == ALL_KINDS else self.kind.currentText()
        editor = MeetingEditor(self.ctx, meeting_id, kind, self)
        editor.exec()  # a saved meeting announces MEETINGS: this list reloads
        return editor

    def new_meeting(self) -> "MeetingEditor":
        return self.open_editor(None)

    def open_selected(self) -> None:
        current = self.selected()
        if current is not None:
            self.open_editor(current.id)

    def duplicate_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        meeting_id = current.id
        ops.run_op(
            self,
            lambda s: meetings.duplicate_as_template(s, meeting_id),
            kinds={ops.MEETINGS},
            on_done=self.open_editor,
        )

    def delete_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        from branchdesk.ui.dialogs.meeting_editor import Button, ask

        answer = ask(
            self,
            "删除草稿",
            f"删除{current.held_on:%Y年%m月%d日}的{current.kind}草稿？",
            {Button.Yes: "删除", Button.Cancel: "取消"},
        )
        if answer != Button.Yes:
            return
        meeting_id = current.id
        ops.run_op(
            self,
            lambda s: meetings.delete_draft(s, meeting_id),
            kinds={ops.MEETINGS},
            on_error=lambda exc: QMessageBox.warning(self, "不能删除", exc.message),
        )


class MeetingsPage(Page):
    """Four tabs, each a page of its own that reloads when shown and changed. The list is made
    at once; the other three one per turn of the event loop after it (or at once when asked
    for first: `calendar_tab` and the others make their tab when read)."""

    title = "三会两制一课"
    TAB_TITLES = ("会议记录", "日历", "教育评议", "团籍注册")

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.addWidget(QLabel("三会两制一课", objectName="PageTitle"))
        self.tabs = QTabWidget()
        self.list_tab = MeetingListTab(ctx)
        self._made: dict[int, Page] = {0: self.list_tab}
        self.tabs.addTab(self.list_tab, self.TAB_TITLES[0])
        for title in self.TAB_TITLES[1:]:
            self.tabs.addTab(QWidget(), title)  # its page replaces it when made
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda index: self._tab(index).on_shown())
        ops.in_turns(self, *(lambda index=index: self._tab(index) for index in (1, 2, 3)))

    def _tab(self, index: int) -> Page:
        """The page of tab `index`, made (in place of its placeholder) on first use."""
        page = self._made.get(index)
        if page is not None:
            return page
        if index == 1:
            calendar = CalendarTab(self.ctx)
            calendar.open_meeting.connect(self._open_from_calendar)
            calendar.open_round.connect(self._open_round)
            page = calendar
        else:
            page = RoundTab(
                self.ctx, RoundKind.EVALUATION if index == 2 else RoundKind.REGISTRATION
            )
        self._made[index] = page
        current, placeholder = self.tabs.currentIndex(), self.tabs.widget(index)
        self.tabs.blockSignals(True)  # the same tab stays current: nothing to announce
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, self.TAB_TITLES[index])
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return page

    @property
    def calendar_tab(self) -> CalendarTab:
        return cast(CalendarTab, self._tab(1))

    @property
    def evaluation_tab(self) -> RoundTab:
        return cast(RoundTab, self._tab(2))

    @property
    def registration_tab(self) -> RoundTab:
        return cast(RoundTab, self._tab(3))

    def on_shown(self) -> None:
        self._tab(self.tabs.currentIndex()).on_shown()

    def _open_from_calendar(self, meeting_id: int) -> None:
        self.list_tab.open_editor(meeting_id)

    def _open_round(self, kind: str, year: int) -> None:
        tab = self.evaluation_tab if kind == RoundKind.EVALUATION else self.registration_tab
        tab.year.setValue(year)
        self.tabs.setCurrentWidget(tab)

    def run_action(self, action: str) -> None:
        if action == "new":
            self.tabs.setCurrentWidget(self.list_tab)
            self.list_tab.new_meeting()
        elif action == "calendar":
            self.tabs.setCurrentWidget(self.calendar_tab)
        elif action.startswith("round:"):  # round:评议:2026 (from 记录核查)
            _, kind, year = action.split(":")
            self._open_round(kind, int(year))
