"""团费: the member × month grid, arrears, the 上缴 ledger and the standards (tabs)."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.rules.dues_standards import (
    KIND_LABELS,
    Category,
    Month,
    SalaryFormula,
    parse_yuan,
    yuan,
)
from branchdesk.core.services import dues
from branchdesk.core.services.dues import (
    STATE_LABELS,
    DuesChoices,
    DuesGrid,
    DuesPageView,
    PaymentInfo,
    State,
)
from branchdesk.ui import ops
from branchdesk.ui.columns import ShareOut
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.dues_dialogs import (
    CategoryBatchDialog,
    ExemptionDialog,
    HandoverDialog,
    PaymentDialog,
    month_edit,
    month_of,
    people_of,
    set_month,
)
from branchdesk.ui.empty_state import EmptyState
from branchdesk.ui.pages.base import Page
from branchdesk.ui.person_picker import PersonPicker
from branchdesk.ui.save_location import XLSX_FILTER, ask_save_path
from branchdesk.ui.widgets import MessageLabel, RowListModel

STATE_COLOURS = {
    State.PAID: "#d9f2dc",
    State.UNPAID: "#f8d7d5",
    State.DUE: "#fdebd3",
    State.EXEMPT: "#fff0c2",
    State.NOT_MEMBER: "#ececec",
    State.NOT_OWED: "#dfe9f7",
    State.NO_RECORD: "#f4f4f4",
}
LEAD_COLUMNS = ("姓名", "类别")
TAIL_COLUMNS = ("已缴合计", "未缴", "团费交至")
PAID_COLUMN, UNPAID_COLUMN, PAID_UP_TO_COLUMN = (
    len(LEAD_COLUMNS) + 12 + i for i in range(len(TAIL_COLUMNS))
)


class DuesGridModel(QAbstractTableModel):
    """Members × months of one year, a totals row at the bottom; amounts in 元."""

    #: the roles `data` answers; a view asks each visible cell for a dozen
    ROLES = frozenset(
        int(role)
        for role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
        )
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: DuesGrid | None = None
        # made once, not per cell painted
        self._brushes = {state: QBrush(QColor(colour)) for state, colour in STATE_COLOURS.items()}
        self._totals_brush = QBrush(QColor("#e8e8e8"))
        self._bold = QFont()
        self._bold.setBold(True)

    def set_grid(self, grid: DuesGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows) + 1

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(LEAD_COLUMNS) + 12 + len(TAIL_COLUMNS)

    def is_totals_row(self, row: int) -> bool:
        return self.grid is not None and row == len(self.grid.rows)

    def month_at(self, column: int) -> Month | None:
        index = column - len(LEAD_COLUMNS)
        return self.grid.months[index] if self.grid and 0 <= index < 12 else None

    def member_at(self, row: int) -> int | None:
        if self.grid is None or self.is_totals_row(row) or row < 0:
            return None
        return self.grid.rows[row].member_id

    def cell_at(self, row: int, column: int):
        month_index = column - len(LEAD_COLUMNS)
        if self.member_at(row) is None or not 0 <= month_index < 12:
            return None
        return self.grid.rows[row].cells[month_index]

    def _totals_text(self, column: int) -> str:
        grid = self.grid
        month_index = column - len(LEAD_COLUMNS)
        if column == 0:
            return "合计"
        if 0 <= month_index < 12:
            return yuan(grid.month_paid_fen[month_index])
        if column == PAID_COLUMN:
            return yuan(grid.total_paid_fen)
        if column == UNPAID_COLUMN:
            return yuan(grid.total_unpaid_fen)
        return ""

    def _text(self, row: int, column: int) -> str:
        if self.is_totals_row(row):
            return self._totals_text(column)
        grid_row = self.grid.rows[row]
        if column == 0:
            return grid_row.name
        if column == 1:
            return grid_row.category
        cell = self.cell_at(row, column)
        if cell is not None:
            if cell.state == State.PAID:
                return yuan(cell.paid_fen)
            if cell.state == State.UNPAID:
                return "未缴"
            if cell.state == State.DUE:
                return "待缴"
            return "" if cell.state in (State.LATER, State.NO_RECORD) else STATE_LABELS[cell.state]
        if column == PAID_COLUMN:
            return yuan(grid_row.paid_fen)
        if column == PAID_UP_TO_COLUMN:
            return grid_row.paid_up_to
        return yuan(grid_row.unpaid_fen) if grid_row.unpaid_fen else ""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in self.ROLES or self.grid is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(LEAD_COLUMNS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_totals_row(row):
            return self._bold
        cell = self.cell_at(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.is_totals_row(row):
                return self._totals_brush
            if cell is not None:
                return self._brushes.get(cell.state)
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            return self._tooltip(cell)
        return None

    def _tooltip(self, cell) -> str:
        label = STATE_LABELS[cell.state]
        if cell.state == State.PAID:
            return f"已缴 {yuan(cell.paid_fen)} 元（收据 {cell.note}）"
        if cell.state in (State.UNPAID, State.DUE, State.LATER):
            return f"{label}：应缴 {yuan(cell.owed_fen)} 元"
        return f"{label}：{cell.note}" if cell.note else label

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(LEAD_COLUMNS):
            return LEAD_COLUMNS[section]
        if section < len(LEAD_COLUMNS) + 12:
            return f"{section - len(LEAD_COLUMNS) + 1}月"
        return TAIL_COLUMNS[section - len(LEAD_COLUMNS) - 12]


class TextRowsModel(RowListModel):
    """Rows of texts (a colour per row, or None): filled with one reset, however many rows."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = tuple(headers)
        self.colours: list[str | None] = []

    def set_texts(self, rows: list[list[str]], colours: list[str | None] | None = None) -> None:
        self.colours = colours or []
        self.set_rows(rows)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and self.colours:
            colour = self.colours[index.row()]
            return QBrush(QColor(colour)) if colour else None
        return None


def _table_view(model: TextRowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit_columns(table: QTableView) -> None:
    """Columns as wide as the first rows need (measuring every row of a long list stalls)."""
    table.horizontalHeader().setResizeContentsPrecision(50)
    table.resizeColumnsToContents()


def _table_widget(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], colours: list[str | None] | None = None):
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if colours and colours[r]:
                item.setBackground(QBrush(QColor(colours[r])))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class DuesPage(Page):
    """The page reads everything it shows in one service call (`dues.page_view`) on a worker
    and stays usable meanwhile; the dialogs get the members and categories it read."""

    title = "团费"
    kinds = frozenset({ops.BRANCH, ops.MEMBERS, ops.DUES, ops.TRANSFERS})

    def __init__(self, ctx: AppContext, parent=None, today: date | None = None):
        super().__init__(ctx, parent)
        self.today = today
        #: what the last load read: the dialogs' members and categories (None while loading)
        self.choices: DuesChoices | None = None
        self._history_asked = 0
        #: the dialog last opened from the page (tests and benchmarks reach it here)
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        top = QHBoxLayout()
        top.addWidget(QLabel("团费", objectName="PageTitle"))
        top.addStretch(1)
        top.addWidget(QLabel("年度"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self._today().year)
        self.year.setSuffix(" 年")
        self.year.setMinimumWidth(110)
        top.addWidget(self.year)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._grid_tab(), "收缴表")
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.refresh)
        # the other tabs are built one per turn of the event loop after the page shows (the
        # grid first): the window paints and answers between them
        for make, title in (
            (self._arrears_tab, "欠费"),
            (self._ledger_tab, "上缴台账"),
            (self._standards_tab, "标准"),
        ):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
            ops.in_turns(self, lambda holder=holder, make=make: holder.layout().addWidget(make()))

    def _today(self) -> date:
        return self.today or date.today()

    # -- 收缴表 ---------------------------------------------------------------------------
    def _grid_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.pay_button = QPushButton("登记缴费", objectName="PrimaryButton")
        self.batch_button = QPushButton("批量登记")
        self.exempt_button = QPushButton("免缴")
        self.category_button = QPushButton("批量设置类别")
        self.category_button.setToolTip("为选中的（或全部）团员设置团费类别，从某月起生效")
        self.print_button = QPushButton("打印收据…")
        self.export_button = QPushButton("导出 Excel…")
        self.import_book_button = QPushButton("导入旧登记表…")
        self.import_book_button.setToolTip(
            "把以前的团费收缴登记表（Excel/CSV）导入为缴费记录，导入前先预览每一行"
        )
        for button in (
            self.pay_button,
            self.batch_button,
            self.exempt_button,
            self.category_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.import_book_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        legend = QHBoxLayout()
        for state in (
            State.PAID,
            State.UNPAID,
            State.DUE,
            State.EXEMPT,
            State.NOT_OWED,
            State.NOT_MEMBER,
        ):
            chip = QLabel(STATE_LABELS[state])
            chip.setStyleSheet(
                f"background:{STATE_COLOURS[state]};padding:2px 8px;border-radius:3px;"
            )
            legend.addWidget(chip)
        self.grid_summary = QLabel(objectName="Hint")
        legend.addStretch(1)
        legend.addWidget(self.grid_summary)
        layout.addLayout(legend)
        self.grid_model = DuesGridModel(self)
        self.grid_view = QTableView(objectName="DuesGrid")
        self.grid_view.setModel(self.grid_model)
        self.grid_view.verticalHeader().setVisible(False)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid_view.customContextMenuRequested.connect(self._grid_menu)
        header = self.grid_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(58)
        # the months share a wide window's room (58 to 110 px each)
        self.months_width = ShareOut(
            self.grid_view, range(len(LEAD_COLUMNS), len(LEAD_COLUMNS) + 12), 58, 110
        )
        layout.addWidget(self.grid_view, 1)
        self.empty = EmptyState(
            "还没有要交团费的团员",
            "团费收缴表按花名册自动列出每位团员每月应缴的团费。"
            "请先在“团员”页导入花名册或新增团员，再回来登记缴费。",
        )
        self.empty_import = self.empty.add_button(
            "导入花名册…", lambda: self.ctx.go("members", "import"), primary=True
        )
        self.empty_add = self.empty.add_button("新增团员", lambda: self.ctx.go("members", "add"))
        self.empty.hide()
        layout.addWidget(self.empty, 1)
        self.pay_button.clicked.connect(lambda: self.open_payment())
        self.batch_button.clicked.connect(lambda: self.open_payment(batch=True))
        self.exempt_button.clicked.connect(lambda: self.open_exemption())
        self.category_button.clicked.connect(lambda: self.open_categories())
        self.print_button.clicked.connect(self._print_member_receipts)
        self.export_button.clicked.connect(self._export)
        self.import_book_button.clicked.connect(self.import_book)
        return tab

    def _current(self) -> tuple[int | None, Month]:
        index = self.grid_view.currentIndex()
        member_id = self.grid_model.member_at(index.row()) if index.isValid() else None
        month = self.grid_model.month_at(index.column()) if index.isValid() else None
        year = self.year.value()
        default = Month.of(self._today()) if self._today().year == year else Month(year, 1)
        return member_id, month or default

    def _grid_menu(self, pos) -> None:
        index = self.grid_view.indexAt(pos)
        if index.isValid():
            self.grid_view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("登记缴费…", lambda: self.open_payment())
        menu.addAction("批量登记…", lambda: self.open_payment(batch=True))
        menu.addAction("免缴…", lambda: self.open_exemption())
        cell = self.grid_model.cell_at(index.row(), index.column()) if index.isValid() else None
        if cell is not None and cell.state == State.PAID:
            menu.addSeparator()
            menu.addAction(f"补打收据 {cell.note}…", self.reprint_current)
            menu.addAction(f"作废收据 {cell.note}…", self.void_current)
        menu.exec(self.grid_view.viewport().mapToGlobal(pos))

    def _with_current_payment(self, then: Callable[[PaymentInfo], None]) -> None:
        """`then(payment)` for the payment in the current cell, read on a worker."""
        member_id, month = self._current()
        if member_id is None:
            return

        def found(payment: PaymentInfo | None) -> None:
            if payment is not None:
                then(payment)

        ops.run_query(
            self, lambda session: dues.find_payment(session, member_id, month), on_done=found
        )

    def reprint_current(self) -> None:
        self._with_current_payment(lambda payment: self.print_receipts([payment]))

    def void_current(self) -> None:
        self._with_current_payment(self.void_payment)

    def void_payment(self, payment: PaymentInfo) -> ops.Op | None:
        reason, ok = QInputDialog.getText(
            self,
            "作废缴费",
            f"作废{payment.member_name}的收据 {payment.receipt_no}"
            f"（{payment.months_label}，{yuan(payment.amount_fen)} 元）。\n"
            "收据号保留不再使用，这些月份恢复为未缴。作废原因：",
        )
        if not ok:
            return None
        payment_id = payment.id
        return ops.run_op(
            self,
            lambda session: dues.void_payment(session, payment_id, reason),
            kinds={ops.DUES},
            on_error=lambda exc: QMessageBox.warning(self, "作废缴费", exc.message),
        )

    def with_choices(self, then: Callable[[DuesChoices], None]) -> None:
        """`then(choices)` with the members and categories of the year shown: those the page
        read, or (while it reads) a short read of their own."""
        if self.choices is not None:
            then(self.choices)
            return
        branch_id, year = self.ctx.branch_id, self.year.value()
        ops.run_query(
            self, lambda session: dues.dues_choices(session, branch_id, year), on_done=then
        )

    def open_payment(self, batch: bool = False) -> None:
        if self.ctx.branch_id is None:
            return
        member_id, month = self._current()

        def show(choices: DuesChoices) -> None:
            dialog = PaymentDialog(self.ctx, choices, month, member_id, batch, self._today(), self)
            self.dialog = dialog
            if dialog.exec() == PaymentDialog.DialogCode.Accepted:
                self.offer_receipts(dialog.infos)

        self.with_choices(show)

    def open_exemption(self) -> None:
        if self.ctx.branch_id is None:
            return
        member_id, month = self._current()

        def show(choices: DuesChoices) -> None:
            self.dialog = ExemptionDialog(self.ctx, choices, month, member_id, self)
            self.dialog.exec()

        self.with_choices(show)

    def open_categories(self) -> None:
        """批量设置类别 for the members selected in the grid (all when none is)."""
        if self.ctx.branch_id is None:
            return
        _, month = self._current()
        rows = {i.row() for i in self.grid_view.selectionModel().selectedIndexes()}
        grid = self.grid_model.grid
        selected = {grid.rows[r].member_id for r in rows if grid is not None and r < len(grid.rows)}

        def show(choices: DuesChoices) -> None:
            self.dialog = CategoryBatchDialog(self.ctx, choices, month, selected, self)
            self.dialog.exec()

        self.with_choices(show)

    def offer_receipts(self, infos: list[PaymentInfo]) -> None:
        if not infos:
            return
        numbers = "、".join(i.receipt_no for i in infos[:5]) + ("等" if len(infos) > 5 else "")
        answer = QMessageBox.question(
            self, "已登记", f"已登记{len(infos)}笔缴费（收据 {numbers}）。现在打印收据吗？"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.print_receipts(infos)

    def print_receipts(self, infos: list[PaymentInfo]) -> None:
        """The receipts in the app's PDF preview (打印 / 另存为 PDF), made off the UI thread."""
        from branchdesk.core.reports.file_names import receipts_file_name

        def make(session, out, report):
            from branchdesk.core.reports.receipt import write_receipts

            return write_receipts(out, infos, report)

        from branchdesk.ui.pdf_preview import show_pdf_preview  # the page opens without it

        show_pdf_preview(
            self,
            make,
            title="团费收据",
            file_name=receipts_file_name(infos),
            progress="正在生成收据…",
        )

    def _print_member_receipts(self) -> None:
        member_id, _ = self._current()
        branch_id, year = self.ctx.branch_id, self.year.value()

        def found(infos: list[PaymentInfo]) -> None:
            if member_id is not None:
                infos = [i for i in infos if i.member_id == member_id]
            if not infos:
                QMessageBox.information(self, "打印收据", "没有可打印的收据。")
                return
            self.print_receipts(infos)

        ops.run_query(self, lambda session: dues.payments(session, branch_id, year), on_done=found)

    def import_book(self):
        from branchdesk.ui.dialogs.dues_import_dialog import import_dues_book

        return import_dues_book(self, self.ctx, self.today)

    def _export(self) -> None:
        year = self.year.value()
        target = ask_save_path(self, "导出团费", f"团费_{year}年.xlsx", XLSX_FILTER)
        if target is None:
            return
        path = str(target)
        branch_id, today = self.ctx.branch_id, self._today()

        def work(session, progress):
            from branchdesk.core.io.dues_out import export_dues

            return export_dues(session, branch_id, year, path, today)

        ops.run_query(
            self,
            work,
            on_done=lambda p: QMessageBox.information(self, "导出", f"已导出到 {p}"),
            progress="正在导出…",
        )

    # -- 欠费 -----------------------------------------------------------------------------
    def _arrears_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.arrears_hint = QLabel(objectName="Hint")
        self.arrears_hint.setWordWrap(True)
        layout.addWidget(self.arrears_hint)
        self.arrears_model = TextRowsModel(
            ["姓名", "团小组", "欠费起始", "未缴月数", "最长连续", "欠费金额（元）", "提示"], self
        )
        self.arrears_table = _table_view(self.arrears_model)
        layout.addWidget(self.arrears_table, 1)
        return tab

    # -- 上缴台账 -------------------------------------------------------------------------
    def _ledger_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.ledger_summary = QLabel(objectName="SectionTitle")
        self.handover_button = QPushButton("登记上缴", objectName="PrimaryButton")
        bar.addWidget(self.ledger_summary, 1)
        bar.addWidget(self.handover_button)
        layout.addLayout(bar)
        self.ledger_model = TextRowsModel(
            ["日期", "摘要", "收缴（元）", "上缴（元）", "结存（元）", "上级收据号"], self
        )
        self.ledger_table = _table_view(self.ledger_model)
        layout.addWidget(self.ledger_table, 1)
        self.handover_button.clicked.connect(self.open_handover)
        self.held_fen = 0
        return tab

    def open_handover(self) -> None:
        if self.ctx.branch_id is None:
            return
        self.dialog = HandoverDialog(self.ctx, self.held_fen, self._today(), self)
        self.dialog.exec()

    # -- 标准 -----------------------------------------------------------------------------
    def _standards_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)
        left = QVBoxLayout()
        left.addWidget(QLabel("团费标准（中青发〔2016〕13号）", objectName="SectionTitle"))
        self.standards_table = QTableWidget(0, 4)
        self.standards_table.setHorizontalHeaderLabels(["类别", "计算方式", "元/月", "说明"])
        self.standards_table.verticalHeader().setVisible(False)
        self.standards_table.horizontalHeader().setStretchLastSection(True)
        left.addWidget(self.standards_table, 1)
        left.addLayout(self._formula_row())
        self.formula_hint = QLabel(objectName="Hint")
        self.formula_hint.setWordWrap(True)
        left.addWidget(self.formula_hint)
        buttons = QHBoxLayout()
        add, remove = QPushButton("添加类别"), QPushButton("删除类别")
        self.save_standards_button = QPushButton("保存标准", objectName="PrimaryButton")
        for b in (add, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_standards_button)
        left.addLayout(buttons)
        add.clicked.connect(lambda: self._add_standard_row(Category("", "fixed", 20)))
        remove.clicked.connect(
            lambda: self.standards_table.removeRow(self.standards_table.currentRow())
        )
        self.save_standards_button.clicked.connect(self.save_standards)
        layout.addLayout(left, 3)
        layout.addLayout(self._category_history_box(), 2)
        return tab

    def _formula_row(self) -> QVBoxLayout:
        """按收入计算 parameters and the month the dues records start."""
        self.threshold = QLineEdit()
        self.low = QLineEdit()
        self.per_mille = QSpinBox()
        self.per_mille.setRange(1, 100)
        self.per_mille.setSuffix(" ‰")
        self.cap = QLineEdit()
        self.records_from = month_edit(Month(self._today().year, 1))
        for widget in (self.threshold, self.low, self.cap):
            widget.setMaximumWidth(80)
        # two lines, so the tab fits a 1366-pixel screen beside the category history
        lines = QVBoxLayout()
        for pairs in (
            (("月收入低于", self.threshold), ("元交", self.low), ("元；", None)),
            (("否则按", self.per_mille), ("取整到元，最多", self.cap), ("元。", None)),
            (("建账月份", self.records_from),),
        ):
            line = QHBoxLayout()
            for label, widget in pairs:
                line.addWidget(QLabel(label))
                if widget is not None:
                    line.addWidget(widget)
            line.addStretch(1)
            lines.addLayout(line)
        return lines

    def formula_from_fields(self) -> SalaryFormula:
        try:
            return SalaryFormula(
                parse_yuan(self.threshold.text()),
                parse_yuan(self.low.text()),
                self.per_mille.value(),
                parse_yuan(self.cap.text()),
            )
        except ValueError:
            raise UserError("按收入计算的金额不正确。") from None

    def _category_history_box(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.addWidget(QLabel("团员的团费类别", objectName="SectionTitle"))
        self.category_member = PersonPicker()
        box.addWidget(self.category_member)
        self.history_table = _table_widget(["起始月份", "类别", "月收入（元）", "说明"])
        box.addWidget(self.history_table, 1)
        form = QHBoxLayout()
        self.new_category = QComboBox()
        self.new_income = QLineEdit(placeholderText="月收入（元）")
        self.new_from = month_edit(Month.of(self._today()))
        add = QPushButton("从该月起改为")
        form.addWidget(self.new_from)
        form.addWidget(add)
        form.addWidget(self.new_category)
        form.addWidget(self.new_income)
        box.addLayout(form)
        self.history_error = MessageLabel()
        box.addWidget(self.history_error)
        self.category_member.valueChanged.connect(self._show_history)
        add.clicked.connect(self.add_category_entry)
        return box

    def _add_standard_row(self, category: Category) -> None:
        table = self.standards_table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(category.name))
        kind = QComboBox()
        for key, label in KIND_LABELS.items():
            kind.addItem(label, key)
        kind.setCurrentIndex(max(0, kind.findData(category.kind)))
        table.setCellWidget(row, 1, kind)
        amount = yuan(category.fen_per_month) if category.kind == "fixed" else ""
        table.setItem(row, 2, QTableWidgetItem(amount))
        table.setItem(row, 3, QTableWidgetItem(category.note))

    def standards_from_table(self) -> list[Category]:
        table, categories = self.standards_table, []
        for row in range(table.rowCount()):
            name = (table.item(row, 0).text() if table.item(row, 0) else "").strip()
            kind = table.cellWidget(row, 1).currentData()
            text = table.item(row, 2).text() if table.item(row, 2) else ""
            try:
                fen = parse_yuan(text) if kind == "fixed" else 0
            except ValueError:
                raise UserError(f"第{row + 1}行的标准金额不正确。") from None
            note = table.item(row, 3).text() if table.item(row, 3) else ""
            categories.append(Category(name, kind, fen, note))
        return categories

    def save_standards(self) -> ops.Op | None:
        def refused(exc: UserError) -> None:
            QMessageBox.warning(self, "团费标准", exc.message)

        try:
            categories = self.standards_from_table()
            formula = self.formula_from_fields()
            start = month_of(self.records_from, "建账月份")
        except UserError as exc:
            refused(exc)
            return None
        branch_id = self.ctx.branch_id
        return ops.run_op(
            self,
            lambda session: dues.save_dues_settings(session, branch_id, categories, start, formula),
            kinds={ops.BRANCH, ops.DUES},
            on_error=refused,
        )

    def _show_history(self) -> None:
        """The chosen member's category history, read on a worker (the newest choice wins)."""
        member_id = self.category_member.currentData()
        self._history_asked += 1
        asked = self._history_asked
        if member_id is None:
            self.history_table.setRowCount(0)
            return

        def show(entries: list[dues.CategoryEntry]) -> None:
            if asked == self._history_asked:
                self._fill_history(entries)

        ops.run_query(self, lambda session: dues.category_history(session, member_id), on_done=show)

    def _fill_history(self, entries: list[dues.CategoryEntry]) -> None:
        _fill(
            self.history_table,
            [
                [
                    e.effective_from.label,
                    e.category,
                    yuan(e.monthly_income_fen) if e.monthly_income_fen is not None else "",
                    e.note,
                ]
                for e in entries
            ],
        )

    def add_category_entry(self) -> ops.Op | None:
        member_id = self.category_member.currentData()
        self.history_error.clear()
        try:
            if member_id is None:
                raise UserError("请选择团员。")
            text = self.new_income.text().strip()
            try:
                income = parse_yuan(text) if text else None
            except ValueError:
                raise UserError("月收入金额不正确。") from None
            category, start = self.new_category.currentText(), month_of(self.new_from, "起始月份")
        except UserError as exc:
            self.history_error.setText(exc.message)
            return None
        return ops.run_op(
            self,
            lambda session: dues.set_member_category(session, member_id, category, start, income),
            kinds={ops.DUES},
            on_error=lambda exc: self.history_error.setText(exc.message),
        )

    # -- refresh --------------------------------------------------------------------------
    def reload(self) -> None:
        self.choices = None
        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.drop_pending_load()
            self.grid_model.set_grid(None)
            return
        year, today = self.year.value(), self._today()
        # after the tabs are built, when they are being built (see ops.after_turns)
        ops.after_turns(
            self,
            lambda: self.load(
                lambda session: dues.page_view(session, branch_id, year, today), self.show_view
            ),
        )

    def show_view(self, view: DuesPageView) -> None:
        self.choices = view.choices
        # a tab per turn of the event loop (after the tabs are built: steps run in order)
        ops.in_turns(
            self,
            lambda: self._show_grid(view.year.grid),
            lambda: self._show_arrears(view.year.arrears),
            lambda: self._show_ledger(view.year.ledger),
            lambda: self._show_standards(view),
        )

    def _show_grid(self, grid: DuesGrid) -> None:
        self.grid_model.set_grid(grid)
        empty = not grid.rows
        self.empty.title.setText(f"{self.year.value()}年没有要交团费的团员")
        self.empty.setVisible(empty)
        self.grid_view.setVisible(not empty)
        self.grid_view.setColumnWidth(0, 72)
        self.grid_view.setColumnWidth(1, 120)  # 学生／7月起在职
        for column in range(len(LEAD_COLUMNS) + 12, self.grid_model.columnCount()):
            self.grid_view.setColumnWidth(column, 72)
        self.grid_view.setColumnWidth(PAID_UP_TO_COLUMN, 170)  # 2026年5月（此后不需缴纳）
        self.months_width.apply()
        self.grid_summary.setText(
            f"{len(grid.rows)}人　已缴 {yuan(grid.total_paid_fen)} 元　"
            f"未缴 {yuan(grid.total_unpaid_fen)} 元"
        )

    def _show_arrears(self, rows: list[dues.ArrearsRow]) -> None:
        flagged = [r for r in rows if r.flagged]
        self.arrears_hint.setText(
            f"共{len(rows)}人欠缴，合计 {yuan(sum(r.owed_fen for r in rows))} 元；"
            f"{len(flagged)}人连续6个月以上未交团费（标红），可能构成自行脱团，请书记了解情况。"
        )
        self.arrears_model.set_texts(
            [
                [
                    r.name,
                    r.group_name,
                    r.since.label,
                    str(len(r.unpaid_months)),
                    f"{r.longest_run}个月",
                    yuan(r.owed_fen),
                    "可能构成自行脱团" if r.flagged else "",
                ]
                for r in rows
            ],
            [STATE_COLOURS[State.UNPAID] if r.flagged else None for r in rows],
        )
        _fit_columns(self.arrears_table)

    def _show_ledger(self, ledger: dues.Ledger) -> None:
        self.held_fen = ledger.closing_fen
        self.ledger_summary.setText(
            f"上年结转 {yuan(ledger.opening_fen)} 元　本年收缴 {yuan(ledger.collected_fen)} 元　"
            f"上缴 {yuan(ledger.handed_fen)} 元　结存 {yuan(ledger.closing_fen)} 元"
        )
        rows = [[f"{ledger.year}-01-01", "上年结转", "", "", yuan(ledger.opening_fen), ""]]
        rows += [
            [
                r.day.isoformat(),
                r.text,
                yuan(r.collected_fen) if r.collected_fen else "",
                yuan(r.handed_fen) if r.handed_fen else "",
                yuan(r.balance_fen),
                r.receipt_no,
            ]
            for r in ledger.rows
        ]
        rows.append(
            [
                "合计",
                "",
                yuan(ledger.collected_fen),
                yuan(ledger.handed_fen),
                yuan(ledger.closing_fen),
                "",
            ]
        )
        self.ledger_model.set_texts(rows)
        _fit_columns(self.ledger_table)

    def _show_standards(self, view: DuesPageView) -> None:
        standards, formula = view.choices.standards, view.formula
        self.standards_table.setRowCount(0)
        for category in standards:
            self._add_standard_row(category)
        self.standards_table.resizeColumnsToContents()
        self.threshold.setText(yuan(formula.threshold_fen))
        self.low.setText(yuan(formula.low_fen))
        self.per_mille.setValue(formula.per_mille)
        self.cap.setText(yuan(formula.cap_fen))
        set_month(self.records_from, view.records_from)
        self.formula_hint.setText(
            "按收入计算用于在职、年薪制/个体（税后月收入，如 5000—5499 元交 10 元）；"
            "不收缴：党员保留团籍，自愿交纳照常登记。建账月份以前的月份不计欠费。"
        )
        current = self.category_member.currentData()
        self.category_member.blockSignals(True)
        self.category_member.set_people(people_of(view.choices), current)
        self.category_member.blockSignals(False)
        self.new_category.clear()
        self.new_category.addItems([c.name for c in standards])
        self._show_history()

    def run_action(self, action: str) -> None:
        if action == "pay":
            self.open_payment()
        elif action == "arrears":
            self.tabs.setCurrentIndex(1)
