"""A member's detail view: their fields, then one table per history section (status changes,
and whatever later features add to `core/services/member_history.HISTORY_SECTIONS`)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.partial_date import format_chinese
from branchdesk.core.services.member_history import HistorySection, MemberView, member_view
from branchdesk.core.services.members import MemberDetail
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets import fit_to_screen


def _fields(detail: MemberDetail) -> list[tuple[str, str]]:
    r = detail.record
    since = f"（{detail.status_since:%Y-%m-%d} 起）" if detail.status_since else ""
    return [
        ("姓名", r.name),
        ("性别", r.gender),
        ("民族", r.ethnicity),
        ("出生日期", format_chinese(r.birth_date, "D")),
        (r.id_type, r.id_number or "（缺，资料不全）"),
        ("入团年月", format_chinese(r.join_date, r.join_date_precision)),
        ("团员证编号", r.member_card_no),
        ("发展团员编号", r.development_no),
        ("学历", r.education),
        ("政治面貌", r.political_status),
        ("手机号码", r.phone),
        ("团内职务", r.league_post),
        ("团小组", detail.group_name),
        ("工作单位/学校班级", r.work_unit),
        ("学号", r.student_no),
        ("状态", detail.status + since),
        ("备注", r.note),
    ]


def section_table(section: HistorySection) -> QWidget:
    if not section.rows:
        return QLabel(section.empty_text, objectName="Hint")
    table = QTableWidget(len(section.rows), len(section.headers))
    table.setHorizontalHeaderLabels(section.headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for row, values in enumerate(section.rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.setFixedHeight(min(32 + 30 * len(section.rows), 260))
    return table


class MemberDetailDialog(QDialog):
    """Opens at once; the member's fields and history arrive from a worker (`loaded`)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, member_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.wants_edit = False
        self.ready = False
        self.section_boxes: list[QGroupBox] = []
        self.setWindowTitle("团员详情")
        fit_to_screen(self, 760, 560)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addWidget(QLabel("正在载入…", objectName="Hint"))
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.edit_button = buttons.addButton("编辑…", QDialogButtonBox.ButtonRole.ActionRole)
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self._edit)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        ops.run_query(
            self,
            lambda session: member_view(session, member_id),
            on_done=self._show,
            on_error=lambda exc: self.body_layout.itemAt(0).widget().setText(exc.message),
        )

    def _show(self, view: MemberView) -> None:
        detail = view.detail
        self.setWindowTitle(f"团员详情：{detail.record.name}")
        while self.body_layout.count():
            self.body_layout.takeAt(0).widget().deleteLater()
        fields = QGroupBox("基本信息")
        columns = QHBoxLayout(fields)
        left, right = QFormLayout(), QFormLayout()
        values = _fields(detail)
        for n, (label, value) in enumerate(values):
            form = left if n < (len(values) + 1) // 2 else right
            form.addRow(f"{label}：", QLabel(value or "—", wordWrap=True))
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body_layout.addWidget(fields)
        for section in view.sections:
            box = QGroupBox(section.title)
            QVBoxLayout(box).addWidget(section_table(section))
            self.body_layout.addWidget(box)
            self.section_boxes.append(box)
        self.body_layout.addStretch(1)
        self.edit_button.setEnabled(True)
        self.ready = True
        self.loaded.emit()

    def _edit(self) -> None:
        self.wants_edit = True
        self.accept()
