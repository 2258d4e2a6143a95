"""首页: on an empty database, the three ways to start; otherwise the branch at a glance and what needs doing."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Only plain modules here, no SQLAlchemy: the window shows the OverviewPanel with the start-up
# cache's summary (core/home_cache.py) before the database is open.
from branchdesk.core.rules.alert import FINDINGS_PAGE, Alert, group_alerts
from branchdesk.core.rules.home import BranchOverview, HomeSummary
from branchdesk.ui import ops
from branchdesk.ui.pages.base import Page

if TYPE_CHECKING:
    from branchdesk.ui.context import AppContext

LEVEL_MARK = {
    "overdue": ("已逾期", "#c62828"),
    "due": ("将到期", "#ef6c00"),
    "info": ("提示", "#1565c0"),
}
PAGE_ROLE = Qt.ItemDataRole.UserRole
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


def fix_action(alert: Alert) -> str:
    """The page action that opens what fixes `alert` (its member, its letter, the calendar)."""
    if alert.page == "members" and alert.ref_id is not None:
        return f"member:{alert.ref_id}"
    if alert.page == "transfers" and alert.ref_id is not None:
        return f"transfer:{alert.ref_id}"
    if alert.page == "dues":
        return "arrears"
    if alert.page == "meetings":
        return "calendar"
    return ""


class AlertTree(QTreeWidget):
    """需要处理的事项: one line per kind ("3 人将在6个月内年满28周岁"), most urgent first,
    which opens to the names; a click on a name (or on a line that stands alone) opens its fix."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="AlertList")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIndentation(20)
        self.setExpandsOnDoubleClick(False)
        self.setRootIsDecorated(False)  # the line itself says ▸ (closed) or ▾ (open)
        self.itemExpanded.connect(lambda item: self._mark(item, "▾"))
        self.itemCollapsed.connect(lambda item: self._mark(item, "▸"))

    @staticmethod
    def _mark(item: QTreeWidgetItem, arrow: str) -> None:
        item.setText(0, item.text(0)[:-1] + arrow)

    def count(self) -> int:
        return self.topLevelItemCount()

    def item(self, row: int) -> QTreeWidgetItem:
        return self.topLevelItem(row)

    def show_alerts(self, alerts: list[Alert]) -> None:
        self.clear()
        for group in group_alerts(alerts):
            mark, color = LEVEL_MARK.get(group.level, ("", "#333333"))
            single = len(group.alerts) == 1
            more = "" if single else " ▸"
            top = QTreeWidgetItem([f"【{mark}】{group.category}：{group.title}{more}"])
            top.setForeground(0, QColor(color))
            if single:
                self._set_fix(top, group.alerts[0])
            for alert in [] if single else group.alerts:
                child = QTreeWidgetItem([alert.text])
                self._set_fix(child, alert)
                top.addChild(child)
            self.addTopLevelItem(top)
        if not alerts:
            self.addTopLevelItem(QTreeWidgetItem(["暂无需要处理的事项。"]))

    @staticmethod
    def _set_fix(item: QTreeWidgetItem, alert: Alert) -> None:
        item.setData(0, PAGE_ROLE, alert.page)
        item.setData(0, ACTION_ROLE, fix_action(alert))
        item.setToolTip(0, alert.text)


def _card(title: str, value: str, object_name: str = "StatCard") -> QFrame:
    frame = QFrame(objectName=object_name)
    layout = QVBoxLayout(frame)
    number = QLabel(value, objectName="StatValue")
    label = QLabel(title, objectName="StatLabel")
    layout.addWidget(number)
    layout.addWidget(label)
    return frame


class WelcomePanel(QWidget):
    """First run: create the branch profile, import a roster, or open the demo."""

    def __init__(self, ctx: "AppContext", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(QLabel("欢迎使用团支部工作台", objectName="PageTitle"))
        hint = QLabel(
            "团员花名册、三会两制一课、团费、组织关系转接和团支部工作手册，都保存在这台电脑上的一个数据库里，"
            "不需要联网。请选择一种方式开始：",
            objectName="Hint",
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.create_button = self._choice(
            row, "创建团支部", "填写团支部名称、类型、上级团委、团小组和支委。"
        )
        self.import_button = self._choice(
            row,
            "导入花名册",
            "从 Excel（.xlsx/.xls/.ods）导入现有团员名单，包括智慧团建导出的表格。",
        )
        self.demo_button = self._choice(
            row,
            "打开演示数据",
            "先看看一个有约60名团员的示例团支部（单独的演示数据库，不影响您的数据）。",
        )
        layout.addLayout(row)
        layout.addStretch(1)
        self.create_button.clicked.connect(lambda: ctx.go("settings", "new_branch"))
        self.import_button.clicked.connect(lambda: ctx.go("members", "import"))
        self.demo_button.clicked.connect(self.open_demo)

    def _choice(self, row: QHBoxLayout, title: str, text: str) -> QPushButton:
        box = QFrame(objectName="ChoiceCard")
        layout = QVBoxLayout(box)
        button = QPushButton(title, objectName="PrimaryButton")
        label = QLabel(text, objectName="Hint")
        label.setWordWrap(True)
        layout.addWidget(button)
        layout.addWidget(label, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(box, 1)
        return button

    def open_demo(self) -> None:
        from branchdesk.ui.demo_actions import open_demo_database

        open_demo_database(self, self.ctx)


class OverviewPanel(QWidget):
    """The branch's numbers and what needs doing. Made with no `ctx` it shows the start-up
    cache's summary while the database opens: lines open and close, but what needs the
    database (an alert's fix, 核查记录) waits and runs once `attach(ctx)` gives it one."""

    def __init__(self, ctx: "AppContext | None", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._waiting: Callable[[], None] | None = None  # the last click made before attach
        self._shown: tuple[BranchOverview, list[Alert]] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.title = QLabel(objectName="PageTitle")
        self.subtitle = QLabel(objectName="Hint")
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.cards = QGridLayout()
        layout.addLayout(self.cards)
        section = QHBoxLayout()
        section.addWidget(QLabel("需要处理的事项", objectName="SectionTitle"))
        section.addStretch(1)
        self.check_button = QPushButton("核查记录…")
        self.check_button.setToolTip("查找相互矛盾的记录（如不在册时的出勤、缴费），逐条打开修改")
        self.check_button.clicked.connect(lambda: self._with_database(self.open_findings))
        section.addWidget(self.check_button)
        layout.addLayout(section)
        self.alerts = AlertTree()
        self.alerts.itemClicked.connect(self._open_alert)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.alerts)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(
                lambda: self.alerts.currentItem() and self._open_alert(self.alerts.currentItem())
            )
        layout.addWidget(self.alerts, 1)

    def show_summary(self, summary: HomeSummary) -> None:
        """Show `summary`; the same as shown (the real load after the start-up cache's) leaves
        the panel as it is: lines opened, the selection and the scroll position stay."""
        overview, alerts = summary.overview, summary.alerts
        if self._shown == (overview, alerts):
            return
        self._shown = (overview, alerts)
        self.title.setText(overview.name)
        above = (
            f"上级团组织：{overview.committee_above}"
            if overview.committee_above
            else "尚未填写上级团组织"
        )
        self.subtitle.setText(f"{overview.kind} · {above}")
        while self.cards.count():
            self.cards.takeAt(0).widget().deleteLater()
        stats = [
            ("在册团员", overview.active_members),
            ("保留团籍的党员", overview.party_members),
            ("团小组", overview.groups),
            ("支委", overview.committee_posts),
            ("已离团/转出", overview.archived_members),
        ]
        for column, (label, value) in enumerate(stats):
            self.cards.addWidget(_card(label, str(value)), 0, column)
        self.alerts.show_alerts(alerts)

    def _open_alert(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A group's line opens or closes it; an alert's opens its fix."""
        if item.childCount():
            item.setExpanded(not item.isExpanded())
            return
        page = item.data(0, PAGE_ROLE)
        if page == FINDINGS_PAGE:
            self._with_database(self.open_findings)
        elif page:
            action = item.data(0, ACTION_ROLE) or ""
            self._with_database(lambda: self.ctx.go(page, action))

    def _with_database(self, action: Callable[[], None]) -> None:
        """Run `action` now, or when the database is open (the last one asked for)."""
        if self.ctx is None:
            self._waiting = action
        else:
            action()

    def attach(self, ctx: "AppContext") -> None:
        """The database is open: the panel belongs to the home page, a waiting click runs."""
        self.ctx = ctx
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            QTimer.singleShot(0, self, waiting)

    def open_findings(self) -> None:
        from branchdesk.ui.dialogs.findings_dialog import FindingsDialog

        FindingsDialog(self.ctx, parent=self).exec()


class HomePage(Page):
    title = "首页"
    kinds = ops.ALL  # the overview counts members; the alerts span every feature

    def __init__(self, ctx: "AppContext", parent=None, overview: OverviewPanel | None = None):
        """`overview`: the panel the window showed from the start-up cache, kept as it is
        until the first load replaces its summary (so nothing on screen moves)."""
        super().__init__(ctx, parent)
        self.stack = QStackedLayout(self)
        self.welcome = WelcomePanel(ctx)
        self.overview = overview if overview is not None else OverviewPanel(ctx)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.overview)
        if overview is not None:
            self.stack.setCurrentWidget(overview)
            overview.attach(ctx)
        # Each alert provider's last alerts, kept until a change of what it reads
        # (alerts.READS): a payment does not run the age or transfer checks again, and a
        # transfer not the consistency check. `_changes` counts invalidations, so that a load
        # that started before one does not put back what it made out of date.
        self._alert_parts: dict[str, list[Alert]] = {}
        self._parts_for: tuple[int, date] | None = None
        self._changes = 0

    def _on_data_changed(self, kinds: frozenset[str], initiator: object = None) -> None:
        from branchdesk.core.services.alerts import outdated_by

        self._forget_alerts(outdated_by(kinds))
        super()._on_data_changed(kinds, initiator)

    def _on_branch_changed(self) -> None:
        self._forget_alerts(set(self._alert_parts))
        super()._on_branch_changed()

    def _forget_alerts(self, names: set[str]) -> None:
        for name in names:
            self._alert_parts.pop(name, None)
        self._changes += 1

    def reload(self) -> None:
        from branchdesk.core.services.overview import home_summary

        branch_id = self.ctx.branch_id
        if branch_id is None:
            self.stack.setCurrentWidget(self.welcome)
            return
        self.stack.setCurrentWidget(self.overview)
        today = date.today()
        if self._parts_for != (branch_id, today):  # another branch, or a new day
            self._alert_parts, self._parts_for = {}, (branch_id, today)
        reuse, changes = dict(self._alert_parts), self._changes

        def show(summary: HomeSummary) -> None:
            if changes == self._changes and self._parts_for == (branch_id, today):
                self._alert_parts = dict(summary.parts)
            self.overview.show_summary(summary)

        self.load(lambda session: home_summary(session, branch_id, today, reuse), show)

    def run_action(self, action: str) -> None:
        if action == "demo":
            self.welcome.open_demo()
        else:
            super().run_action(action)
