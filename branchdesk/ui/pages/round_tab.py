"""教育评议 / 团籍注册: a grid of the round's members with a result each, quick to fill by keyboard.

A round is held at a 支部团员大会 (or on a day); its list is the members in the branch that day.
The 上级 approval date is recorded beside it.

In the 结果 column, typing 1, 2, 3, ... picks the n-th result and moves to the next member; 0 or
Delete clears it; Enter (or F2) opens a drop-down to pick with the arrow keys. Each change is
saved at once; counts and the 优秀 share warning follow live.
"""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_kinds import ROUND_RESULTS, ROUND_TITLES, RoundKind
from branchdesk.core.services import rounds
from branchdesk.core.services.rounds import RoundRow, RoundView
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DateEdit
from branchdesk.ui.pages.base import Page

WARN = QColor("#c62828")


class ResultDelegate(QStyledItemDelegate):
    """A drop-down of the allowed results (arrow keys + Enter)."""

    def __init__(self, choices: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("")
        combo.addItems(self.choices)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class RoundGrid(QTableWidget):
    """Digits in the result column pick a result and move down."""

    def __init__(self, choices: tuple[str, ...], result_column: int, parent=None):
        super().__init__(parent)
        self.choices = choices
        self.result_column = result_column

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, column = self.currentRow(), self.currentColumn()
        text = event.text()
        if column == self.result_column and row >= 0 and self.state() != self.State.EditingState:
            if text.isdigit() and 1 <= int(text) <= len(self.choices):
                self.item(row, column).setText(self.choices[int(text) - 1])
                self._next_row(row, column)
                return
            if text == "0" or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.item(row, column).setText("")
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.editItem(self.item(row, column))
                return
        super().keyPressEvent(event)

    def _next_row(self, row: int, column: int) -> None:
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, column)


class RoundTab(Page):
    #: the members of the year, their meetings (评议 results) and dues (registration proposals)
    kinds = frozenset({ops.MEETINGS, ops.MEMBERS, ops.DUES})

    def __init__(self, ctx: AppContext, kind: RoundKind, parent=None):
        super().__init__(ctx, parent)
        self.kind = kind
        self.choices = ROUND_RESULTS[kind]
        self.view: RoundView | None = None
        self._filling = False
        is_registration = kind == RoundKind.REGISTRATION
        self.headers = ["姓名", "性别", "政治面貌", "当前状态"]
        if is_registration:
            self.headers += ["评议结果", "建议"]
        self.headers += ["结果", "备注"]
        self.result_column = self.headers.index("结果")

        self.year = QSpinBox(minimum=2000, maximum=2100, suffix=" 年")
        self.year.setValue(date.today().year)
        self.meeting = QComboBox()
        self.meeting.setMinimumWidth(260)
        self.meeting.setMaximumWidth(480)  # the meeting's whole name where there is room
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meeting.setToolTip("评议、注册在哪次支部团员大会上进行；名单为当天在册的团员")
        self.meeting_days: dict[int, date] = {}
        self.held_on = DateEdit(date.today(), required=True)
        self.open_button = QPushButton(objectName="PrimaryButton")
        self.approved_on = DateEdit(placeholder="未审批")
        self.approve_button = QPushButton("记录上级审批日期")
        self.fill_button = QPushButton("按建议填写空白项")
        self.fill_button.setVisible(is_registration)
        keys = "  ".join(f"{i}={c}" for i, c in enumerate(self.choices, start=1))
        self.keys_hint = QLabel(
            f"在“结果”列直接按数字键：{keys}，0 清除；回车打开下拉框。", objectName="Hint"
        )
        bar = QHBoxLayout()
        bar.addWidget(self.year)
        bar.addWidget(QLabel("召开会议"))
        bar.addWidget(self.meeting)
        bar.addWidget(self.held_on)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        approval = QHBoxLayout()
        approval.addWidget(QLabel("上级团委审批日期"))
        approval.addWidget(self.approved_on)
        approval.addWidget(self.approve_button)
        approval.addWidget(self.fill_button)
        approval.addStretch(1)
        self.counts = QLabel(objectName="SectionTitle")
        self.warning = QLabel(objectName="ErrorText")
        self.warning.setWordWrap(True)

        self.grid = RoundGrid(self.choices, self.result_column)
        self.grid.setObjectName("RoundGrid")
        self.grid.setColumnCount(len(self.headers))
        self.grid.setHorizontalHeaderLabels(self.headers)
        self.grid.setItemDelegateForColumn(self.result_column, ResultDelegate(self.choices, self))
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(objectName="Hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(approval)
        layout.addWidget(self.counts)
        layout.addWidget(self.warning)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.keys_hint)

        self.year.valueChanged.connect(self.refresh)
        self.open_button.clicked.connect(self.open_round)
        self.approve_button.clicked.connect(self.record_approval)
        self.meeting.currentIndexChanged.connect(self._meeting_chosen)
        self.fill_button.clicked.connect(self.fill_with_proposals)
        self.grid.itemChanged.connect(self._on_item_changed)

    @property
    def title(self) -> str:  # type: ignore[override]
        return f"{self.year.value()}年{ROUND_TITLES[self.kind]}"

    def reload(self) -> None:
        branch_id, kind, year = self.ctx.branch_id, self.kind, self.year.value()
        if branch_id is None:
            self.drop_pending_load()
            self._show_view(None)
            return
        self.load(
            lambda s: (
                rounds.round_view(s, branch_id, kind, year),
                rounds.round_meetings(s, branch_id, year),
            ),
            self._show_loaded,
        )

    def _show_loaded(self, loaded: tuple) -> None:
        view, choices = loaded
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem("（不关联会议，按日期）", None)
        self.meeting_days = {meeting_id: day for meeting_id, day, _ in choices}
        for meeting_id, _day, label in choices:
            self.meeting.addItem(label, meeting_id)
        if view is not None:  # the round's own meeting, or none
            index = self.meeting.findData(view.meeting_id) if view.meeting_id else 0
        else:  # not held yet: offer the latest 支部团员大会
            index = min(1, len(choices))
        self.meeting.setCurrentIndex(max(index, 0))
        self.meeting.blockSignals(False)
        if view and view.held_on:
            self.held_on.setValue(view.held_on)
        else:  # a day within the round's year
            self.held_on.setValue(min(date.today(), date(self.year.value(), 12, 31)))
        self._meeting_chosen()
        self._show_view(view)

    def _show_view(self, view: RoundView | None) -> None:
        self.view = view
        self.approved_on.setValue(view.approved_on if view else None)
        self._show()

    def _meeting_chosen(self, *_args) -> None:
        meeting_id = self.meeting.currentData()
        self.held_on.setEnabled(meeting_id is None)
        if meeting_id is not None:
            self.held_on.setValue(self.meeting_days[meeting_id])

    def open_round(self) -> ops.Op | None:
        """Hold (or re-date) the round: at the chosen meeting, or on the chosen day (None: the
        day typed is no date; the message says so)."""
        branch_id, kind, year = self.ctx.branch_id, self.kind, self.year.value()
        meeting_id = self.meeting.currentData()
        try:
            day = self.held_on.require("会议日期")
        except UserError as exc:
            self._show_error(exc)
            return None
        self.drop_pending_load()
        return ops.run_op(
            self,
            lambda s: rounds.open_round(s, branch_id, kind, year, day, meeting_id),
            kinds={ops.MEETINGS},
            on_done=self._show_view,
            on_error=self._show_error,
            initiator=self,
        )

    def record_approval(self) -> ops.Op | None:
        """Record the approval day typed (empty: not approved yet)."""
        branch_id, kind, year = self.ctx.branch_id, self.kind, self.year.value()
        if self.approved_on.error():
            self._show_error(UserError(f"上级团委审批日期：{self.approved_on.error()}"))
            return None
        approved = self.approved_on.value()
        self.drop_pending_load()
        return ops.run_op(
            self,
            lambda s: rounds.set_approval(s, branch_id, kind, year, approved),
            kinds={ops.MEETINGS},
            on_done=self._show_view,
            on_error=self._show_error,
            initiator=self,
        )

    def _show_error(self, exc: UserError) -> None:
        self.warning.setText(exc.message)
        self.warning.setVisible(True)

    def _show(self) -> None:
        rows = self.view.rows if self.view else []
        opened = self.view is not None
        self.open_button.setText("按所选会议/日期更新名单" if opened else f"开始{self.title}")
        self.open_button.setEnabled(self.ctx.branch_id is not None)
        self.fill_button.setEnabled(opened)
        self.approve_button.setEnabled(opened)
        self.approved_on.setEnabled(opened)
        self.grid.setVisible(opened)
        self.empty.setVisible(not opened)
        self.empty.setText(
            f"{self.title}尚未开始。请选择召开评议的支部团员大会（或日期），"
            "名单为当天在册的全部团员。"
        )
        self._filling = True
        self.grid.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self._fill_row(i, row)
        self._filling = False
        self._update_summary()

    def _fill_row(self, i: int, row: RoundRow) -> None:
        values = [row.name, row.gender, row.political_status, row.status]
        if self.kind == RoundKind.REGISTRATION:
            proposal = row.proposal + (f"（{row.proposal_reason}）" if row.proposal_reason else "")
            values += [row.evaluation or "未评议", proposal]
        values += [row.result, row.note]
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, row.member_id)
            if col < self.result_column:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if col == self.result_column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if row.warning:
                    item.setForeground(WARN)
                    item.setToolTip(row.warning)
            self.grid.setItem(i, col, item)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() < self.result_column:
            return
        row = item.row()
        result = self.grid.item(row, self.result_column).text()
        note_item = self.grid.item(row, self.result_column + 1)
        note = note_item.text() if note_item else ""
        self.save({item.data(Qt.ItemDataRole.UserRole): (result, note)})

    def save(self, results: dict[int, tuple[str, str]], redraw: bool = False) -> ops.Op:
        """Save results (member id → (result, note)); the grid already shows them, so only
        the counts and warnings follow (or, with `redraw`, every row)."""
        branch_id, kind, year = self.ctx.branch_id, self.kind, self.year.value()

        def saved(view: RoundView) -> None:
            self.view = view
            if redraw:
                self._show()
            else:
                self._mark_warnings()
                self._update_summary()

        def refused(exc: UserError) -> None:
            self._show()  # the grid shows what is stored, not the refused change
            self._show_error(exc)

        self.drop_pending_load()
        return ops.run_op(
            self,
            lambda s: rounds.record_results(s, branch_id, kind, year, results),
            kinds={ops.MEETINGS},
            on_done=saved,
            on_error=refused,
            initiator=self,
        )

    def _mark_warnings(self) -> None:
        by_id = {r.member_id: r for r in self.view.rows}
        self._filling = True
        for i in range(self.grid.rowCount()):
            item = self.grid.item(i, self.result_column)
            row = by_id.get(item.data(Qt.ItemDataRole.UserRole))
            warning = row.warning if row else ""
            item.setForeground(WARN if warning else QColor("#222222"))
            item.setToolTip(warning)
        self._filling = False

    def fill_with_proposals(self) -> None:
        if self.view is None:
            return
        results = {
            r.member_id: (r.proposal, r.note or r.proposal_reason)
            for r in self.view.rows
            if not r.result and r.proposal
        }
        if results:
            self.save(results, redraw=True)

    def _update_summary(self) -> None:
        if self.view is None:
            self.counts.setText("")
            self.warning.setText("")
            self.warning.setVisible(False)
            return
        parts = [f"{name} {n}" for name, n in self.view.summary]
        attended = (
            f"（应到 {self.view.expected}，实到 {self.view.present}）"
            if self.view.expected is not None
            else ""
        )
        self.counts.setText(f"名单 {len(self.view.rows)} 人{attended}：" + "，".join(parts))
        self.warning.setText("\n".join(self.view.warnings))
        self.warning.setVisible(bool(self.view.warnings))
