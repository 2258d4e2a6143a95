"""团员: the roster table (a Qt model over a service query, not a widget per cell).

Every row of the branch is loaded once; search and filters run in memory over a precomputed
index (`core/services/roster_query.py`), so the page stays quick at 50,000 members.
"""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.rules.member_status import is_archived
from branchdesk.core.rules.partial_date import format_partial
from branchdesk.core.rules.vocab import POLITICAL_STATUSES
from branchdesk.core.services.members import RosterRow
from branchdesk.core.services.roster_query import (
    AGE_BANDS,
    NO_GROUP,
    SCOPES,
    RosterIndex,
    RosterQuery,
    Scope,
    age_band_label,
    load_roster,
    narrows,
)
from branchdesk.ui.context import AppContext

#: (header, display text, default width)
COLUMNS: list[tuple[str, Callable[[RosterRow], str], int]] = [
    ("姓名", lambda r: r.name, 80),
    ("性别", lambda r: r.gender, 44),
    ("民族", lambda r: r.ethnicity, 56),
    ("出生日期", lambda r: r.birth_date.isoformat(), 90),
    ("身份证号", lambda r: r.id_number, 156),
    ("入团年月", lambda r: format_partial(r.join_date, r.join_date_precision), 76),
    ("学历", lambda r: r.education, 76),
    ("政治面貌", lambda r: r.political_status, 84),
    ("手机号码", lambda r: r.phone, 100),
    ("团内职务", lambda r: r.league_post, 100),
    ("团小组", lambda r: r.group_name, 84),
    ("状态", lambda r: r.status, 56),
]
NAME_COLUMN = 0
ARCHIVED_COLOR = QColor("#8a8f98")


def _sort_key(column: int) -> Callable[[RosterRow], object]:
    if column == NAME_COLUMN:  # pinyin order, as a Chinese reader expects
        return lambda r: (r.name_initials, r.name)
    return COLUMNS[column][1]


class RosterModel(QAbstractTableModel):
    """All loaded rows, of which `shown` (positions, filtered and sorted) are displayed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.index_ = RosterIndex([])
        self.shown: list[int] = []  # positions displayed, in display order
        self.matched: list[int] | None = None  # the same positions in load order
        self.query = RosterQuery()
        self.today = date.today()
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- loading, filtering, sorting -----------------------------------------------------
    def load(self, rows: list[RosterRow]) -> None:
        self.index_ = RosterIndex(rows)
        self.matched = None
        self.apply(self.query)

    def apply(self, query: RosterQuery) -> None:
        within = self.matched if self.matched is not None and narrows(query, self.query) else None
        self.beginResetModel()
        self.query = query
        self.matched = self.index_.select(query, self.today, within)
        self.shown = list(self.matched)
        self._sort_shown()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._sort_shown()
        self.layoutChanged.emit()

    def _sort_shown(self) -> None:
        if not 0 <= self.sort_column < len(COLUMNS):
            return
        key, rows = _sort_key(self.sort_column), self.index_.rows
        self.shown.sort(
            key=lambda i: key(rows[i]), reverse=self.sort_order == Qt.SortOrder.DescendingOrder
        )

    # -- access --------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.index_)

    @property
    def rows(self) -> list[RosterRow]:
        """The displayed rows, in display order."""
        return [self.index_.rows[i] for i in self.shown]

    def row_at(self, row: int) -> RosterRow:
        return self.index_.rows[self.shown[row]]

    def row_of_member(self, member_id: int) -> int:
        rows = self.index_.rows
        return next((n for n, i in enumerate(self.shown) if rows[i].id == member_id), -1)

    # -- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and is_archived(row.status):
            return ARCHIVED_COLOR
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None


def _settings() -> QSettings:
    from branchdesk.core.paths import data_dir

    return QSettings(str(data_dir() / "ui.ini"), QSettings.Format.IniFormat)


HEADER_KEY = "members/header"


class MembersPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        title = QHBoxLayout()
        title.addWidget(QLabel("团员花名册", objectName="PageTitle"))
        title.addStretch(1)
        self.count_label = QLabel(objectName="Hint")
        title.addWidget(self.count_label)
        layout.addLayout(title)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filter_bar())

        self.model = RosterModel(self)
        self.proxy = self.model  # the model filters and sorts itself (no QSortFilterProxyModel)
        self.table = QTableView(objectName="RosterTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._restore_header()
        layout.addWidget(self.table, 1)

        header.sectionResized.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)
        self.table.doubleClicked.connect(lambda _index: self.show_detail())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.stale = True
        ctx.data_changed.connect(self._data_changed)
        ctx.branch_changed.connect(self._data_changed)
        self._update_buttons()

    # -- layout --------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.add_button = QPushButton("新增团员", objectName="PrimaryButton")
        self.edit_button = QPushButton("编辑")
        self.archive_button = QPushButton("离团/归档")
        self.restore_button = QPushButton("恢复")
        self.age_out_button = QPushButton("批量超龄离团")
        self.import_button = QPushButton("导入…")
        self.export_button = QPushButton("导出…")
        self.template_button = QPushButton("下载导入模板")
        actions = [
            (self.add_button, self.add_member),
            (self.edit_button, self.edit_member),
            (self.archive_button, self.archive_member),
            (self.restore_button, self.restore_member),
            (self.age_out_button, self.batch_age_out),
            (self.import_button, self.open_import),
            (self.export_button, self.export_roster),
            (self.template_button, self.save_template),
        ]
        for button, slot in actions:
            button.clicked.connect(lambda _checked=False, s=slot: s())
            bar.addWidget(button)
            if button is self.age_out_button:
                bar.addStretch(1)
        return bar

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText="搜索姓名、身份证号、手机号或拼音首字母")
        self.search.setClearButtonEnabled(True)
        self.scope = QComboBox()
        self.scope.addItems(SCOPES)
        self.scope.setToolTip("状态")
        self.group = QComboBox()
        self.group.setToolTip("团小组")
        self.political = QComboBox()
        self.political.addItem("全部政治面貌", None)
        for value in POLITICAL_STATUSES:
            self.political.addItem(value, value)
        self.age = QComboBox()
        self.age.setToolTip("年龄")
        for band in AGE_BANDS:
            self.age.addItem(age_band_label(band), band)
        bar.addWidget(self.search, 1)
        for combo in (self.scope, self.group, self.political, self.age):
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self._apply_query)
        self.search.textChanged.connect(self._apply_query)
        return bar

    def _restore_header(self) -> None:
        header = self.table.horizontalHeader()
        state = _settings().value(HEADER_KEY)
        if state is not None and header.restoreState(state):
            section = header.sortIndicatorSection()
            if 0 <= section < len(COLUMNS):
                self.model.sort(section, header.sortIndicatorOrder())
            return
        for column, (_, _, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, width)

    def _save_header(self, *_args) -> None:
        _settings().setValue(HEADER_KEY, self.table.horizontalHeader().saveState())

    # -- data ----------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self.stale:
            self.reload()

    def _data_changed(self) -> None:
        """Reload now if shown, else when next shown (50,000 rows take a moment)."""
        self.stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        selected = self.selected_id()
        if self.ctx.branch_id is None:
            rows = []
        else:
            with self.ctx.db.session() as session:
                rows = load_roster(session, self.ctx.branch_id)
        self._fill_groups(rows)
        self.model.today = self.today
        self.model.load(rows)
        self.stale = False
        self._update_count()
        if selected is not None:
            self.select_member(selected)

    def _fill_groups(self, rows: list[RosterRow]) -> None:
        names = sorted({r.group_name for r in rows if r.group_name})
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem("全部团小组", None)
        for name in names:
            self.group.addItem(name, name)
        self.group.addItem(NO_GROUP, NO_GROUP)
        self.group.setCurrentIndex(max(self.group.findData(current), 0))
        self.group.blockSignals(False)

    def current_query(self) -> RosterQuery:
        return RosterQuery(
            text=self.search.text(),
            scope=self.scope.currentText(),
            group=self.group.currentData(),
            political_status=self.political.currentData(),
            age_band=self.age.currentData() or AGE_BANDS[0],
        )

    def _apply_query(self, *_args) -> None:
        selected = self.selected_id()
        self.model.apply(self.current_query())
        self._update_count()
        if selected is not None:
            self.select_member(selected)

    def _update_count(self) -> None:
        scope = self.scope.currentText()
        in_scope = self.model.index_.count(scope)
        shown = self.model.rowCount()
        text = f"{scope} {shown} 人"
        if shown != in_scope:
            text = f"找到 {shown} 人（{scope} {in_scope} 人）"
        self.count_label.setText(text)

    # -- selection -----------------------------------------------------------------------
    def selected_row(self) -> RosterRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of_member(member_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self, *_args) -> None:
        row = self.selected_row()
        has_branch = self.ctx.branch_id is not None
        for button in (self.add_button, self.age_out_button, self.export_button):
            button.setEnabled(has_branch)
        self.edit_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None and not is_archived(row.status))
        self.restore_button.setEnabled(row is not None and is_archived(row.status))

    # -- actions -------------------------------------------------------------------------
    def _changed(self, member_id: int | None = None) -> None:
        self.ctx.notify_changed()
        if self.stale:
            self.reload()
        if member_id is not None and not self.select_member(member_id):
            self.table.clearSelection()

    def add_member(self) -> None:
        from branchdesk.ui.dialogs.member_form import MemberFormDialog

        if self.ctx.branch_id is None:
            return
        dialog = MemberFormDialog(self.ctx, member_id=None, today=self.today, parent=self)
        if dialog.exec():
            self._changed(dialog.saved_id)

    def edit_member(self, member_id: int | None = None) -> None:
        from branchdesk.ui.dialogs.member_form import MemberFormDialog

        member_id = member_id or self.selected_id()
        if member_id is None:
            return
        dialog = MemberFormDialog(self.ctx, member_id=member_id, today=self.today, parent=self)
        if dialog.exec():
            self._changed(member_id)

    def show_detail(self) -> None:
        from branchdesk.ui.dialogs.member_detail import MemberDetailDialog

        member_id = self.selected_id()
        if member_id is None:
            return
        dialog = MemberDetailDialog(self.ctx, member_id, parent=self)
        dialog.exec()
        if dialog.wants_edit:
            self.edit_member(member_id)

    def archive_member(self) -> None:
        from branchdesk.ui.dialogs.status_dialog import StatusChangeDialog

        row = self.selected_row()
        if row is None or is_archived(row.status):
            return
        dialog = StatusChangeDialog.archive(self.ctx, row.id, row.name, self.today, self)
        if dialog.exec():
            self._changed(row.id)

    def restore_member(self) -> None:
        from branchdesk.ui.dialogs.status_dialog import StatusChangeDialog

        row = self.selected_row()
        if row is None or not is_archived(row.status):
            return
        dialog = StatusChangeDialog.restore(self.ctx, row.id, row.name, self.today, self)
        if dialog.exec():
            self._changed(row.id)

    def batch_age_out(self) -> None:
        from branchdesk.ui.dialogs.age_out_dialog import AgeOutDialog

        if self.ctx.branch_id is None:
            return
        if AgeOutDialog(self.ctx, self.today, self).exec():
            self._changed()

    def open_import(self) -> None:
        from branchdesk.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        wizard.exec()
        if wizard.imported:
            self._changed()

    def export_roster(self) -> None:
        from branchdesk.ui.dialogs.roster_files import export_roster

        export_roster(self, self.ctx, include_archived=self.scope.currentText() != Scope.ACTIVE)

    def save_template(self) -> None:
        from branchdesk.ui.dialogs.roster_files import save_template

        save_template(self)

    def run_action(self, action: str) -> None:
        if action == "import":
            self.open_import()
        elif action == "add":
            self.add_member()
        elif action == "age_out":
            self.batch_age_out()
