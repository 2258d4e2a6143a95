"""`branchdesk export meetings`: one sheet per meeting kind, plus the 评议 and 注册 registers."""

from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch
from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table
from branchdesk.core.rules.meeting_kinds import MEETING_KINDS, ROUND_TITLES, MeetingKind, RoundKind
from branchdesk.core.services.meetings import MeetingDetail, list_meetings
from branchdesk.core.services.rounds import round_results

MEETING_COLUMNS = [
    Column("序号", 6),
    Column("日期", 12, number_format="yyyy-mm-dd"),
    Column("时间", 13),
    Column("地点", 22),
    Column("主持人", 9),
    Column("记录人", 9),
    Column("议题", 36),
    Column("应到", 6),
    Column("实到", 6),
    Column("缺席", 6),
    Column("缺席人员及原因", 30),
    Column("列席", 16),
    Column("决议", 36),
    Column("状态", 7),
]
LESSON_COLUMNS = [Column("主讲人", 14), Column("题目", 30), Column("形式", 6), Column("学时", 6)]
GROUP_COLUMN = Column("团小组", 12)
LIFE_COLUMN = Column("形式", 14)


def _time_span(m: MeetingDetail) -> str:
    if m.start_time and m.end_time:
        return f"{m.start_time:%H:%M}–{m.end_time:%H:%M}"
    return f"{m.start_time:%H:%M}" if m.start_time else ""


def _meeting_row(n: int, m: MeetingDetail) -> list:
    absent = "；".join(
        f"{a.name}（{a.absence_reason}）" if a.absence_reason else a.name for a in m.absentees
    )
    row = [
        n,
        m.held_on,
        _time_span(m),
        m.place,
        m.host_name,
        m.recorder_name,
        m.topics,
        m.expected,
        m.present,
        m.expected - m.present,
        absent,
        m.guests,
        m.decisions,
        "草稿" if m.is_draft else "",
    ]
    if m.kind == MeetingKind.LESSON:
        row += [m.speaker, m.lesson_topic, m.lesson_form, m.lesson_hours]
    if m.kind == MeetingKind.LIFE:
        row.append(m.subkind)
    if m.kind == MeetingKind.GROUP:
        row.insert(1, m.group_name)
    return row


def _meeting_table(kind: str, year: int, branch: str, rows: list[MeetingDetail]) -> Table:
    columns = list(MEETING_COLUMNS)
    if kind == MeetingKind.LESSON:
        columns += LESSON_COLUMNS
    if kind == MeetingKind.LIFE:
        columns.append(LIFE_COLUMN)
    if kind == MeetingKind.GROUP:
        columns.insert(1, GROUP_COLUMN)
    return Table(
        title=f"{year}年{kind}记录",
        columns=columns,
        rows=[_meeting_row(n, m) for n, m in enumerate(rows, start=1)],
        subtitle_lines=[f"团支部：{branch}"],
        footer=["合计", *[""] * (len(columns) - 1)],
    )


def export_meetings(session: Session, branch_id: int, year: int, path: str | Path) -> int:
    """Write the year's meetings and rounds; returns the number of meetings written."""
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。").name
    workbook = new_workbook()
    total = 0
    for kind in MEETING_KINDS:
        rows = list_meetings(session, branch_id, year, kind)
        table = _meeting_table(kind, year, branch, rows)
        offset = 1 if kind == MeetingKind.GROUP else 0
        footer = list(table.footer or ())
        footer[1 + offset] = f"{len(rows)} 次"
        for i, attr in enumerate(("expected", "present")):
            footer[7 + offset + i] = sum(getattr(m, attr) for m in rows)
        footer[9 + offset] = sum(m.expected - m.present for m in rows)
        table.footer = footer
        write_table(workbook, kind, table)
        total += len(rows)
    for round_kind in RoundKind:
        results = round_results(session, branch_id, round_kind, year)
        columns = [
            Column("序号", 6),
            Column("姓名", 10),
            Column("性别", 6),
            Column("政治面貌", 12),
            Column("结果", 10),
            Column("备注", 36),
        ]
        result_rows = [
            [n, r.name, r.gender, r.political_status, r.result, r.note]
            for n, r in enumerate(results, start=1)
        ]
        title = f"{year}年{ROUND_TITLES[round_kind]}"
        write_table(
            workbook,
            ROUND_TITLES[round_kind],
            Table(title, columns, result_rows, [f"团支部：{branch}"]),
        )
    save_workbook(workbook, path)
    return total
