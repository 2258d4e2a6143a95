"""设置: the branch profile (branch, 团小组, 支部委员会), which database is open, and its backups."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.db import audit, backups
from branchdesk.core.errors import DatabaseInUseError, UserError
from branchdesk.core.rules.vocab import BRANCH_KINDS, COMMITTEE_POSTS
from branchdesk.core.services import branch_settings, branches, security, workspace
from branchdesk.core.services.branches import BranchProfile, GroupData, PostData
from branchdesk.ui import ops
from branchdesk.ui.branch_settings_form import BranchSettingsForm
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DateEdit
from branchdesk.ui.db_in_use import ask_password, ask_read_only
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.pages.base import Page
from branchdesk.ui.person_picker import People, Person, PersonPicker
from branchdesk.ui.save_location import ask_save_path
from branchdesk.ui.tasks import error_text, run_task
from branchdesk.ui.widgets import MessageLabel, RowListModel


def _date_of(edit: DateEdit, label: str) -> date | None:
    """An optional date; a UserError naming the field when its text is not a date."""
    if edit.error():
        edit.require(label)
    return edit.value()


class BranchProfileEditor(QWidget):
    """Edits one BranchProfile; `profile()` reads it back from the widgets."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.branch_id: int | None = None
        self.members = People()  # one list for every row's picker
        self.name = QLineEdit(placeholderText="例如：某某中学高一(3)班团支部")
        self.kind = QComboBox()
        self.kind.addItems(BRANCH_KINDS)
        self.committee_above = QLineEdit(placeholderText="例如：某某街道团工委")
        self.founded_on = DateEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.level = QLineEdit(placeholderText="按上级团委的叫法，如：基层团支部（印在手册封面）")
        self.level.setMaxLength(20)
        self.term_started_on, self.term_ends_on = DateEdit(), DateEdit()
        term = QHBoxLayout()
        term.addWidget(self.term_started_on)
        term.addWidget(QLabel("至"))
        term.addWidget(self.term_ends_on)
        term.addStretch(1)
        form = QFormLayout()
        form.addRow("团支部名称 *", self.name)
        form.addRow("类型", self.kind)
        form.addRow("上级团组织", self.committee_above)
        form.addRow("成立日期", self.founded_on)
        form.addRow("地址", self.address)
        form.addRow("联系电话", self.phone)
        form.addRow("支部级别", self.level)
        form.addRow("本届任期（换届）", term)
        basics = QGroupBox("基本情况")
        basics.setLayout(form)

        self.groups = self._table(["团小组名称", "组长"])
        self.posts = self._table(["职务", "姓名", "任职日期"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(basics)
        layout.addWidget(self._table_box("团小组", self.groups, self.add_group_row))
        layout.addWidget(self._table_box("支部委员会", self.posts, self.add_post_row))

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setMinimumHeight(150)
        return table

    def _table_box(self, title: str, table: QTableWidget, add) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        buttons = QHBoxLayout()
        add_button = QPushButton("添加")
        remove_button = QPushButton("删除选中")
        add_button.clicked.connect(lambda: add())
        remove_button.clicked.connect(lambda: self._remove_selected(table))
        buttons.addWidget(add_button)
        buttons.addWidget(remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    @staticmethod
    def _remove_selected(table: QTableWidget) -> None:
        for row in sorted({i.row() for i in table.selectedIndexes()}, reverse=True):
            table.removeRow(row)

    def add_group_row(self, data: GroupData | None = None) -> None:
        data = data or GroupData(name=f"第{self.groups.rowCount() + 1}团小组")
        row = self.groups.rowCount()
        self.groups.insertRow(row)
        item = QTableWidgetItem(data.name)
        item.setData(Qt.ItemDataRole.UserRole, data.id)
        self.groups.setItem(row, 0, item)
        self.groups.setCellWidget(row, 1, PersonPicker(self.members, data.leader_id))

    def add_post_row(self, data: PostData | None = None) -> None:
        data = data or PostData(
            title=COMMITTEE_POSTS[min(self.posts.rowCount(), len(COMMITTEE_POSTS) - 1)]
        )
        row = self.posts.rowCount()
        self.posts.insertRow(row)
        title = QComboBox()
        title.setEditable(True)
        title.addItems(COMMITTEE_POSTS)
        title.setCurrentText(data.title)
        title.setProperty("post_id", data.id)
        self.posts.setCellWidget(row, 0, title)
        self.posts.setCellWidget(row, 1, PersonPicker(self.members, data.member_id))
        started = DateEdit()
        started.setValue(data.started_on)
        self.posts.setCellWidget(row, 2, started)

    def set_profile(self, profile: BranchProfile, members: list[Person]) -> None:
        for step in self.profile_steps(profile, members):
            step()

    def profile_steps(self, profile: BranchProfile, members: list[Person]) -> list:
        """`set_profile` in steps to run one after another (see `ops.in_turns`): the basic
        fields, then each row of 团小组 and of 支部委员会 (a row's pickers take a while)."""

        def basics() -> None:
            self.branch_id = profile.id
            self.members = People(members)
            self.name.setText(profile.name)
            self.kind.setCurrentText(profile.kind)
            self.committee_above.setText(profile.committee_above)
            self.founded_on.setValue(profile.founded_on)
            self.address.setText(profile.address)
            self.phone.setText(profile.phone)
            self.level.setText(profile.level)
            self.term_started_on.setValue(profile.term_started_on)
            self.term_ends_on.setValue(profile.term_ends_on)
            self.groups.setRowCount(0)
            self.posts.setRowCount(0)

        return [
            basics,
            *(lambda group=group: self.add_group_row(group) for group in profile.groups),
            *(lambda post=post: self.add_post_row(post) for post in profile.posts),
        ]

    def profile(self) -> BranchProfile:
        groups = []
        for row in range(self.groups.rowCount()):
            item = self.groups.item(row, 0)
            groups.append(
                GroupData(
                    name=item.text() if item else "",
                    leader_id=self.groups.cellWidget(row, 1).currentData(),
                    id=item.data(Qt.ItemDataRole.UserRole) if item else None,
                )
            )
        posts = []
        for row in range(self.posts.rowCount()):
            title = self.posts.cellWidget(row, 0)
            posts.append(
                PostData(
                    title=title.currentText(),
                    member_id=self.posts.cellWidget(row, 1).currentData(),
                    started_on=_date_of(
                        self.posts.cellWidget(row, 2), f"第{row + 1}个职务的任职日期"
                    ),
                    id=title.property("post_id"),
                )
            )
        return BranchProfile(
            id=self.branch_id,
            name=self.name.text(),
            kind=self.kind.currentText(),
            committee_above=self.committee_above.text(),
            founded_on=_date_of(self.founded_on, "成立日期"),
            address=self.address.text(),
            phone=self.phone.text(),
            groups=groups,
            posts=posts,
            level=self.level.text(),
            term_started_on=_date_of(self.term_started_on, "换届日期"),
            term_ends_on=_date_of(self.term_ends_on, "届满日期"),
        )


def data_folder_text() -> str:
    """Where the database, backups, settings and error log are kept; portable mode says so."""
    from branchdesk.core.paths import data_dir, is_portable

    if is_portable():
        return (
            f"便携模式：数据库、备份、设置和错误日志都保存在程序旁的文件夹 {data_dir()}，"
            "可以连同程序一起放在U盘上使用。"
        )
    return f"数据文件夹（默认数据库、设置和错误日志）：{data_dir()}"


class AuditModel(RowListModel):
    """The last 500 changes: one reset, cells made as they are drawn (not 2,500 table items)."""

    headers = ("时间", "用户", "类别", "操作", "记录编号")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row: audit.AuditRow = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return f"{row.at:%Y-%m-%d %H:%M:%S}"
        return (row.user, row.table, row.action, row.record_id)[column - 1]


class SettingsPage(Page):
    title = "设置"
    kinds = frozenset({ops.BRANCH, ops.MEMBERS})  # the profile, and members for the post pickers

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 12)
        outer.addWidget(QLabel("设置", objectName="PageTitle"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.editor = BranchProfileEditor()
        self.message = MessageLabel()
        self.check = FormCheck(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存团支部信息", objectName="PrimaryButton")
        self.new_button = QPushButton("新建另一个团支部")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        layout.addWidget(QLabel("团支部信息", objectName="SectionTitle"))
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(lambda: self.run_action("new_branch"))
        # the sections below the profile, one per turn of the event loop: the page shows
        # (and paints) its top at once instead of freezing for all of it
        self._sections_built = False
        ops.in_turns(
            self,
            *(
                lambda make=make: layout.insertWidget(layout.count() - 1, make())
                for make in (
                    self._rules_box,
                    self._database_box,
                    self._backup_box,
                    self._password_box,
                    self._audit_box,
                )
            ),
            lambda: setattr(self, "_sections_built", True),
        )

    def _rules_box(self) -> QGroupBox:
        self.rules_box = QGroupBox("本团支部的工作要求")
        layout = QVBoxLayout(self.rules_box)
        layout.addWidget(
            QLabel(
                "只适用于当前团支部（各上级团委要求可能不同）。默认值依据"
                "《基层组织“三会两制一课”实施细则（试行）》和团费管理规定。",
                objectName="Hint",
                wordWrap=True,
            )
        )
        self.rules = BranchSettingsForm()
        layout.addWidget(self.rules)
        self.rules_message = MessageLabel()
        layout.addWidget(self.rules_message)
        row = QHBoxLayout()
        self.rules_save = QPushButton("保存工作要求")
        self.rules_save.clicked.connect(self.save_rules)
        row.addWidget(self.rules_save)
        row.addStretch(1)
        layout.addLayout(row)
        return self.rules_box

    def save_rules(self) -> ops.Op | None:
        """Start saving the branch's rules (None: no branch to save them for)."""
        branch_id = self.ctx.branch_id
        if branch_id is None:
            return None
        frequencies, cap, prepay, recommend = (
            self.rules.frequencies(),
            self.rules.cap.value(),
            self.rules.prepay.value(),
            self.rules.recommend.value(),
        )

        def saved(settings) -> None:
            self.rules.set_settings(settings)
            self.rules_message.success("已保存。")

        self.rules_message.clear()
        return ops.run_op(
            self,
            lambda session: branch_settings.save_branch_settings(
                session, branch_id, frequencies, cap, prepay, recommend
            ),
            # minimums, 优秀 cap, prepayment, 推优 cap
            kinds={ops.BRANCH, ops.MEETINGS, ops.DUES, ops.REGISTERS},
            on_done=saved,
            on_error=lambda exc: self.rules_message.setText(exc.message),
        )

    def _database_box(self) -> QGroupBox:
        box = QGroupBox("数据库")
        layout = QVBoxLayout(box)
        self.db_path = QLabel()
        self.db_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.db_path)
        self.data_folder = QLabel(wordWrap=True)
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.data_folder)
        row = QHBoxLayout()
        open_other = QPushButton("打开其他数据库文件…")
        open_demo = QPushButton("打开演示数据")
        open_mine = QPushButton("回到默认数据库")
        open_other.clicked.connect(self._open_other)
        open_demo.clicked.connect(self._open_demo)
        open_mine.clicked.connect(self._open_default)
        for button in (open_other, open_demo, open_mine):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def reload(self) -> None:
        self.check.clear()
        branch_id = self.ctx.branch_id
        if self._sections_built:
            self._reload_sections(branch_id is not None)
        else:  # once they are built (steps run in the order asked for)
            ops.in_turns(self, lambda: self._reload_sections(branch_id is not None))
        if branch_id is None:
            self.drop_pending_load()
            self.editor.set_profile(BranchProfile(name=""), [])
            return
        self.load(lambda session: workspace.settings_view(session, branch_id), self._show_view)

    def _reload_sections(self, has_branch: bool) -> None:
        read_only = "（只读：另一个团支部工作台正在使用它）" if self.ctx.db.read_only else ""
        self.db_path.setText(f"当前数据库：{self.ctx.db.description}{read_only}")
        self.data_folder.setText(data_folder_text())
        self._show_backup_state()
        self._show_password_state()
        self.load_audit()
        self.rules_message.clear()
        self.rules_box.setVisible(has_branch)

    def _show_view(self, view: workspace.SettingsView) -> None:
        # the last digits of the ID number tell two members of the same name apart
        people = [Person(mid, name, number[-4:], number) for mid, name, number in view.members]
        # the profile first (the top of the page), then the rules below it, a turn each
        ops.in_turns(
            self,
            *self.editor.profile_steps(view.profile, people),
            lambda: self.rules.set_settings(view.settings),
        )

    def run_action(self, action: str) -> None:
        if action == "new_branch":
            self.drop_pending_load()  # keep the blank form
            self.editor.set_profile(BranchProfile(name=""), [])
            self.check.clear()
            self.message.hint("请填写新团支部的信息，然后点击“保存团支部信息”。")
            self.editor.name.setFocus()
        else:
            super().run_action(action)

    def save(self) -> ops.Op | None:
        """Start saving the profile (a new branch when it has no id); shows the outcome, or
        marks the wrong fields (None)."""
        editor = self.editor
        fields: dict[str, QWidget] = {
            "name": editor.name,
            "kind": editor.kind,
            "groups": editor.groups,
            "posts": editor.posts,
            "level": editor.level,
            "term_ends_on": editor.term_ends_on,
        }
        try:
            profile = editor.profile()
        except UserError as exc:
            self.check.refuse_error(exc, fields)
            return None
        problems = branches.validate_profile(profile)
        if problems:
            self.check.refuse([(fields.get(field), text) for field, text in problems])
            return None

        def saved(branch_id: int) -> None:
            if self.ctx.branch_id != branch_id:
                self.ctx.set_branch(branch_id)
            else:
                self.refresh()
            self.message.success("已保存。")

        self.check.clear()
        return ops.run_op(
            self,
            lambda session: branches.save_profile(session, profile).id,
            kinds={ops.BRANCH, ops.MEMBERS},  # groups and posts show on the roster
            on_done=saved,
            on_error=lambda exc: self.check.refuse_error(exc, fields),
        )

    def _open_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "打开数据库", "", "团支部工作台数据库 (*.db *.sqlite);;所有文件 (*)"
        )
        if path:
            self._switch_to(path)

    def _open_default(self) -> None:
        from branchdesk.core.paths import default_database_path

        self._switch_to(str(default_database_path()))

    def _open_demo(self) -> None:
        from branchdesk.ui.demo_actions import open_demo_database

        open_demo_database(self, self.ctx)

    def _switch_to(self, path: str, read_only: bool = False) -> None:
        def opened(result: workspace.OpenedDatabase) -> None:
            if not ask_password(self, result.db):
                result.db.dispose()
                return
            self.ctx.set_database(result.db, result.branch_ids)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DatabaseInUseError) and ask_read_only(self, exc):
                self._switch_to(path, read_only=True)
                return
            QMessageBox.warning(self, "无法打开数据库", error_text(exc))

        run_task(
            self,
            "正在打开数据库…",
            lambda _progress: workspace.open_database(path, read_only=read_only),
            opened,
            failed,
        )

    # -- 备份 ------------------------------------------------------------------------------------
    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份")
        layout = QVBoxLayout(box)
        self.backup_hint = QLabel(objectName="Hint", wordWrap=True)
        layout.addWidget(self.backup_hint)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("自动备份保留份数"))
        self.backup_keep = QSpinBox(minimum=1, maximum=365)
        keep_row.addWidget(self.backup_keep)
        self.backup_keep_save = QPushButton("保存份数")
        self.backup_keep_save.clicked.connect(self.save_backup_keep)
        keep_row.addWidget(self.backup_keep_save)
        keep_row.addStretch(1)
        layout.addLayout(keep_row)
        row = QHBoxLayout()
        self.backup_button = QPushButton("备份到…")
        self.restore_button = QPushButton("从备份恢复…")
        self.backup_button.clicked.connect(self.backup_to)
        self.restore_button.clicked.connect(self.restore_from)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.backup_message = QLabel(objectName="ErrorText", wordWrap=True)
        layout.addWidget(self.backup_message)
        return box

    def _show_backup_state(self) -> None:
        path = self.ctx.db.sqlite_path
        sqlite = path is not None
        for widget in (self.backup_keep, self.backup_keep_save, self.backup_button):
            widget.setEnabled(sqlite)
        self.restore_button.setEnabled(sqlite and not self.ctx.db.read_only)
        self.backup_message.clear()
        if not sqlite:
            self.backup_hint.setText(backups.POSTGRES_MESSAGE)
            return
        self.backup_hint.setText(
            f"每天第一次退出程序时自动备份一份到 {backups.backups_dir(path)}，"
            "超出保留份数时删除最早的自动备份。"
        )
        ops.run_query(self, backups.keep_setting, on_done=self.backup_keep.setValue)

    def save_backup_keep(self) -> ops.Op:
        keep = self.backup_keep.value()
        return ops.run_op(
            self,
            lambda session: backups.set_backup_keep(session, keep),
            kinds={ops.BRANCH},
            on_done=lambda _: self.backup_message.setText(f"已保存：保留最近 {keep} 份自动备份。"),
            on_error=lambda exc: self.backup_message.setText(exc.message),
            initiator=self,
        )

    def backup_to(self) -> None:
        suggested = backups.suggested_name(self.ctx.db)
        path = ask_save_path(self, "备份到", suggested, "团支部工作台数据库备份 (*.db)")
        if path is None:
            return
        db = self.ctx.db
        run_task(
            self,
            "正在备份…",
            lambda _progress: backups.backup_to(db, path),
            lambda info: self.backup_message.setText(f"已备份到 {info.path}（{info.label()}）"),
            lambda exc: self.backup_message.setText(error_text(exc)),
        )

    def restore_from(self) -> None:
        from branchdesk.ui.dialogs.restore_dialog import RestoreDialog

        db = self.ctx.db
        dialog = RestoreDialog(backups.list_backups(db), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        info = dialog.chosen
        answer = QMessageBox.question(
            self,
            "从备份恢复",
            f"用 {info.made_at:%Y-%m-%d %H:%M} 的备份（{info.label()}）替换当前数据库的全部内容？\n"
            "当前内容会先另存一份，可以再恢复回来。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.wait_idle()
        target = db.sqlite_path
        db.dispose()

        def work(_progress):
            aside = backups.restore(target, info.path)
            return aside, workspace.open_database(target)

        def restored(result) -> None:
            aside, opened = result
            self.ctx.set_database(opened.db, opened.branch_ids)
            kept = f"恢复前的数据库已另存为 {aside}" if aside else ""
            self.backup_message.setText(f"已从备份恢复。{kept}")

        def failed(exc: BaseException) -> None:
            self.backup_message.setText(error_text(exc))
            self._switch_to(
                str(target)
            )  # the database as it was (restore changes nothing on failure)

        run_task(self, "正在恢复…", work, restored, failed)

    # -- 启动密码 ------------------------------------------------------------------------------
    def _password_box(self) -> QGroupBox:
        box = QGroupBox("启动密码")
        layout = QVBoxLayout(box)
        layout.addWidget(
            QLabel(
                "设置后，每次打开这个数据库都要先输入密码（命令行用环境变量 "
                f"{security.PASSWORD_ENV} 或在终端中输入）。密码只挡住别人打开程序，"
                "不加密数据库文件；忘记后无法找回，请妥善保管。",
                objectName="Hint",
                wordWrap=True,
            )
        )
        row = QHBoxLayout()
        self.password_state = QLabel()
        self.password_set = QPushButton("设置启动密码…")
        self.password_clear = QPushButton("取消启动密码…")
        self.password_set.clicked.connect(self.set_password)
        self.password_clear.clicked.connect(self.clear_password)
        for widget in (self.password_state, self.password_set, self.password_clear):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.password_message = QLabel(objectName="ErrorText", wordWrap=True)
        layout.addWidget(self.password_message)
        return box

    def _show_password_state(self) -> None:
        def show(required: bool) -> None:
            self.password_state.setText("当前：已设置" if required else "当前：未设置")
            self.password_set.setText("更改启动密码…" if required else "设置启动密码…")
            self.password_clear.setEnabled(required and not self.ctx.db.read_only)
            self.password_set.setEnabled(not self.ctx.db.read_only)

        self.password_message.clear()
        ops.run_query(self, security.password_required, on_done=show)

    def _ask(self, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, "启动密码", label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def set_password(self) -> ops.Op | None:
        first = self._ask("新的启动密码：")
        if first is None:
            return None
        again = self._ask("再输入一遍：")
        if again is None:
            return None
        if first != again:
            self.password_message.setText("两次输入的密码不一致，没有设置。")
            return None
        return ops.run_op(
            self,
            lambda session: security.set_password(session, first),
            kinds={ops.BRANCH},
            on_done=lambda _: (
                self._show_password_state(),
                self.password_message.setText("已设置启动密码。"),
            ),
            on_error=lambda exc: self.password_message.setText(exc.message),
            initiator=self,
        )

    def clear_password(self) -> ops.Op | None:
        current = self._ask("请输入当前的启动密码：")
        if current is None:
            return None
        return ops.run_op(
            self,
            lambda session: security.clear_password(session, current),
            kinds={ops.BRANCH},
            on_done=lambda _: (
                self._show_password_state(),
                self.password_message.setText("已取消启动密码。"),
            ),
            on_error=lambda exc: self.password_message.setText(exc.message),
            initiator=self,
        )

    # -- 操作记录 ------------------------------------------------------------------------------
    def _audit_box(self) -> QGroupBox:
        box = QGroupBox("操作记录")
        layout = QVBoxLayout(box)
        layout.addWidget(
            QLabel(
                "每次修改都记下操作的电脑用户、时间、改动的记录类别和编号（不记内容），最近 500 条：",
                objectName="Hint",
                wordWrap=True,
            )
        )
        self.audit_model = AuditModel(self)
        self.audit_table = QTableView()
        self.audit_table.setModel(self.audit_model)
        self.audit_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.audit_table.verticalHeader().setVisible(False)
        self.audit_table.verticalHeader().setDefaultSectionSize(
            self.audit_table.fontMetrics().height() + 8
        )  # rows of one line: no row is measured
        self.audit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.audit_table.setMinimumHeight(200)
        layout.addWidget(self.audit_table)
        row = QHBoxLayout()
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.load_audit)
        row.addWidget(refresh)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def load_audit(self) -> ops.Op:
        return ops.run_query(self, audit.recent, on_done=self._show_audit)

    def _show_audit(self, rows: list[audit.AuditRow]) -> None:
        self.audit_model.set_rows(rows)
