"""团员: the roster table (a Qt model over a service query, not a widget per cell)."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.partial_date import format_partial
from branchdesk.core.services.members import RosterRow, roster_rows
from branchdesk.ui.context import AppContext

COLUMNS: list[tuple[str, callable]] = [
    ("姓名", lambda r: r.name),
    ("性别", lambda r: r.gender),
    ("民族", lambda r: r.ethnicity),
    ("出生日期", lambda r: r.birth_date.isoformat()),
    ("身份证号", lambda r: r.id_number),
    ("入团年月", lambda r: format_partial(r.join_date, r.join_date_precision)),
    ("学历", lambda r: r.education),
    ("政治面貌", lambda r: r.political_status),
    ("手机号码", lambda r: r.phone),
    ("团内职务", lambda r: r.league_post),
    ("团小组", lambda r: r.group_name),
    ("状态", lambda r: r.status),
]


class RosterModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RosterRow] = []

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](self.rows[index.row()])
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()].id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None


class RosterFilter(QSortFilterProxyModel):
    """Name, ID number, phone or pinyin initials contain the search text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.needle = text.strip().lower()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self.needle:
            return True
        row = self.sourceModel().rows[source_row]
        return any(
            self.needle in field
            for field in (row.name, row.id_number.lower(), row.phone, row.name_initials)
        )


class MembersPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.addWidget(QLabel("团员花名册", objectName="PageTitle"))
        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText="搜索姓名、身份证号、手机号或拼音首字母")
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox("显示已离团/转出")
        self.count_label = QLabel(objectName="Hint")
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.model = RosterModel(self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.table = QTableView(objectName="RosterTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._on_search)
        self.show_archived.toggled.connect(self.on_shown)
        ctx.data_changed.connect(self.on_shown)

    def on_shown(self) -> None:
        if self.ctx.branch_id is None:
            self.model.set_rows([])
        else:
            with self.ctx.db.session() as session:
                rows = roster_rows(session, self.ctx.branch_id, self.show_archived.isChecked())
            self.model.set_rows(rows)
            if rows and self.table.columnWidth(0) < 60:
                self.table.resizeColumnsToContents()
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_needle(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"共 {total} 人" if shown == total else f"找到 {shown} / {total} 人"
        )

    def run_action(self, action: str) -> None:
        if action == "import":
            QMessageBox.information(
                self,
                "导入花名册",
                "花名册导入向导即将推出；目前可用命令 branchdesk import 文件名 导入。",
            )
