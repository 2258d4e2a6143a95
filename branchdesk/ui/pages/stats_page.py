"""统计: 团内统计 with charts for this branch or every branch, and the committee's table of
branches (团总支/团委), each row one double-click from that branch."""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.io.package_file import SUFFIX
from branchdesk.core.io.stats_out import block_rows
from branchdesk.core.rules.dues_standards import yuan
from branchdesk.core.rules.statistics import MEETINGS_NOTE, Statistics, stat_tables
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.fonts import register_bundled_fonts
from branchdesk.ui.pages.base import Page
from branchdesk.ui.save_location import ask_save_path

THIS_BRANCH, ALL_BRANCHES = "本团支部", "全部团支部"
CHART_W, CHART_H = 250, 170  # points, drawn 1.2× on screen
PACKAGE_FILTER = f"团支部数据包 (*{SUFFIX})"
OVERVIEW_HEADERS = [
    "团支部",
    "在册团员",
    "逾期会议（期）",
    "欠缴人数",
    "欠缴金额（元）",
    "待回执介绍信",
    "超龄待办",
    "教育评议",
    "团籍注册",
]


@dataclass
class StatsView:
    stats: Statistics
    charts: list[tuple[str, str]]  # (title, svg)


def _load_stats(session, branch_ids: list[int] | None, year: int, family: str) -> StatsView:
    """(worker thread) The statistics and their charts as SVG in the font `family`."""
    from branchdesk.core.reports.stat_charts import chart_svg, chart_tables
    from branchdesk.core.services.statistics import statistics

    stats = statistics(session, branch_ids, year, date.today())
    charts = [
        (t.title, chart_svg(t, family, CHART_W, CHART_H)) for t in chart_tables(stat_tables(stats))
    ]
    return StatsView(stats, charts)


def svg_pixmap(svg: str, scale: float, ratio: float) -> QPixmap:
    """The chart drawn at `scale` times its size in points, sharp on a high-DPI screen."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize() * scale
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return pixmap


class _NumberItem(QTableWidgetItem):
    """Sorts by number, not by text."""

    def __init__(self, value: int, text: str | None = None):
        super().__init__(text if text is not None else str(value))
        self.setData(Qt.ItemDataRole.UserRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other):  # noqa: D105
        return self.data(Qt.ItemDataRole.UserRole) < other.data(Qt.ItemDataRole.UserRole)


class StatisticsTab(QWidget):
    def __init__(self, page: "StatsPage"):
        super().__init__()
        self.page = page
        self.scope = QComboBox(objectName="StatsScope")
        self.scope.addItems([THIS_BRANCH, ALL_BRANCHES])
        self.year = QSpinBox(objectName="StatsYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(self.export)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计范围"))
        bar.addWidget(self.scope)
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.summary = QLabel(objectName="Hint")
        self.summary.setWordWrap(True)

        self.table = QTableWidget(0, 3, objectName="StatsTable")
        self.table.setHorizontalHeaderLabels(["项目", "类别", "数量"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumWidth(360)
        self.chart_grid = QGridLayout()
        charts = QWidget()
        charts.setLayout(self.chart_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        body = QHBoxLayout()
        body.addWidget(self.table, 2)
        body.addWidget(scroll, 3)
        note = QLabel(MEETINGS_NOTE, objectName="Hint")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)
        layout.addWidget(note)
        self.scope.currentIndexChanged.connect(page.refresh)
        self.year.valueChanged.connect(page.refresh)
        self.view: StatsView | None = None

    def branch_ids(self) -> list[int] | None:
        if self.scope.currentText() == ALL_BRANCHES or self.page.ctx.branch_id is None:
            return None
        return [self.page.ctx.branch_id]

    def show_view(self, view: StatsView) -> None:
        self.view = view
        stats = view.stats
        scope = "、".join(stats.branches)
        self.summary.setText(f"{stats.year}年团内统计：{scope}；在册人数按 {stats.day} 统计。")
        rows = block_rows(stats)
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        while self.chart_grid.count():
            widget = self.chart_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for i, (title, svg) in enumerate(view.charts):
            chart = QLabel(objectName="StatsChart")
            chart.setPixmap(svg_pixmap(svg, 1.2, self.devicePixelRatioF()))
            chart.setToolTip(title)
            self.chart_grid.addWidget(chart, i // 2, i % 2)

    def export(self) -> None:
        from branchdesk.ui.dialogs.roster_files import _save_path

        branch_ids, year = self.branch_ids(), self.year.value()
        path = _save_path(self, "导出团内统计", f"{year}年团内统计.xlsx")
        if not path:
            return

        def work(session, progress):
            from branchdesk.core.io.stats_out import export_statistics
            from branchdesk.core.services.statistics import statistics_by_branch

            progress(0, 0, "正在统计…")
            total, parts = statistics_by_branch(session, branch_ids, year, date.today())
            return export_statistics(total, parts, path)

        def done(written) -> None:
            QMessageBox.information(self, "导出团内统计", f"已导出到：\n{written}")

        ops.run_query(self, work, on_done=done, progress="正在导出团内统计…", ctx=self.page.ctx)


class CommitteeTab(QWidget):
    def __init__(self, page: "StatsPage"):
        super().__init__()
        self.page = page
        hint = QLabel(
            "双击一行打开该团支部。不联网的团支部可导出数据包（U 盘、邮件带到团委），"
            "在这里合并到本数据库。",
            objectName="Hint",
        )
        hint.setWordWrap(True)
        self.mask = QCheckBox("隐去身份证号和手机号码（只供统计）")
        self.pack_button = QPushButton("导出本团支部数据包…")
        self.pack_button.clicked.connect(self.pack)
        self.unpack_button = QPushButton("合并数据包…")
        self.unpack_button.clicked.connect(self.unpack)
        bar = QHBoxLayout()
        bar.addWidget(self.pack_button)
        bar.addWidget(self.mask)
        bar.addStretch(1)
        bar.addWidget(self.unpack_button)
        self.table = QTableWidget(0, len(OVERVIEW_HEADERS), objectName="CommitteeTable")
        self.table.setHorizontalHeaderLabels(OVERVIEW_HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            name = QTableWidgetItem(r.name)
            name.setData(Qt.ItemDataRole.UserRole, r.branch_id)
            cells = [
                name,
                _NumberItem(r.members),
                _NumberItem(r.overdue_meetings),
                _NumberItem(r.arrears_members),
                _NumberItem(r.arrears_fen, yuan(r.arrears_fen)),
                _NumberItem(r.letters_waiting),
                _NumberItem(r.age_out),
                QTableWidgetItem("已完成" if r.evaluation_done else "未完成"),
                QTableWidgetItem("已完成" if r.registration_done else "未完成"),
            ]
            for col, item in enumerate(cells):
                self.table.setItem(i, col, item)
        self.table.setSortingEnabled(True)

    def pack(self) -> None:
        """Ask where to save (named after the branch), then write the package off the UI thread."""
        from branchdesk.core.services.branches import load_profile

        ctx = self.page.ctx
        branch_id = ctx.branch_id
        if branch_id is None:
            QMessageBox.information(self, "导出数据包", "还没有团支部。")
            return
        ops.run_query(
            self, lambda s: load_profile(s, branch_id).name, on_done=self._pack_to, ctx=ctx
        )

    def _pack_to(self, name: str) -> None:
        ctx, branch_id, mask = self.page.ctx, self.page.ctx.branch_id, self.mask.isChecked()
        suffix = "_隐去身份证号" if mask else ""
        default = f"{name}_数据包_{date.today():%Y%m%d}{suffix}{SUFFIX}"
        target = ask_save_path(self, "导出数据包", default, PACKAGE_FILTER)
        if target is None:
            return
        path = str(target)

        def work(session, progress):
            from branchdesk.core.io.package_file import write_package
            from branchdesk.core.services.packages import pack_branch

            progress(0, 0, "正在导出数据包…")
            manifest, data = pack_branch(session, branch_id, mask=mask)
            return manifest, write_package(path, manifest, data)

        def done(result) -> None:
            manifest, written = result
            QMessageBox.information(
                self,
                "导出数据包",
                f"已导出“{manifest['branch']}”的数据包（{manifest['members']} 名团员）：\n{written}"
                "\n请把这个文件交给上级团委，在“统计 › 各团支部一览 › 合并数据包…”中合并。",
            )

        ops.run_query(self, work, on_done=done, progress="正在导出数据包…", ctx=ctx)

    def unpack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择数据包", "", PACKAGE_FILTER)
        if path:
            self.preview(path)

    def preview(self, path: str) -> None:
        """Read the package and show what merging it would change (nothing is written yet)."""
        from branchdesk.core.io.package_file import read_package
        from branchdesk.core.services.packages import preview_merge

        def work(session, progress):
            progress(0, 0, "正在读取数据包…")
            package = read_package(path)
            return package, preview_merge(session, package)

        ops.run_query(
            self, work, on_done=self._confirm, progress="正在读取数据包…", ctx=self.page.ctx
        )

    def _confirm(self, result) -> None:
        from branchdesk.core.services.packages import merge_package
        from branchdesk.ui.dialogs.package_dialog import PackagePreviewDialog

        package, report = result
        dialog = PackagePreviewDialog(report, package.branch_name, self)
        self.last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choices = dialog.choices()

        def done(merged) -> None:
            QMessageBox.information(self, "合并数据包", "已合并：\n" + "\n".join(merged.lines()))

        ops.run_op(
            self,
            lambda session: merge_package(session, package, choices),
            on_done=done,
            kinds=ops.ALL,
            ctx=self.page.ctx,
        )

    def _open(self, item: QTableWidgetItem) -> None:
        branch_id = self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.page.ctx.set_branch(branch_id)
        self.page.ctx.go("home")


class StatsPage(Page):
    title = "统计"
    kinds = ops.ALL  # counts members, meetings, dues, transfers and rounds

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.stats_tab = StatisticsTab(self)
        self.committee_tab = CommitteeTab(self)
        self.tabs.addTab(self.stats_tab, "团内统计")
        self.tabs.addTab(self.committee_tab, "各团支部一览")
        self.tabs.currentChanged.connect(lambda _: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)  # as the other pages
        layout.addWidget(QLabel("统计", objectName="PageTitle"))  # as every other page
        layout.addWidget(self.tabs)

    def reload(self) -> None:
        if self.tabs.currentWidget() is self.committee_tab:
            from branchdesk.core.services.committee import committee_overview

            self.load(lambda s: committee_overview(s, date.today()), self.committee_tab.show_rows)
            return
        branch_ids, year = self.stats_tab.branch_ids(), self.stats_tab.year.value()
        if branch_ids is None and self.ctx.branch_id is None:
            self.stats_tab.summary.setText("还没有团支部。请先在首页创建团支部或导入花名册。")
            return
        families = register_bundled_fonts()
        family = families[0] if families else "sans-serif"
        self.load(lambda s: _load_stats(s, branch_ids, year, family), self.stats_tab.show_view)
