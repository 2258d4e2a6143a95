"""三会两制一课 records: save (or save as a draft), duplicate as next month's template, list, read.

应到 is who was on the roster on the day (only the group for a 团小组会, only the committee for a
支部委员会); 实到 is counted from the ticked attendance, never typed.
"""

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import case, extract, func, or_, select
from sqlalchemy.orm import Session, selectinload

from branchdesk.core.db.models import (
    CommitteePost,
    Group,
    Meeting,
    MeetingAttachment,
    MeetingAttendance,
    Member,
)
from branchdesk.core.errors import UserError
from branchdesk.core.io import attachment_store
from branchdesk.core.rules import ages, consistency
from branchdesk.core.rules.meeting_kinds import LESSON_FORMS, LIFE_FORMS, MeetingKind
from branchdesk.core.rules.rounds import quorum_warning
from branchdesk.core.services.membership import member_ids_on


@dataclass
class AttendanceData:
    member_id: int
    present: bool = False
    absence_reason: str = ""


@dataclass
class MeetingData:
    """What the editor sends: every field of a meeting. `id` None = a new meeting."""

    kind: str
    held_on: date
    group_id: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    topics: str = ""
    minutes: str = ""
    decisions: str = ""
    guests: str = ""
    vote: str = ""
    speaker: str = ""
    lesson_topic: str = ""
    lesson_form: str = ""
    lesson_hours: float | None = None
    attendance: list[AttendanceData] = field(default_factory=list)
    id: int | None = None
    #: a 组织生活会's form (LIFE_FORMS); "" = the first
    subkind: str = ""


@dataclass
class AttendanceRow:
    member_id: int
    name: str
    present: bool
    absence_reason: str


@dataclass
class AttachmentRow:
    id: int
    original_name: str
    stored_path: str  # the stored file's name (older records: a path; only its name is used)
    #: the file inside this database's attachments folder (None: an unusable stored name)
    full_path: Path | None


@dataclass
class MeetingDetail:
    id: int
    branch_id: int
    kind: str
    held_on: date
    group_id: int | None
    group_name: str
    start_time: time | None
    end_time: time | None
    place: str
    host_id: int | None
    host_name: str
    recorder_id: int | None
    recorder_name: str
    topics: str
    minutes: str
    decisions: str
    guests: str
    vote: str
    speaker: str
    lesson_topic: str
    lesson_form: str
    lesson_hours: float | None
    is_draft: bool
    attendance: list[AttendanceRow]
    attachments: list[AttachmentRow]
    #: (应到, 实到) when listed without the attendance rows
    counts: tuple[int, int] | None = None
    #: a 组织生活会's form (专题组织生活会 / 民主评议)
    subkind: str = ""

    @property
    def expected(self) -> int:  # 应到
        return self.counts[0] if self.counts else len(self.attendance)

    @property
    def present(self) -> int:  # 实到
        return self.counts[1] if self.counts else sum(1 for a in self.attendance if a.present)

    @property
    def present_names(self) -> list[str]:
        return [a.name for a in self.attendance if a.present]

    @property
    def absentees(self) -> list[AttendanceRow]:
        return [a for a in self.attendance if not a.present]

    @property
    def title(self) -> str:
        """A one-line subject for lists: the 团课 topic or the first 议题."""
        if self.kind == MeetingKind.LESSON and self.lesson_topic:
            return self.lesson_topic
        first = next((line.strip() for line in self.topics.splitlines() if line.strip()), "")
        return first

    @property
    def kind_label(self) -> str:
        if self.group_name:
            return f"{self.kind}（{self.group_name}）"
        if self.kind == MeetingKind.LIFE and self.subkind:
            return f"{self.kind}（{self.subkind}）"
        return self.kind

    @property
    def warnings(self) -> list[str]:
        found = quorum_warning(self.expected, self.present, self.kind)
        return [found] if found else []


# -- who should attend ---------------------------------------------------------------------


def expected_member_ids(
    session: Session, branch_id: int, kind: str, day: date, group_id: int | None = None
) -> list[int]:
    """应到: members on the roster on `day`, narrowed to the group or the committee."""
    ids = member_ids_on(session, branch_id, day)
    if kind == MeetingKind.GROUP:
        if group_id is None:
            return []
        in_group = set(
            session.scalars(
                select(Member.id).where(Member.branch_id == branch_id, Member.group_id == group_id)
            )
        )
        return [i for i in ids if i in in_group]
    if kind == MeetingKind.COMMITTEE:
        committee = set(
            session.scalars(
                select(CommitteePost.member_id).where(
                    CommitteePost.branch_id == branch_id, CommitteePost.member_id.is_not(None)
                )
            )
        )
        return [i for i in ids if i in committee]
    return ids


def member_names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())


def expected_attendance(
    session: Session, branch_id: int, kind: str, day: date, group_id: int | None = None
) -> list[AttendanceRow]:
    """The attendance list the editor starts from (nobody ticked yet), ordered by name."""
    ids = expected_member_ids(session, branch_id, kind, day, group_id)
    if not ids:
        return []
    rows = session.execute(
        select(Member.id, Member.name)
        .where(Member.id.in_(ids))
        .order_by(Member.name_initials, Member.name)
    )
    return [AttendanceRow(i, name, False, "") for i, name in rows]


# -- save ----------------------------------------------------------------------------------


def meeting_problems(data: MeetingData, draft: bool) -> list[tuple[str, str]]:
    """What stops `data` from being saved: (field of MeetingData, message), in the editor's
    order. A draft needs only its kind, date and group."""
    problems: list[tuple[str, str]] = []
    if data.kind not in MeetingKind.__members__.values():
        problems.append(("kind", f"会议类型“{data.kind}”不在可选范围内。"))
    if data.kind == MeetingKind.GROUP and data.group_id is None:
        problems.append(("group_id", "团小组会需要选择团小组。"))
    if data.held_on is None:
        problems.append(("held_on", "请填写会议日期。"))
    if data.lesson_form and data.lesson_form not in LESSON_FORMS:
        problems.append(("lesson_form", "团课形式只能是线下或线上。"))
    if data.kind == MeetingKind.LIFE and data.subkind and data.subkind not in LIFE_FORMS:
        problems.append(("subkind", f"组织生活会的形式只能是{'或'.join(LIFE_FORMS)}。"))
    if draft:
        return problems
    if data.start_time and data.end_time and data.end_time < data.start_time:
        problems.append(("end_time", "结束时间早于开始时间，请检查。"))
    if data.kind != MeetingKind.LESSON and not data.topics.strip():
        problems.append(("topics", "请填写会议议题；如果还没写完，可以先存为草稿。"))
    if data.kind == MeetingKind.LESSON and not (data.lesson_topic.strip() or data.topics.strip()):
        problems.append(("lesson_topic", "请填写团课题目。"))
    return problems


def _check(data: MeetingData, draft: bool) -> None:
    problems = meeting_problems(data, draft)
    if problems:
        field, message = problems[0]
        raise UserError(message, field=field)


def _check_people(session: Session, branch_id: int, data: MeetingData, draft: bool) -> None:
    """Nobody off the roster on the day is ticked present; a final record's 主持人 and 记录人
    are on it (a draft copied from last month may still name someone who has left)."""
    on_day = set(member_ids_on(session, branch_id, data.held_on))
    named: list[tuple[int | None, str]] = [
        (a.member_id, "记为出席") for a in data.attendance if a.present
    ]
    if not draft:
        named += [(data.host_id, "担任主持人"), (data.recorder_id, "担任记录人")]
    wrong = [(m, what) for m, what in named if m is not None and m not in on_day]
    if wrong:
        names = member_names(session, [m for m, _ in wrong])
        raise UserError(
            "；".join(
                consistency.not_member_message(names.get(m, "该团员"), data.held_on, what)
                for m, what in wrong
            )
            + "。"
        )


def save_meeting(session: Session, branch_id: int, data: MeetingData, draft: bool = False) -> int:
    """Create or update a meeting; returns its id. A draft may be half-filled; a final record is
    checked."""
    _check(data, draft)
    _check_people(session, branch_id, data, draft)
    if data.id is None:
        meeting = Meeting(branch_id=branch_id)
        session.add(meeting)
    else:
        meeting = _get(session, data.id)
    for name in (
        "kind",
        "held_on",
        "start_time",
        "end_time",
        "host_id",
        "recorder_id",
        "lesson_hours",
    ):
        setattr(meeting, name, getattr(data, name))
    for name in ("place", "topics", "minutes", "decisions", "guests", "vote", "speaker"):
        setattr(meeting, name, getattr(data, name).strip())
    is_lesson = data.kind == MeetingKind.LESSON
    meeting.lesson_topic = data.lesson_topic.strip() if is_lesson else ""
    meeting.lesson_form = data.lesson_form if is_lesson else ""
    meeting.lesson_hours = data.lesson_hours if is_lesson else None
    meeting.group_id = data.group_id if data.kind == MeetingKind.GROUP else None
    is_life = data.kind == MeetingKind.LIFE
    meeting.subkind = (data.subkind or LIFE_FORMS[0]) if is_life else ""
    meeting.is_draft = draft
    _sync_attendance(session, meeting, branch_id, data.attendance)
    session.flush()
    return meeting.id


def _sync_attendance(
    session: Session, meeting: Meeting, branch_id: int, given: list[AttendanceData]
) -> None:
    """Keep exactly one row per member who should attend; anyone not ticked is absent."""
    expected = expected_member_ids(
        session, branch_id, meeting.kind, meeting.held_on, meeting.group_id
    )
    by_member = {a.member_id: a for a in given}
    existing = {a.member_id: a for a in meeting.attendance}
    for member_id in expected:
        data = by_member.get(member_id, AttendanceData(member_id))
        row = existing.pop(member_id, None)
        if row is None:
            row = MeetingAttendance(member_id=member_id)
            meeting.attendance.append(row)
        row.present = data.present
        row.absence_reason = "" if data.present else data.absence_reason.strip()
    for row in existing.values():
        meeting.attendance.remove(row)


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError("找不到这条会议记录，可能已被删除。")
    return meeting


def delete_draft(session: Session, meeting_id: int) -> None:
    """Only drafts may be deleted; a finished record is part of the branch's history."""
    meeting = _get(session, meeting_id)
    if not meeting.is_draft:
        raise UserError("只能删除草稿；已保存的会议记录不能删除。")
    for row in meeting.attachments:
        _delete_file_after_commit(session, row)
    folder = attachment_store.meeting_folder(session, meeting_id)
    session.delete(meeting)
    session.flush()
    if folder is not None:
        attachment_store.delete_after_commit(session, folder)  # removed if empty


def duplicate_as_template(session: Session, meeting_id: int) -> int:
    """A draft for next month (its id): same kind, group, place, times, host and recorder;
    attendance reset."""
    source = _get(session, meeting_id)
    data = MeetingData(
        kind=source.kind,
        held_on=ages.add_months(source.held_on, 1),
        group_id=source.group_id,
        start_time=source.start_time,
        end_time=source.end_time,
        place=source.place,
        host_id=source.host_id,
        recorder_id=source.recorder_id,
        speaker=source.speaker,
        lesson_form=source.lesson_form,
        lesson_hours=source.lesson_hours,
        subkind=source.subkind,
    )
    return save_meeting(session, source.branch_id, data, draft=True)


# -- attachments ---------------------------------------------------------------------------


def add_attachment(session: Session, meeting_id: int, source: str | Path) -> AttachmentRow:
    """Copy a file into this database's attachments folder (<meeting id>/ in it) and link it to
    the meeting. The copy is removed again if the transaction rolls back."""
    meeting = _get(session, meeting_id)
    source = Path(source)
    if not source.is_file():
        raise UserError(f"找不到文件 {source}。")
    folder = attachment_store.meeting_folder(session, meeting.id, create=True)
    target = folder / source.name
    counter = 1
    while target.exists():
        target = folder / f"{source.stem}-{counter}{source.suffix}"
        counter += 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        attachment_store.delete_after_rollback(session, target)
        shutil.copy2(source, target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise UserError(f"无法复制附件 {source.name}：{exc.strerror or exc}") from None
    row = MeetingAttachment(original_name=source.name, stored_path=target.name)
    meeting.attachments.append(row)
    session.flush()
    return AttachmentRow(row.id, row.original_name, row.stored_path, target)


def remove_attachment(session: Session, attachment_id: int) -> None:
    row = session.get(MeetingAttachment, attachment_id)
    if row is None:
        return
    _delete_file_after_commit(session, row)
    session.delete(row)
    session.flush()


def _delete_file_after_commit(session: Session, row: MeetingAttachment) -> None:
    path = attachment_store.stored_file(session, row.meeting_id, row.stored_path)
    if path is not None:
        attachment_store.delete_after_commit(session, path)


# -- read ----------------------------------------------------------------------------------


def _query():
    return select(Meeting).options(
        selectinload(Meeting.attachments),
        selectinload(Meeting.host),
        selectinload(Meeting.recorder),
        selectinload(Meeting.group),
    )


def _attendance(session: Session, meeting_ids: list[int]) -> dict[int, list[AttendanceRow]]:
    """meeting id → its attendance, by name (one query, no ORM objects: lists stay fast)."""
    found: dict[int, list[AttendanceRow]] = {i: [] for i in meeting_ids}
    if not meeting_ids:
        return found
    rows = session.execute(
        select(
            MeetingAttendance.meeting_id,
            MeetingAttendance.member_id,
            Member.name,
            MeetingAttendance.present,
            MeetingAttendance.absence_reason,
        )
        .join(Member, Member.id == MeetingAttendance.member_id)
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .order_by(Member.name_initials, Member.name)
    )
    for meeting_id, member_id, name, present, reason in rows:
        found[meeting_id].append(AttendanceRow(member_id, name, present, reason))
    return found


def _attendance_counts(session: Session, meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(
            MeetingAttendance.meeting_id,
            func.count(),
            func.sum(case((MeetingAttendance.present, 1), else_=0)),
        )
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .group_by(MeetingAttendance.meeting_id)
    )
    return {meeting_id: (expected, present or 0) for meeting_id, expected, present in rows}


def _details(
    session: Session, found: list[Meeting], with_attendance: bool = True
) -> list[MeetingDetail]:
    ids = [m.id for m in found]
    root = attachment_store.attachments_root(session)
    if with_attendance:
        attendance = _attendance(session, ids)
        return [_detail(m, attendance[m.id], root) for m in found]
    counts = _attendance_counts(session, ids) if ids else {}
    details = [_detail(m, [], root) for m in found]
    for detail in details:
        detail.counts = counts.get(detail.id, (0, 0))
    return details


def _detail(m: Meeting, attendance: list[AttendanceRow], root: Path | None) -> MeetingDetail:
    return MeetingDetail(
        id=m.id,
        branch_id=m.branch_id,
        kind=m.kind,
        held_on=m.held_on,
        group_id=m.group_id,
        group_name=m.group.name if m.group else "",
        start_time=m.start_time,
        end_time=m.end_time,
        place=m.place,
        host_id=m.host_id,
        host_name=m.host.name if m.host else "",
        recorder_id=m.recorder_id,
        recorder_name=m.recorder.name if m.recorder else "",
        topics=m.topics,
        minutes=m.minutes,
        decisions=m.decisions,
        guests=m.guests,
        vote=m.vote,
        speaker=m.speaker,
        lesson_topic=m.lesson_topic,
        lesson_form=m.lesson_form,
        lesson_hours=m.lesson_hours,
        is_draft=m.is_draft,
        subkind=m.subkind,
        attendance=attendance,
        attachments=[
            AttachmentRow(
                a.id,
                a.original_name,
                a.stored_path,
                attachment_store.readable_file(root, m.id, a.stored_path),
            )
            for a in m.attachments
        ],
    )


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    meeting = session.scalar(_query().where(Meeting.id == meeting_id))
    if meeting is None:
        raise UserError("找不到这条会议记录，可能已被删除。")
    return _details(session, [meeting])[0]


def list_meetings(
    session: Session,
    branch_id: int,
    year: int | None,
    kind: str | None = None,
    search: str = "",
    include_drafts: bool = True,
    with_attendance: bool = True,
) -> list[MeetingDetail]:
    """Meetings of a year (None = all years), oldest first, optionally of one kind and matching
    `search` in 议题, 纪要, 决议, 地点, 团课题目 or 主讲人. `with_attendance=False` leaves the
    attendance rows out (应到/实到 are still counted) — quicker for a list on screen."""
    query = _query().where(Meeting.branch_id == branch_id)
    if year is not None:
        query = query.where(extract("year", Meeting.held_on) == year)
    if kind:
        query = query.where(Meeting.kind == kind)
    if not include_drafts:
        query = query.where(Meeting.is_draft.is_(False))
    needle = search.strip()
    if needle:
        # `%` and `_` typed in the search box are text, not wildcards
        query = query.where(
            or_(
                *(
                    column.contains(needle, autoescape=True)
                    for column in (
                        Meeting.topics,
                        Meeting.minutes,
                        Meeting.decisions,
                        Meeting.place,
                        Meeting.lesson_topic,
                        Meeting.speaker,
                    )
                )
            )
        )
    query = query.order_by(Meeting.held_on, Meeting.start_time, Meeting.id)
    return _details(session, list(session.scalars(query)), with_attendance)


def meeting_years(session: Session, branch_id: int) -> list[int]:
    days = session.scalars(select(Meeting.held_on).where(Meeting.branch_id == branch_id))
    return sorted({d.year for d in days})


@dataclass
class MemberChoice:
    id: int
    name: str
    group_id: int | None


def member_choices(session: Session, branch_id: int, day: date) -> list[MemberChoice]:
    """Members on the roster on `day` (for 主持人 and 记录人), ordered by name."""
    ids = member_ids_on(session, branch_id, day)
    if not ids:
        return []
    rows = session.execute(
        select(Member.id, Member.name, Member.group_id)
        .where(Member.id.in_(ids))
        .order_by(Member.name_initials, Member.name)
    )
    return [MemberChoice(*r) for r in rows]


def group_choices(session: Session, branch_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Group.id, Group.name)
        .where(Group.branch_id == branch_id)
        .order_by(Group.sort_order, Group.id)
    )
    return [(group_id, name) for group_id, name in rows]


# -- the editor's reads and its save, each one call -----------------------------------------


@dataclass
class DayRoster:
    """Who may host or record (on the roster that day) and who is expected to attend."""

    people: list[MemberChoice]
    attendance: list[AttendanceRow]


def day_roster(
    session: Session, branch_id: int, kind: str, day: date, group_id: int | None = None
) -> DayRoster:
    return DayRoster(
        member_choices(session, branch_id, day),
        expected_attendance(session, branch_id, kind, day, group_id),
    )


@dataclass
class EditorStart:
    """What the meeting editor opens with: the groups, and the meeting (None: a new one) or the
    roster of `day` for a new one."""

    groups: list[tuple[int, str]]
    detail: MeetingDetail | None
    roster: DayRoster


def editor_start(
    session: Session, branch_id: int, meeting_id: int | None, kind: str, day: date
) -> EditorStart:
    detail = meeting_detail(session, meeting_id) if meeting_id else None
    if detail is not None:
        roster = DayRoster(member_choices(session, branch_id, detail.held_on), [])
    else:
        roster = day_roster(session, branch_id, kind, day)
    return EditorStart(group_choices(session, branch_id), detail, roster)


def save_meeting_record(
    session: Session,
    branch_id: int,
    data: MeetingData,
    draft: bool = False,
    removed_attachments: Sequence[int] = (),
    new_files: Sequence[Path] = (),
) -> int:
    """Save the meeting and its attachment changes together; returns the meeting's id."""
    meeting_id = save_meeting(session, branch_id, data, draft)
    for attachment_id in removed_attachments:
        remove_attachment(session, attachment_id)
    for path in new_files:
        add_attachment(session, meeting_id, path)
    return meeting_id
