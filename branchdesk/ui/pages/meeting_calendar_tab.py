"""日历: the year as a grid — rows = required items, columns = months — held / due / overdue.

Quarterly items span three months, terms their months, and yearly ones the whole row. Clicking a held cell opens
the meeting (or the round). The minimums and the 优秀 cap are edited from here.
"""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from branchdesk.core.rules.meeting_calendar import (
    EVALUATION_ITEM,
    REGISTRATION_ITEM,
    STATUS_LABELS,
    CalendarRow,
    Status,
)
from branchdesk.core.rules.meeting_kinds import RoundKind
from branchdesk.core.services import branch_settings, meeting_calendar
from branchdesk.core.services.branch_settings import BranchSettings
from branchdesk.ui import ops
from branchdesk.ui.branch_settings_form import BranchSettingsForm
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.base import Page
from branchdesk.ui.widgets import GuardedDialog, dialog_buttons

STATUS_COLORS = {
    Status.HELD: ("#e3f4e6", "#1b5e20"),
    Status.DUE: ("#fff3e0", "#e65100"),
    Status.OVERDUE: ("#fdecea", "#b71c1c"),
    Status.FUTURE: ("#ffffff", "#9e9e9e"),
}
ROUND_OF_ITEM = {EVALUATION_ITEM: RoundKind.EVALUATION, REGISTRATION_ITEM: RoundKind.REGISTRATION}


class CalendarTab(Page):
    open_meeting = Signal(int)
    open_round = Signal(str, int)
    title = "日历"
    kinds = frozenset({ops.MEETINGS, ops.BRANCH})  # held items; the branch's minimums

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.today = date.today()
        self.rows: list[CalendarRow] = []
        self.year = QSpinBox(minimum=2000, maximum=2100, suffix=" 年")
        self.year.setValue(self.today.year)
        self.settings_button = QPushButton("最低要求设置…")
        legend = QLabel(
            "  ".join(
                f'<span style="background:{STATUS_COLORS[s][0]}; color:{STATUS_COLORS[s][1]}">'
                f"&nbsp;{STATUS_LABELS[s]}&nbsp;</span>"
                for s in Status
            )
        )
        self.summary = QLabel(objectName="Hint")
        bar = QHBoxLayout()
        bar.addWidget(self.year)
        bar.addWidget(legend)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        bar.addWidget(self.settings_button)

        self.grid = QTableWidget(0, 12, objectName="CalendarGrid")
        self.grid.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setDefaultSectionSize(38)
        hint = QLabel("单击“已开展”的格子可打开对应的会议记录。", objectName="Hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(hint)
        self.year.valueChanged.connect(self.refresh)
        self.grid.cellClicked.connect(self.activate_cell)
        self.settings_button.clicked.connect(self.edit_minimums)

    def reload(self) -> None:
        branch_id, year, today = self.ctx.branch_id, self.year.value(), self.today
        if branch_id is None:
            self.drop_pending_load()
            self._show_rows([])
            return
        self.load(
            lambda s: meeting_calendar.branch_calendar(s, branch_id, year, today), self._show_rows
        )

    def _show_rows(self, rows: list[CalendarRow]) -> None:
        self.grid.clearSpans()
        self.rows = rows
        self.grid.setRowCount(len(self.rows))
        self.grid.setVerticalHeaderLabels([r.label for r in self.rows])
        counts = dict.fromkeys(Status, 0)
        for i, row in enumerate(self.rows):
            for cell in row.cells:
                counts[cell.status] += 1
                first, last = cell.period.first.month - 1, cell.period.last.month - 1
                self.grid.setItem(i, first, self._item(cell))
                for blank in range(first + 1, last + 1):
                    self.grid.setItem(i, blank, None)
                if last > first:
                    self.grid.setSpan(i, first, 1, last - first + 1)
        self.summary.setText(
            f"已开展 {counts[Status.HELD]} 项，逾期 {counts[Status.OVERDUE]} 项，"
            f"待开展 {counts[Status.DUE]} 项"
        )

    def _item(self, cell) -> QTableWidgetItem:
        text = STATUS_LABELS[cell.status]
        if cell.period.first.month != cell.period.last.month:  # a quarter or the whole year
            text = f"{cell.period.label}：{text}"
        if len(cell.ref_ids) > 1:
            text += f" ×{len(cell.ref_ids)}"
        item = QTableWidgetItem(text)
        background, foreground = STATUS_COLORS[cell.status]
        item.setBackground(QColor(background))
        item.setForeground(QColor(foreground))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(f"{cell.period.label}：{cell.period.first} 至 {cell.period.last}")
        item.setData(Qt.ItemDataRole.UserRole, cell.status.value)
        return item

    def cell_at(self, row: int, column: int):
        """The calendar cell shown at a grid position (spans map to their period)."""
        month = column + 1
        return next(
            c for c in self.rows[row].cells if c.period.first.month <= month <= c.period.last.month
        )

    def activate_cell(self, row: int, column: int) -> None:
        cell = self.cell_at(row, column)
        if cell.status != Status.HELD or not cell.ref_ids:
            return
        item = self.rows[row].item
        if item in ROUND_OF_ITEM:
            self.open_round.emit(ROUND_OF_ITEM[item].value, self.year.value())
        else:
            self.open_meeting.emit(cell.ref_ids[0])

    def edit_minimums(self) -> None:
        branch_id = self.ctx.branch_id
        if branch_id is None:
            return
        ops.run_query(
            self,
            lambda s: branch_settings.load_branch_settings(s, branch_id),
            on_done=lambda settings: MinimumsDialog(self.ctx, settings, self).exec(),
        )  # a saved dialog announces BRANCH: the grid reloads


class MinimumsDialog(GuardedDialog):
    """The current branch's minimums, 优秀 cap and prepayment limit (the same form as 设置);
    Esc or 取消 asks before throwing away a change."""

    def __init__(self, ctx: AppContext, settings: BranchSettings, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.branch_id = ctx.branch_id
        self.setWindowTitle("本团支部的工作要求")
        self.form = BranchSettingsForm()
        self.form.set_settings(settings)
        note = QLabel("默认值依据《基层组织“三会两制一课”实施细则（试行）》。", objectName="Hint")
        self.message = QLabel(objectName="ErrorText")
        buttons = dialog_buttons("保存", primary=True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> ops.Op:
        branch_id = self.branch_id
        frequencies, cap, prepay, recommend = (
            self.form.frequencies(),
            self.form.cap.value(),
            self.form.prepay.value(),
            self.form.recommend.value(),
        )
        return ops.run_op(
            self,
            lambda s: branch_settings.save_branch_settings(
                s, branch_id, frequencies, cap, prepay, recommend
            ),
            kinds={ops.BRANCH, ops.MEETINGS, ops.DUES, ops.REGISTERS},
            on_done=lambda _settings: self.accept(),
            on_error=lambda exc: self.message.setText(exc.message),
        )
