"""组织关系: the transfer register, transfers out (one or a class) and in, and the letters."""

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.reports.file_names import letters_file_name
from branchdesk.core.rules import transfer_state as ts
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.transfer_state import Direction, TransferStatus
from branchdesk.core.rules.vocab import EDUCATIONS, ETHNICITIES, POLITICAL_STATUSES
from branchdesk.core.services import members, transfers
from branchdesk.core.services.transfers import TransferRow
from branchdesk.ui import ops
from branchdesk.ui.check_list import CheckList
from branchdesk.ui.columns import ColumnFit
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DAY_OR_MONTH, DateEdit
from branchdesk.ui.empty_state import EmptyState
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.pages.base import Page
from branchdesk.ui.person_picker import ID_ROLE, Person, PersonPicker, search_key
from branchdesk.ui.widgets import (
    GuardedDialog,
    MessageLabel,
    RowListModel,
    dialog_buttons,
    fit_to_screen,
)

ALL = "全部"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


COLUMNS: list[tuple[str, callable]] = [
    ("类别", lambda r: r.direction),
    ("介绍信编号", lambda r: r.letter_no),
    ("姓名", lambda r: r.name),
    ("身份证号", lambda r: r.id_number),
    ("原因", lambda r: r.reason),
    ("转往/转出单位", lambda r: r.other_org),
    ("开具日期", lambda r: _iso(r.issued_on)),
    ("有效至", lambda r: _iso(r.expires_on)),
    ("状态", lambda r: r.status + ("（已过期）" if r.waiting_too_long else "")),
    ("回执/接收", lambda r: _iso(r.completed_on)),
    ("撤销/退回", lambda r: _iso(r.closed_on)),
    ("备注", lambda r: r.note),
]


class RegisterModel(RowListModel):
    headers = tuple(header for header, _ in COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and row.waiting_too_long:
            return QBrush(QColor("#b42318"))
        return None


def _date_edit(value: date) -> DateEdit:
    return DateEdit(value, required=True)


def _buttons(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    buttons = dialog_buttons(ok_text, primary=True)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _combo(items, current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    if current:
        combo.setCurrentText(current)
    return combo


def out_rows(
    people: list[tuple[int, str, str]], numbers: dict[int, str]
) -> list[tuple[int, str, str]]:
    """(id, label, search key) of who may leave, for the batch list: made on the worker that
    reads them (2,000 pinyin keys are no work for the UI thread)."""
    return [
        (i, f"{name}　{unit}".strip(), search_key(name, numbers.get(i, ""), unit))
        for i, name, unit in people
    ]


class TransferOutDialog(GuardedDialog):
    """转出 (one member) or 批量转出 (tick a class): one destination, reason and date for all."""

    def __init__(
        self,
        people: list[tuple[int, str, str]],
        batch: bool,
        parent=None,
        numbers: dict[int, str] | None = None,
        rows: list[tuple[int, str, str]] | None = None,
    ):
        """`people`: (id, name, unit) of who may leave; `numbers`: their ID numbers, to search;
        `rows`: `out_rows(people, numbers)` when already made."""
        numbers = numbers or {}
        super().__init__(parent)
        self.setWindowTitle("批量转出" if batch else "转出")
        fit_to_screen(self, 520, 560 if batch else 300)
        layout = QVBoxLayout(self)
        self.people = CheckList()
        self.people.setObjectName("TransferPeople")
        self.member = PersonPicker()
        if batch:
            bar = QHBoxLayout()
            self.filter = QLineEdit(placeholderText="查找：姓名、拼音首字母、身份证号、单位/班级")
            select_all = QPushButton("全选所显示的")
            select_none = QPushButton("全不选")
            bar.addWidget(self.filter, 1)
            bar.addWidget(select_all)
            bar.addWidget(select_none)
            layout.addWidget(QLabel("勾选要转出的团员（每人开具一份介绍信）："))
            layout.addLayout(bar)
            self.people.checks.set_rows(rows if rows is not None else out_rows(people, numbers))
            layout.addWidget(self.people, 1)
            self.filter.textChanged.connect(self.people.set_filter)
            select_all.clicked.connect(lambda: self._check_visible(Qt.CheckState.Checked))
            select_none.clicked.connect(lambda: self._check_visible(Qt.CheckState.Unchecked))
            self.people.checks.toggled.connect(self._update_count)
        else:
            self.member.set_people(
                [Person(i, name, unit, numbers.get(i, "")) for i, name, unit in people]
            )
        form = QFormLayout()
        if not batch:
            form.addRow("团员", self.member)
        self.reason = _combo(ts.REASONS)
        self.destination = QLineEdit(placeholderText="如：某某大学某某学院团委")
        self.issued_on = _date_edit(date.today())
        self.validity = QSpinBox(minimum=1, maximum=365, value=ts.DEFAULT_VALIDITY_DAYS)
        self.validity.setSuffix(" 天")
        form.addRow("转接原因", self.reason)
        form.addRow("转往单位", self.destination)
        form.addRow("开具日期", self.issued_on)
        form.addRow("有效期", self.validity)
        layout.addLayout(form)
        self.count = QLabel(objectName="Hint")
        self.error = MessageLabel()
        self.check = FormCheck(self.error)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        buttons = _buttons(self, "开具介绍信")
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)
        self.batch = batch
        self._update_count()

    def _check_visible(self, state) -> None:
        """Tick (or untick) the members the search shows."""
        shown = self.people.filter
        ids = [shown.index(r, 0).data(ID_ROLE) for r in range(shown.rowCount())]
        self.people.checks.set_checked(ids, state == Qt.CheckState.Checked)

    def _update_count(self, *_):
        if self.batch:
            self.count.setText(f"已选 {len(self.member_ids())} 人")

    def member_ids(self) -> list[int]:
        if not self.batch:
            value = self.member.currentData()
            return [value] if value is not None else []
        return self.people.checks.checked_ids()

    def problems(self) -> list[tuple[QWidget | None, str]]:
        problems: list[tuple[QWidget | None, str]] = []
        if not self.member_ids():
            problems.append((self.people if self.batch else self.member, "请选择要转出的团员"))
        if not self.destination.text().strip():
            problems.append((self.destination, "请填写转往单位"))
        if self.issued_on.error():
            problems.append((self.issued_on, f"开具日期：{self.issued_on.error()}"))
        return problems

    def _accept(self) -> None:
        problems = self.problems()
        if problems:
            self.check.refuse(problems)
        else:
            self.accept()


class TransferInDialog(GuardedDialog):
    """转入: the sending organisation's letter and the member's data (typed or from a sheet)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("转入")
        fit_to_screen(self, 860, 480)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()  # side by side: the form fits a 768-pixel-high screen
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        letter = QFormLayout()
        self.sending_org = QLineEdit(placeholderText="开具介绍信的团组织")
        self.letter_no = QLineEdit(placeholderText="对方介绍信上的编号")
        self.letter_date = _date_edit(date.today())
        self.reason = _combo(ts.REASONS)
        self.accept_now = QCheckBox("现在就接收（加入花名册）")
        self.accept_now.setChecked(True)
        self.accepted_on = _date_edit(date.today())
        letter.addRow("转出单位", self.sending_org)
        letter.addRow("介绍信编号", self.letter_no)
        letter.addRow("介绍信日期", self.letter_date)
        letter.addRow("转接原因", self.reason)
        letter.addRow(self.accept_now, self.accepted_on)
        left.addWidget(QLabel("介绍信", objectName="SectionTitle"))
        left.addLayout(letter)
        left.addStretch(1)

        head = QHBoxLayout()
        head.addWidget(QLabel("团员信息", objectName="SectionTitle"))
        head.addStretch(1)
        self.from_sheet = QPushButton("从 Excel 行读取…")
        head.addWidget(self.from_sheet)
        right.addLayout(head)
        person = QFormLayout()
        self.name = QLineEdit()
        self.id_number = QLineEdit(placeholderText="18位居民身份证号（性别、出生日期由此得出）")
        self.ethnicity = _combo(ETHNICITIES, "汉族")
        self.join_date = DateEdit(mode=DAY_OR_MONTH, required=True)
        self.political = _combo(POLITICAL_STATUSES)
        self.education = _combo(("",) + tuple(EDUCATIONS))
        self.phone = QLineEdit()
        self.card_no = QLineEdit(placeholderText="8位")
        self.development_no = QLineEdit(placeholderText="12位")
        self.work_unit = QLineEdit()
        for label, widget in (
            ("姓名", self.name),
            ("身份证号", self.id_number),
            ("民族", self.ethnicity),
            ("入团年月", self.join_date),
            ("政治面貌", self.political),
            ("学历", self.education),
            ("手机号码", self.phone),
            ("团员证编号", self.card_no),
            ("发展团员编号", self.development_no),
            ("工作单位/学校班级", self.work_unit),
        ):
            person.addRow(label, widget)
        right.addLayout(person)
        self.error = MessageLabel()
        self.check = FormCheck(self.error)
        layout.addWidget(self.error)
        buttons = _buttons(self)
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)
        self.accept_now.toggled.connect(self.accepted_on.setEnabled)
        self.from_sheet.clicked.connect(self._pick_from_sheet)

    def record(self) -> MemberRecord:
        return MemberRecord(
            name=self.name.text().strip(),
            id_number=self.id_number.text().strip(),
            ethnicity=self.ethnicity.currentText(),
            join_date=self.join_date.value(),
            join_date_precision=self.join_date.precision(),
            political_status=self.political.currentText(),
            education=self.education.currentText(),
            phone=self.phone.text().strip(),
            member_card_no=self.card_no.text().strip(),
            development_no=self.development_no.text().strip(),
            work_unit=self.work_unit.text().strip(),
        )

    def fill(self, record: MemberRecord) -> None:
        self.name.setText(record.name)
        self.id_number.setText(record.id_number)
        self.ethnicity.setCurrentText(record.ethnicity or "汉族")
        if record.join_date:
            self.join_date.setValue(record.join_date, record.join_date_precision)
        self.political.setCurrentText(record.political_status or "共青团员")
        self.education.setCurrentText(record.education)
        self.phone.setText(record.phone)
        self.card_no.setText(record.member_card_no)
        self.development_no.setText(record.development_no)
        self.work_unit.setText(record.work_unit)

    def _pick_from_sheet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择表格", "", "表格文件 (*.xlsx *.xls *.ods)")
        if not path:
            return
        try:
            people = transfers.sheet_people(path)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        picker = SheetRowDialog(people, self)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen is not None:
            self.fill(picker.chosen.record)
            self.error.setText(picker.chosen.problems)

    def problems(self) -> list[tuple[QWidget | None, str]]:
        """What is missing or wrong, in the order of the form (letter, then the member)."""
        problems: list[tuple[QWidget | None, str]] = []
        if not self.sending_org.text().strip():
            problems.append((self.sending_org, "请填写转出单位"))
        dates = [("介绍信日期", self.letter_date)]
        if self.accept_now.isChecked():
            dates.append(("接收日期", self.accepted_on))
        problems += [(edit, f"{label}：{edit.error()}") for label, edit in dates if edit.error()]
        if not self.name.text().strip():
            problems.append((self.name, "请填写姓名"))
        if not self.id_number.text().strip():
            problems.append((self.id_number, "请填写身份证号"))
        if self.join_date.error():
            problems.append((self.join_date, f"入团年月：{self.join_date.error()}"))
        return problems

    def _accept(self) -> None:
        problems = self.problems()
        if problems:
            self.check.refuse(problems)
        else:
            self.accept()


class SheetRowDialog(QDialog):
    """Pick the one row of a sheet that holds the incoming member."""

    def __init__(self, people, parent=None):
        super().__init__(parent)
        self.setWindowTitle("从 Excel 行读取")
        fit_to_screen(self, 460, 480)
        self.chosen = None
        self.people = people
        layout = QVBoxLayout(self)
        self.search = QLineEdit(placeholderText="按姓名或身份证号查找")
        self.list = QListWidget()
        for person in people:
            record = person.record
            self.list.addItem(f"第{person.row}行　{record.name}　{record.id_number}")
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        buttons = _buttons(self)
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda *_: self._accept())

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setHidden(bool(text) and text not in self.list.item(i).text())

    def _accept(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.chosen = self.people[row]
            self.accept()


class TransfersPage(Page):
    title = "组织关系"
    kinds = frozenset({ops.TRANSFERS, ops.MEMBERS})  # the register; who may be transferred

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self._after_load: list = []  # run once the register has reloaded (select new rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.addWidget(QLabel("组织关系转接", objectName="PageTitle"))

        actions = QHBoxLayout()
        self.out_button = QPushButton("转出", objectName="PrimaryButton")
        self.batch_button = QPushButton("批量转出")
        self.slip_button = QPushButton("收到回执")
        self.cancel_button = QPushButton("撤销")
        self.return_button = QPushButton("退回")
        self.in_button = QPushButton("转入")
        self.accept_button = QPushButton("接收转入")
        self.print_button = QPushButton("打印介绍信")
        for button in (
            self.out_button,
            self.batch_button,
            self.slip_button,
            self.cancel_button,
            self.return_button,
            self.in_button,
            self.accept_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        self.direction = _combo((ALL, Direction.OUT, Direction.IN))
        self.status = _combo((ALL, *TransferStatus))
        self.year = QComboBox()
        self.count_label = QLabel(objectName="Hint")
        for label, widget in (("类别", self.direction), ("状态", self.status), ("年度", self.year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.model = RegisterModel(self)
        self.table = QTableView(objectName="TransferTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.columns = ColumnFit(
            self.table, "transfers", stretch=-1
        )  # 备注 takes a wide window's rest
        layout.addWidget(self.table, 1)
        self.empty = EmptyState(
            "还没有组织关系转接记录",
            "团员因升学、就业、参军等离开本团支部时，点“转出”开具团员组织关系介绍信；"
            "有团员从别处转来时，点“转入”登记对方的介绍信并把他加入花名册。",
        )
        self.empty_out = self.empty.add_button(
            "转出…", lambda: self.transfer_out(batch=False), primary=True
        )
        self.empty_in = self.empty.add_button("转入…", self.transfer_in)
        self.empty.hide()
        layout.addWidget(self.empty, 1)
        hint = QLabel("可按住 Ctrl 或 Shift 选择多行，一次打印多份介绍信（每份一页）。")
        hint.setObjectName("Hint")
        layout.addWidget(hint)

        self.out_button.clicked.connect(lambda: self.transfer_out(batch=False))
        self.batch_button.clicked.connect(lambda: self.transfer_out(batch=True))
        self.slip_button.clicked.connect(self.receive_slip)
        self.cancel_button.clicked.connect(lambda: self.close_selected(TransferStatus.CANCELLED))
        self.return_button.clicked.connect(lambda: self.close_selected(TransferStatus.RETURNED))
        self.in_button.clicked.connect(self.transfer_in)
        self.accept_button.clicked.connect(self.accept_in)
        self.print_button.clicked.connect(self.print_letters)
        for combo in (self.direction, self.status, self.year):
            combo.currentIndexChanged.connect(self.refresh)  # (Page.refresh: reload now)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    # -- register ----------------------------------------------------------------------

    def reload(self) -> None:
        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.drop_pending_load()
            self._show(transfers.RegisterView([], []))
            return
        direction, status = self._filter_value(self.direction), self._filter_value(self.status)
        year = int(self.year.currentText()) if self.year.currentText().isdigit() else None
        self.load(
            lambda session: transfers.register_view(
                session, branch_id, direction=direction, status=status, year=year
            ),
            self._show,
        )

    def _show(self, view: transfers.RegisterView) -> None:
        self._fill_years(view.years)
        rows = view.rows
        self.model.set_rows(rows)
        self.columns.fit()
        self.count_label.setText(f"共 {len(rows)} 条")
        unfiltered = all(combo.currentText() == ALL for combo in (self.direction, self.status))
        empty = not rows and unfiltered and not view.years and self.ctx.branch_id is not None
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self._update_buttons()
        pending, self._after_load = self._after_load, []
        for action in pending:
            action()

    def _fill_years(self, years: list[int]) -> None:
        current = self.year.currentText()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems([ALL, *(str(y) for y in years)])
        self.year.setCurrentText(current if current else ALL)
        self.year.blockSignals(False)

    @staticmethod
    def _filter_value(combo: QComboBox) -> str | None:
        return None if combo.currentText() == ALL else combo.currentText()

    def selected_rows(self) -> list[TransferRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [self.model.rows[i.row()] for i in sorted(indexes, key=lambda i: i.row())]

    def _update_buttons(self, *_) -> None:
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        pending_out = one is not None and one.status == TransferStatus.OUT_PENDING
        pending_in = one is not None and one.status == TransferStatus.IN_PENDING
        self.slip_button.setEnabled(pending_out)
        self.cancel_button.setEnabled(pending_out)
        self.return_button.setEnabled(pending_out or pending_in)
        self.accept_button.setEnabled(pending_in)
        self.print_button.setEnabled(bool(rows) and all(r.direction == Direction.OUT for r in rows))

    # -- actions -----------------------------------------------------------------------

    def _do(self, work, message: str = "", then=None) -> ops.Op:
        """Run one service call as an operation (a UserError is shown as its sentence); once
        the register has reloaded, show `message` and call `then(result)`."""

        def done(result) -> None:
            if message and hasattr(self.window(), "statusBar"):
                self.window().statusBar().showMessage(message, 8000)
            if then is not None:
                self._after_load.append(lambda: then(result))

        return ops.run_op(self, work, kinds={ops.TRANSFERS, ops.MEMBERS}, on_done=done)

    def transfer_out(self, batch: bool) -> None:
        branch_id = self.ctx.branch_id
        if branch_id is None:
            return

        def read(session):
            people = transfers.out_candidates(session, branch_id)
            numbers = members.id_numbers(session, branch_id)
            return people, numbers, out_rows(people, numbers) if batch else None

        ops.run_query(
            self, read, on_done=lambda found: self._ask_transfer_out(branch_id, *found, batch)
        )

    def _ask_transfer_out(self, branch_id: int, people, numbers, rows, batch: bool) -> None:
        dialog = TransferOutDialog(people, batch, self, numbers, rows)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ids = dialog.member_ids()
        args = (
            dialog.reason.currentText(),
            dialog.destination.text(),
            dialog.issued_on.value(),
            dialog.validity.value(),
        )

        def issued(created: list[TransferRow]) -> None:
            self._select_ids({r.id for r in created})
            warnings = [r.dues_warning for r in created if r.dues_warning]
            text = f"已开具 {len(created)} 份介绍信。"
            if warnings:
                shown = "；\n".join(warnings[:5]) + ("……" if len(warnings) > 5 else "")
                text += f"\n\n注意团费：\n{shown}。\n"
            answer = QMessageBox.question(self, "打印介绍信", text + "现在打印吗？")
            if answer == QMessageBox.StandardButton.Yes:
                self.print_letters()

        self._do(
            lambda session: transfers.batch_transfer_out(session, branch_id, ids, *args),
            f"已开具 {len(ids)} 份介绍信",
            then=issued,
        )

    def _select_ids(self, ids: set[int]) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QTableView.SelectionMode.MultiSelection)
        for i, row in enumerate(self.model.rows):
            if row.id in ids:
                self.table.selectRow(i)
        self.table.setSelectionMode(mode)

    def receive_slip(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        self._do(
            lambda s: transfers.receive_return_slip(s, row.id, date.today()),
            f"{row.name}已转出",
        )

    def close_selected(self, status: TransferStatus) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        verb = "撤销" if status == TransferStatus.CANCELLED else "退回"
        detail = (
            f"{row.name}将回到花名册（在册），编号{row.letter_no}保留不再使用。"
            if row.direction == Direction.OUT
            else f"{row.name}的转入介绍信将退回{row.other_org}。"
        )
        answer = QMessageBox.question(self, f"{verb}介绍信", f"确定{verb}吗？{detail}")
        if answer != QMessageBox.StandardButton.Yes:
            return
        service = (
            transfers.cancel_transfer
            if status == TransferStatus.CANCELLED
            else transfers.return_transfer
        )
        self._do(lambda s: service(s, row.id, date.today()), f"已{verb}")

    def transfer_in(self) -> None:
        if self.ctx.branch_id is None:
            return
        dialog = TransferInDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        accepted = dialog.accepted_on.value() if dialog.accept_now.isChecked() else None
        branch_id, record, org, letter_no, letter_date, reason = (
            self.ctx.branch_id,
            dialog.record(),
            dialog.sending_org.text(),
            dialog.letter_no.text(),
            dialog.letter_date.value(),
            dialog.reason.currentText(),
        )
        self._do(
            lambda s: transfers.transfer_in(
                s,
                branch_id,
                record,
                org,
                letter_no,
                letter_date,
                accepted_on=accepted,
                reason=reason,
            ),
            "已登记转入",
        )

    def accept_in(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            row = rows[0]
            self._do(
                lambda s: transfers.accept_transfer_in(s, row.id, date.today()),
                f"{row.name}已加入花名册",
            )

    def print_letters(self) -> None:
        rows = [r for r in self.selected_rows() if r.direction == Direction.OUT]
        if not rows:
            QMessageBox.information(self, "打印介绍信", "请先在登记表中选择要打印的转出记录。")
            return
        ids = [r.id for r in rows]

        def make(session, out, report):
            from branchdesk.core.reports.transfer_letter import print_letters

            return print_letters(session, ids, out, report)

        from branchdesk.ui.pdf_preview import show_pdf_preview  # the page opens without it

        show_pdf_preview(
            self,
            make,
            title="团员组织关系介绍信",
            file_name=letters_file_name(rows),
            progress="正在生成介绍信…",
        )

    def run_action(self, action: str) -> None:
        if action == "transfer_out":
            self.transfer_out(batch=False)
        elif action.startswith("transfer:"):  # transfer:<id> (from the home page): select it
            self.select_transfer(int(action.split(":")[1]))

    def select_transfer(self, transfer_id: int) -> None:
        """Select the register's row of `transfer_id`, now or once the register has loaded."""
        if any(row.id == transfer_id for row in self.model.rows):
            self._select_ids({transfer_id})
        else:
            self._after_load.append(lambda: self._select_ids({transfer_id}))
