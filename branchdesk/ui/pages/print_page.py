"""打印: the 团支部工作手册 (choose year and sections, preview, save, open, print) and blank forms.

The PDF is made in the background (`ui.ops.run_query`) and shown in the app's one PDF preview
(`ui.pdf_preview.PreviewPane`, as receipts and letters are), with 打印, 另存为 PDF and 用系统程序打开.
"""

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.progress import Cancelled
from branchdesk.core.reports.file_names import blank_forms_file_name, handbook_file_name
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.base import Page
from branchdesk.ui.pdf_preview import PreviewPane, preview_path

#: (key, title) of the handbook's sections, as in core.reports.handbook.SECTIONS
#: (kept here so the page does not import reportlab at start-up).
SECTION_CHOICES = (
    ("instructions", "使用说明"),
    ("duties", "团支部委员职责"),
    ("procedure", "发展团员工作程序"),
    ("profile", "支部基本情况"),
    ("roster", "团员花名册"),
    ("groups", "团小组"),
    ("development", "发展团员"),
    ("recommendation", "推优入党"),
    ("plan", "年度工作计划"),
    ("meetings", "三会两制一课"),
    ("theme_days", "主题团日"),
    ("life", "组织生活会"),
    ("evaluation", "团员教育评议"),
    ("registration", "团籍注册"),
    ("dues", "团费收缴与上缴"),
    ("transfers", "组织关系转接"),
    ("awards", "奖惩与考核"),
    ("stats", "团内统计"),
    ("summary", "年度工作总结"),
    ("review", "党组织审阅意见"),
    ("notes", "备注"),
)


class PrintPage(Page):
    """Nothing is read until a PDF is asked for; the PDF is built off the UI thread."""

    title = "打印"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.pdf_path: Path | None = None
        self.pdf_title = "团支部工作手册"
        self.task = None
        self._build_ui()

    # -- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年度")
        self.year.setMinimumWidth(120)
        self.section_boxes: dict[str, QCheckBox] = {}
        sections = QGridLayout()
        for i, (key, title) in enumerate(SECTION_CHOICES):
            box = QCheckBox(title)
            box.setChecked(True)
            self.section_boxes[key] = box
            sections.addWidget(box, i // 2, i % 2)
        all_button, none_button = QPushButton("全选"), QPushButton("全不选")
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        pick = QHBoxLayout()
        pick.addWidget(all_button)
        pick.addWidget(none_button)
        pick.addStretch(1)
        sections.addLayout(pick, len(SECTION_CHOICES) // 2 + 1, 0, 1, 2)
        section_box = QGroupBox("章节")
        section_box.setLayout(sections)

        self.mask = QCheckBox("隐去身份证号、手机号码中间几位（外送的副本）")
        self.blank_forms = QCheckBox("附上各登记表的空白表格")
        self.double_sided = QCheckBox("双面打印（装订边在奇数页左侧、偶数页右侧）")
        self.double_sided.setToolTip(
            "单面打印时每页左侧留出装订边；双面打印时偶数页的装订边在右侧。"
            "横向页的装订边在上方（双面时偶数页在下方）。"
        )
        self.generate_button = QPushButton("生成预览", objectName="PrimaryButton")
        self.generate_button.clicked.connect(self.generate)
        self.blank_button = QPushButton("只打印空白表格")
        self.blank_button.setToolTip("所选章节的空白登记表，供手工填写")
        self.blank_button.clicked.connect(self.generate_blank_forms)
        self.texts_button = QPushButton("编写计划、总结和说明…")
        self.texts_button.setToolTip(
            "年度工作计划、年度工作总结（及审议的会议），使用说明、委员职责、发展团员工作程序"
        )
        self.texts_button.clicked.connect(self.edit_texts)
        self.status = QLabel("", objectName="Hint")
        self.status.setWordWrap(True)

        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("年度"))
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(QLabel("团支部工作手册", objectName="SectionTitle"))
        side.addLayout(year_row)
        side.addWidget(section_box)
        side.addWidget(self.mask)
        side.addWidget(self.blank_forms)
        side.addWidget(self.double_sided)
        side.addWidget(self.texts_button)
        side.addWidget(self.generate_button)
        side.addWidget(self.blank_button)
        side.addSpacing(8)
        side.addWidget(self.status)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        # the choices scroll on a low screen instead of making the window taller than it
        side_scroll = QScrollArea(objectName="SideScroll")
        side_scroll.setWidget(side_widget)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setFixedWidth(340 + side_scroll.verticalScrollBar().sizeHint().width())

        self.preview = PreviewPane()
        # 打印… / 另存为 PDF… / 用系统程序打开 sit above the preview, as in every preview
        self.print_button = self.preview.print_button
        self.save_button = self.preview.save_button
        self.open_button = self.preview.open_button
        body = QHBoxLayout()
        body.addWidget(side_scroll)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel("打印", objectName="PageTitle"))
        layout.addLayout(body, 1)
        self._update_buttons()

    def _check_all(self, checked: bool) -> None:
        for box in self.section_boxes.values():
            box.setChecked(checked)

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.section_boxes.items() if box.isChecked())

    def _update_buttons(self) -> None:
        self.generate_button.setEnabled(self.task is None and self.ctx.branch_id is not None)
        self.blank_button.setEnabled(self.task is None)
        self.texts_button.setEnabled(self.ctx.branch_id is not None)

    def reload(self) -> None:
        self._update_buttons()

    def edit_texts(self) -> None:
        from branchdesk.ui.dialogs.handbook_texts import HandbookTextsDialog

        if self.ctx.branch_id is None:
            return
        HandbookTextsDialog(self.ctx, self.ctx.branch_id, self.year.value(), self).exec()

    # -- making the PDF --------------------------------------------------------------------
    def generate(self) -> None:
        keys = self.chosen_sections()
        if not keys:
            QMessageBox.information(self, "生成工作手册", "请至少选择一个章节。")
            return
        if self.ctx.branch_id is None:
            QMessageBox.information(self, "生成工作手册", "请先创建或导入一个团支部。")
            return
        branch_id, year = self.ctx.branch_id, self.year.value()
        mask, blank = self.mask.isChecked(), self.blank_forms.isChecked()
        mirrored = self.double_sided.isChecked()
        out = self._next_path("handbook")

        def work(session, progress):
            from branchdesk.core.reports.handbook import HandbookOptions, build_handbook

            options = HandbookOptions(year, keys, mask=mask, blank_forms=blank, mirrored=mirrored)
            return build_handbook(session, branch_id, options, out, progress)

        title = f"{year}年度团支部工作手册"
        self._start(work, "正在生成工作手册…", title, handbook_file_name(year))

    def generate_blank_forms(self) -> None:
        keys = self.chosen_sections() or None
        branch_id = self.ctx.branch_id
        out = self._next_path("blank")

        def work(session, progress):
            from branchdesk.core.reports.handbook import build_blank_forms
            from branchdesk.core.services.branches import load_profile

            branch_name = load_profile(session, branch_id).name if branch_id is not None else ""
            return build_blank_forms(out, keys, branch_name, progress)

        self._start(work, "正在生成空白表格…", "空白登记表", blank_forms_file_name())

    def _next_path(self, stem: str) -> Path:
        return preview_path(stem)

    def _start(self, work, title: str, pdf_title: str, file_name: str) -> None:
        started = time.perf_counter()
        self.status.setText(title)

        def done(result) -> None:
            self.task = None
            self.pdf_path, self.pdf_title = result.path, pdf_title
            seconds = time.perf_counter() - started
            text = f"已生成“{pdf_title}”，共 {result.pages} 页，用时 {seconds:.1f} 秒。"
            self.status.setText(text)
            self.preview.load(result.path, pdf_title, file_name)
            self._update_buttons()

        def ended() -> None:
            if task.ok is False:
                self.task = None
                exc = task.error
                if isinstance(exc, UserError | Cancelled):
                    self.status.setText(ops.user_text(exc))
                else:  # a bug: ops has logged it and said where
                    self.status.setText("生成失败，详细信息已写入日志文件 error.log。")
                self._update_buttons()

        task = ops.run_query(self, work, on_done=done, progress=title)
        task.ended.connect(ended)
        self.task = task
        self._update_buttons()
