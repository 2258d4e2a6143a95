"""批量超龄离团: members who are, or within N months will be, 28 and hold no post; archive the
checked ones in one transaction with one date and reason. Nobody is removed without a tick."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules import ages
from branchdesk.core.services.age_out import (
    DEFAULT_REASON,
    AgeOutCandidate,
    age_out_candidates,
    archive_aged_out,
)
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DateEdit
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.widgets import OK, GuardedDialog, MessageLabel, dialog_buttons, fit_to_screen

HEADERS = ["", "姓名", "身份证号", "出生日期", "满28周岁日期", "政治面貌", "团小组"]


class AgeOutDialog(GuardedDialog):
    """The candidates load from a worker (`loaded` after each list); saving is an operation."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, today: date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.ready = False
        self._generation = 0
        self.today = today or date.today()
        self.candidates: list[AgeOutCandidate] = []
        self.archived = 0
        self.setWindowTitle("批量超龄离团")
        fit_to_screen(self, 820, 520)
        self.months = QSpinBox(minimum=0, maximum=36, suffix=" 个月内")
        self.months.setValue(ages.AGE_OUT_WARNING_MONTHS)
        top = QHBoxLayout()
        top.addWidget(QLabel("已满28周岁或"))
        top.addWidget(self.months)
        top.addWidget(QLabel("将满28周岁、且不担任团内职务的在册团员"))
        top.addStretch(1)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        check_all, check_none = QPushButton("全选"), QPushButton("全不选")
        check_all.clicked.connect(lambda: self._check_all(True))
        check_none.clicked.connect(lambda: self._check_all(False))
        picks = QHBoxLayout()
        picks.addWidget(check_all)
        picks.addWidget(check_none)
        self.count = QLabel(objectName="Hint")
        picks.addWidget(self.count, 1)
        self.on = DateEdit(self.today, required=True)
        self.reason = QLineEdit(DEFAULT_REASON)
        form = QFormLayout()
        form.addRow("离团日期", self.on)
        form.addRow("原因 *", self.reason)
        self.message = MessageLabel()
        self.check = FormCheck(self.message)
        self.buttons = dialog_buttons(primary=True)
        self.ok_button = self.buttons.button(OK)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(picks)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.months.valueChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        """Ask for the candidates within the chosen months; the newest answer is shown."""
        branch_id, today, months = self.ctx.branch_id, self.today, self.months.value()
        self._generation += 1
        generation = self._generation
        self.ready = False
        self._update()

        def arrived(candidates: list[AgeOutCandidate]) -> None:
            if generation == self._generation:
                self._show(candidates)

        ops.run_query(
            self,
            lambda session: age_out_candidates(session, branch_id, today, months),
            on_done=arrived,
        )

    def _show(self, candidates: list[AgeOutCandidate]) -> None:
        self.candidates = candidates
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.candidates))
        for row, c in enumerate(self.candidates):
            check = QTableWidgetItem()
            if c.turns_28_on <= self.today:
                check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            else:  # offered only from the 28th birthday
                check.setFlags(Qt.ItemFlag.NoItemFlags)
                check.setToolTip(f"{c.turns_28_on:%Y-%m-%d}年满28周岁后才能办理")
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, c.member_id)
            self.table.setItem(row, 0, check)
            turns = f"{c.turns_28_on:%Y-%m-%d}" + (
                "（已满）" if c.turns_28_on <= self.today else ""
            )
            values = [c.name, c.id_number, f"{c.birth_date:%Y-%m-%d}", turns]
            for column, value in enumerate([*values, c.political_status, c.group_name], start=1):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.ready = True
        self._update()
        self.loaded.emit()

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.table.item(row, 0).setCheckState(state)
        self.table.blockSignals(False)
        self._update()

    def set_checked(self, member_ids: set[int]) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            enabled = bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
            checked = enabled and item.data(Qt.ItemDataRole.UserRole) in member_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._update()

    def checked_ids(self) -> list[int]:
        return [
            self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def _update(self, *_args) -> None:
        chosen = len(self.checked_ids())
        self.count.setText(f"共 {len(self.candidates)} 人，已选 {chosen} 人")
        self.ok_button.setText(f"将选中的 {chosen} 人办理超龄离团")
        self.ok_button.setEnabled(chosen > 0 and self.ready)
        self.check.update(self.problems())

    def problems(self) -> list[tuple[QWidget | None, str]]:
        problems: list[tuple[QWidget | None, str]] = []
        if self.on.error() or self.on.value() is None:
            problems.append((self.on, f"离团日期：{self.on.error() or '不能为空'}"))
        if not self.reason.text().strip():
            problems.append((self.reason, "请填写原因"))
        return problems

    def save(self) -> ops.Op | None:
        """Start archiving the ticked members (None: the form has problems, now shown)."""
        problems = self.problems()
        if problems:
            self.check.refuse(problems)
            return None
        on = self.on.value()
        branch_id, ids, reason = self.ctx.branch_id, self.checked_ids(), self.reason.text()

        def saved(count: int) -> None:
            self.archived = count
            self.accept()

        self.ok_button.setEnabled(False)
        op = ops.run_op(
            self,
            lambda session: archive_aged_out(session, branch_id, ids, on, reason),
            kinds={ops.MEMBERS},
            on_done=saved,
            on_error=self.check.refuse_error,
        )
        op.ended.connect(lambda: op.ok or self._update())
        return op
