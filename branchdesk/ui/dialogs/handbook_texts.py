"""编写手册文字: the year's 工作计划 and 工作总结 (with the meeting that approved them) and the
handbook's fixed texts (使用说明, 委员职责, 发展团员工作程序) in the branch's own wording.

Reads and writes go through `ui.ops` (a worker thread, one transaction per save).
"""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from branchdesk.core.errors import UserError
from branchdesk.ui import ops
from branchdesk.ui.widgets import closing_hands_back_focus, confirm_discard

#: (key, title): the year's texts first, then the fixed ones (core.services.handbook_texts)
CHOICES = (
    ("plan", "年度工作计划"),
    ("summary", "年度工作总结"),
    ("instructions", "使用说明"),
    ("duties", "团支部委员职责"),
    ("procedure", "发展团员工作程序"),
)
YEAR_KINDS = ("plan", "summary")
NO_MEETING = "（尚未审议）"


class HandbookTextsDialog(QDialog):
    def __init__(self, ctx, branch_id: int, year: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.branch_id = branch_id
        self.setWindowTitle("编写手册文字")
        self.resize(760, 600)
        self.dirty = False
        self._loading = False
        self._shown = (None, None)  # (key, year) whose text is in the editor

        self.which = QComboBox()
        for key, title in CHOICES:
            self.which.addItem(title, key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年度")
        self.meeting = QComboBox()
        self.meeting.setMinimumWidth(240)
        self.meeting_label = QLabel("审议会议")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("每行一段；以“## ”开头的一行是小标题。")
        self.hint = QLabel(objectName="Hint")
        self.hint.setWordWrap(True)
        self.error = QLabel(objectName="ErrorText")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("保存", objectName="PrimaryButton")
        self.default_button = QPushButton("恢复默认文字")
        self.close_button = QPushButton("关闭")

        top = QHBoxLayout()
        top.addWidget(QLabel("内容"))
        top.addWidget(self.which)
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(self.meeting_label)
        top.addWidget(self.meeting, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.default_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.text, 1)
        layout.addLayout(bottom)

        self.which.currentIndexChanged.connect(self._switch)
        self.year.valueChanged.connect(self._switch)
        self.text.textChanged.connect(self._mark_dirty)
        self.meeting.currentIndexChanged.connect(self._mark_dirty)
        self.save_button.clicked.connect(self.save)
        self.default_button.clicked.connect(self.restore_default)
        self.close_button.clicked.connect(self.reject)
        self.load()

    # -- reading -----------------------------------------------------------------------------
    def key(self) -> str:
        return self.which.currentData()

    def _mark_dirty(self, *_) -> None:
        if not self._loading:
            self.dirty = True

    def _switch(self, *_) -> None:
        if self.dirty and not self._may_discard():
            key, year = self._shown
            self._loading = True
            self.which.setCurrentIndex(self.which.findData(key))
            self.year.setValue(year)
            self._loading = False
            return
        self.load()

    def _may_discard(self) -> bool:
        return confirm_discard(self)  # 放弃修改 / 继续填写, as every form asks

    def load(self) -> ops.Op:
        key, year, branch_id = self.key(), self.year.value(), self.branch_id
        is_year = key in YEAR_KINDS
        for widget in (self.year, self.meeting, self.meeting_label):
            widget.setVisible(is_year)
        self.default_button.setVisible(not is_year)
        self.save_button.setEnabled(False)

        def read(session):
            if is_year:
                from branchdesk.core.services import year_texts

                data = year_texts.load_year_text(session, branch_id, year, key)
                choices = year_texts.approval_meetings(session, branch_id, year)
                return data.text, data.meeting_id, choices, False
            from branchdesk.core.services import handbook_texts

            text = handbook_texts.handbook_text(session, branch_id, key)
            return text, None, [], handbook_texts.is_customised(session, branch_id, key)

        return ops.run_query(self, read, on_done=lambda r: self._show(key, year, *r))

    def _show(self, key, year, text, meeting_id, choices, customised) -> None:
        if (key, year) != (self.key(), self.year.value()):
            return  # switched again meanwhile; that read shows its own
        self._loading = True
        self.text.setPlainText(text)
        self.meeting.clear()
        self.meeting.addItem(NO_MEETING, None)
        for choice in choices:
            self.meeting.addItem(choice.label, choice.id)
        self.meeting.setCurrentIndex(max(self.meeting.findData(meeting_id), 0))
        self._loading = False
        self.dirty = False
        self._shown = (key, year)
        self.error.setText("")
        if key in YEAR_KINDS:
            self.hint.setText(
                "写好后选择审议通过它的支部团员大会或支部委员会；打印手册时印在"
                f"“{self.which.currentText()}”一节。没有填写时，手册中印空白横线页供手写。"
            )
        else:
            own = "本团支部自己的文字" if customised else "默认文字"
            self.hint.setText(f"当前为{own}。可按上级团委的版本修改；恢复默认文字即可还原。")
        self.save_button.setEnabled(True)

    # -- writing -----------------------------------------------------------------------------
    def save(self) -> ops.Op | None:
        key, year, branch_id = self.key(), self.year.value(), self.branch_id
        text, meeting_id = self.text.toPlainText(), self.meeting.currentData()
        self.save_button.setEnabled(False)

        def write(session):
            if key in YEAR_KINDS:
                from branchdesk.core.services import year_texts

                year_texts.save_year_text(session, branch_id, year, key, text, meeting_id)
                return "已保存。"
            from branchdesk.core.services import handbook_texts

            own = handbook_texts.save_handbook_text(session, branch_id, key, text)
            return "已保存。" if own else "已保存（与默认文字相同，按默认文字打印）。"

        def done(message: str) -> None:
            self.dirty = False
            self.error.setText("")
            self.hint.setText(message)
            self.save_button.setEnabled(True)

        def failed(exc: UserError) -> None:
            self.error.setText(exc.message)
            self.save_button.setEnabled(True)

        return ops.run_op(
            self, write, kinds={ops.BRANCH}, on_done=done, on_error=failed, initiator=self
        )

    def restore_default(self) -> ops.Op | None:
        """Forget the branch's wording of a fixed text and show the default again."""
        key, branch_id = self.key(), self.branch_id
        if key in YEAR_KINDS:
            return None

        def write(session):
            from branchdesk.core.services import handbook_texts

            handbook_texts.save_handbook_text(session, branch_id, key, "")

        self.dirty = False
        return ops.run_op(self, write, kinds={ops.BRANCH}, on_done=lambda _: self.load())

    def done(self, result: int) -> None:
        closing_hands_back_focus(self, lambda: super(HandbookTextsDialog, self).done(result))

    def reject(self) -> None:
        if self.dirty and not self._may_discard():
            return
        super().reject()
