"""团员: the roster table (a Qt model over a service query, not a widget per cell).

Every row of the branch is loaded once; search and filters run in memory over a precomputed
index (`core/services/roster_query.py`), so the page stays quick at 50,000 members. Opening
shows the first screenful at once (one LIMIT query) and loads the rest in a worker thread;
`loaded` is emitted (and `is_loaded` set) when every row is in the table.
"""

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from branchdesk.core.rules.member_status import is_archived
from branchdesk.core.rules.partial_date import format_partial
from branchdesk.core.rules.vocab import POLITICAL_STATUSES
from branchdesk.core.services import members
from branchdesk.core.services.members import RosterRow
from branchdesk.core.services.roster_query import (
    AGE_BANDS,
    INCOMPLETE,
    NO_GROUP,
    SCOPES,
    RosterIndex,
    RosterQuery,
    Scope,
    age_band_label,
    first_rows,
    load_roster,
    narrows,
)
from branchdesk.ui import ops
from branchdesk.ui.columns import ColumnFit
from branchdesk.ui.context import AppContext
from branchdesk.ui.empty_state import EmptyState
from branchdesk.ui.pages.base import Page
from branchdesk.ui.screen import ui_settings
from branchdesk.ui.widgets import open_rows

#: (header, RosterRow field it shows and sorts by, display text, default width)
COLUMNS: list[tuple[str, str, Callable[[RosterRow], str], int]] = [
    ("姓名", "name", lambda r: r.name, 80),
    ("性别", "gender", lambda r: r.gender, 44),
    ("民族", "ethnicity", lambda r: r.ethnicity, 56),
    ("出生日期", "birth_date", lambda r: r.birth_date.isoformat(), 90),
    ("身份证号", "id_number", lambda r: r.id_number, 156),
    ("入团年月", "join_date", lambda r: format_partial(r.join_date, r.join_date_precision), 76),
    ("学历", "education", lambda r: r.education, 76),
    ("政治面貌", "political_status", lambda r: r.political_status, 84),
    ("手机号码", "phone", lambda r: r.phone, 100),
    ("团内职务", "league_post", lambda r: r.league_post, 100),
    ("团小组", "group_name", lambda r: r.group_name, 84),
    ("状态", "status", lambda r: r.status, 56),
]
ARCHIVED_COLOR = QColor("#8a8f98")
LOADING_TEXT = "正在载入…"


def _sort_keys(index: RosterIndex, column: int) -> Sequence:
    """Each row's sort key for a column, in load order (the order its display text sorts in)."""
    field = COLUMNS[column][1]
    if field == "name":  # pinyin order, as a Chinese reader expects
        return list(zip(index.column("name_initials"), index.column("name"), strict=True))
    if field == "join_date":
        return list(map(format_partial, index.column(field), index.column("join_date_precision")))
    return index.column(field)  # strings, or dates (which sort as their ISO text does)


def sort_field(column: int) -> str | None:
    """The RosterRow field a header section sorts by (None: no sort, load order)."""
    return COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None


class RosterModel(QAbstractTableModel):
    """All loaded rows, of which `shown` (positions, filtered and sorted) are displayed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.index_ = RosterIndex([])
        #: (column, descending) → each row's place in that order, for index_
        self._ranks: dict[tuple[int, bool], list[int]] = {}
        self.shown: list[int] = []  # positions displayed, in display order
        self.matched: list[int] | None = None  # the same positions in load order
        self.query = RosterQuery()
        self.today = date.today()
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- loading, filtering, sorting -----------------------------------------------------
    def load(self, rows: Sequence[RosterRow]) -> None:
        self.set_index(RosterIndex(rows))

    def set_index(self, index: RosterIndex) -> None:
        self.index_ = index
        self._ranks = {}
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
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rank = self._ranks.get((self.sort_column, descending))
        if rank is None:  # sorted once by the column's keys; a search then sorts integers
            keys = _sort_keys(self.index_, self.sort_column)
            order = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
            rank = [0] * len(order)
            for place, position in enumerate(order):
                rank[position] = place
            self._ranks[(self.sort_column, descending)] = rank
        self.shown.sort(key=rank.__getitem__)

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
        ids = self.index_.column("id")
        return next((n for n, i in enumerate(self.shown) if ids[i] == member_id), -1)

    # -- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][2](self.row_at(index.row()))
        if role == Qt.ItemDataRole.UserRole:
            return self.row_at(index.row()).id
        if role == Qt.ItemDataRole.ForegroundRole and is_archived(self.row_at(index.row()).status):
            return ARCHIVED_COLOR
        return None  # the view asks for a dozen roles per cell; most need no row

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None


#: the column the roster is sorted by and the order: [column, Qt.SortOrder value]
SORT_KEY = "members/sort"


class MembersPage(Page):
    """`loaded` (from Page) is emitted when every row of the branch is in the table."""

    title = "团员"
    kinds = frozenset({ops.MEMBERS, ops.BRANCH})  # rows; group names
    #: rows the first, quick query fetches; more than this load in a second query
    FIRST_ROWS = 300

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.today = date.today()
        self.is_loaded = False
        self._loaded_branch: int | None = None
        self._select_after_load: int | None = None
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
        header.setHighlightSections(False)
        for column, (_, _, _, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, width)  # until the rows are measured
        # a wide window's spare width is shared out: no one roster column is the textual one
        self.columns = ColumnFit(self.table, "roster")
        self._restore_sort()
        layout.addWidget(self.table, 1)
        self.empty = EmptyState(
            "花名册里还没有团员",
            "如果已有 Excel 花名册（包括智慧团建导出的表格），先导入它；"
            "也可以逐个新增。导入前可以先下载导入模板看看需要哪些列。",
        )
        self.empty_import = self.empty.add_button("导入花名册…", self.open_import, primary=True)
        self.empty_add = self.empty.add_button("新增团员", self.add_member)
        self.empty_template = self.empty.add_button("下载导入模板", self.save_template)
        self.empty.hide()
        layout.addWidget(self.empty, 1)

        header.sortIndicatorChanged.connect(self._save_sort)
        open_rows(self.table, self.show_detail)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
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
        self.zhtj_button = QPushButton("导出为智慧团建格式…")
        self.zhtj_button.setToolTip("按智慧团建“批量导入团员”模板的格式导出，可直接上传")
        self.template_button = QPushButton("下载导入模板")
        actions = [
            (self.add_button, self.add_member),
            (self.edit_button, self.edit_member),
            (self.archive_button, self.archive_member),
            (self.restore_button, self.restore_member),
            (self.age_out_button, self.batch_age_out),
            (self.import_button, self.open_import),
            (self.export_button, self.export_roster),
            (self.zhtj_button, self.export_zhtj),
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
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_groups([])  # the branch's groups are added once its rows have loaded
        self.political = QComboBox()
        self.political.addItem("全部政治面貌", None)
        for value in POLITICAL_STATUSES:
            self.political.addItem(value, value)
        self.age = QComboBox()
        self.age.setToolTip("年龄")
        for band in AGE_BANDS:
            self.age.addItem(age_band_label(band), band)
        self.incomplete = QCheckBox(INCOMPLETE)
        self.incomplete.setToolTip("只看缺少身份证号的团员（可在编辑中补全）")
        bar.addWidget(self.search, 1)
        for combo in (self.scope, self.group, self.political, self.age):
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self._apply_query)
        bar.addWidget(self.incomplete)
        self.incomplete.toggled.connect(self._apply_query)
        self.search.textChanged.connect(self._apply_query)
        return bar

    def _restore_sort(self) -> None:
        saved = ui_settings().value(SORT_KEY)
        try:
            column, order = (int(v) for v in saved)
        except (TypeError, ValueError):
            return
        if 0 <= column < len(COLUMNS) and order in (0, 1):
            self.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder(order))
            self.model.sort(column, Qt.SortOrder(order))

    def _save_sort(self, column: int, order: Qt.SortOrder) -> None:
        ui_settings().setValue(SORT_KEY, [column, order.value])

    # -- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the branch's rows, read off the UI thread: a small branch in one query; a large
        one shows its first screenful as soon as that arrives and the rest when loaded (the
        rows shown meanwhile stay usable)."""
        self.is_loaded = False
        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.drop_pending_load()
            self._show_all(RosterIndex([]).prepare(), None)
            self.loaded.emit()
            return
        self._update_count()
        field = sort_field(self.model.sort_column)
        descending = self.model.sort_order == Qt.SortOrder.DescendingOrder
        limit = self.FIRST_ROWS + 1

        def first(session) -> tuple[list[RosterRow], RosterIndex | None]:
            rows = first_rows(session, branch_id, limit, field, descending)
            if len(rows) < limit:
                rows.sort(key=lambda r: r.id)  # load order, as the full load gives
                return rows, RosterIndex(rows).prepare()
            return rows, None

        def show_first(result: tuple[list[RosterRow], RosterIndex | None]) -> None:
            rows, complete = result
            if complete is not None:
                self._show_all(complete, branch_id)
                return
            if self._loaded_branch != branch_id or self.model.total == 0:
                self.model.today = self.today
                self.model.set_index(RosterIndex(rows[: self.FIRST_ROWS]))
            self._update_count()
            self.load(
                lambda session: RosterIndex(load_roster(session, branch_id)).prepare(),
                lambda index: self._show_all(index, branch_id),
            )

        self.load(first, show_first)

    def _show_all(self, index: RosterIndex, branch_id: int | None) -> None:
        """Every row is in: fill the table."""
        selected, pending = self.selected_id(), self._select_after_load
        self._select_after_load = None
        self._fill_groups(index.group_names)
        self.model.today = self.today
        self.model.set_index(index)
        self._loaded_branch, self.is_loaded = branch_id, True
        self.columns.fit()  # measured on the first rows there are, then kept
        self._update_count()
        empty = branch_id is not None and len(index) == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        if pending is not None:
            if not self.select_member(pending):
                self.table.clearSelection()
        elif selected is not None:
            self.select_member(selected)

    def _fill_groups(self, names: list[str]) -> None:
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
            incomplete=self.incomplete.isChecked(),
        )

    def _apply_query(self, *_args) -> None:
        selected = self.selected_id()
        self.model.apply(self.current_query())
        self._update_count()
        if selected is not None:
            self.select_member(selected)

    def _update_count(self) -> None:
        if not self.is_loaded:
            self.count_label.setText(LOADING_TEXT)
            return
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
        """After an edit (whose operation announced MEMBERS, so the rows are reloading):
        select `member_id` once they are in, if it is still shown."""
        if self.is_loaded:  # (the reload finished before the dialog returned)
            if member_id is not None:
                self.select_member(member_id)
        else:
            self._select_after_load = member_id

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
        member_id, name, today = row.id, row.name, self.today

        def ask(refusal: str | None) -> None:
            dialog = StatusChangeDialog.archive(
                self.ctx, member_id, name, today, self, refusal=refusal
            )
            if dialog.exec():
                self._changed(member_id)

        ops.run_query(
            self, lambda session: members.age_out_refusal(session, member_id, today), on_done=ask
        )

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

        ImportWizard(self.ctx, self).exec()  # an import announces MEMBERS: the rows reload

    def export_roster(self) -> None:
        from branchdesk.ui.dialogs.roster_files import export_roster

        export_roster(self, self.ctx, include_archived=self.scope.currentText() != Scope.ACTIVE)

    def export_zhtj(self) -> None:
        from branchdesk.ui.dialogs.roster_files import export_zhtj

        export_zhtj(self, self.ctx)

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
        elif action.startswith("member:"):  # member:<id> (from the home page): open it
            self.open_member(int(action.split(":")[1]))

    def open_member(self, member_id: int) -> None:
        """Select the member (once the rows are in) and open the member's record."""
        from branchdesk.ui.dialogs.member_detail import MemberDetailDialog

        self._changed(member_id)
        dialog = MemberDetailDialog(self.ctx, member_id, parent=self)
        dialog.exec()
        if dialog.wants_edit:
            self.edit_member(member_id)
