"""团费 dialogs: 登记缴费 (one member or a batch), 免缴, 登记上缴. Amounts shown in 元, kept in fen."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import NeedsConfirmation, UserError
from branchdesk.core.rules.dues_standards import METHODS, Kind, Month, half_year, parse_yuan, yuan
from branchdesk.core.services import dues
from branchdesk.core.services import members as members_service
from branchdesk.core.services.dues import MemberChoice, PaymentInfo, Proposal
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import MONTH, DateEdit
from branchdesk.ui.person_picker import FilterBox, Person, PersonPicker, search_key
from branchdesk.ui.widgets import GuardedDialog, MessageLabel, dialog_buttons


def month_edit(month: Month | None) -> DateEdit:
    value = date(month.year, month.month, 1) if month is not None else None
    return DateEdit(value, mode=MONTH, required=True)


def month_of(edit: DateEdit, label: str = "月份") -> Month:
    """The month in the field; a UserError naming the field when it is empty or wrong."""
    return Month.of(edit.require(label))


def set_month(edit: DateEdit, month: Month) -> None:
    edit.setValue(date(month.year, month.month, 1))


def date_edit(day: date) -> DateEdit:
    return DateEdit(day, required=True)


def id_numbers_of(ctx: AppContext) -> dict[int, str]:
    with ctx.db.session() as session:
        return members_service.id_numbers(session, ctx.branch_id)


def people_of(ctx: AppContext, choices: list[MemberChoice]) -> list[Person]:
    """The dues members as picker entries (group as the detail; found by ID digits too)."""
    numbers = id_numbers_of(ctx)
    return [Person(m.id, m.name, m.group_name, numbers.get(m.id, "")) for m in choices]


class MonthRange(QWidget):
    """From/to month with quick picks: 本月, 本学期 (half-year), 全年."""

    def __init__(self, first: Month, last: Month, parent=None):
        super().__init__(parent)
        self.first = month_edit(first)
        self.last = month_edit(last)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.first)
        layout.addWidget(QLabel("至"))
        layout.addWidget(self.last)
        for text, pick in (("本月", self._one), ("本学期", self._term), ("全年", self._year)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(pick)
            layout.addWidget(button)
        layout.addStretch(1)

    def months(self) -> tuple[Month, Month]:
        """(first, last); a UserError when a month is empty or not a month."""
        return month_of(self.first, "起始月份"), month_of(self.last, "结束月份")

    def set_range(self, first: Month, last: Month) -> None:
        set_month(self.first, first)
        set_month(self.last, last)

    def _start(self) -> Month:
        value = self.first.value() or self.last.value() or date.today()
        return Month.of(value)

    def _one(self) -> None:
        first = self._start()
        self.set_range(first, first)

    def _term(self) -> None:
        self.set_range(*half_year(self._start()))

    def _year(self) -> None:
        year = self._start().year
        self.set_range(Month(year, 1), Month(year, 12))


class _Dialog(GuardedDialog):
    def __init__(self, ctx: AppContext, title: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error = MessageLabel()
        self.buttons = dialog_buttons("保存")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    confirmed = False  # the user agreed to what NeedsConfirmation asked

    def save(self) -> None:
        try:
            with self.ctx.db.transaction() as session:
                self.apply(session)
        except NeedsConfirmation as exc:
            answer = QMessageBox.question(self, "请确认", exc.message)
            if answer == QMessageBox.StandardButton.Yes:
                self.confirmed = True
                self.save()
            return
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()

    def apply(self, session) -> None:
        raise NotImplementedError


class PaymentDialog(_Dialog):
    """登记缴费 for one member (amount editable with a reason) or a batch (the standard each)."""

    last_collector = ""

    def __init__(
        self,
        ctx: AppContext,
        members: list[MemberChoice],
        month: Month,
        member_id: int | None = None,
        batch: bool = False,
        today: date | None = None,
        parent=None,
    ):
        super().__init__(ctx, "批量登记团费" if batch else "登记团费", parent)
        self.batch = batch
        self.members = members
        self.infos: list[PaymentInfo] = []
        self.proposed_fen: int | None = None
        self._cached: tuple[tuple, dict[int, Proposal]] | None = None
        if batch:
            self._build_batch_picker()
        else:
            self.member = PersonPicker(people_of(ctx, members), member_id)
            self.form.addRow("团员", self.member)
            self.member.valueChanged.connect(self.refresh_proposal)
        self.range = MonthRange(month, month)
        self.form.addRow("缴费月份", self.range)
        self.proposal = QLabel(objectName="Hint")
        self.proposal.setWordWrap(True)
        self.form.addRow("按标准应缴", self.proposal)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元，如 12.00")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("金额与标准不同时必填")
        if not batch:
            self.form.addRow("实缴金额（元）", self.amount)
            self.form.addRow("改动原因", self.reason)
            self.amount.textChanged.connect(self._update_reason_state)
        self.paid_on = date_edit(today or date.today())
        self.collector = QLineEdit(PaymentDialog.last_collector)
        self.method = QComboBox()
        self.method.addItems(METHODS)
        self.form.addRow("缴费日期", self.paid_on)
        self.form.addRow("收款人", self.collector)
        self.form.addRow("缴费方式", self.method)
        self.range.first.valueChanged.connect(self.refresh_proposal)
        self.range.last.valueChanged.connect(self.refresh_proposal)
        self.paid_on.valueChanged.connect(self.refresh_proposal)
        self.refresh_proposal()

    # -- batch ---------------------------------------------------------------------------
    def _build_batch_picker(self) -> None:
        self.group = QComboBox()
        self.group.addItem("全部团员", None)
        for group_id, name in sorted(
            {(m.group_id, m.group_name) for m in self.members if m.group_id}
        ):
            self.group.addItem(name, group_id)
        self.search = FilterBox(placeholder="查找：姓名、拼音首字母、身份证号")
        self.search.group.hide()  # the group choice above already narrows the list
        self.picker = QListWidget()
        self.picker.setMinimumHeight(180)
        numbers = id_numbers_of(self.ctx)
        self._keys = {
            m.id: search_key(m.name, numbers.get(m.id, ""), m.group_name) for m in self.members
        }
        self.only_open = QPushButton("只勾选可登记的团员")
        self.only_open.setAutoDefault(False)
        self.only_open.setToolTip("取消勾选这些月份已缴、免缴或不在册的团员")
        self.only_open.clicked.connect(self.keep_only_open)
        self.form.addRow("团小组", self.group)
        self.form.addRow("查找", self.search)
        self.form.addRow("团员", self.picker)
        self.form.addRow("", self.only_open)
        self.search.changed.connect(self._filter_picker)
        self.group.currentIndexChanged.connect(self._fill_picker)
        self.picker.itemChanged.connect(lambda _: self.refresh_proposal())
        self._fill_picker()

    def _fill_picker(self) -> None:
        group_id = self.group.currentData()
        self.picker.blockSignals(True)
        self.picker.clear()
        for m in self.members:
            if group_id is None or m.group_id == group_id:
                item = QListWidgetItem(m.name)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                item.setCheckState(Qt.CheckState.Checked)
                self.picker.addItem(item)
        self.picker.blockSignals(False)
        self._filter_picker()
        self.refresh_proposal()

    def _filter_picker(self) -> None:
        """Hide the names the search does not find; ticks are kept either way."""

        def row(i: int) -> tuple[str, None]:
            return self._keys.get(self.picker.item(i).data(Qt.ItemDataRole.UserRole), ""), None

        self.search.apply(self.picker.count(), row, lambda i, h: self.picker.item(i).setHidden(h))

    def keep_only_open(self) -> None:
        """Uncheck members who cannot be recorded for these months or owe nothing then."""
        try:
            proposals = self._proposals()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.picker.blockSignals(True)
        for i in range(self.picker.count()):
            item = self.picker.item(i)
            proposal = proposals.get(item.data(Qt.ItemDataRole.UserRole))
            if proposal is None or proposal.problems or proposal.amount_fen == 0:
                item.setCheckState(Qt.CheckState.Unchecked)
        self.picker.blockSignals(False)
        self.refresh_proposal()

    def _proposals(self) -> dict[int, Proposal]:
        """Every listed member's proposal for the chosen months, from one load of the branch
        (kept until the months change: ticking a member only adds up)."""
        first, last = self.range.months()
        on = self.paid_on.value() if hasattr(self, "paid_on") else None
        if self._cached is None or self._cached[0] != (first, last, on):
            with self.ctx.db.session() as session:
                proposals = dues.propose_batch(
                    session, self.ctx.branch_id, [m.id for m in self.members], first, last, on
                )
            self._cached = ((first, last, on), proposals)
        return self._cached[1]

    def selected_ids(self) -> list[int]:
        if not self.batch:
            return [self.member.currentData()] if self.member.currentData() is not None else []
        return [
            self.picker.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.picker.count())
            if self.picker.item(i).checkState() == Qt.CheckState.Checked
        ]

    # -- the proposal --------------------------------------------------------------------
    def refresh_proposal(self) -> None:
        if not hasattr(self, "amount"):
            return
        try:
            first, last = self.range.months()
        except UserError:
            first = last = None
        ids = self.selected_ids()
        if first is None or last < first or not ids:
            self.proposed_fen = None
            self.proposal.setText("请选择团员和月份。")
            return
        total, problems = 0, []
        proposals = self._proposals()
        for member_id in ids:
            proposal = proposals[member_id]
            total += proposal.amount_fen
            problems += proposal.problems
        old = self.proposed_fen
        self.proposed_fen = total
        count = f"{len(ids)}人，" if self.batch else ""
        text = f"{count}{last - first + 1}个月，共 {yuan(total)} 元"
        if problems:
            text += "\n" + "；".join(problems[:4]) + ("……" if len(problems) > 4 else "")
        self.proposal.setText(text)
        if not self.batch and (not self.amount.text() or self._amount_fen() == old):
            self.amount.setText(yuan(total))
        self._update_reason_state()

    def _amount_fen(self) -> int | None:
        try:
            return parse_yuan(self.amount.text())
        except ValueError:
            return None

    def amount_changed(self) -> bool:
        amount = self._amount_fen()
        return amount is not None and amount != self.proposed_fen

    def _update_reason_state(self) -> None:
        self.reason.setEnabled(self.amount_changed())

    def apply(self, session) -> None:
        first, last = self.range.months()
        paid_on = self.paid_on.require("缴费日期")
        collector, method = self.collector.text().strip(), self.method.currentText()
        if self.batch:
            self.infos = dues.record_batch(
                session, self.ctx.branch_id, self.selected_ids(), first, last, paid_on,
                collector, method, self.confirmed,
            )  # fmt: skip
        else:
            ids = self.selected_ids()
            if not ids:
                raise UserError("请选择团员。")
            amount = self._amount_fen()
            if amount is None:
                raise UserError("请填写正确的金额（元，最多两位小数）。")
            reason = self.reason.text() if self.amount_changed() else ""
            self.infos = [
                dues.record_payment(
                    session,
                    ids[0],
                    first,
                    last,
                    paid_on,
                    collector,
                    method,
                    amount,
                    reason,
                    self.confirmed,
                )  # fmt: skip
            ]
        PaymentDialog.last_collector = collector


class ExemptionDialog(_Dialog):
    def __init__(
        self,
        ctx: AppContext,
        members: list[MemberChoice],
        month: Month,
        member_id: int | None = None,
        parent=None,
    ):
        super().__init__(ctx, "登记免缴", parent)
        self.member = PersonPicker(people_of(ctx, members), member_id)
        self.range = MonthRange(month, month)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：家庭困难，经支部团员大会同意、上级团委批准")
        self.form.addRow("团员", self.member)
        self.form.addRow("免缴月份", self.range)
        self.form.addRow("原因", self.reason)

    def apply(self, session) -> None:
        if self.member.currentData() is None:
            raise UserError("请选择团员。")
        first, last = self.range.months()
        dues.add_exemption(session, self.member.currentData(), first, last, self.reason.text())


class HandoverDialog(_Dialog):
    def __init__(self, ctx: AppContext, held_fen: int, today: date | None = None, parent=None):
        super().__init__(ctx, "登记上缴", parent)
        self.handed_on = date_edit(today or date.today())
        self.amount = QLineEdit(yuan(held_fen) if held_fen > 0 else "")
        self.receipt_no = QLineEdit()
        self.receipt_no.setPlaceholderText("上级团组织开具的收据编号")
        self.note = QLineEdit()
        self.form.addRow("上缴日期", self.handed_on)
        self.form.addRow("金额（元）", self.amount)
        self.form.addRow("收据编号", self.receipt_no)
        self.form.addRow("备注", self.note)
        self.form.addRow("", QLabel(f"当前结存 {yuan(held_fen)} 元", objectName="Hint"))

    def apply(self, session) -> None:
        try:
            amount = parse_yuan(self.amount.text())
        except ValueError:
            raise UserError("请填写正确的金额（元，最多两位小数）。") from None
        dues.record_handover(
            session,
            self.ctx.branch_id,
            self.handed_on.require("上缴日期"),
            amount,
            self.receipt_no.text(),
            self.note.text(),
        )


class CategoryBatchDialog(_Dialog):
    """批量设置类别: one 团费 category for many members from a month on (after an import, a
    class graduating into work)."""

    def __init__(
        self,
        ctx: AppContext,
        members: list[MemberChoice],
        month: Month,
        selected: set[int] | None = None,
        parent=None,
    ):
        super().__init__(ctx, "批量设置团费类别", parent)
        with ctx.db.session() as session:
            self.standards = dues.list_standards(session, ctx.branch_id)
        self.picker = QListWidget()
        self.picker.setMinimumHeight(180)
        for m in members:
            item = QListWidgetItem(f"{m.name}（{m.group_name}）" if m.group_name else m.name)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            checked = not selected or m.id in selected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.picker.addItem(item)
        self.category = QComboBox()
        for c in self.standards:
            self.category.addItem(c.name, c)
        self.income = QLineEdit(placeholderText="税后月收入，元（按收入计算的类别）")
        self.start = month_edit(month)
        self.form.addRow("团员", self.picker)
        self.form.addRow("类别", self.category)
        self.form.addRow("月收入（元）", self.income)
        self.form.addRow("从该月起", self.start)
        self.category.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        category = self.category.currentData()
        self.income.setEnabled(category is not None and category.kind == Kind.INCOME)

    def selected_ids(self) -> list[int]:
        return [
            self.picker.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.picker.count())
            if self.picker.item(i).checkState() == Qt.CheckState.Checked
        ]

    def apply(self, session) -> None:
        income = None
        if self.income.isEnabled() and self.income.text().strip():
            try:
                income = parse_yuan(self.income.text())
            except ValueError:
                raise UserError("请填写正确的月收入（元，最多两位小数）。") from None
        self.count = dues.set_category_for_members(
            session,
            self.ctx.branch_id,
            self.selected_ids(),
            self.category.currentText(),
            month_of(self.start),
            income,
        )
