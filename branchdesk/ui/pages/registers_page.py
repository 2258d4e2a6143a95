"""组织建设: the 发展团员, 推优入党, 奖惩 and 考核 registers, one tab each.

Every read and write goes through `ui/ops.py`. A form checks nothing while it is filled in:
its 保存 runs the service, and a refusal (a Chinese sentence) is shown under the form, which
stays open.
"""

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.rules import awards as award_rules
from branchdesk.core.rules import development as dev_rules
from branchdesk.core.rules.development import ApplicantRecord
from branchdesk.core.rules.vocab import GENDERS
from branchdesk.core.services import awards, development, recommendations
from branchdesk.core.services.members import roster_rows
from branchdesk.ui import ops
from branchdesk.ui.columns import ColumnFit
from branchdesk.ui.date_edit import DateEdit
from branchdesk.ui.pages.base import Page
from branchdesk.ui.person_picker import Person, PersonPicker
from branchdesk.ui.widgets import (
    GuardedDialog,
    MessageLabel,
    RowListModel,
    dialog_buttons,
    fit_to_screen,
    open_rows,
)

KINDS = frozenset({ops.REGISTERS, ops.MEMBERS})
WARN = QColor("#b54708")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _people(rows) -> list[Person]:
    """Members for a picker: the 团小组 (or the status of one who left) tells namesakes apart."""
    return [
        Person(r.id, r.name, r.group_name if r.status == "在册" else r.status, r.id_number)
        for r in rows
    ]


def _load_people(session, branch_id: int) -> list[Person]:
    return _people(roster_rows(session, branch_id, include_archived=True))


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def _parse_int(text: str, label: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise UserError(f"{label}应为整数。")
    return int(text)


def _parse_hours(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UserError("团课学时应为数字，如 8 或 10.5。") from None


def _table(name: str, model) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    ColumnFit(table, name, stretch=-1)  # the last column (备注, 提示) takes a wide window's rest
    return table


def _size_columns(table: QTableView) -> None:
    """Columns as wide as their contents (at most 240 px), once there are rows to measure."""
    table.findChild(ColumnFit).fit()


def _selected(table: QTableView, model: RowListModel):
    rows = table.selectionModel().selectedRows()
    return model.rows[rows[0].row()] if rows else None


class _Model(RowListModel):
    """Rows with (header, value function) columns; rows with `warnings` are shown in amber."""

    columns: tuple = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = tuple(h for h, _ in self.columns)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and getattr(row, "warnings", None):
            return QBrush(WARN)
        return None


class _SavingDialog(GuardedDialog):
    """A form whose 保存 runs `work(session)` as one operation; a refusal is shown under the
    form and the form stays open; on success the dialog closes with `saved` = the result."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.saved = None
        self.error = MessageLabel()
        self.buttons = dialog_buttons("保存", primary=True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def work(self):
        """Read the form (raise UserError for what the form itself can tell) and return the
        function to run in the transaction."""
        raise NotImplementedError

    def save(self) -> None:
        try:
            fn = self.work()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.buttons.setEnabled(False)
        ops.run_op(self, fn, kinds=KINDS, on_done=self._saved, on_error=self._refused)

    def _saved(self, result) -> None:
        self.buttons.setEnabled(True)
        self.saved = result
        self.accept()

    def _refused(self, exc: UserError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(exc.message)


# -- 发展团员 -------------------------------------------------------------------------------
class ApplicantModel(_Model):
    columns = (
        ("姓名", lambda r: r.name),
        ("阶段", lambda r: r.stage),
        ("性别", lambda r: r.gender),
        ("出生日期", lambda r: _iso(r.birth_date)),
        ("递交申请", lambda r: _iso(r.applied_on)),
        ("积极分子", lambda r: _iso(r.activist_on)),
        ("团课学时", lambda r: r.hours_text),
        ("发展对象", lambda r: _iso(r.candidate_on)),
        ("介绍人", lambda r: r.introducers),
        ("支部大会", lambda r: _iso(r.meeting_on)),
        ("应到/实到/赞成", lambda r: r.vote_text),
        ("上级批准", lambda r: _iso(r.approved_on)),
        ("发展团员编号", lambda r: r.development_no),
        ("入团仪式", lambda r: _iso(r.ceremony_on)),
        ("提示", lambda r: "；".join(r.warnings)),
        ("备注", lambda r: r.note),
    )


class ApplicantDialog(_SavingDialog):
    """入团申请人: who they are and the date of every step, in two columns (fits 768 px)."""

    def __init__(
        self,
        branch_id: int,
        introducers: list[Person],
        applicant_id: int | None = None,
        record: ApplicantRecord | None = None,
        parent=None,
    ):
        super().__init__("编辑入团申请人" if applicant_id else "新增入团申请人", parent)
        fit_to_screen(self, 880, 520)
        self.branch_id, self.applicant_id = branch_id, applicant_id
        self.name = QLineEdit()
        self.id_number = QLineEdit(placeholderText="18位（性别、出生日期由此得出）")
        self.gender = QComboBox()
        self.gender.addItems(["", *GENDERS])
        self.birth_date = DateEdit()
        self.phone = QLineEdit()
        self.work_unit = QLineEdit()
        self.applied_on = DateEdit(required=True)
        self.activist_on = DateEdit()
        self.training_hours = QLineEdit(placeholderText="如 8")
        self.training = QLineEdit(placeholderText="如：参加街道团校第3期，结业")
        self.candidate_on = DateEdit()
        self.introducer1 = PersonPicker(introducers)
        self.introducer2 = PersonPicker(introducers)
        self.meeting_on = DateEdit()
        self.expected = QLineEdit(placeholderText="应到")
        self.present = QLineEdit(placeholderText="实到")
        self.votes_for = QLineEdit(placeholderText="赞成")
        self.approved_on = DateEdit()
        self.development_no = QLineEdit(placeholderText="12位，前4位为批准年份")
        self.ceremony_on = DateEdit()
        self.note = QLineEdit()
        votes = QHBoxLayout()
        for edit in (self.expected, self.present, self.votes_for):
            votes.addWidget(edit)

        left, right = QFormLayout(), QFormLayout()
        for label, widget in (
            ("姓名", self.name),
            ("身份证号", self.id_number),
            ("性别", self.gender),
            ("出生日期", self.birth_date),
            ("联系电话", self.phone),
            ("工作单位/学校班级", self.work_unit),
            ("递交入团申请书", self.applied_on),
            ("确定为积极分子", self.activist_on),
            ("团课学时", self.training_hours),
            ("团课/团校学习", self.training),
        ):
            left.addRow(label, widget)
        for label, widget in (
            ("确定为发展对象", self.candidate_on),
            ("入团介绍人（一）", self.introducer1),
            ("入团介绍人（二）", self.introducer2),
            ("支部团员大会", self.meeting_on),
            ("应到/实到/赞成", votes),
            ("上级团委批准", self.approved_on),
            ("发展团员编号", self.development_no),
            ("入团仪式", self.ceremony_on),
            ("备注", self.note),
        ):
            right.addRow(label, widget)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        hint = QLabel(
            "年满14周岁、不满28周岁；培养考察不少于3个月、团课不少于8学时；支部团员大会赞成票"
            "须超过应到人数的一半；介绍人须为本支部在册团员。",
            objectName="Hint",
            wordWrap=True,
        )
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if record is not None:
            self.fill(record)

    def fill(self, r: ApplicantRecord) -> None:
        self.name.setText(r.name)
        self.id_number.setText(r.id_number)
        self.gender.setCurrentText(r.gender)
        self.birth_date.setValue(r.birth_date)
        self.phone.setText(r.phone)
        self.work_unit.setText(r.work_unit)
        for key in ("applied_on", "activist_on", "candidate_on", "meeting_on"):
            getattr(self, key).setValue(getattr(r, key))
        for key in ("approved_on", "ceremony_on"):
            getattr(self, key).setValue(getattr(r, key))
        self.training_hours.setText("" if r.training_hours is None else f"{r.training_hours:g}")
        self.training.setText(r.training)
        self.introducer1.setValue(r.introducer1_id, notify=False)
        self.introducer2.setValue(r.introducer2_id, notify=False)
        self.expected.setText(_int_text(r.expected))
        self.present.setText(_int_text(r.present))
        self.votes_for.setText(_int_text(r.votes_for))
        self.development_no.setText(r.development_no)
        self.note.setText(r.note)

    def record(self) -> ApplicantRecord:
        """The form as a record; a date or number that is no date or number is refused."""
        dates = {}
        for key, label in dev_rules.STEPS:
            dates[key] = self._date(getattr(self, key), label)
        return ApplicantRecord(
            name=self.name.text().strip(),
            gender=self.gender.currentText(),
            birth_date=self._date(self.birth_date, "出生日期"),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text().strip(),
            work_unit=self.work_unit.text().strip(),
            training_hours=_parse_hours(self.training_hours.text()),
            training=self.training.text().strip(),
            introducer1_id=self.introducer1.value(),
            introducer2_id=self.introducer2.value(),
            expected=_parse_int(self.expected.text(), "应到人数"),
            present=_parse_int(self.present.text(), "实到人数"),
            votes_for=_parse_int(self.votes_for.text(), "赞成票"),
            development_no=self.development_no.text().strip(),
            note=self.note.text().strip(),
            **dates,
        )

    @staticmethod
    def _date(edit: DateEdit, label: str) -> date | None:
        if edit.error():
            raise UserError(f"{label}：{edit.error()}")
        return edit.value()

    def work(self):
        record, branch_id, applicant_id = self.record(), self.branch_id, self.applicant_id
        return lambda s: development.save_applicant(s, branch_id, applicant_id, record)


class StopDialog(_SavingDialog):
    """终止发展: the day and the reason."""

    def __init__(self, applicant_id: int, name: str, parent=None):
        super().__init__(f"终止发展：{name}", parent)
        fit_to_screen(self, 420, 200)
        self.applicant_id = applicant_id
        self.on = DateEdit(date.today(), required=True)
        self.reason = QLineEdit(placeholderText="如：本人撤回申请、迁往外地")
        form = QFormLayout()
        form.addRow("终止日期", self.on)
        form.addRow("原因", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def work(self):
        on = self.on.require("终止日期")
        applicant_id, reason = self.applicant_id, self.reason.text()
        return lambda s: development.stop_applicant(s, applicant_id, on, reason)


class DevelopmentTab(QWidget):
    def __init__(self, page: "RegistersPage"):
        super().__init__()
        self.page = page
        self.dialog: _SavingDialog | None = None
        self.add_button = QPushButton("新增申请人", objectName="PrimaryButton")
        self.edit_button = QPushButton("编辑")
        self.convert_button = QPushButton("转为团员")
        self.convert_button.setToolTip("上级团委批准后：加入花名册，入团日期为批准日期")
        self.stop_button = QPushButton("终止发展")
        self.delete_button = QPushButton("删除")
        bar = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.convert_button,
            self.stop_button,
            self.delete_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        self.count = QLabel(objectName="Hint")
        bar.addWidget(self.count)
        self.model = ApplicantModel(self)
        self.table = _table("ApplicantTable", self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.convert_button.clicked.connect(self.convert)
        self.stop_button.clicked.connect(self.stop)
        self.delete_button.clicked.connect(self.delete)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        open_rows(self.table, lambda: self.edit(self.selected()))
        self._update_buttons()

    def show_rows(self, rows: list[development.ApplicantRow]) -> None:
        self.model.set_rows(rows)
        _size_columns(self.table)
        joined = sum(1 for r in rows if r.status == dev_rules.JOINED)
        self.count.setText(f"共 {len(rows)} 人，已转为团员 {joined} 人")
        self._update_buttons()

    def selected(self) -> development.ApplicantRow | None:
        return _selected(self.table, self.model)

    def _update_buttons(self, *_) -> None:
        row = self.selected()
        active = row is not None and row.status == dev_rules.ACTIVE
        self.edit_button.setEnabled(active)
        self.convert_button.setEnabled(active and row.approved_on is not None)
        self.stop_button.setEnabled(active)
        self.delete_button.setEnabled(row is not None and row.status != dev_rules.JOINED)

    def edit(self, row: development.ApplicantRow | None) -> None:
        branch_id = self.page.ctx.branch_id
        if branch_id is None or (row is not None and row.status != dev_rules.ACTIVE):
            return
        applicant_id = row.id if row else None

        def read(s):
            people = [
                Person(i, n, "", num) for i, n, num in development.introducer_choices(s, branch_id)
            ]
            record = development.applicant_record(s, applicant_id)[0] if applicant_id else None
            return people, record

        def show(found) -> None:
            people, record = found
            self.dialog = ApplicantDialog(branch_id, people, applicant_id, record, self)
            self.dialog.open()

        ops.run_query(self, read, on_done=show)

    def convert(self) -> None:
        row = self.selected()
        if row is None or row.approved_on is None:
            return
        answer = QMessageBox.question(
            self,
            "转为团员",
            f"将{row.name}加入花名册：入团日期 {row.approved_on:%Y-%m-%d}（上级团委批准），"
            f"发展团员编号 {row.development_no or '无'}。确定吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        applicant_id, name = row.id, row.name
        ops.run_op(
            self,
            lambda s: development.convert_to_member(s, applicant_id),
            kinds=KINDS,
            on_done=lambda _id: self.page.status(f"{name}已转为团员，加入花名册"),
        )

    def stop(self) -> None:
        row = self.selected()
        if row is not None and row.status == dev_rules.ACTIVE:
            self.dialog = StopDialog(row.id, row.name, self)
            self.dialog.open()

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "删除", f"删除{row.name}的入团申请记录吗？（误录时使用；终止发展请用“终止发展”）"
        )
        if answer == QMessageBox.StandardButton.Yes:
            applicant_id = row.id
            ops.run_op(self, lambda s: development.delete_applicant(s, applicant_id), kinds=KINDS)


# -- 推优入党 -------------------------------------------------------------------------------
class CandidateModel(_Model):
    columns = (
        ("推优大会", lambda c: _iso(c.held_on)),
        ("姓名", lambda c: c.name),
        ("性别", lambda c: c.gender),
        ("入党申请书", lambda c: _iso(c.party_application_on)),
        ("应到/实到", lambda c: f"{c.expected}/{c.present}"),
        ("赞成票", lambda c: _int_text(c.votes_for)),
        ("结果", lambda c: c.result or "未计票"),
        ("报送党组织", lambda c: _iso(c.sent_on)),
        ("提示", lambda c: c.warning),
    )

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.warning:
            return QBrush(WARN)
        return super().data(index, role)


class RoundDialog(_SavingDialog):
    """One 推优 round: the 支部团员大会 (无记名投票) and each candidate's votes."""

    CANDIDATE_COLUMNS = ("姓名", "递交入党申请书", "赞成票", "")

    def __init__(
        self,
        branch_id: int,
        people: list[Person],
        round_id: int | None = None,
        data: recommendations.RoundInput | None = None,
        parent=None,
    ):
        super().__init__("编辑推优" if round_id else "推优入党", parent)
        fit_to_screen(self, 720, 560)
        self.branch_id, self.round_id = branch_id, round_id
        self.names = {p.id: p.name for p in people}
        self.held_on = DateEdit(date.today(), required=True)
        self.expected = QSpinBox(minimum=0, maximum=100000)
        self.present = QSpinBox(minimum=0, maximum=100000)
        self.secret = QCheckBox("无记名投票")
        self.secret.setChecked(True)
        self.sent_on = DateEdit()
        self.party_branch = QLineEdit(placeholderText="接收推荐的党组织")
        self.note = QLineEdit()
        counts = QHBoxLayout()
        for label, spin in (("应到", self.expected), ("实到", self.present)):
            counts.addWidget(QLabel(label))
            counts.addWidget(spin)
        counts.addWidget(self.secret)
        counts.addStretch(1)
        form = QFormLayout()
        form.addRow("支部团员大会", self.held_on)
        form.addRow("人数", counts)
        form.addRow("报送党组织日期", self.sent_on)
        form.addRow("接收党组织", self.party_branch)
        form.addRow("备注", self.note)
        self.picker = PersonPicker(people)
        self.add_button = QPushButton("加入人选")
        pick = QHBoxLayout()
        pick.addWidget(QLabel("推优人选"))
        pick.addWidget(self.picker, 1)
        pick.addWidget(self.add_button)
        self.candidates = QTableWidget(0, len(self.CANDIDATE_COLUMNS), objectName="Candidates")
        self.candidates.setHorizontalHeaderLabels(self.CANDIDATE_COLUMNS)
        self.candidates.verticalHeader().setVisible(False)
        self.candidates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.candidates.setColumnWidth(3, 70)
        self.candidates.setColumnWidth(1, 170)
        self.candidates.setColumnWidth(2, 90)
        self.ids: list[int] = []
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(pick)
        layout.addWidget(self.candidates, 1)
        layout.addWidget(
            QLabel(
                "实到须超过应到人数的一半；赞成票超过应到人数的一半为推荐。已是党员、"
                "未满18周岁或已满28周岁、团龄不满1年的团员不能推优。",
                objectName="Hint",
                wordWrap=True,
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self._add_picked)
        if data is not None:
            self.fill(data)

    def fill(self, data: recommendations.RoundInput) -> None:
        self.held_on.setValue(data.held_on)
        self.expected.setValue(data.expected)
        self.present.setValue(data.present)
        self.secret.setChecked(data.secret_ballot)
        self.sent_on.setValue(data.sent_on)
        self.party_branch.setText(data.party_branch)
        self.note.setText(data.note)
        for c in data.candidates:
            self.add_candidate(c.member_id, c.party_application_on, c.votes_for)

    def _add_picked(self) -> None:
        member_id = self.picker.value()
        if member_id is None:
            self.error.setText("请先选择团员。")
            return
        if member_id in self.ids:
            self.error.setText(f"{self.names.get(member_id, '')}已在人选中。")
            return
        self.error.setText("")
        self.add_candidate(member_id)
        self.picker.setValue(None)
        self.mark_changed()

    def add_candidate(
        self, member_id: int, applied: date | None = None, votes: int | None = None
    ) -> None:
        row = self.candidates.rowCount()
        self.candidates.insertRow(row)
        self.ids.append(member_id)
        name = QLabel(self.names.get(member_id, str(member_id)))
        self.candidates.setCellWidget(row, 0, name)
        self.candidates.setCellWidget(row, 1, DateEdit(applied))
        self.candidates.setCellWidget(row, 2, QLineEdit(_int_text(votes), placeholderText="票数"))
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: self._remove(member_id))
        self.candidates.setCellWidget(row, 3, remove)
        self.candidates.setRowHeight(row, 34)

    def _remove(self, member_id: int) -> None:
        row = self.ids.index(member_id)
        self.ids.pop(row)
        self.candidates.removeRow(row)
        self.mark_changed()

    def set_votes(self, member_id: int, votes: str) -> None:
        self.candidates.cellWidget(self.ids.index(member_id), 2).setText(votes)

    def round_input(self) -> recommendations.RoundInput:
        candidates = []
        for row, member_id in enumerate(self.ids):
            name = self.names.get(member_id, "")
            applied: DateEdit = self.candidates.cellWidget(row, 1)
            if applied.error():
                raise UserError(f"{name}递交入党申请书的日期：{applied.error()}")
            votes = _parse_int(self.candidates.cellWidget(row, 2).text(), f"{name}的赞成票")
            candidates.append(recommendations.CandidateInput(member_id, applied.value(), votes))
        if self.sent_on.error():
            raise UserError(f"报送党组织日期：{self.sent_on.error()}")
        return recommendations.RoundInput(
            held_on=self.held_on.require("推优大会日期"),
            expected=self.expected.value(),
            present=self.present.value(),
            candidates=candidates,
            secret_ballot=self.secret.isChecked(),
            sent_on=self.sent_on.value(),
            party_branch=self.party_branch.text(),
            note=self.note.text(),
        )

    def work(self):
        data, branch_id, round_id = self.round_input(), self.branch_id, self.round_id
        return lambda s: recommendations.save_round(s, branch_id, round_id, data)


class RecommendationTab(QWidget):
    def __init__(self, page: "RegistersPage"):
        super().__init__()
        self.page = page
        self.dialog: _SavingDialog | None = None
        self.add_button = QPushButton("新建推优", objectName="PrimaryButton")
        self.edit_button = QPushButton("编辑所选推优")
        self.delete_button = QPushButton("删除所选推优")
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.count = QLabel(objectName="Hint")
        bar.addWidget(self.count)
        self.model = CandidateModel(self)
        self.table = _table("CandidateTable", self.model)
        self.warnings = QLabel(objectName="Hint", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warnings)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self._round_id()))
        self.delete_button.clicked.connect(self.delete)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        open_rows(self.table, lambda: self.edit(self._round_id()))
        self._update_buttons()

    def show_rounds(self, rounds: list[recommendations.RoundRow]) -> None:
        self.model.set_rows([c for r in rounds for c in r.candidates])
        _size_columns(self.table)
        recommended = sum(len(r.recommended) for r in rounds)
        self.count.setText(f"推优 {len(rounds)} 次，推荐 {recommended} 人")
        warnings = [w for r in rounds for w in r.warnings if "申请书" not in w]
        self.warnings.setText("；".join(warnings))
        self._update_buttons()

    def _round_id(self) -> int | None:
        row = _selected(self.table, self.model)
        return row.round_id if row else None

    def _update_buttons(self, *_) -> None:
        self.edit_button.setEnabled(self._round_id() is not None)
        self.delete_button.setEnabled(self._round_id() is not None)

    def edit(self, round_id: int | None) -> None:
        branch_id = self.page.ctx.branch_id
        if branch_id is None:
            return

        def read(s):
            data = recommendations.round_input(s, round_id) if round_id else None
            return _load_people(s, branch_id), data

        def show(found) -> None:
            people, data = found
            self.dialog = RoundDialog(branch_id, people, round_id, data, self)
            self.dialog.open()

        ops.run_query(self, read, on_done=show)

    def delete(self) -> None:
        round_id = self._round_id()
        if round_id is None:
            return
        if QMessageBox.question(self, "删除", "删除这次推优记录吗？") == (
            QMessageBox.StandardButton.Yes
        ):
            ops.run_op(self, lambda s: recommendations.delete_round(s, round_id), kinds=KINDS)


# -- 奖惩 ------------------------------------------------------------------------------------
class AwardModel(_Model):
    columns = (
        ("类别", lambda r: r.kind),
        ("姓名", lambda r: r.name),
        ("日期", lambda r: _iso(r.decided_on)),
        ("级别/种类", lambda r: r.level),
        ("授予/决定单位", lambda r: r.issuer),
        ("事由", lambda r: r.reason),
        ("备注", lambda r: r.note),
    )


class AwardDialog(_SavingDialog):
    def __init__(
        self,
        branch_id: int,
        people: list[Person],
        award_id: int | None = None,
        data: awards.AwardInput | None = None,
        parent=None,
    ):
        super().__init__("编辑奖惩记录" if award_id else "新增奖惩记录", parent)
        fit_to_screen(self, 520, 360)
        self.branch_id, self.award_id = branch_id, award_id
        self.kind = QComboBox()
        self.kind.addItems(award_rules.KINDS)
        self.member = PersonPicker(people)
        self.decided_on = DateEdit(date.today(), required=True)
        self.level = QComboBox(editable=True)
        self.issuer = QLineEdit()
        self.reason = QLineEdit()
        self.note = QLineEdit()
        form = QFormLayout()
        for label, widget in (
            ("类别", self.kind),
            ("团员", self.member),
            ("日期", self.decided_on),
            ("级别/种类", self.level),
            ("授予/决定单位", self.issuer),
            ("事由", self.reason),
            ("备注", self.note),
        ):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind.currentTextChanged.connect(self._levels)
        self._levels(self.kind.currentText())
        if data is not None:
            self.kind.setCurrentText(data.kind)
            self.member.setValue(data.member_id, notify=False)
            self.decided_on.setValue(data.decided_on)
            self.level.setCurrentText(data.level)
            self.issuer.setText(data.issuer)
            self.reason.setText(data.reason)
            self.note.setText(data.note)

    def _levels(self, kind: str) -> None:
        current = self.level.currentText()
        self.level.clear()
        if kind == award_rules.DISCIPLINE:
            self.level.addItems(award_rules.DISCIPLINE_LEVELS)
        elif kind == award_rules.AWARD:
            self.level.addItems(award_rules.AWARD_LEVELS)
        else:
            self.level.addItems(("谈心谈话", "结对帮扶", "批评教育"))
        if current and kind != award_rules.DISCIPLINE:
            self.level.setCurrentText(current)

    def work(self):
        data = awards.AwardInput(
            kind=self.kind.currentText(),
            member_id=self.member.value(),
            decided_on=self.decided_on.require("日期"),
            level=self.level.currentText(),
            issuer=self.issuer.text(),
            reason=self.reason.text(),
            note=self.note.text(),
        )
        branch_id, award_id = self.branch_id, self.award_id
        return lambda s: awards.save_award(s, branch_id, award_id, data)


class AwardsTab(QWidget):
    ALL = "全部"

    def __init__(self, page: "RegistersPage"):
        super().__init__()
        self.page = page
        self.dialog: _SavingDialog | None = None
        self.add_button = QPushButton("新增记录", objectName="PrimaryButton")
        self.edit_button = QPushButton("编辑")
        self.delete_button = QPushButton("删除")
        self.kind = QComboBox()
        self.kind.addItems([self.ALL, *award_rules.KINDS])
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(QLabel("类别"))
        bar.addWidget(self.kind)
        self.count = QLabel(objectName="Hint")
        bar.addWidget(self.count)
        self.model = AwardModel(self)
        self.table = _table("AwardTable", self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.rows: list[awards.AwardRow] = []
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.delete_button.clicked.connect(self.delete)
        self.kind.currentIndexChanged.connect(lambda _i: self.show_rows(self.rows))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        open_rows(self.table, lambda: self.edit(self.selected()))
        self._update_buttons()

    def show_rows(self, rows: list[awards.AwardRow]) -> None:
        self.rows = rows
        kind = self.kind.currentText()
        shown = [r for r in rows if kind == self.ALL or r.kind == kind]
        self.model.set_rows(shown)
        _size_columns(self.table)
        self.count.setText(f"共 {len(shown)} 条")
        self._update_buttons()

    def selected(self) -> awards.AwardRow | None:
        return _selected(self.table, self.model)

    def _update_buttons(self, *_) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
        self.delete_button.setEnabled(self.selected() is not None)

    def edit(self, row: awards.AwardRow | None) -> None:
        branch_id = self.page.ctx.branch_id
        if branch_id is None:
            return
        award_id = row.id if row else None

        def read(s):
            data = awards.award_input(s, award_id) if award_id else None
            return _load_people(s, branch_id), data

        def show(found) -> None:
            people, data = found
            self.dialog = AwardDialog(branch_id, people, award_id, data, self)
            self.dialog.open()

        ops.run_query(self, read, on_done=show)

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        if QMessageBox.question(self, "删除", f"删除{row.name}的这条{row.kind}记录吗？") == (
            QMessageBox.StandardButton.Yes
        ):
            award_id = row.id
            ops.run_op(self, lambda s: awards.delete_award(s, award_id), kinds=KINDS)


# -- 考核 ------------------------------------------------------------------------------------
class AssessmentModel(_Model):
    columns = (
        ("年度", lambda a: str(a.year)),
        ("姓名", lambda a: a.name),
        ("性别", lambda a: a.gender),
        ("考核结果", lambda a: a.result),
        ("备注", lambda a: a.note),
    )


class AssessmentTab(QWidget):
    """考核: pick a member, a result, 保存 (replaces that member's result for the year)."""

    def __init__(self, page: "RegistersPage"):
        super().__init__()
        self.page = page
        self.year = QSpinBox(minimum=1990, maximum=2200, value=date.today().year)
        self.member = PersonPicker()
        self.result = QComboBox()
        self.result.addItems(award_rules.ASSESSMENT_RESULTS)
        self.note = QLineEdit(placeholderText="备注")
        self.save_button = QPushButton("保存考核结果", objectName="PrimaryButton")
        self.delete_button = QPushButton("删除所选")
        self.error = MessageLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("团员"))
        bar.addWidget(self.member, 1)
        bar.addWidget(self.result)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.delete_button)
        self.model = AssessmentModel(self)
        self.table = _table("AssessmentTable", self.model)
        self.count = QLabel(objectName="Hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.year.valueChanged.connect(lambda _y: self.page.refresh())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_rows(self, rows: list[awards.AssessmentRow], people: list[Person]) -> None:
        self.model.set_rows(rows)
        self.member.set_people(people, self.member.value())
        counts = {r: sum(1 for a in rows if a.result == r) for r in award_rules.ASSESSMENT_RESULTS}
        detail = "，".join(f"{k} {v}" for k, v in counts.items())
        self.count.setText(f"{self.year.value()} 年考核 {len(rows)} 人：{detail}")
        self._update_buttons()

    def _update_buttons(self, *_) -> None:
        self.delete_button.setEnabled(_selected(self.table, self.model) is not None)

    def save(self) -> None:
        branch_id = self.page.ctx.branch_id
        member_id = self.member.value()
        if branch_id is None:
            return
        if member_id is None:
            self.error.setText("请先选择团员。")
            return
        year, result, note = self.year.value(), self.result.currentText(), self.note.text()

        def done(_id) -> None:
            self.error.success(f"已保存{self.member.label()}的考核结果。")
            self.member.setValue(None)
            self.note.clear()

        ops.run_op(
            self,
            lambda s: awards.save_assessment(s, branch_id, member_id, year, result, note),
            kinds=KINDS,
            on_done=done,
            on_error=lambda exc: self.error.setText(exc.message),
        )

    def delete(self) -> None:
        row = _selected(self.table, self.model)
        if row is not None:
            assessment_id = row.id
            ops.run_op(self, lambda s: awards.delete_assessment(s, assessment_id), kinds=KINDS)


# -- the page --------------------------------------------------------------------------------
class RegistersPage(Page):
    title = "组织建设"
    kinds = frozenset({ops.REGISTERS, ops.MEMBERS})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.tabs = QTabWidget(objectName="RegisterTabs")
        self.development = DevelopmentTab(self)
        self.recommendation = RecommendationTab(self)
        self.awards = AwardsTab(self)
        self.assessment = AssessmentTab(self)
        self.tabs.addTab(self.development, "发展团员")
        self.tabs.addTab(self.recommendation, "推优入党")
        self.tabs.addTab(self.awards, "奖惩")
        self.tabs.addTab(self.assessment, "考核")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)  # as the other pages
        layout.addWidget(QLabel("组织建设", objectName="PageTitle"))
        layout.addWidget(self.tabs, 1)

    def reload(self) -> None:
        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.drop_pending_load()
            self._show(([], [], [], [], []))
            return
        year = self.assessment.year.value()

        def read(s):
            return (
                development.register_rows(s, branch_id),
                recommendations.rounds(s, branch_id),
                awards.award_rows(s, branch_id),
                awards.assessment_rows(s, branch_id, year),
                _load_people(s, branch_id),
            )

        self.load(read, self._show)

    def _show(self, found) -> None:
        applicants, rounds, award_rows, assessments, people = found
        self.development.show_rows(applicants)
        self.recommendation.show_rounds(rounds)
        self.awards.show_rows(award_rows)
        self.assessment.show_rows(assessments, people)

    def status(self, message: str) -> None:
        if hasattr(self.window(), "statusBar"):
            self.window().statusBar().showMessage(message, 8000)

    def run_action(self, action: str) -> None:
        """ "add": a new applicant; "tab:development" (recommendation, awards, assessment): show
        that tab (the 记录核查 list opens the register a finding is in)."""
        tabs = {
            "tab:development": self.development,
            "tab:recommendation": self.recommendation,
            "tab:awards": self.awards,
            "tab:assessment": self.assessment,
        }
        if action == "add":
            self.tabs.setCurrentWidget(self.development)
            self.development.edit(None)
        elif action in tabs:
            self.tabs.setCurrentWidget(tabs[action])
        else:
            super().run_action(action)
