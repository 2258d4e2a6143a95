"""新增 / 编辑团员: a form checked by `core/rules/member_record.check`.

It opens without error messages; 保存 with something wrong outlines the wrong fields in red,
says what to fix under the form and puts the cursor in the first wrong field (`FormCheck`);
from then on the marks follow the user's edits. Birth date and gender come from a 居民身份证
number and are shown, not typed.
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.rules import member_record
from branchdesk.core.rules.member_record import FieldProblem, MemberRecord
from branchdesk.core.rules.vocab import (
    EDUCATIONS,
    ETHNICITIES,
    GENDERS,
    ID_TYPES,
    POLITICAL_STATUSES,
)
from branchdesk.core.services import members
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DAY_OR_MONTH, DateEdit
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.widgets import OK, GuardedDialog, MessageLabel, dialog_buttons

RESIDENT_ID = ID_TYPES[0]


class MemberFormDialog(GuardedDialog):
    """Opens at once; the record and groups arrive from a worker (`ready`, `loaded`), and
    保存 waits for them; saving runs as an operation and closes the dialog when done."""

    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        member_id: int | None = None,
        today: date | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.saved_id: int | None = None
        self.today = today or date.today()
        self.problems: list[FieldProblem] = []
        self.setWindowTitle("编辑团员" if member_id else "新增团员")
        self.setMinimumWidth(780)
        self.ready = False
        self._saving = False
        self.version: int | None = None  # of the member as loaded (None: a new member)
        self._build()
        self.set_record(MemberRecord())  # a new member's defaults; an existing one loads
        self._connect()
        self.validate()
        branch_id = ctx.branch_id
        ops.run_query(
            self,
            lambda session: members.member_form_data(session, branch_id, member_id),
            on_done=self._start,
            on_error=self._load_failed,
        )

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit()
        self.id_type = QComboBox()
        self.id_type.addItems(ID_TYPES)
        self.id_number = QLineEdit(placeholderText="18位居民身份证号，末位可为X")
        self.gender = QComboBox()
        self.gender.addItems(["", *GENDERS])
        self.birth_date = DateEdit(placeholder="由身份证号自动填写")
        self.ethnicity = QComboBox()
        self.ethnicity.addItems(ETHNICITIES)
        self.join_date = DateEdit(mode=DAY_OR_MONTH, placeholder="如 2015-06（日可不写）")
        self.member_card_no = QLineEdit(placeholderText="8位数字")
        self.development_no = QLineEdit(placeholderText="12位数字，前4位为入团年份")
        self.education = QComboBox(editable=True)
        self.education.addItems(["", *EDUCATIONS])
        self.political = QComboBox()
        self.political.addItems(POLITICAL_STATUSES)
        self.probationary_on = DateEdit(placeholder="成为预备党员的日期（可不填）")
        self.probationary_on.setToolTip("入党（成为预备党员）的日期；从这个月起不再交团费")
        self.full_member_on = DateEdit(placeholder="转为正式党员的日期（可不填）")
        self.phone = QLineEdit(placeholderText="11位手机号或带区号的固定电话")
        self.league_post = QLineEdit(placeholderText="如：团支部书记、团小组组长")
        self.group = QComboBox()
        self.work_unit = QLineEdit()
        self.student_no = QLineEdit(placeholderText="学生团员的学号（没有身份证号时用来识别）")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(56)

        identity = self._box(
            "身份信息",
            [
                ("姓名 *", self.name),
                ("证件类型", self.id_type),
                ("证件号码", self.id_number),
                ("性别", self.gender),
                ("出生日期", self.birth_date),
                ("民族", self.ethnicity),
            ],
        )
        league = self._box(
            "团籍信息",
            [
                ("入团年月", self.join_date),
                ("团员证编号", self.member_card_no),
                ("发展团员编号", self.development_no),
                ("政治面貌", self.political),
                ("入党（预备党员）", self.probationary_on),
                ("转正日期", self.full_member_on),
                ("团内职务", self.league_post),
                ("团小组", self.group),
            ],
        )
        # two columns side by side: the form fits a 1366×768 screen with the Party dates
        other = QGroupBox("联系与其他")
        columns = QHBoxLayout(other)
        for rows in (
            [("学历", self.education), ("手机号码", self.phone), ("学号", self.student_no)],
            [("工作单位/学校班级", self.work_unit), ("备注", self.note)],
        ):
            form = QFormLayout()
            for label, widget in rows:
                form.addRow(label, widget)
            columns.addLayout(form, 1)
        grid = QGridLayout()
        grid.addWidget(identity, 0, 0)
        grid.addWidget(league, 0, 1)
        grid.addWidget(other, 1, 0, 1, 2)
        self.message = MessageLabel()
        self.message.setMinimumHeight(36)
        self.check = FormCheck(self.message)
        self.buttons = dialog_buttons("保存", primary=True)
        self.save_button = self.buttons.button(OK)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        #: the field of each problem, in the order of the form (the first wrong one gets focus)
        self.field_widgets: dict[str, QWidget] = {
            "name": self.name,
            "id_number": self.id_number,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "join_date": self.join_date,
            "member_card_no": self.member_card_no,
            "development_no": self.development_no,
            "political_status": self.political,
            "probationary_on": self.probationary_on,
            "full_member_on": self.full_member_on,
            "phone": self.phone,
        }

    @staticmethod
    def _box(title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(label, widget)
        return box

    def _connect(self) -> None:
        def edited(*_) -> None:
            self.validate()

        for edit in (
            self.name,
            self.id_number,
            self.member_card_no,
            self.development_no,
            self.phone,
        ):
            edit.textChanged.connect(edited)
        for combo in (self.id_type, self.gender, self.political):
            combo.currentIndexChanged.connect(edited)
        for date_edit in (
            self.birth_date,
            self.join_date,
            self.probationary_on,
            self.full_member_on,
        ):
            date_edit.edited.connect(edited)

    # -- data ----------------------------------------------------------------------------
    def _start(self, data: members.MemberFormData) -> None:
        self.group.addItem("（无）", None)
        for group_id, name in data.groups:
            self.group.addItem(name, group_id)
        self.version = data.version
        if self.member_id is not None:
            self.set_record(data.record)
        self.ready = True
        self.validate()
        self.loaded.emit()

    def _load_failed(self, exc: UserError) -> None:
        self.message.error(exc.message)

    def set_record(self, record: MemberRecord) -> None:
        self.name.setText(record.name)
        self.id_type.setCurrentText(record.id_type)
        self.id_number.setText(record.id_number)
        self.gender.setCurrentText(record.gender)
        self.birth_date.setValue(record.birth_date)
        self.ethnicity.setCurrentText(record.ethnicity)
        self.join_date.setValue(record.join_date, record.join_date_precision)
        self.member_card_no.setText(record.member_card_no)
        self.development_no.setText(record.development_no)
        self.education.setCurrentText(record.education)
        self.political.setCurrentText(record.political_status)
        self.probationary_on.setValue(record.probationary_on)
        self.full_member_on.setValue(record.full_member_on)
        self.phone.setText(record.phone)
        self.league_post.setText(record.league_post)
        self.group.setCurrentIndex(max(self.group.findData(record.group_id), 0))
        self.work_unit.setText(record.work_unit)
        self.student_no.setText(record.student_no)
        self.note.setPlainText(record.note)

    def _uses_resident_id(self) -> bool:
        return self.id_type.currentText() == RESIDENT_ID

    def record(self) -> MemberRecord:
        """The form as a record; for a 居民身份证, birth date and gender come from the number."""
        # 居民身份证: birth date and gender come from the number; without one yet (资料不全)
        # they are typed in
        resident = self._uses_resident_id() and bool(self.id_number.text().strip())
        return MemberRecord(
            name=self.name.text(),
            gender="" if resident else self.gender.currentText(),
            ethnicity=self.ethnicity.currentText(),
            birth_date=None if resident else self.birth_date.value(),
            id_type=self.id_type.currentText(),
            id_number=self.id_number.text(),
            join_date=self.join_date.value(),
            join_date_precision=self.join_date.precision(),
            member_card_no=self.member_card_no.text().strip(),
            development_no=self.development_no.text().strip(),
            education=self.education.currentText().strip(),
            political_status=self.political.currentText(),
            probationary_on=self.probationary_on.value(),
            full_member_on=self.full_member_on.value(),
            phone=self.phone.text(),
            league_post=self.league_post.text().strip(),
            group_id=self.group.currentData(),
            work_unit=self.work_unit.text().strip(),
            student_no=self.student_no.text().strip(),
            note=self.note.toPlainText().strip(),
        )

    # -- validation ----------------------------------------------------------------------
    def validate(self) -> bool:
        """Check the form; the problems are shown only once a save has failed."""
        clean, found = member_record.check(self.record(), self.today)
        problems = list(found)
        for field, edit, label in (
            ("join_date", self.join_date, "入团年月"),
            ("birth_date", self.birth_date, "出生日期"),
            ("probationary_on", self.probationary_on, "入党日期"),
            ("full_member_on", self.full_member_on, "转正日期"),
        ):
            if edit.error():  # typed text that is no date: say so instead of "missing"
                problems = [p for p in problems if p.field != field]
                problems.append(FieldProblem(field, f"{label}：{edit.error()}"))
        order = list(self.field_widgets)
        problems.sort(key=lambda p: order.index(p.field) if p.field in order else len(order))
        self.problems = problems
        self._show_derived(clean, problems)
        self.save_button.setEnabled(self.ready and not self._saving)
        if problems and self.check.tried:
            self.check.update(self._shown_problems())
        else:
            self.check.update([])
            self._show_notices(clean)
        return not problems

    def _shown_problems(self) -> list[tuple[QWidget | None, str]]:
        return [(self.field_widgets.get(p.field), p.message) for p in self.problems]

    def _show_derived(self, clean: MemberRecord, problems: list[FieldProblem]) -> None:
        # without an ID number yet (资料不全) gender and birth date are typed in
        resident = self._uses_resident_id() and bool(self.id_number.text().strip())
        self.gender.setEnabled(not resident)
        self.birth_date.setEnabled(not resident)
        if not resident:
            return
        id_ok = not any(p.field == "id_number" for p in problems)
        for widget in (self.gender, self.birth_date, self.birth_date.edit):
            widget.blockSignals(True)
        self.gender.setCurrentText(clean.gender if id_ok else "")
        self.birth_date.setValue(clean.birth_date if id_ok else None)
        for widget in (self.gender, self.birth_date, self.birth_date.edit):
            widget.blockSignals(False)

    def _show_notices(self, clean: MemberRecord) -> None:
        """What the user may like to know (not errors): a converted ID number, 资料不全."""
        if self.problems:
            self.message.hint("带 * 的为必填项。")
            return
        notices = list(clean.notices)
        if member_record.is_incomplete(clean):
            notices.append("没有身份证号，将标为“资料不全”，可以以后补全")
        self.message.hint("；".join(notices) or "信息完整，可以保存。")

    def save(self) -> ops.Op | None:
        """Start saving (None: not ready, or the form has problems, now all shown)."""
        if not self.validate():
            self.check.refuse(self._shown_problems())
            return None
        if not self.ready or self._saving:
            return None
        branch_id, member_id, record, today, version = (
            self.ctx.branch_id,
            self.member_id,
            self.record(),
            self.today,
            self.version,
        )

        def saved(new_id: int) -> None:
            self.saved_id = new_id
            self.accept()

        def refused(exc: UserError) -> None:
            self.check.refuse_error(exc)

        def ended() -> None:
            self._saving = False
            self.save_button.setEnabled(self.ready)

        self._saving = True
        self.save_button.setEnabled(False)
        op = ops.run_op(
            self,
            lambda session: members.save_member_record(
                session, branch_id, member_id, record, today, expected_version=version
            ),
            kinds={ops.MEMBERS},
            on_done=saved,
            on_error=refused,
        )
        op.ended.connect(ended)
        return op
