"""离团/归档 and 恢复: change one member's status with a date and a reason (history is kept)."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.member_status import ARCHIVE_STATUSES, MemberStatus
from branchdesk.core.services import members
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DateEdit
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.widgets import OK, GuardedDialog, MessageLabel, dialog_buttons

#: A reason to start from for each status; the secretary edits it.
DEFAULT_REASONS = {
    MemberStatus.AGED_OUT: "年满28周岁，超龄离团",
    MemberStatus.WITHDRAWN: "本人申请退团，经支部团员大会讨论同意",
    MemberStatus.REMOVED: "自行脱团，经支部团员大会决定并报上级团委批准",
    MemberStatus.EXPELLED: "",
    MemberStatus.DECEASED: "",
    MemberStatus.ACTIVE: "恢复在册",
}


class StatusChangeDialog(GuardedDialog):
    def __init__(
        self,
        ctx: AppContext,
        member_id: int,
        name: str,
        statuses: list[str],
        today: date,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.name = name
        restoring = statuses == [MemberStatus.ACTIVE]
        self.setWindowTitle(f"恢复团员：{name}" if restoring else f"离团/归档：{name}")
        self.status = QComboBox()
        self.status.addItems(statuses)
        self.status.setEnabled(len(statuses) > 1)
        self.on = DateEdit(today, required=True)
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(320)
        self.summary = QLabel(objectName="Hint", wordWrap=True)
        self.message = MessageLabel()
        self.check = FormCheck(self.message)
        form = QFormLayout()
        form.addRow("新状态", self.status)
        form.addRow("日期", self.on)
        form.addRow("原因 *", self.reason)
        self.buttons = dialog_buttons("确认恢复" if restoring else "确认离团", primary=True)
        self.ok_button = self.buttons.button(OK)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.status.currentTextChanged.connect(self._status_changed)
        self.reason.textChanged.connect(self._update)
        self.on.valueChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._status_changed(self.status.currentText())

    @classmethod
    def archive(
        cls, ctx, member_id, name, today, parent=None, refusal: str | None = None
    ) -> "StatusChangeDialog":
        """超龄离团 is offered only from the 28th birthday, and not to a member in post:
        `refusal` is `members.age_out_refusal` for this member (the caller reads it)."""
        statuses = [s for s in ARCHIVE_STATUSES if not (refusal and s == MemberStatus.AGED_OUT)]
        return cls(ctx, member_id, name, statuses, today, parent)

    @classmethod
    def restore(cls, ctx, member_id, name, today, parent=None) -> "StatusChangeDialog":
        return cls(ctx, member_id, name, [MemberStatus.ACTIVE], today, parent)

    def _status_changed(self, status: str) -> None:
        self.reason.setText(DEFAULT_REASONS.get(status, ""))
        self._update()

    def _update(self) -> None:
        status, on = self.status.currentText(), self.on.value()
        if on is None:
            text = f"请填写日期（{self.on.error() or '不能为空'}）。"
        elif status == MemberStatus.ACTIVE:
            text = f"{self.name}将于 {on:%Y-%m-%d} 恢复为“在册”，原有的状态记录全部保留。"
        else:
            text = (
                f"{self.name}将于 {on:%Y-%m-%d} 记为“{status}”，从花名册中移到已离团名单；"
                "其会议、团费等记录保留，之后可以恢复。请确认该决定已按程序作出。"
            )
        self.summary.setText(text)
        self.check.update(self.problems())

    def problems(self) -> list[tuple[QWidget | None, str]]:
        problems: list[tuple[QWidget | None, str]] = []
        if self.on.error() or self.on.value() is None:
            problems.append((self.on, f"日期：{self.on.error() or '不能为空'}"))
        if not self.reason.text().strip():
            problems.append((self.reason, "请填写原因"))
        return problems

    def save(self) -> ops.Op | None:
        """Start the change (None: the form has problems, now shown)."""
        problems = self.problems()
        if problems:
            self.check.refuse(problems)
            return None
        on = self.on.value()
        member_id, status, reason = (
            self.member_id,
            self.status.currentText(),
            self.reason.text().strip(),
        )
        self.ok_button.setEnabled(False)
        op = ops.run_op(
            self,
            lambda session: members.change_status(session, member_id, status, on, reason).id,
            kinds={ops.MEMBERS},
            on_done=lambda _id: self.accept(),
            on_error=self.check.refuse_error,
        )
        op.ended.connect(lambda: op.ok or self.ok_button.setEnabled(True))
        return op
