"""团费 dialogs: 登记缴费 (one member or a batch), 免缴, 登记上缴. Amounts shown in 元, kept in fen."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import NeedsConfirmation, UserError
from branchdesk.core.rules.dues_standards import METHODS, Kind, Month, half_year, parse_yuan, yuan
from branchdesk.core.services import dues
from branchdesk.core.services.dues import DuesChoices, PaymentInfo, Proposal
from branchdesk.ui import ops
from branchdesk.ui.check_list import CheckList
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import MONTH, DateEdit
from branchdesk.ui.form_check import FieldError, FormCheck
from branchdesk.ui.person_picker import FilterBox, Person, PersonPicker, search_key
from branchdesk.ui.widgets import GuardedDialog, MessageLabel, dialog_buttons

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


def people_of(choices: DuesChoices) -> list[Person]:
    """The dues members as picker entries (group as the detail; found by ID digits too)."""
    numbers = choices.id_numbers
    return [Person(m.id, m.name, m.group_name, numbers.get(m.id, "")) for m in choices.members]


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
    """A 团费 form saved through the runner: `operation()` reads the fields (on the UI thread)
    and returns the service call; the dialog closes when it has been done."""

    #: what saving changes (announced to the pages)
    kinds: frozenset[str] = frozenset({ops.DUES})

    def __init__(self, ctx: AppContext, title: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error = MessageLabel()
        self.check = FormCheck(self.error)
        self.buttons = dialog_buttons("保存", primary=True)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._saving = False

    confirmed = False  # the user agreed to what NeedsConfirmation asked

    def save(self) -> ops.Op | None:
        """Start saving; None when a field is wrong (the message is shown) or a save runs."""
        if self._saving:
            return None
        self.check.clear()
        try:
            work = self.operation()
        except UserError as exc:  # a FieldError names its field: marked, the cursor put there
            self.check.refuse_error(exc)
            return None
        self._saving = True
        self.save_button.setEnabled(False)

        def ended() -> None:
            self._saving = False
            self.save_button.setEnabled(True)

        op = ops.run_op(self, work, kinds=self.kinds, on_done=self._saved, on_error=self._refused)
        op.ended.connect(ended)
        return op

    def _saved(self, result) -> None:
        self.saved(result)
        self.accept()

    def _refused(self, exc: UserError) -> None:
        if isinstance(exc, NeedsConfirmation):
            answer = QMessageBox.question(self, "请确认", exc.message)
            if answer == QMessageBox.StandardButton.Yes:
                self.confirmed = True
                QTimer.singleShot(0, self.save)  # once this operation has ended
            return
        self.check.refuse_error(exc)

    def operation(self) -> "Callable[[Session], object]":
        """The service call to run, from the fields' values (a UserError if one is wrong)."""
        raise NotImplementedError

    def saved(self, result) -> None:
        """The operation's result arrived (before the dialog closes)."""


def member_rows(choices: DuesChoices, with_group: bool = False) -> list[tuple[int, str, str]]:
    """(id, label, search key) for a `CheckListModel`: the key finds a name, its pinyin
    initials, ID digits or the group."""
    numbers = choices.id_numbers
    return [
        (
            m.id,
            f"{m.name}（{m.group_name}）" if with_group and m.group_name else m.name,
            search_key(m.name, numbers.get(m.id, ""), m.group_name),
        )
        for m in choices.members
    ]


class PaymentDialog(_Dialog):
    """登记缴费 for one member (amount editable with a reason) or a batch (the standard each).

    The standard's amounts come from a worker: for a batch, every listed member's proposal for
    the chosen months in one pass over the branch (`dues.propose_batch`), kept until the months
    change, so a tick only adds up numbers already there. `ready` once they have arrived."""

    last_collector = ""

    def __init__(
        self,
        ctx: AppContext,
        choices: DuesChoices,
        month: Month,
        member_id: int | None = None,
        batch: bool = False,
        today: date | None = None,
        parent=None,
    ):
        super().__init__(ctx, "批量登记团费" if batch else "登记团费", parent)
        self.batch = batch
        self.branch_id = ctx.branch_id
        self.choices = choices
        self.members = choices.members
        self.infos: list[PaymentInfo] = []
        self.proposed_fen: int | None = None
        self._cached: tuple[tuple, dict[int, Proposal]] | None = None
        self._asked: tuple | None = None  # the proposals being computed
        self._after_proposals: list[Callable[[], None]] = []
        if batch:
            self._build_batch_picker()
        else:
            self.member = PersonPicker(people_of(choices), member_id)
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
        self.picker = CheckList()
        self.picker.setMinimumHeight(180)
        self.checks = self.picker.checks
        self._rows = member_rows(self.choices)
        self._group_of = {m.id: m.group_id for m in self.members}
        self.only_open = QPushButton("只勾选可登记的团员")
        self.only_open.setAutoDefault(False)
        self.only_open.setToolTip("取消勾选这些月份已缴、免缴或不在册的团员")
        self.only_open.clicked.connect(self.keep_only_open)
        self.form.addRow("团小组", self.group)
        self.form.addRow("查找", self.search)
        self.form.addRow("团员", self.picker)
        self.form.addRow("", self.only_open)
        self.search.changed.connect(lambda: self.picker.set_filter(self.search.search.text()))
        self.group.currentIndexChanged.connect(self._fill_picker)
        self.checks.toggled.connect(self.refresh_proposal)
        self._fill_picker()

    def _fill_picker(self) -> None:
        """The group's members (everyone's for 全部团员), all ticked; one model reset."""
        group_id = self.group.currentData()
        rows = [r for r in self._rows if group_id is None or self._group_of[r[0]] == group_id]
        self.checks.set_rows(rows, [r[0] for r in rows])

    def keep_only_open(self) -> None:
        """Uncheck members who cannot be recorded for these months or owe nothing then
        (once the proposals for these months have arrived)."""
        try:
            proposals = self._proposals()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        if proposals is None:
            self._after_proposals.append(self.keep_only_open)
            return
        closed = [
            member_id
            for member_id in self.checks.checked
            if (p := proposals.get(member_id)) is None or p.problems or p.amount_fen == 0
        ]
        self.checks.set_checked(closed, False)

    def _proposals(self) -> dict[int, Proposal] | None:
        """The proposals for the chosen months, or None while a worker computes them (the
        label is refreshed when they arrive). For a batch: every listed member's, from one
        load of the branch, kept until the months change."""
        first, last = self.range.months()
        on = self.paid_on.value()
        ids = tuple(m.id for m in self.members) if self.batch else tuple(self.selected_ids())
        key = (first, last, on, ids)
        if self._cached is not None and self._cached[0] == key:
            return self._cached[1]
        if self._asked != key:
            self._asked = key
            branch_id = self.branch_id

            def arrived(proposals: dict[int, Proposal]) -> None:
                if self._asked != key:
                    return  # the months changed meanwhile: a newer request is under way
                self._asked = None
                self._cached = (key, proposals)
                self.refresh_proposal()
                pending, self._after_proposals = self._after_proposals, []
                for action in pending:
                    action()

            def refused(exc: UserError) -> None:
                if self._asked == key:
                    self._asked = None
                    self._after_proposals.clear()
                    self.proposal.setText(exc.message)

            ops.run_query(
                self,
                lambda session: dues.propose_batch(session, branch_id, list(ids), first, last, on),
                on_done=arrived,
                on_error=refused,
                ctx=self.ctx,
            )
        return None

    @property
    def ready(self) -> bool:
        """The proposal shown is for what the form says (not being computed)."""
        return self._asked is None

    def selected_ids(self) -> list[int]:
        if not self.batch:
            return [self.member.currentData()] if self.member.currentData() is not None else []
        return self.checks.checked_ids()

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
            self._asked = None
            self.proposed_fen = None
            self.proposal.setText("请选择团员和月份。")
            return
        proposals = self._proposals()
        if proposals is None:
            self.proposal.setText("正在计算……")
            return
        total, problems = 0, []
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

    def operation(self) -> "Callable[[Session], list[PaymentInfo]]":
        if not self.batch and self.member.currentData() is None:
            raise FieldError(self.member, "请选择团员。")
        first, last = self.range.months()
        paid_on = self.paid_on.require("缴费日期")
        collector, method = self.collector.text().strip(), self.method.currentText()
        confirmed, ids = self.confirmed, self.selected_ids()
        if self.batch:
            branch_id = self.branch_id
            return lambda session: dues.record_batch(
                session, branch_id, ids, first, last, paid_on, collector, method, confirmed
            )
        if not ids:
            raise FieldError(self.member, "请选择团员。")
        amount = self._amount_fen()
        if amount is None:
            raise FieldError(self.amount, "请填写正确的金额（元，最多两位小数）。")
        reason = self.reason.text() if self.amount_changed() else ""
        return lambda session: [
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
                confirmed,
            )  # fmt: skip
        ]

    def saved(self, infos: list[PaymentInfo]) -> None:
        self.infos = infos
        PaymentDialog.last_collector = self.collector.text().strip()


class ExemptionDialog(_Dialog):
    def __init__(
        self,
        ctx: AppContext,
        choices: DuesChoices,
        month: Month,
        member_id: int | None = None,
        parent=None,
    ):
        super().__init__(ctx, "登记免缴", parent)
        self.member = PersonPicker(people_of(choices), member_id)
        self.range = MonthRange(month, month)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：家庭困难，经支部团员大会同意、上级团委批准")
        self.form.addRow("团员", self.member)
        self.form.addRow("免缴月份", self.range)
        self.form.addRow("原因", self.reason)

    def operation(self) -> "Callable[[Session], None]":
        member_id = self.member.currentData()
        if member_id is None:
            raise FieldError(self.member, "请选择团员。")
        first, last = self.range.months()
        reason = self.reason.text()
        return lambda session: dues.add_exemption(session, member_id, first, last, reason)


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

    def operation(self) -> "Callable[[Session], object]":
        day = self.handed_on.require("上缴日期")
        try:
            amount = parse_yuan(self.amount.text())
        except ValueError:
            raise FieldError(self.amount, "请填写正确的金额（元，最多两位小数）。") from None
        branch_id = self.ctx.branch_id
        receipt_no, note = self.receipt_no.text(), self.note.text()
        return lambda session: dues.record_handover(
            session, branch_id, day, amount, receipt_no, note
        )


class CategoryBatchDialog(_Dialog):
    """批量设置类别: one 团费 category for many members from a month on (after an import, a
    class graduating into work)."""

    def __init__(
        self,
        ctx: AppContext,
        choices: DuesChoices,
        month: Month,
        selected: set[int] | None = None,
        parent=None,
    ):
        super().__init__(ctx, "批量设置团费类别", parent)
        self.standards = choices.standards
        self.picker = CheckList()
        self.picker.setMinimumHeight(180)
        self.checks = self.picker.checks
        rows = member_rows(choices, with_group=True)
        self.checks.set_rows(rows, [r[0] for r in rows if not selected or r[0] in selected])
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
        self.count = 0

    def _kind_changed(self, *_args) -> None:
        category = self.category.currentData()
        self.income.setEnabled(category is not None and category.kind == Kind.INCOME)

    def selected_ids(self) -> list[int]:
        return self.checks.checked_ids()

    def operation(self) -> "Callable[[Session], int]":
        income = None
        if self.income.isEnabled() and self.income.text().strip():
            try:
                income = parse_yuan(self.income.text())
            except ValueError:
                raise FieldError(self.income, "请填写正确的月收入（元，最多两位小数）。") from None
        branch_id, ids = self.ctx.branch_id, self.selected_ids()
        category, start = self.category.currentText(), month_of(self.start)
        return lambda session: dues.set_category_for_members(
            session, branch_id, ids, category, start, income
        )

    def saved(self, count: int) -> None:
        self.count = count
