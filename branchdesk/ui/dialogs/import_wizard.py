"""导入花名册 wizard: file → sheet and branch → column mapping → preview → import → result.

Nothing is written before the last step: the preview is computed in a read session that is
closed without committing. The import itself writes that preview (`roster_import.import_preview`,
without reading the file again) off the UI thread, in one transaction (an error or a cancel
leaves the database as it was).
"""

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from branchdesk.core.errors import UserError
from branchdesk.core.progress import Cancelled
from branchdesk.core.rules.dues_standards import DEFAULT_CATEGORIES
from branchdesk.core.services import workspace
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import error_text
from branchdesk.ui.widgets import RowListModel, fit_to_screen

SHEET_FILTER = "电子表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"
IGNORE = "（忽略此列）"
PROBLEM_COLOR = QColor("#fdecea")
NEW_BRANCH = -1


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent=None, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.imported = False
        self.result_report = None
        self.path = ""
        self.roster = None  # RosterSheet, as read with the current mapping
        #: the first sheet with a roster header, read when the file was chosen (None: none found)
        self.found_roster = None
        self.preview = None  # ImportPreview, once computed (off the UI thread)
        self.branches: list[tuple[int, str]] | None = None  # read off the UI thread
        self._preview_generation = 0
        self.setWindowTitle("导入花名册")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_to_screen(self, 900, 620)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CommitButton, "开始导入")
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.mapping_page,
            self.preview_page,
            self.result_page,
        ):
            self.addPage(page)
        ops.run_query(self, workspace.branch_names, on_done=self._branches_read, ctx=ctx)

    def _branches_read(self, names: list[tuple[int, str]]) -> None:
        self.branches = names
        if self.currentPage() is self.sheet_page:
            self.sheet_page.initializePage()

    # what the steps chose
    @property
    def sheet_name(self) -> str:
        return self.sheet_page.sheet.currentText()

    def branch_choice(self) -> tuple[int | None, str | None]:
        """(branch id, or None with the name of a branch to create)."""
        return self.sheet_page.branch_choice()

    def mapping(self) -> dict[int, str | None]:
        return self.mapping_page.mapping()

    def compute_preview(self) -> ops.Op:
        """Start the preview (a read: nothing is written); the preview page shows it."""
        from branchdesk.core.services.roster_import import preview_sheet

        branch_id, branch_name = self.branch_choice()
        roster, today = self.roster, self.today
        self.preview = None
        self._preview_generation += 1
        generation = self._preview_generation

        def arrived(preview) -> None:
            if generation == self._preview_generation:
                self.preview = preview
                self.preview_page.show_preview()

        def refused(exc: UserError) -> None:
            if generation == self._preview_generation:
                self.preview_page.show_error(exc.message)

        return ops.run_query(
            self,
            lambda session: preview_sheet(
                session, roster, branch_name, branch_id=branch_id, today=today
            ),
            on_done=arrived,
            on_error=refused,
        )


def _message_label() -> QLabel:
    return QLabel(objectName="ErrorText", wordWrap=True)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第 1 步：选择花名册文件")
        self.setSubTitle("支持 .xlsx、.xls、.ods 和 .csv。可以先用“下载导入模板”获得标准表格。")
        self.path = QLineEdit(placeholderText="花名册文件的位置")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = _message_label()
        hint = QLabel(
            "程序会自动找到表头行（表头上方可以有标题行、合并单元格、“填报单位”行），"
            "按列名识别各列；在导入之前会先预览每一行，问题行会标出原因。",
            objectName="Hint",
            wordWrap=True,
        )
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择花名册文件", "", SHEET_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        from branchdesk.core.io.roster_reader import list_sheets, read_roster

        path = self.path.text().strip()
        # the sheet a secretary means (a 说明 sheet before it is passed over), read once: the
        # next step uses this read unless another sheet is chosen there
        try:
            found = read_roster(path)
            sheets = found.sheet_names
        except UserError:
            found = None  # no roster sheet found: the next step says what is wrong with one
            try:
                sheets = list_sheets(path)  # the file itself may be what is wrong
            except UserError as exc:
                self.message.setText(exc.message)
                return False
        self.message.clear()
        self.w.path = path
        self.w.found_roster = found
        self.w.sheet_page.set_sheets(sheets, found.sheet_name if found else None)
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第 2 步：选择工作表和团支部")
        self.setSubTitle("一个文件有多个工作表时，请选择花名册所在的那一个。")
        self.sheet = QComboBox()
        self.branch = QComboBox()
        self.new_name = QLineEdit(placeholderText="新团支部的名称（不填则用表格标题）")
        self.dues_category = QComboBox()
        self.dues_category.addItem("按表格判断（职业、收入列；学校团支部为学生）", None)
        for category in DEFAULT_CATEGORIES:
            self.dues_category.addItem(category.name, category.name)
        self.dues_category.setToolTip(
            "新导入团员从本月起按这个类别交纳团费，之后可在团费页批量修改"
        )
        form = QFormLayout()
        form.addRow("工作表", self.sheet)
        form.addRow("导入到团支部", self.branch)
        form.addRow("新团支部名称", self.new_name)
        form.addRow("新团员的团费类别", self.dues_category)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                "已在该团支部花名册中的团员（身份证号相同）会被更新，不会重复添加。",
                objectName="Hint",
                wordWrap=True,
            )
        )
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.branch.currentIndexChanged.connect(self._branch_changed)

    def set_sheets(self, sheets: list[str], current: str | None = None) -> None:
        self.sheet.clear()
        self.sheet.addItems(sheets)
        if current in sheets:
            self.sheet.setCurrentText(current)

    def initializePage(self) -> None:
        existing = self.w.branches or []
        self.completeChanged.emit()  # complete once the branches have been read
        self.branch.clear()
        for branch_id, name in existing:
            self.branch.addItem(name, branch_id)
        self.branch.addItem("新建团支部…", NEW_BRANCH)
        self.branch.setCurrentIndex(max(self.branch.findData(self.w.ctx.branch_id), 0))
        self._branch_changed()

    def _branch_changed(self, *_args) -> None:
        self.new_name.setEnabled(self.branch.currentData() == NEW_BRANCH)

    def isComplete(self) -> bool:
        return self.w.branches is not None and super().isComplete()

    def branch_choice(self) -> tuple[int | None, str | None]:
        if self.branch.currentData() == NEW_BRANCH:
            name = self.new_name.text().strip()
            if not name and self.w.roster is not None:
                from branchdesk.core.services.branches import DEFAULT_BRANCH_NAME

                name = self.w.roster.branch_name_hint or DEFAULT_BRANCH_NAME
            return None, name
        return self.branch.currentData(), None

    def validatePage(self) -> bool:
        from branchdesk.core.io.roster_reader import read_roster

        found = self.w.found_roster
        try:
            if found is not None and found.sheet_name == self.sheet.currentText():
                self.w.roster = found  # read when the file was chosen
            else:
                self.w.roster = read_roster(self.w.path, self.sheet.currentText())
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        self.message.clear()
        self.w.mapping_page.show_columns(self.w.roster)
        return True


def _cell_text(value) -> str:
    """A raw cell as the user typed it: 1.0 → '1', a datetime → '2001-03-05'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    return str(value)


class MappingPage(QWizardPage):
    """One row per sheet column: its header, a sample value, and the field it fills."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第 3 步：核对各列对应的信息")
        self.setSubTitle("已按列名自动识别。识别错了的列可以在右侧改选；不需要的列选“忽略此列”。")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["表格中的列名", "第一行的内容", "导入为"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.unknown = QLabel(objectName="Hint", wordWrap=True)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unknown)
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []
        self.auto: dict[int, str | None] = {}

    def show_columns(self, roster) -> None:
        from branchdesk.core.io.roster_reader import FIELD_LABELS

        self.auto = {c.index: c.field for c in roster.columns}
        first = roster.rows[0].cells if roster.rows else []
        self.table.setRowCount(len(roster.columns))
        self.combos = []
        for row, column in enumerate(roster.columns):
            sample = first[column.index] if column.index < len(first) else None
            header = QTableWidgetItem(column.header or f"第{column.index + 1}列")
            header.setData(Qt.ItemDataRole.UserRole, column.index)
            self.table.setItem(row, 0, header)
            self.table.setItem(row, 1, QTableWidgetItem(_cell_text(sample)))
            combo = QComboBox()
            combo.addItem(IGNORE, None)
            for key, label in FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(column.field), 0))
            combo.currentIndexChanged.connect(self._mark_changed)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        unknown = roster.unknown_columns
        lines = [f"未识别的列（将忽略）：{'、'.join(unknown)}" if unknown else "所有列都已识别。"]
        lines += [notice for _row, notice in roster.notices]  # e.g. far-away cells ignored
        self.unknown.setText("\n".join(lines))
        self.message.clear()

    def _mark_changed(self, *_args) -> None:
        self.message.clear()

    def set_field(self, header: str, field: str | None) -> None:
        """Choose the field for the column headed `header` (tests and keyboard users)."""
        for row, combo in enumerate(self.combos):
            if self.table.item(row, 0).text() == header:
                combo.setCurrentIndex(combo.findData(field))
                return
        raise KeyError(header)

    def mapping(self) -> dict[int, str | None]:
        """The columns whose field differs from the automatic mapping."""
        chosen = {}
        for row, combo in enumerate(self.combos):
            index = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if combo.currentData() != self.auto.get(index):
                chosen[index] = combo.currentData()
        return chosen

    def validatePage(self) -> bool:
        from branchdesk.core.io.roster_reader import read_roster

        fields = [c.currentData() for c in self.combos if c.currentData()]
        if "name" not in fields and "id_number" not in fields:
            self.message.setText("至少要有“姓名”或“身份证号”列。")
            return False
        try:
            mapping = self.mapping()
            if mapping:
                self.w.roster = read_roster(self.w.path, self.w.sheet_name, mapping)
            self.w.compute_preview()
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        return True


class PreviewModel(RowListModel):
    headers = ("行号", "结果", "姓名", "身份证号", "说明")

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        from branchdesk.core.services.roster_import import RowOutcome

        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome is RowOutcome.REJECTED:
            return PROBLEM_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return self._text(row, 4)
        return None

    @staticmethod
    def _text(row, column: int) -> str:
        if column == 0:
            return str(row.row)
        if column == 1:
            return str(row.outcome)
        if column == 2:
            return row.name
        if column == 3:
            return row.id_number
        if row.reason:
            return row.reason
        notes = [f"更改：{'、'.join(row.changed)}"] if row.changed else []
        return "；".join(notes + list(row.notices))


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第 4 步：预览")
        self.setSubTitle("以下是导入后的结果预览，此时尚未写入任何数据。确认无误后点击“开始导入”。")
        self.setCommitPage(True)
        self.counts = QLabel(objectName="SectionTitle", wordWrap=True)
        self.target = QLabel(objectName="Hint", wordWrap=True)
        self.only_problems = QCheckBox("只看有问题的行")
        self.only_notices = QCheckBox("只看有提示的行")
        self.only_notices.setToolTip("可以导入、但值得核对的行（如缺少发展团员编号）")
        self.split_branches = QCheckBox("按团支部分开导入")
        self.split_branches.setToolTip(
            "表中“组织全称/所在团支部”列写有多个团支部：每行导入到它所写的团支部（不存在则新建）"
        )
        self.save_problems = QPushButton("保存问题行…")
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((56, 64, 90, 170)):
            self.table.setColumnWidth(column, width)
        bar = QHBoxLayout()
        bar.addWidget(self.only_problems)
        bar.addWidget(self.only_notices)
        bar.addStretch(1)
        bar.addWidget(self.split_branches)
        bar.addWidget(self.save_problems)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.target)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.only_problems.toggled.connect(lambda on: self._only(on, self.only_notices))
        self.only_notices.toggled.connect(lambda on: self._only(on, self.only_problems))
        self.save_problems.clicked.connect(self.save_problem_rows)

    def initializePage(self) -> None:
        if self.w.preview is None:
            self.counts.setText("正在检查每一行…")
            self.target.clear()
            self.save_problems.setEnabled(False)
            self.model.set_rows([])
        else:
            self.show_preview()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.preview is not None

    def show_error(self, message: str) -> None:
        self.counts.setText(message)

    def show_preview(self) -> None:
        from branchdesk.core.services.roster_import import RowOutcome

        preview = self.w.preview
        self.completeChanged.emit()
        counts = {o: preview.count(o) for o in RowOutcome}
        self.counts.setText(
            f"新增 {counts[RowOutcome.NEW]} 人，更新 {counts[RowOutcome.UPDATED]} 人，"
            f"无变化 {counts[RowOutcome.UNCHANGED]} 人，有问题 {counts[RowOutcome.REJECTED]} 行"
        )
        created = "（将新建）" if preview.creates_branch else ""
        groups = f"；将新建团小组：{'、'.join(preview.new_groups)}" if preview.new_groups else ""
        self.target.setText(
            f"导入到团支部“{preview.branch_name}”{created}，工作表“{preview.sheet.sheet_name}”"
            f"{groups}。有问题的行不会导入，可以保存下来改好后再导入。"
            + "".join(f"\n{message}" for message in preview.messages)
        )
        self.save_problems.setEnabled(bool(preview.problem_rows))
        notices = sum(1 for r in preview.rows if r.notices)
        self.only_notices.setText(f"只看有提示的行（{notices}）")
        self.only_notices.setEnabled(bool(notices))
        from branchdesk.core.services.roster_import import sheet_branch_names

        self.split_branches.setChecked(False)
        self.split_branches.setHidden(len(sheet_branch_names(preview.sheet)) < 2)
        self._fill()

    def _only(self, checked: bool, other: QCheckBox) -> None:
        if checked and other.isChecked():
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
        self._fill()

    def _fill(self, *_args) -> None:
        preview = self.w.preview
        if preview is None:
            return
        rows = preview.rows
        if self.only_problems.isChecked():
            rows = preview.problem_rows
        elif self.only_notices.isChecked():
            rows = [r for r in rows if r.notices]
        self.model.set_rows(rows)

    def save_problem_rows(self) -> str:
        from branchdesk.core.services.roster_import import save_problem_rows

        default = str(Path(self.w.path).with_name(Path(self.w.path).stem + "_问题行.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "保存问题行", default, "Excel 工作簿 (*.xlsx)")
        if not path:
            return ""
        try:
            saved = save_problem_rows(self.w.preview, path)
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, "保存问题行", error_text(exc))
            return ""
        QMessageBox.information(
            self, "保存问题行", f"已保存 {len(self.w.preview.problem_rows)} 行到：\n{saved}"
        )
        return str(saved)

    def validatePage(self) -> bool:
        from branchdesk.core.services.roster_import import RowOutcome

        if not any(r.outcome is not RowOutcome.REJECTED for r in self.w.preview.rows):
            QMessageBox.information(self, "导入花名册", "没有可以导入的行。")
            return False
        return True


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第 5 步：导入")
        self.setSubTitle("全部写入后才会保存；中途出错时数据库保持原样。")
        self.progress = QProgressBar()
        self.status = QLabel("正在导入…", wordWrap=True)
        self.summary = QLabel(objectName="SectionTitle", wordWrap=True)
        self.details = QLabel(objectName="Hint", wordWrap=True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.done = False
        self.task = None

    def initializePage(self) -> None:
        from branchdesk.core.services.roster_import import import_preview, import_split

        self.done = False
        w = self.w
        preview, today = w.preview, w.today
        category = w.sheet_page.dues_category.currentData()
        split = w.preview_page.split_branches.isChecked()
        branch_id, branch_name = w.branch_choice()

        def work(session, progress):  # the sheet the user saw in the preview; not read again
            if split:
                return import_split(
                    session, preview.sheet, branch_name, branch_id, progress, today, category
                )
            return import_preview(
                session, preview, progress=progress, today=today, dues_category=category
            )

        self.progress.setRange(0, 0)
        self.task = ops.run_op(
            self,
            work,
            kinds={ops.MEMBERS, ops.BRANCH},  # may create the branch and its groups
            on_done=self._succeeded,
            on_error=self._failed,
            progress="",  # shown on this page
        )
        self.task.progressed.connect(self._on_progress)
        self.task.ended.connect(lambda: self.done or self._failed(self.task.error))
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(False)  # one transaction

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        if message:
            self.status.setText(message)

    def _succeeded(self, report) -> None:
        from branchdesk.core.services.roster_import import report_lines

        self.w.imported = True
        self.w.result_report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText("导入完成。")
        lines = report_lines(report)
        self.summary.setText(report.summary())
        self.details.setText("\n".join(lines[:1] + lines[2:40]))
        if report.branch_id is not None and (report.created_branch or self.w.ctx.branch_id is None):
            self.w.ctx.set_branch(report.branch_id)
        self._finish()

    def _failed(self, exc: BaseException | None) -> None:
        if self.done:
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText("导入没有完成，数据库未作任何改动。")
        if isinstance(exc, UserError | Cancelled):
            self.summary.setText(ops.user_text(exc))
        else:  # a bug: ops has logged it and said where
            self.summary.setText("发生意外错误，详细信息已写入日志文件 error.log。")
        self._finish()

    def _finish(self) -> None:
        self.done = True
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done
