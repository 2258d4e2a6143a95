"""One meeting record: every field, attendance ticked from the roster of the day, attachments.

应到/实到 follow the ticks live. Save checks the record; 存为草稿 keeps a half-filled one.
Closing with unsaved changes asks first.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_kinds import (
    LESSON_FORMS,
    LIFE_FORMS,
    MEETING_KINDS,
    MeetingKind,
)
from branchdesk.core.rules.rounds import quorum_warning
from branchdesk.core.services import meetings, members
from branchdesk.core.services.meetings import AttendanceData, AttendanceRow, MeetingData
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.date_edit import DateEdit, TimeEdit
from branchdesk.ui.form_check import FormCheck
from branchdesk.ui.person_picker import FilterBox, People, Person, PersonPicker, search_key
from branchdesk.ui.widgets import MessageLabel, closing_hands_back_focus, fit_to_screen

Button = QMessageBox.StandardButton


def ask(parent, title: str, text: str, buttons: dict) -> QMessageBox.StandardButton:
    """A question with Chinese button texts (StandardButton → text); returns the button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    for button, label in buttons.items():
        box.addButton(button).setText(label)
    box.setDefaultButton(next(iter(buttons)))
    return Button(box.exec())


def _text_box(placeholder: str, height: int = 50) -> QPlainTextEdit:
    box = QPlainTextEdit(placeholderText=placeholder)
    box.setMinimumHeight(height)
    return box


class AttendanceModel(QAbstractTableModel):
    """姓名 (a tick: present) and 缺席原因, one row per member who should attend; replaced with
    one reset (a 支部团员大会 of 2,000 costs no more to fill than a 团小组会 of 20)."""

    HEADERS = ("到会", "缺席原因")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.attendance: list[AttendanceRow] = []

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.beginResetModel()
        self.attendance = [replace(r) for r in rows]  # edits here never change the caller's
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.attendance)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.attendance[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.name
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.present else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.UserRole:
                return row.member_id
        elif role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.absence_reason
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == 0:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        row = self.attendance[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            row.present = getattr(value, "value", value) == Qt.CheckState.Checked.value
        elif index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            row.absence_reason = str(value or "")
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def set_all(self, present: bool) -> None:
        for row in self.attendance:
            row.present = present
        if self.attendance:
            last = self.index(len(self.attendance) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])


class AttendanceTable(QTableView):
    """The attendance list; `changed` is emitted when a tick or a reason changes."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("AttendanceTable")
        self.attendance = AttendanceModel(self)
        self.setModel(self.attendance)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(0, 120)
        self.setMinimumWidth(260)
        self.attendance.dataChanged.connect(lambda *_: self.changed.emit())

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.attendance.set_rows(rows)

    def rows(self) -> list[AttendanceRow]:
        return [replace(r) for r in self.attendance.attendance]

    def rowCount(self) -> int:  # noqa: N802 - the QTableWidget name callers know
        return self.attendance.rowCount()

    def member_id(self, row: int) -> int:
        return self.attendance.attendance[row].member_id

    def set_present(self, row: int, present: bool) -> None:
        state = Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        self.attendance.setData(
            self.attendance.index(row, 0), state, Qt.ItemDataRole.CheckStateRole
        )

    def set_reason(self, row: int, reason: str) -> None:
        self.attendance.setData(self.attendance.index(row, 1), reason)

    def set_all(self, present: bool) -> None:
        self.attendance.set_all(present)


class MeetingEditor(QDialog):
    """Opens at once; its data arrive from a worker (`loaded` is emitted, `ready` set), and the
    save buttons wait for them (and for the roster after a change of date, kind or group)."""

    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        meeting_id: int | None = None,
        kind: str | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self._loading = True
        self.meeting_id = meeting_id
        self.saved_id: int | None = None
        self.was_draft = True
        self.dirty = False
        self.pending_files: list[Path] = []
        self.removed_attachments: list[int] = []
        self.setWindowTitle("会议记录")
        fit_to_screen(self, 1040, 720)
        self.ready = False
        self._roster_generation = 0
        self._build()
        self._set_busy(True)
        self._update_title()
        branch_id, meeting_id, today = ctx.branch_id, meeting_id, date.today()
        start_kind = kind or MeetingKind.COMMITTEE
        self._numbers: dict[int, str] = {}  # ID numbers, for finding people by ID digits
        self._keys: dict[int, tuple[str, int | None]] = {}  # attendance search keys
        self._people: dict[int, Person] = {}
        self._groups_of: dict[int, int | None] = {}
        self._filtered = False  # some attendance rows are hidden by the search

        def load(s):
            return (
                meetings.editor_start(s, branch_id, meeting_id, start_kind, today),
                members.id_numbers(s, branch_id),
            )

        ops.run_query(
            self,
            load,
            on_done=lambda result: self._start(*result, start_kind, today),
            on_error=self._load_failed,
        )

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = QComboBox()
        self.kind.addItems(MEETING_KINDS)
        self.group = QComboBox()
        self.subkind = QComboBox()
        self.subkind.addItems(LIFE_FORMS)
        self.held_on = DateEdit(required=True)
        self.start_time, self.end_time = TimeEdit(), TimeEdit()
        self.place = QLineEdit(placeholderText="例如：党群服务中心二楼会议室")
        self.host, self.recorder = PersonPicker(), PersonPicker()
        self.guests = QLineEdit(placeholderText="列席人员，如：街道团工委 王某某")
        self.topics = _text_box("议题，每行一项")
        self.minutes = _text_box("会议记录（纪要）", 80)
        self.decisions = _text_box("决议")
        self.vote = QLineEdit(placeholderText="表决情况（可选），如：举手表决，一致通过")

        when = QHBoxLayout()
        when.addWidget(self.held_on)
        when.addWidget(QLabel("自"))
        when.addWidget(self.start_time)
        when.addWidget(QLabel("至"))
        when.addWidget(self.end_time)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow("会议类型", self.kind)
        self.group_label = QLabel("团小组")
        form.addRow(self.group_label, self.group)
        self.subkind_label = QLabel("形式")
        form.addRow(self.subkind_label, self.subkind)
        form.addRow("日期时间", when)
        form.addRow("地点", self.place)
        people = QHBoxLayout()
        people.addWidget(self.host, 1)
        people.addWidget(QLabel("记录人"))
        people.addWidget(self.recorder, 1)
        form.addRow("主持人", people)
        form.addRow("列席", self.guests)
        form.addRow("议题", self.topics)

        self.lesson_box = QGroupBox("团课")
        self.speaker = PersonPicker(placeholder="主讲人（团员或来宾）", free_text=True)
        self.lesson_topic = QLineEdit(placeholderText="团课题目")
        self.lesson_form = QComboBox()
        self.lesson_form.addItems(LESSON_FORMS)
        self.lesson_hours = QDoubleSpinBox(decimals=1, maximum=40, singleStep=0.5, suffix=" 学时")
        lesson = QGridLayout(self.lesson_box)
        lesson.addWidget(QLabel("主讲人"), 0, 0)
        lesson.addWidget(self.speaker, 0, 1)
        lesson.addWidget(QLabel("题目"), 0, 2)
        lesson.addWidget(self.lesson_topic, 0, 3)
        lesson.addWidget(QLabel("形式"), 1, 0)
        lesson.addWidget(self.lesson_form, 1, 1)
        lesson.addWidget(QLabel("学时"), 1, 2)
        lesson.addWidget(self.lesson_hours, 1, 3)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.lesson_box)
        record_form = QFormLayout()
        record_form.addRow("会议记录", self.minutes)
        record_form.addRow("决议", self.decisions)
        record_form.addRow("表决", self.vote)
        left.addLayout(record_form)

        right = QVBoxLayout()
        right.addWidget(QLabel("出席情况", objectName="SectionTitle"))
        self.counts = QLabel(objectName="Hint")
        self.quorum = QLabel(objectName="ErrorText")
        self.quorum.setWordWrap(True)
        right.addWidget(self.counts)
        self.attendance_filter = FilterBox(placeholder="查找：姓名、拼音首字母")
        right.addWidget(self.attendance_filter)
        self.attendance = AttendanceTable()
        right.addWidget(self.attendance, 1)
        buttons = QHBoxLayout()
        self.all_present = QPushButton("全部到会")
        self.none_present = QPushButton("全部清除")
        buttons.addWidget(self.all_present)
        buttons.addWidget(self.none_present)
        right.addLayout(buttons)
        right.addWidget(self.quorum)
        right.addWidget(QLabel("附件（照片、扫描件）", objectName="SectionTitle"))
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(90)
        right.addWidget(self.attachments)
        attach_row = QHBoxLayout()
        self.add_files = QPushButton("添加附件…")
        self.remove_file = QPushButton("移除")
        attach_row.addWidget(self.add_files)
        attach_row.addWidget(self.remove_file)
        attach_row.addStretch(1)
        right.addLayout(attach_row)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        self.error = MessageLabel()
        self.check = FormCheck(self.error)
        #: MeetingData's fields → the widgets that edit them (a refused save points at one)
        self.fields: dict[str, QWidget] = {
            "kind": self.kind,
            "group_id": self.group,
            "held_on": self.held_on,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "topics": self.topics,
            "lesson_topic": self.lesson_topic,
            "lesson_form": self.lesson_form,
            "subkind": self.subkind,
        }
        self._draft_save = False
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        self.draft_button = QPushButton("存为草稿")
        self.save_button = QPushButton("保存", objectName="PrimaryButton")
        self.cancel_button = QPushButton("关闭")
        for button in (self.draft_button, self.save_button, self.cancel_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self.kind.currentTextChanged.connect(self._on_kind_changed)
        self.group.currentIndexChanged.connect(lambda _index: self._refresh_attendance())
        self.held_on.valueChanged.connect(self._on_date_changed)
        self.attendance.changed.connect(self._on_attendance_changed)
        self.all_present.clicked.connect(lambda: self.attendance.set_all(True))
        self.none_present.clicked.connect(lambda: self.attendance.set_all(False))
        self.attendance_filter.changed.connect(self._filter_attendance)
        self.add_files.clicked.connect(self._add_files)
        self.remove_file.clicked.connect(self._remove_file)
        self.save_button.clicked.connect(lambda: self.save(draft=False))
        self.draft_button.clicked.connect(lambda: self.save(draft=True))
        self.cancel_button.clicked.connect(self.reject)
        for edit in (self.place, self.guests, self.vote, self.speaker.edit, self.lesson_topic):
            edit.textChanged.connect(self._mark_dirty)
        for box in (self.topics, self.minutes, self.decisions):
            box.textChanged.connect(self._mark_dirty)
        for picker in (self.host, self.recorder):
            picker.valueChanged.connect(self._mark_dirty)
        self.lesson_form.currentIndexChanged.connect(self._mark_dirty)
        self.subkind.currentIndexChanged.connect(self._mark_dirty)
        # typing counts even before it is a whole date or a name the list knows
        for widget in (self.start_time, self.end_time, self.held_on.edit, self.host.edit,
                       self.recorder.edit):  # fmt: skip
            widget.textEdited.connect(self._mark_dirty)
        self.lesson_hours.valueChanged.connect(self._mark_dirty)
        # after a refused save, the marks follow the user's edits
        for widget in (self.held_on, self.start_time, self.end_time):
            widget.edited.connect(self._recheck)
        self.lesson_topic.textChanged.connect(self._recheck)
        self.topics.textChanged.connect(self._recheck)
        self.group.currentIndexChanged.connect(self._recheck)
        self.kind.currentIndexChanged.connect(self._recheck)

    # -- loading -------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        for button in (self.save_button, self.draft_button):
            button.setEnabled(not busy)

    def _load_failed(self, exc: UserError) -> None:
        self.error.setText(exc.message)

    def _start(
        self, start: meetings.EditorStart, numbers: dict[int, str], kind: str, today: date
    ) -> None:
        self._loading = True
        self._numbers = numbers
        self.groups = start.groups
        self.group.clear()
        for group_id, name in self.groups:
            self.group.addItem(name, group_id)
        self.attendance_filter.set_groups(self.groups)
        if start.detail is None:
            self.kind.setCurrentText(kind)
            self.held_on.setValue(today)
            self._set_people(start.roster.people)
            self.attendance.set_rows(start.roster.attendance)
            self._update_counts()
        else:
            self._fill(start.detail, start.roster.people)
        self._loading = False
        self._on_kind_changed(self.kind.currentText(), refresh=False)
        self.dirty = False
        self.ready = True
        self._set_busy(False)
        self.loaded.emit()

    def _fill(self, d: meetings.MeetingDetail, people: list[meetings.MemberChoice]) -> None:
        self.was_draft = d.is_draft
        self.kind.setCurrentText(d.kind)
        self.group.setCurrentIndex(max(self.group.findData(d.group_id), 0))
        self.held_on.setValue(d.held_on)
        self.start_time.setValue(d.start_time)
        self.end_time.setValue(d.end_time)
        self.place.setText(d.place)
        self._set_people(people, d.host_id, d.recorder_id)
        for box, value in (
            (self.topics, d.topics),
            (self.minutes, d.minutes),
            (self.decisions, d.decisions),
        ):
            box.setPlainText(value)
        self.guests.setText(d.guests)
        if d.subkind:
            self.subkind.setCurrentText(d.subkind)
        self.vote.setText(d.vote)
        self.speaker.setText(d.speaker)
        self.lesson_topic.setText(d.lesson_topic)
        self.lesson_form.setCurrentText(d.lesson_form or LESSON_FORMS[0])
        self.lesson_hours.setValue(d.lesson_hours or 0)
        self.attendance.set_rows(d.attendance)
        for row in d.attachments:
            item = QListWidgetItem(row.original_name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(str(row.full_path) if row.full_path else "附件文件名无效，无法打开")
            self.attachments.addItem(item)
        self._update_counts()

    def _set_people(
        self, choices: list[meetings.MemberChoice], host_id=None, recorder_id=None
    ) -> None:
        host_id = host_id if host_id is not None else self.host.currentData()
        recorder_id = recorder_id if recorder_id is not None else self.recorder.currentData()
        group_names = dict(getattr(self, "groups", []))
        numbers = self._numbers
        people = People(
            Person(c.id, c.name, group_names.get(c.group_id, ""), numbers.get(c.id, ""))
            for c in choices
        )  # host and recorder share it
        self._people = {p.id: p for p in people}
        self._groups_of = {c.id: c.group_id for c in choices}
        self._keys = {}  # made when a search needs them (see _key)
        for picker, selected in ((self.host, host_id), (self.recorder, recorder_id)):
            picker.blockSignals(True)
            picker.set_people(people, selected)
            picker.blockSignals(False)
        speaker = self.speaker.text()
        self.speaker.set_people([Person(p.id, p.name, "", p.id_number) for p in people])
        self.speaker.edit.setText(speaker)

    def _refresh_attendance(self, with_people: bool = False) -> None:
        """Ask for the roster of the day (or the group/committee); ticks already made stay."""
        if getattr(self, "_loading", False) or not self.ready:
            return
        branch_id, kind = self.ctx.branch_id, self.kind.currentText()
        day = self._day()
        group_id = self.group.currentData() if self._is(MeetingKind.GROUP) else None
        self._roster_generation += 1
        generation = self._roster_generation
        self._set_busy(True)

        def arrived(roster: meetings.DayRoster) -> None:
            if generation != self._roster_generation:
                return  # a newer date or kind was picked meanwhile
            if with_people:
                self._set_people(roster.people)
            self._set_attendance(roster.attendance)
            self._set_busy(False)

        ops.run_query(
            self,
            lambda s: meetings.day_roster(s, branch_id, kind, day, group_id),
            on_done=arrived,
        )

    def _set_attendance(self, rows: list[AttendanceRow]) -> None:
        previous = {r.member_id: r for r in self.attendance.rows()}
        for row in rows:
            if row.member_id in previous:
                row.present = previous[row.member_id].present
                row.absence_reason = previous[row.member_id].absence_reason
        self.attendance.set_rows(rows)
        self._filter_attendance()
        self._update_counts()

    def _filter_attendance(self) -> None:
        """Show only the rows the search text and group filter find (ticks stay as they are)."""
        table = self.attendance
        box = self.attendance_filter
        if not box.search.text().strip() and box.group.currentData() is None:
            if self._filtered:  # nothing to hide: show what an earlier filter hid
                for i in range(table.rowCount()):
                    table.setRowHidden(i, False)
                self._filtered = False
            return
        self._filtered = True
        rows = table.attendance.attendance

        def row(i: int) -> tuple[str, int | None]:
            return self._key(rows[i].member_id, rows[i].name)

        box.apply(table.rowCount(), row, table.setRowHidden)

    def _key(self, member_id: int, name: str) -> tuple[str, int | None]:
        """(search key, group id) of an attendance row, made when a search first needs it."""
        key = self._keys.get(member_id)
        if key is None:
            person = self._people.get(member_id)
            if person is None:
                key = (search_key(name), None)
            else:
                key = (
                    search_key(person.name, person.id_number, person.detail),
                    self._groups_of.get(member_id),
                )
            self._keys[member_id] = key
        return key

    # -- reactions -----------------------------------------------------------------------
    def _day(self) -> date:
        """The meeting's date for the roster of the day (today while the field is being typed)."""
        return self.held_on.value() or date.today()

    def _is(self, kind: str) -> bool:
        return self.kind.currentText() == kind

    def _on_kind_changed(self, _kind: str, refresh: bool = True) -> None:
        is_group = self._is(MeetingKind.GROUP)
        self.group.setVisible(is_group)
        self.group_label.setVisible(is_group)
        self.lesson_box.setVisible(self._is(MeetingKind.LESSON))
        is_life = self._is(MeetingKind.LIFE)
        self.subkind.setVisible(is_life)
        self.subkind_label.setVisible(is_life)
        if refresh:
            self._refresh_attendance()
            self._mark_dirty()
        self._update_title()

    def _on_date_changed(self) -> None:
        if getattr(self, "_loading", False):
            return
        self._refresh_attendance(with_people=True)
        self._mark_dirty()

    def _on_attendance_changed(self, *_):
        self._update_counts()
        self._mark_dirty()

    def _mark_dirty(self, *_):
        if not getattr(self, "_loading", False):
            self.dirty = True

    def _update_counts(self) -> None:
        rows = self.attendance.attendance.attendance  # (read, not copied: this runs per tick)
        present = sum(r.present for r in rows)
        self.counts.setText(
            f"应到 {len(rows)} 人，实到 {present} 人，缺席 {len(rows) - present} 人"
        )
        self.quorum.setText(quorum_warning(len(rows), present, self.kind.currentText()) or "")

    def _update_title(self) -> None:
        action = "编辑" if self.meeting_id or self.saved_id else "新建"
        self.setWindowTitle(f"{action}{self.kind.currentText()}记录")

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "选择附件", "", "照片和扫描件 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)"
        )
        for name in files:
            path = Path(name)
            self.pending_files.append(path)
            item = QListWidgetItem(f"{path.name}（保存时复制）")
            item.setData(Qt.ItemDataRole.UserRole + 1, str(path))
            self.attachments.addItem(item)
            self.dirty = True

    def _remove_file(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        attachment_id = item.data(Qt.ItemDataRole.UserRole)
        if attachment_id is not None:
            self.removed_attachments.append(attachment_id)
        pending = item.data(Qt.ItemDataRole.UserRole + 1)
        if pending:
            self.pending_files.remove(Path(pending))
        self.attachments.takeItem(self.attachments.row(item))
        self.dirty = True

    # -- saving --------------------------------------------------------------------------
    def data(self) -> MeetingData:
        """The form as a record; a date or time that is not one reads as empty (`problems()`
        says what is wrong with it)."""
        is_lesson = self._is(MeetingKind.LESSON)
        return MeetingData(
            kind=self.kind.currentText(),
            held_on=self.held_on.value(),
            group_id=self.group.currentData() if self._is(MeetingKind.GROUP) else None,
            start_time=self.start_time.value(),
            end_time=self.end_time.value(),
            place=self.place.text(),
            host_id=self.host.currentData(),
            recorder_id=self.recorder.currentData(),
            topics=self.topics.toPlainText(),
            minutes=self.minutes.toPlainText(),
            decisions=self.decisions.toPlainText(),
            guests=self.guests.text(),
            vote=self.vote.text(),
            speaker=self.speaker.text() if is_lesson else "",
            lesson_topic=self.lesson_topic.text() if is_lesson else "",
            lesson_form=self.lesson_form.currentText() if is_lesson else "",
            lesson_hours=(self.lesson_hours.value() or None) if is_lesson else None,
            attendance=[
                AttendanceData(r.member_id, r.present, r.absence_reason)
                for r in self.attendance.rows()
            ],
            id=self.meeting_id or self.saved_id,
            subkind=self.subkind.currentText() if self._is(MeetingKind.LIFE) else "",
        )

    def problems(self, draft: bool = False) -> list[tuple[QWidget | None, str]]:
        """What stops saving, per field: dates and times that are not ones, then the rules."""
        typed = [
            (edit, f"{label}：{edit.error()}")
            for label, edit in (
                ("日期", self.held_on),
                ("开始时间", self.start_time),
                ("结束时间", self.end_time),
            )
            if edit.error()
        ]
        wrong = {edit for edit, _ in typed}
        return typed + [
            (self.fields.get(field), message)
            for field, message in meetings.meeting_problems(self.data(), draft)
            if self.fields.get(field) not in wrong
        ]

    def _recheck(self, *_) -> None:
        self.check.update(self.problems(self._draft_save))

    def save(self, draft: bool = False) -> ops.Op | None:
        """Start saving; the dialog closes when saved, or shows why not (None: still loading,
        or the form has problems, now all shown)."""
        if not self.save_button.isEnabled():
            return None
        self._draft_save = draft
        problems = self.problems(draft)
        if problems:
            self.check.refuse(problems)
            return None
        branch_id, data = self.ctx.branch_id, self.data()
        removed, files = list(self.removed_attachments), list(self.pending_files)

        def saved(meeting_id: int) -> None:
            self.saved_id = meeting_id
            self.pending_files, self.removed_attachments = [], []
            self.dirty = False
            self.accept()

        def refused(exc: UserError) -> None:
            self._set_busy(False)
            self.check.refuse_error(exc, self.fields)

        self._set_busy(True)  # no second save while this one runs
        self.check.clear()
        op = ops.run_op(
            self,
            lambda s: meetings.save_meeting_record(s, branch_id, data, draft, removed, files),
            kinds={ops.MEETINGS},
            on_done=saved,
            on_error=refused,
        )
        op.ended.connect(lambda: op.ok is False and self._set_busy(False))
        return op

    def done(self, result: int) -> None:
        closing_hands_back_focus(self, lambda: super(MeetingEditor, self).done(result))

    def reject(self) -> None:
        if self.dirty:
            answer = ask(
                self,
                "尚未保存",
                "这条会议记录有未保存的修改，要先保存吗？",
                {Button.Yes: "保存", Button.No: "不保存", Button.Cancel: "取消"},
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Yes:
                self.save(draft=self.was_draft)  # a half-filled new record becomes a draft
                return
        super().reject()
