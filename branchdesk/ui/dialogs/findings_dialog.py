"""记录核查: the records that contradict each other (`branchdesk check`), each with a way to fix it.

The list comes from `services.consistency.check_branch`; "打开记录" opens what the finding
names: the member form, the meeting editor, the 评议/注册 round, the committee in 设置; a
payment is voided and an exemption removed here. The list is checked again after each fix.
"""

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from branchdesk.core.rules.consistency import Finding, TargetKind
from branchdesk.core.services import dues
from branchdesk.core.services.consistency import check_branch
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext

HEADERS = ["问题", "团员", "记录", "说明"]
ACTION_TEXT = {
    TargetKind.MEMBER: "打开团员信息",
    TargetKind.MEETING: "打开会议记录",
    TargetKind.PAYMENT: "作废这张收据…",
    TargetKind.EXEMPTION: "删除这条免缴…",
    TargetKind.BRANCH: "到设置中修改支委",
    TargetKind.ROUND: "打开评议/注册名单",
    TargetKind.REGISTERS: "打开组织建设",
}


class FindingsDialog(QDialog):
    def __init__(self, ctx: AppContext, today: date | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.findings: list[Finding] = []
        self.setWindowTitle("记录核查")
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel("正在核查…", objectName="Hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.itemDoubleClicked.connect(lambda _item: self.fix_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.fix_button = QPushButton("打开记录", objectName="PrimaryButton")
        self.fix_button.clicked.connect(self.fix_selected)
        self.recheck_button = QPushButton("重新核查")
        self.recheck_button.clicked.connect(self.recheck)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.fix_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recheck_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._update_button()
        self.recheck()

    # -- the list ------------------------------------------------------------------------
    def recheck(self) -> None:
        branch_id, today = self.ctx.branch_id, self.today
        if branch_id is None:
            self.show_findings([])
            return
        ops.run_query(self, lambda s: check_branch(s, branch_id, today), on_done=self.show_findings)

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.table.setRowCount(len(findings))
        for row, f in enumerate(findings):
            for column, text in enumerate((f.label, f.member_name, f.record, f.message)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.summary.setText(
            f"发现 {len(findings)} 处相互矛盾的记录。选中一条，点击下方按钮（或双击）打开要修改的记录。"
            if findings
            else "未发现相互矛盾的记录。"
        )
        if findings:
            self.table.selectRow(0)
        self._update_button()

    def selected(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows()
        return self.findings[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        finding = self.selected()
        self.fix_button.setEnabled(finding is not None)
        self.fix_button.setText(ACTION_TEXT[finding.target.kind] if finding else "打开记录")

    # -- fixing --------------------------------------------------------------------------
    def fix_selected(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        target = finding.target
        if target.kind == TargetKind.MEMBER:
            from branchdesk.ui.dialogs.member_form import MemberFormDialog

            MemberFormDialog(self.ctx, member_id=target.id, parent=self).exec()
            self.recheck()
        elif target.kind == TargetKind.MEETING:
            from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

            MeetingEditor(self.ctx, target.id, None, self).exec()
            self.recheck()
        elif target.kind == TargetKind.PAYMENT:
            self._void_payment(finding)
        elif target.kind == TargetKind.EXEMPTION:
            self._delete_exemption(finding)
        elif target.kind == TargetKind.BRANCH:
            self.accept()
            self.ctx.go("settings")
        elif target.kind == TargetKind.ROUND:
            self.accept()
            self.ctx.go("meetings", f"round:{target.key}:{target.extra}")
        elif target.kind == TargetKind.REGISTERS:
            self.accept()
            self.ctx.go("registers", f"tab:{target.key}")

    def _void_payment(self, finding: Finding) -> None:
        reason, ok = QInputDialog.getText(
            self,
            "作废收据",
            f"{finding.message}\n\n作废{finding.record}的原因：",
            text="缴费月份不在册，作废后按在册月份重新登记",
        )
        if not ok:
            return
        payment_id = finding.target.id
        ops.run_op(
            self,
            lambda s: dues.void_payment(s, payment_id, reason),
            kinds={ops.DUES},
            on_done=lambda _: self.recheck(),
        )

    def _delete_exemption(self, finding: Finding) -> None:
        answer = QMessageBox.question(
            self,
            "删除免缴记录",
            f"{finding.message}\n\n删除{finding.member_name}的这条免缴记录？"
            "删除后可在“团费”页按在册月份重新登记免缴。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        exemption_id = finding.target.id
        ops.run_op(
            self,
            lambda s: dues.delete_exemption(s, exemption_id),
            kinds={ops.DUES},
            on_done=lambda _: self.recheck(),
        )
