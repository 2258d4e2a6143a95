"""Importing a roster sheet: preview every row (new / updated / unchanged / rejected), then write.

    with db.transaction() as s:
        preview = preview_import(s, "花名册.xlsx")          # nothing written
        report = import_roster(s, "花名册.xlsx")            # one transaction, caller commits

Members already in the branch (same ID number) are updated with the fields the sheet has (blank
cells change nothing); importing the same file twice leaves everything unchanged. A row with a
problem is not imported and is reported with its sheet row number and a Chinese reason.
Writes are batched (one query for existing members, driver-level bulk inserts, pinyin initials
from a per-character table): see benchmarks/import_roster.py for 10,000 rows against a raw read.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from functools import cached_property, partial
from itertools import compress, repeat
from operator import attrgetter, countOf, is_, itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, literal, null, select, update
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Branch, Group, Member, MemberStatusChange
from branchdesk.core.errors import UserError
from branchdesk.core.gc_pause import cyclic_gc_paused
from branchdesk.core.io.roster_reader import (
    FIELD_LABELS,
    NOT_KEPT_FIELDS,
    RosterSheet,
    SheetRow,
    read_roster,
)
from branchdesk.core.progress import ProgressFn, report
from branchdesk.core.rules import idcard, member_record
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.rules.partial_date import Precision, format_chinese
from branchdesk.core.rules.vocab import EDUCATIONS
from branchdesk.core.services import branches
from branchdesk.core.text import name_initials, names_initials

IMPORT_REASON = "导入花名册"
PROGRESS_EVERY = 500
#: MemberRecord fields a sheet column can fill (besides "group", matched by name)
SHEET_RECORD_FIELDS = tuple(
    f.name for f in fields(MemberRecord) if f.name in FIELD_LABELS and f.name != "group"
)
_COMPARED = (*SHEET_RECORD_FIELDS, "join_date_precision")
#: field → a function reading it from a record's __dict__ (faster than attribute by attribute)
_COLUMN_GETTERS = {name: itemgetter(name) for name in _COMPARED}
#: a record's __dict__ → its compared fields' values, as one tuple
_COMPARED_VALUES = itemgetter(*_COMPARED)
#: each field's value on a new member whose sheet has no column for it
_DEFAULTS = {name: MemberRecord().__dict__[name] for name in _COMPARED}
#: the fields always read from new members' records (the others only when the sheet has them)
_ALWAYS_READ = member_record.SET_BY_SHEET_CHECK | {"name", "join_date", "join_date_precision"}
#: nullable member columns a new member often has no value for (a sheet without such a column)
_LEFT_TO_DEFAULT = ("probationary_on", "full_member_on", "group_id")
_DATE_COLUMNS = frozenset({"birth_date", "join_date", "probationary_on", "full_member_on"})


class RowOutcome(StrEnum):
    NEW = "新增"
    UPDATED = "更新"
    UNCHANGED = "无变化"
    REJECTED = "有问题"


@dataclass(slots=True)  # 10,000s per import: slots make and free them faster
class PreviewRow:
    row: int  # 1-based sheet row
    outcome: RowOutcome
    name: str
    id_number: str
    reason: str = ""  # why the row is rejected ("；" between several problems)
    #: Chinese labels of the fields an update changes (e.g. ["手机号码", "团小组"]); rows that
    #: change nothing share one empty tuple (10,000s of rows)
    changed: Sequence[str] = ()
    #: things worth saying that are not errors (15-digit ID number converted, ...)
    notices: list[str] = field(default_factory=list)
    cells: list[Any] = field(default_factory=list)  # the original cells
    record: MemberRecord | None = None  # the checked record (None when rejected)
    group_name: str | None = None  # 团小组 from the sheet (None: no such column / blank)
    member_id: int | None = None  # the existing member an update applies to


_OUTCOME = attrgetter("outcome")
_NOTICES = attrgetter("notices")
_RECORD = attrgetter("record")
_GROUP_NAME = attrgetter("group_name")


@dataclass
class ImportPreview:
    sheet: RosterSheet
    branch_id: int | None  # None when the import will create the branch
    branch_name: str
    creates_branch: bool
    rows: list[PreviewRow]
    #: 团小组 names in the sheet that the branch does not have yet (created on import)
    new_groups: list[str] = field(default_factory=list)
    #: what is said once about the whole sheet (no ID column, several branches, ...)
    messages: list[str] = field(default_factory=list)

    def count(self, outcome: RowOutcome) -> int:
        return countOf(map(_OUTCOME, self.rows), outcome)  # in C: 10,000s of rows

    def by_outcome(self) -> dict[RowOutcome, list[PreviewRow]]:
        """The rows of each outcome, in sheet order, in one pass (count and rows_of each take
        one over 10,000s of rows)."""
        parts: dict[RowOutcome, list[PreviewRow]] = {outcome: [] for outcome in RowOutcome}
        for row in self.rows:
            parts[row.outcome].append(row)
        return parts

    def rows_of(self, outcome: RowOutcome) -> list[PreviewRow]:
        return list(compress(self.rows, map(partial(is_, outcome), map(_OUTCOME, self.rows))))

    @property
    def writes_members(self) -> bool:
        """True if importing adds or changes at least one member."""
        return bool(self.count(RowOutcome.NEW) or self.count(RowOutcome.UPDATED))

    @property
    def problem_rows(self) -> list[PreviewRow]:
        return self.rows_of(RowOutcome.REJECTED)

    @property
    def rejected(self) -> list[tuple[int, str]]:
        return [(r.row, r.reason) for r in self.problem_rows]


@dataclass
class ImportReport:
    new: int
    updated: int
    unchanged: int
    rejected: list[tuple[int, str]]  # (sheet row, reason)
    branch_id: int | None
    branch_name: str
    created_branch: bool = False
    dry_run: bool = False
    sheet_name: str = ""
    unknown_columns: list[str] = field(default_factory=list)
    notices: list[tuple[int, str]] = field(default_factory=list)  # (sheet row, notice)
    created_groups: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # about the whole sheet, said once
    #: one report per branch when the sheet was split by its organisation column
    parts: list["ImportReport"] = field(default_factory=list)

    def to_json(self) -> dict:
        """{"new", "updated", "unchanged", "rejected": [{"row", "reason"}],
        "notices": [{"row", "message"}], "messages": [...]} (the first four as ever)."""
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"row": row, "reason": reason} for row, reason in self.rejected],
            "notices": [{"row": row, "message": message} for row, message in self.notices],
            "messages": list(self.messages),
            **(
                {"branches": [{"branch": p.branch_name, **p.summary_counts()} for p in self.parts]}
                if self.parts
                else {}
            ),
        }

    def summary_counts(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def summary(self) -> str:
        """One Chinese line: 新增 3 人，更新 1 人，无变化 50 人，有问题 6 行。"""
        return (
            f"新增 {self.new} 人，更新 {self.updated} 人，无变化 {self.unchanged} 人，"
            f"有问题 {len(self.rejected)} 行。"
        )


# --- public API --------------------------------------------------------------------------------


def preview_import(
    session: Session,
    path: str | Path,
    branch_name: str | None = None,
    sheet: str | None = None,
    mapping: Mapping[int | str, str | None] | None = None,
    *,
    branch_id: int | None = None,
    today: date | None = None,
    progress: ProgressFn | None = None,
) -> ImportPreview:
    """Read the sheet and classify every row; writes nothing.

    branch_id (the wizard's current branch) wins over branch_name. Raises UnreadableFileError /
    UserError as `read_roster` does, and UserError when several branches exist and none is named.
    """
    roster = read_roster(path, sheet, mapping)
    return preview_sheet(
        session, roster, branch_name, branch_id=branch_id, today=today, progress=progress
    )


@cyclic_gc_paused()  # its rows all survive: the collector would walk them again and again
def preview_sheet(
    session: Session,
    roster: RosterSheet,
    branch_name: str | None = None,
    *,
    branch_id: int | None = None,
    today: date | None = None,
    progress: ProgressFn | None = None,
) -> ImportPreview:
    """Classify the rows of an already read sheet (the wizard re-uses one read while remapping)."""
    today = today or date.today()
    target_id, target_name, creates = _target_branch(session, roster, branch_name, branch_id)
    existing = _existing_members(session, target_id)
    groups = _group_ids(session, target_id)
    classifier = _Classifier(roster, existing, groups, today)
    total = len(roster.rows)
    rows: list[PreviewRow] = []
    for start in range(0, total, PROGRESS_EVERY):  # a map per stretch: no Python step per row
        report(progress, start, total, f"正在检查第 {roster.rows[start].row} 行")
        rows += map(classifier.classify, roster.rows[start : start + PROGRESS_EVERY])
    report(progress, total, total, "检查完毕")
    new_groups = sorted(  # the rows' names gathered in C, then looked at once each
        name for name in set(map(_GROUP_NAME, rows)) if name and name not in groups
    )
    return ImportPreview(
        roster, target_id, target_name, creates, rows, new_groups, sheet_messages(roster)
    )


NO_ID_COLUMN = "表中没有身份证号列：各行按“资料不全”导入，身份证号可以以后补全（手动填写，或导入有身份证号的表）。"
#: a member's age decides joining (14–28), 超龄离团 and dues: without an ID number it must come
#: from a birth date, so a sheet with neither column cannot be imported
NO_AGE_COLUMNS = (
    "表中既没有身份证号列，也没有出生年月列：无法知道团员的年龄（入团年龄、超龄离团和团费都要按年龄"
    "计算），各行都不能导入。请在表中加一列“出生年月”（或“身份证号”）后再导入。"
)
#: a row's reason, by what the sheet has: (ID column, birth date column) → reason
_NO_AGE_REASONS = {
    (False, False): "缺少出生年月：表中没有“身份证号”或“出生年月”列，请加上其中一列",
    (False, True): "缺少出生年月（没有身份证号时需要出生年月）",
    (True, False): "缺少身份证号（请填写身份证号，或在表中加一列“出生年月”）",
    (True, True): "缺少身份证号和出生年月（至少要填写其中一项）",
}


def sheet_messages(roster: RosterSheet) -> list[str]:
    """What is said once, at the top, about the whole sheet."""
    messages = []
    if not {"id_number", "birth_date"} & roster.fields:
        messages.append(NO_AGE_COLUMNS)
    elif "id_number" not in roster.fields:
        messages.append(NO_ID_COLUMN)
    if roster.other_rosters:
        messages.append(other_rosters_message(roster))
    names = sheet_branch_names(roster)
    if len(names) > 1:
        messages.append(
            f"表中的团员属于{len(names)}个团支部（{'、'.join(names)}），"
            "可以按团支部分开导入（在预览中勾选“按团支部分开导入”，或用命令行 --split-branches）。"
        )
    return messages


def other_rosters_message(roster: RosterSheet) -> str:
    others = "、".join(f"“{name}”" for name in roster.other_rosters)
    return (
        f"工作簿中还有{len(roster.other_rosters)}个工作表也是花名册（{others}），这次只导入了"
        f"工作表“{roster.sheet_name}”：其余的请逐个选择工作表再导入（命令行用 --sheet 工作表名称）。"
    )


def sheet_branch_names(roster: RosterSheet) -> list[str]:
    """The branches a sheet's organisation column (组织全称, 所在团支部 ...) names, in order."""
    if "branch" not in roster.fields:
        return []
    return list(dict.fromkeys(r.values["branch"] for r in roster.rows if "branch" in r.values))


def import_roster(
    session: Session,
    path: str | Path | RosterSheet,
    branch_name: str | None = None,
    sheet: str | None = None,
    mapping: Mapping[int | str, str | None] | None = None,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    *,
    branch_id: int | None = None,
    today: date | None = None,
    split_branches: bool = False,
    dues_category: str | None = None,
) -> ImportReport:
    """Import a roster sheet into a branch, in the caller's transaction.

    path: the file, or a sheet already read by `read_roster` (then sheet and mapping are not
    used: the CLI reads the file before it opens a database).
    Branch: branch_id, else the branch named `branch_name` (created if missing), else the only
    branch; with no branch at all one is created (named `branch_name`, else the one branch the
    sheet's organisation column names, else from the sheet's title row, else 未命名团支部).
    Several branches and no name → UserError.
    split_branches: rows go to the branch their organisation column (组织全称, 所在团支部 ...)
    names, found by name or created; rows naming none go to the branch chosen as above.
    dry_run: classify only, write nothing. progress may raise Cancelled: the caller's transaction
    then rolls back and nothing is kept.
    dues_category: the 团费 category of every new member (else from the sheet, see
    dues.categories_for_import).
    """
    with cyclic_gc_paused():
        roster = path if isinstance(path, RosterSheet) else read_roster(path, sheet, mapping)
        if split_branches and len(sheet_branch_names(roster)) > 1:
            return _import_split(
                session, roster, branch_name, branch_id, dry_run, progress, today or date.today(),
                dues_category,
            )  # fmt: skip
        preview = preview_sheet(
            session, roster, branch_name, branch_id=branch_id, today=today, progress=progress
        )
        del roster
        result = apply_preview(
            session, preview, dry_run, progress, today, dues_category=dues_category
        )
        # freed while the collector still sleeps: otherwise its first pass, as soon as it wakes,
        # walks every row of the sheet (~0.2 s at 10,000 rows) just before they are freed anyway
        del preview
    return result


def import_split(
    session: Session,
    roster: RosterSheet,
    branch_name: str | None = None,
    branch_id: int | None = None,
    progress: ProgressFn | None = None,
    today: date | None = None,
    dues_category: str | None = None,
) -> ImportReport:
    """Import an already read sheet (the wizard's) split by its organisation column."""
    return _import_split(
        session,
        roster,
        branch_name,
        branch_id,
        False,
        progress,
        today or date.today(),
        dues_category,
    )


def _import_split(
    session, roster, branch_name, branch_id, dry_run, progress, today, dues_category=None
):
    """One import per branch the sheet names; the reports summed (rows keep their numbers)."""
    parts: dict[tuple[str | None, int | None], list[SheetRow]] = {}
    unnamed = [r for r in roster.rows if "branch" not in r.values]
    if unnamed:
        target_id, target_name, _ = _target_branch(session, roster, branch_name, branch_id)
        parts[(None if target_id else target_name, target_id)] = unnamed
    for row in roster.rows:
        if "branch" in row.values:
            parts.setdefault((row.values["branch"], None), []).append(row)
    reports = []
    with cyclic_gc_paused():
        for (name, target_id), rows in parts.items():
            part = replace(roster, rows=rows)
            preview = preview_sheet(session, part, name, branch_id=target_id, today=today)
            preview.messages = []
            reports.append(apply_preview(session, preview, dry_run, progress, today, dues_category))
    total = _combined(reports)
    total.messages = [m for m in sheet_messages(roster) if m in (NO_ID_COLUMN, NO_AGE_COLUMNS)]
    total.messages.append(f"按团支部分开导入：{'、'.join(r.branch_name for r in reports)}")
    return total


def _combined(reports: list[ImportReport]) -> ImportReport:
    first = reports[0]
    return ImportReport(
        new=sum(r.new for r in reports),
        updated=sum(r.updated for r in reports),
        unchanged=sum(r.unchanged for r in reports),
        rejected=sorted(x for r in reports for x in r.rejected),
        branch_id=first.branch_id,
        branch_name="、".join(r.branch_name for r in reports),
        created_branch=any(r.created_branch for r in reports),
        dry_run=first.dry_run,
        sheet_name=first.sheet_name,
        unknown_columns=first.unknown_columns,
        notices=sorted(x for r in reports for x in r.notices),
        created_groups=sorted({g for r in reports for g in r.created_groups}),
        parts=reports,
    )


def import_preview(
    session: Session,
    preview: ImportPreview,
    progress: ProgressFn | None = None,
    today: date | None = None,
    dues_category: str | None = None,
) -> ImportReport:
    """Write a preview the user has seen (the wizard's last step), without reading the file
    again. The members it updates are checked to still be there; in the caller's transaction."""
    if preview.branch_id is not None and session.get(Branch, preview.branch_id) is None:
        raise UserError("团支部已不存在，请重新导入。")
    with cyclic_gc_paused():
        return apply_preview(
            session, preview, progress=progress, today=today, dues_category=dues_category
        )


def apply_preview(
    session: Session,
    preview: ImportPreview,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    today: date | None = None,
    dues_category: str | None = None,
) -> ImportReport:
    """Write what a preview found (new members, updates) and return the report; the new
    members get their 团费 category and the branch starts its dues records this month."""
    parts = preview.by_outcome()
    new, updated = len(parts[RowOutcome.NEW]), len(parts[RowOutcome.UPDATED])
    writes_members = bool(new or updated)  # preview.writes_members, without counting again
    result = ImportReport(
        new=new,
        updated=updated,
        unchanged=len(parts[RowOutcome.UNCHANGED]),
        rejected=[(r.row, r.reason) for r in parts[RowOutcome.REJECTED]],
        branch_id=preview.branch_id,
        branch_name=preview.branch_name,
        created_branch=preview.creates_branch and not dry_run and writes_members,
        dry_run=dry_run,
        sheet_name=preview.sheet.sheet_name,
        unknown_columns=preview.sheet.unknown_columns,
        notices=preview.sheet.notices
        + [
            (r.row, n)
            for r in compress(preview.rows, map(_NOTICES, preview.rows))
            for n in r.notices
        ],
        created_groups=preview.new_groups,
        messages=list(preview.messages),
    )
    if dry_run or not writes_members:
        return result  # nothing to write: no empty branch, no groups
    writer = _Writer(session, preview, today or date.today(), progress)
    branch_id = writer.write(result, parts[RowOutcome.NEW], parts[RowOutcome.UPDATED])
    from branchdesk.core.services import dues  # dues reads previews: import it late

    dues.categories_for_import(session, branch_id, preview, dues_category, today)
    return result


def save_problem_rows(preview: ImportPreview, path: str | Path) -> Path:
    """Save the rejected rows (original cells + a 问题 column) to an .xlsx for fixing.

    The file has a title row and the sheet's own header, so it can be imported again once fixed.
    """
    from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table

    text_fields = {"id_number", "phone", "member_card_no", "development_no", "seq"}
    columns = [Column("原表行号", 9)]
    for column in preview.sheet.columns:
        columns.append(
            Column(
                column.header or f"第{column.index + 1}列",
                width=20 if column.field in ("id_number", "work_unit") else 12,
                text=column.field in text_fields,
                number_format="yyyy-mm-dd",
            )
        )
    columns.append(Column("问题", 40))
    width = len(preview.sheet.columns)
    rows = [
        [r.row, *(_as_written(c) for c in (list(r.cells) + [None] * width)[:width]), r.reason]
        for r in preview.problem_rows
    ]
    workbook = new_workbook()
    write_table(
        workbook,
        "有问题的行",
        Table(title=f"{preview.branch_name}团员花名册（有问题的行）", columns=columns, rows=rows),
    )
    return save_workbook(workbook, path)


def _as_written(cell: Any) -> Any:
    """7.0 → 7 (Excel shows a whole number); an ID number that lost its digits stays as it is."""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return int(cell)
    return cell


# --- classifying -------------------------------------------------------------------------------


@dataclass
class _Existing:
    member_id: int
    record: MemberRecord
    group_id: int | None


class _Classifier:
    def __init__(self, roster: RosterSheet, existing: "_Members", groups, today: date):
        self.existing = existing
        self.has_existing = bool(existing)
        self.groups = groups
        self.today = today
        fields_ = roster.fields
        self.has_id_column = "id_number" in fields_
        self.has_development_no = "development_no" in fields_
        self.has_party_dates = not _PARTY_DATES.isdisjoint(fields_)
        self.no_age_reason = _NO_AGE_REASONS[self.has_id_column, "birth_date" in fields_]
        self.join_column = next((c.index for c in roster.columns if c.field == "join_date"), None)
        self.birth_column = next((c.index for c in roster.columns if c.field == "birth_date"), None)
        self.seen: dict[Any, int] = {}  # id number / 学号 / (姓名, 出生年月) → first sheet row
        #: _add_notices has something to look at in a row that has an ID number: a blank
        #: 发展团员编号, or a 学历 outside the list (the sheet's 学历 gathered once)
        self.notices_to_check = self.has_development_no or (
            "education" in fields_
            and not _KNOWN_EDUCATIONS.issuperset(
                {r.values.get("education") for r in roster.rows} - {None}
            )
        )
        # the sheet's valid ID numbers parsed together (checking parses only the others)
        self.parsed_ids = idcard.parse_many(
            [r.values["id_number"] for r in roster.rows if "id_number" in r.values], today
        )

    def classify(self, sheet_row: SheetRow) -> PreviewRow:
        values = sheet_row.values
        old = self.existing.find(values) if self.has_existing else None
        clean = _overlay(old.record if old else None, values)
        problems = member_record.check_in_place(
            clean, self.today, sheet_text=True, parsed_ids=self.parsed_ids
        )
        if problems and self.has_party_dates and not _PARTY_DATES.isdisjoint(values):
            clean, problems = self._leave_out_party_dates(old, values, clean, problems)
        if problems:
            problems = _leave_out_doubtful(clean, old.record if old else None, problems)
            if self.birth_column is not None and problems:
                problems = self._october_birth(sheet_row.cells, clean, problems)
        number = clean.id_number
        if problems or sheet_row.problems or not number or number in self.seen:
            reasons = self._reasons(sheet_row, clean, problems)
        else:  # the usual row (_reasons's answer without its call: 10,000s of rows)
            reasons = None
            self.seen[number] = sheet_row.row
        group = values.get("group")
        # PreviewRow built once, positionally (10,000s of rows)
        if reasons:
            if self.join_column is not None:
                reasons = self._join_month_hint(sheet_row.cells, reasons)
            return PreviewRow(
                sheet_row.row, RowOutcome.REJECTED, clean.name, clean.id_number,
                "；".join(reasons), (), [], sheet_row.cells, None, group,
            )  # fmt: skip
        if self.notices_to_check or not clean.id_number:
            self._add_notices(clean, values)
        if old is None:
            return PreviewRow(
                sheet_row.row, RowOutcome.NEW, clean.name, clean.id_number,
                "", (), clean.notices, sheet_row.cells, clean, group,
            )  # fmt: skip
        changed = self._changes(old, clean, values)
        return PreviewRow(
            sheet_row.row, RowOutcome.UPDATED if changed else RowOutcome.UNCHANGED, clean.name,
            clean.id_number, "", changed, clean.notices, sheet_row.cells, clean, group,
            old.member_id,
        )  # fmt: skip

    def _leave_out_party_dates(self, old, values: dict, clean: MemberRecord, problems):
        """入党/转正 dates that contradict the rest of the row (a 共青团员, a date before the
        18th birthday or after today) are left out with a notice instead of refusing the member:
        the row is checked again without them, and what that removes was caused by them."""
        sheet_values = {k: v for k, v in values.items() if k not in _PARTY_DATES}
        retry = _overlay(old.record if old else None, sheet_values)
        remaining = member_record.check_in_place(
            retry, self.today, sheet_text=True, parsed_ids=self.parsed_ids
        )
        left = {p.message for p in remaining}
        caused = [p.message for p in problems if p.message not in left]
        if not caused:
            return clean, problems
        dates = "、".join(
            f"{FIELD_LABELS[key]}“{format_chinese(*values[key])}”"
            for key in _PARTY_DATE_ORDER
            if key in values
        )
        retry.notices.append(f"{dates}未导入（{'；'.join(caused)}），请核对后补填")
        return retry, remaining

    def _join_month_hint(self, cells: list[Any], reasons: list[str]) -> list[str]:
        """入团时间 typed as 2014.10 is the number 2014.1 in Excel, read as January: a reason
        about joining says so, since October is as likely (入团时未满14周岁 may be the month)."""
        column = self.join_column
        cell = cells[column] if column is not None and column < len(cells) else None
        if type(cell) is not float or not f"{cell:.2f}".endswith(".10") or not 1900 < cell < 2100:
            return reasons
        year = int(cell)
        hint = (
            f"（入团时间“{year}.1”按{year}年1月计算；如果是{year}年10月：在 Excel 中输入的 {year}.10"
            f" 会变成数字 {year}.1，请把这一格设为文本后填写 {year}.10）"
        )
        return [reason + hint if "入团" in reason else reason for reason in reasons]

    def _october_birth(self, cells: list[Any], clean: MemberRecord, problems: list) -> list:
        """出生年月 typed as 1998.10 is the number 1998.1 in Excel (read as January): where the
        ID number says October of that year, the cell agrees with it."""
        column = self.birth_column
        cell = cells[column] if column is not None and column < len(cells) else None
        born = clean.birth_date  # the ID number's, once the number is checked
        if type(cell) is not float or born is None or f"{cell:.2f}" != f"{born.year}.10":
            return problems
        if born.month != 10:
            return problems
        return [p for p in problems if p.message != member_record.BIRTH_MISMATCH]

    def _add_notices(self, clean: MemberRecord, values: dict) -> None:
        notices = clean.notices
        if not clean.id_number and self.has_id_column:
            notices.append(INCOMPLETE_NOTICE)
        if self.has_development_no and not clean.development_no:
            notice = member_record.development_no_notice("", clean.join_date)
            if notice:
                notices.append(notice)
        education = values.get("education")
        if education and education not in _KNOWN_EDUCATIONS:
            notices.append(f"学历“{education}”不在常用选项中，已按原样保存")

    def _reasons(self, sheet_row: SheetRow, clean: MemberRecord, problems) -> list[str]:
        """Cell problems, then the record's problems, then a duplicate of an earlier row."""
        if sheet_row.problems or problems:
            reasons = list(sheet_row.problems.values())
            return reasons + [
                self.no_age_reason if p.message == member_record.NO_ID_NO_BIRTH else p.message
                for p in problems
                if p.field not in sheet_row.problems
            ]
        key, what = _identity(clean)
        first = self.seen.get(key)
        if first is not None:
            return [f"{what}与第{first}行重复"]
        self.seen[key] = sheet_row.row
        return []

    def _changes(self, old: _Existing, clean: MemberRecord, values: dict) -> list[str]:
        if _COMPARED_VALUES(vars(clean)) == _COMPARED_VALUES(vars(old.record)):
            changed = []  # the usual re-imported row: its fields compared at once, in C
        else:
            changed = [
                FIELD_LABELS.get(name, "入团时间")
                for name in _COMPARED
                if getattr(clean, name) != getattr(old.record, name)
            ]
        group = values.get("group")
        if group is not None and self.groups.get(group) != old.group_id:
            changed.append(FIELD_LABELS["group"])
        return list(dict.fromkeys(changed))


_KNOWN_EDUCATIONS = frozenset(EDUCATIONS)
#: fields a member can be kept without: a doubtful value (a 团员证编号 that lost its leading 0
#: as an Excel number, a mistyped phone) is left out with a notice instead of refusing the row
_LEFT_OUT_WHEN_DOUBTFUL = frozenset({"member_card_no", "phone"})


def _leave_out_doubtful(clean: MemberRecord, base: MemberRecord | None, problems) -> list:
    """The problems that still refuse the row; the others' values are left out (the stored
    value stays on an update) and said in a notice."""
    kept = []
    for problem in problems:
        if problem.field not in _LEFT_OUT_WHEN_DOUBTFUL:
            kept.append(problem)
            continue
        value = getattr(clean, problem.field)
        setattr(clean, problem.field, getattr(base, problem.field) if base else "")
        clean.notices.append(f"{problem.message}：“{value}”未导入，请核对后补填")
    return kept


INCOMPLETE_NOTICE = "缺少身份证号，按“资料不全”导入（以后可以补全）"


def _identity(record: MemberRecord) -> tuple[Any, str]:
    """What makes a row the same member as another row, and how to name it."""
    if record.id_number:
        return record.id_number, "身份证号"
    if record.student_no:
        return ("学号", record.student_no), "学号"
    return _name_birth(record.name, record.birth_date), "姓名和出生年月"


def _name_birth(name: str, birth: date | None) -> tuple:
    return (name, birth.year, birth.month) if birth else (name, None, None)


class _Members:
    """The branch's members, found by ID number; members without one (资料不全) by 学号, else by
    姓名 + 出生年月. A row without an ID number is matched by those against every member."""

    def __init__(self, members: list[_Existing]):
        self.by_id = {m.record.id_number: m for m in members if m.record.id_number}
        self.members = members
        self.incomplete = len(self.by_id) < len(members)

    def __bool__(self) -> bool:
        return bool(self.members)

    @cached_property
    def by_student_no(self) -> dict[str, _Existing]:
        return {m.record.student_no: m for m in self.members if m.record.student_no}

    @cached_property
    def by_name_birth(self) -> dict[tuple, _Existing]:
        found: dict[tuple, _Existing] = {}
        for m in self.members:
            found.setdefault(_name_birth(m.record.name, m.record.birth_date), m)
        return found

    def find(self, values: dict[str, Any]) -> _Existing | None:
        raw_id = values.get("id_number", "")
        if raw_id:
            found = self.by_id.get(_lookup_key(raw_id))
            if found is not None or not self.incomplete:
                return found
            birth = _birth_of(raw_id)
        else:
            birth = values["birth_date"][0] if "birth_date" in values else None
        student_no = values.get("student_no")
        if student_no:
            found = self.by_student_no.get(student_no)
            if (
                found is not None
                and found.record.id_number
                and found.record.name != values.get("name")
            ):
                # a member known by ID number is this row by 学号 only if the name agrees: a
                # mistyped 学号 (or one shared by two rows) never renames another member
                return None
        else:
            found = self.by_name_birth.get(_name_birth(values.get("name", ""), birth))
        if found is not None and raw_id and found.record.id_number:
            return None  # a member with another ID number: not this one
        return found


def _birth_of(raw_id: str) -> date | None:
    try:
        return idcard.parse(raw_id).birth_date
    except idcard.IdCardError:
        return None


#: the sheet fields that are not a record's (a row's values may hold them)
_NOT_RECORD_FIELDS = ("group", "branch")
#: a new record's fields before the sheet's values go on top, in the record's order, with a
#: place for the row's other fields (removed after) and for notices (a new list each time): the
#: merge copies a table already large enough for every key instead of growing one each row
_NEW_RECORD = {
    **{k: v for k, v in MemberRecord().__dict__.items() if k != "notices"},
    **dict.fromkeys(_NOT_RECORD_FIELDS),
    "notices": None,
}
assert FIELD_LABELS.keys() - NOT_KEPT_FIELDS <= _NEW_RECORD.keys()  # values never add a key


def _overlay(base: MemberRecord | None, values: dict[str, Any]) -> MemberRecord:
    """A new record: base (if any, else the defaults) with the sheet's non-blank values on top.
    Built as a dict (10,000s of rows: a dataclass call with keywords costs twice as much)."""
    if base is None:  # one merge (3x faster than copy() and update())
        fields = {**_NEW_RECORD, **values}
        del fields["group"], fields["branch"]
    else:
        fields = {**base.__dict__, **values}
        for key in _NOT_RECORD_FIELDS:
            if key in values:
                del fields[key]
        joined = values.get("join_date")
        if joined is not None and _says_no_more(joined, base):
            values = {**values, "join_date": (base.join_date, Precision(base.join_date_precision))}
    birth = values.get("birth_date")
    if birth is not None:
        fields["birth_date"] = birth[0]
    joined = values.get("join_date")
    if joined is not None:
        fields["join_date"], fields["join_date_precision"] = joined[0], _PRECISIONS[joined[1]]
    if "probationary_on" in values:
        fields["probationary_on"] = values["probationary_on"][0]
    if "full_member_on" in values:
        fields["full_member_on"] = values["full_member_on"][0]
    fields["notices"] = []  # checking adds notices: never to base's list
    return _record(fields)


def _record(fields: dict[str, Any]) -> MemberRecord:
    """A record holding fields (every MemberRecord field) as its own: 10,000s per import, and a
    dataclass call with keywords costs twice as much."""
    record = MemberRecord.__new__(MemberRecord)
    record.__dict__ = fields
    return record


def _says_no_more(joined: tuple[date, Precision], base: MemberRecord) -> bool:
    """The sheet's 入团时间 agrees with the stored one and says nothing more: the same year or
    month written to the year or month only, or the 1st of the month where only the month is
    stored (Excel makes 2014-05-01 of a 2014-05 typed into a cell or read from a CSV it
    opened). The stored date is then kept: a sheet saved again is unchanged, not 更新."""
    day, precision = joined
    stored = base.join_date
    if stored is None or stored.year != day.year:
        return False
    if precision is Precision.YEAR:
        return True
    if stored.month != day.month:
        return False
    return precision is Precision.MONTH or (day.day == 1 and base.join_date_precision == "M")


#: a Party member's dates (入党 = 成为预备党员, 转正): left out with a notice when they contradict
#: the row, never a reason to refuse the member
_PARTY_DATE_ORDER = ("probationary_on", "full_member_on")  # as a notice names them
_PARTY_DATES = frozenset(_PARTY_DATE_ORDER)
#: Precision → its stored letter (an enum's .value is a slow property lookup)
_PRECISIONS = {precision: precision.value for precision in Precision}


def _lookup_key(raw_id: str) -> str:
    """The stored (18-digit) number of a sheet's ID number, to find the member it updates."""
    if len(raw_id) == 15 and raw_id.isdigit():
        first17 = raw_id[:6] + "19" + raw_id[6:]
        return first17 + idcard.check_char(first17)
    return raw_id


# --- the database ------------------------------------------------------------------------------


def _target_branch(
    session: Session, roster: RosterSheet, name: str | None, branch_id: int | None
) -> tuple[int | None, str, bool]:
    """(branch id or None if it will be created, branch name, will be created)."""
    if branch_id is not None:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise UserError("团支部不存在。")
        return branch.id, branch.name, False
    name = (name or "").strip() or None
    if name:
        branch = branches.find_branch(session, name)
        return (branch.id, branch.name, False) if branch is not None else (None, name, True)
    found = branches.unnamed_choice(session)  # the only branch, none yet, or several
    if len(found) == 1:
        return found[0].id, found[0].name, False
    if not found:
        return None, default_branch_name(roster), True
    raise UserError("数据库中有多个团支部，请用 --branch 指定要导入的团支部名称。")


def default_branch_name(roster: RosterSheet) -> str:
    """A new branch's name: the one branch the sheet's organisation column names, else from the
    title row, else 未命名团支部."""
    names = sheet_branch_names(roster)
    if len(names) == 1:
        return names[0]
    return roster.branch_name_hint or branches.DEFAULT_BRANCH_NAME


def _existing_members(session: Session, branch_id: int | None) -> _Members:
    if branch_id is None:
        return _Members([])
    table = Member.__table__  # its columns, not the ORM's: rows without the ORM's loading
    columns = [table.c[name] for name in _COMPARED]
    query = select(table.c.id, table.c.group_id, *columns).where(table.c.branch_id == branch_id)
    existing = []
    for member_id, group_id, *values in session.execute(query):
        fields = dict(zip(_COMPARED, values, strict=True))
        fields.update(group_id=None, notices=[])
        record = _record(fields)
        if record.id_number is None:
            record.id_number = ""
        existing.append(_Existing(member_id, record, group_id))
    return _Members(existing)


def _group_ids(session: Session, branch_id: int | None) -> dict[str, int]:
    if branch_id is None:
        return {}
    query = select(Group.name, Group.id).where(Group.branch_id == branch_id)
    return {name: id_ for name, id_ in session.execute(query)}


def _to_write(row: PreviewRow) -> MemberRecord:
    """The checked record of a new or updated row (only rejected rows have none)."""
    assert row.record is not None, row.outcome
    return row.record


class _Writer:
    def __init__(self, session: Session, preview: ImportPreview, today: date, progress):
        self.session = session
        self.preview = preview
        self.today = today
        self.progress = progress

    def write(self, result: ImportReport, new: list[PreviewRow], updates: list[PreviewRow]) -> int:
        """Write the preview's new and changed members; returns the branch's id."""
        branch_id = self.preview.branch_id
        if branch_id is None:
            branch_id = branches.create_branch(self.session, self.preview.branch_name).id
            result.branch_id = branch_id
        groups = self._groups(branch_id)
        total = len(new) + len(updates)
        report(self.progress, 0, total, "正在写入数据库")
        self._insert(branch_id, new, groups, total)
        if updates:
            self._update(updates, groups, len(new), total)
        report(self.progress, total, total, "导入完成")
        self.session.expire_all()
        return branch_id

    def _groups(self, branch_id: int) -> dict[str, int]:
        groups = _group_ids(self.session, branch_id)
        new = [
            Group(branch_id=branch_id, name=name, sort_order=order)
            for order, name in enumerate(self.preview.new_groups, start=len(groups))
        ]
        if new:
            self.session.add_all(new)
            self.session.flush()  # one flush: the groups inserted in order, in one statement
            groups.update((group.name, group.id) for group in new)
        return groups

    def _insert(self, branch_id: int, rows: list[PreviewRow], groups, total: int) -> None:
        if not rows:
            return
        last_id = self.session.scalar(select(func.max(Member.id))) or 0
        _bulk_insert(
            self.session, Member.__table__, self._member_rows(branch_id, rows, groups, total)
        )
        self._insert_history(branch_id, last_id)

    def _member_rows(
        self, branch_id: int, rows: list[PreviewRow], groups, total: int
    ) -> dict[str, Any]:
        """Column name → every new member's value (a list), or one value all of them have (a
        _Same), built column by column (C-level maps over 10,000s of rows instead of a Python
        step per value). A column of _LEFT_TO_DEFAULT that no new member has a value for is left
        out (binding 10,000 NULLs costs more than leaving the column to its NULL default)."""
        report(self.progress, 0, total, "正在写入新团员")
        records = list(map(_RECORD, rows))
        if not all(records):  # only rejected rows have none (all(): no __eq__ call per record)
            raise AssertionError("a new member's row without its checked record")
        fields_of = list(map(vars, records))
        # a column at a time, read from every record's fields in C (twice as fast as turning
        # rows of values into columns with zip). A field the sheet has no column for is its
        # default on every new member (checking changes only SET_BY_SHEET_CHECK): not read
        read = _ALWAYS_READ | self.preview.sheet.fields
        columns: dict[str, Any] = {
            name: list(map(get, fields_of)) if name in read else _Same(_DEFAULTS[name])
            for name, get in _COLUMN_GETTERS.items()
        }
        if "" in columns["id_number"]:
            columns["id_number"] = [number or None for number in columns["id_number"]]  # 资料不全
        columns.update(
            branch_id=_Same(branch_id),
            name_initials=names_initials(columns["name"]),
            status=_Same(MemberStatus.ACTIVE.value),
        )
        group_names = list(map(_GROUP_NAME, rows))
        if any(group_names):
            ids = {name: id_ for name, id_ in groups.items() if name}  # a blank name: no group
            columns["group_id"] = list(map(ids.get, group_names))
        for name in _LEFT_TO_DEFAULT:
            column = columns.get(name)
            if column is not None and not (
                column.value if isinstance(column, _Same) else any(column)
            ):
                del columns[name]
        today: date | str = self.today
        if _dates_as_text(self.session):
            for name in _DATE_COLUMNS.intersection(columns):
                if not isinstance(columns[name], _Same):
                    columns[name] = _iso_dates(columns[name])
            today = self.today.isoformat()
        joined = columns["join_date"]
        columns["status_since"] = (  # 在册 since joining
            [day or today for day in joined] if None in joined else joined
        )
        return columns

    def _insert_history(self, branch_id: int, last_id: int) -> None:
        """The first history step (在册 since joining) of every member just inserted, in one
        INSERT ... SELECT. New rows have ids above the largest id before the insert. On
        PostgreSQL the "no history yet" condition keeps it exact even if another writer (a
        shared database) added members meanwhile; a SQLite transaction sees no other writer's
        rows (it holds the write lock, or fails to write after one), so there the driver runs
        it as plain SQL without that condition, reading only the new rows (NOT INDEXED: by id
        from last_id on, in id order, not through the branch's index of all its members)."""
        columns = ("member_id", "from_status", "to_status", "changed_on", "reason")
        connection = self.session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(
                f"INSERT INTO {MemberStatusChange.__tablename__} ({', '.join(columns)}) "
                f"SELECT id, NULL, status, status_since, ? FROM {Member.__tablename__} "
                "NOT INDEXED WHERE branch_id = ? AND id > ? ORDER BY id",
                (IMPORT_REASON, branch_id, last_id),
            )
            return
        has_history = select(MemberStatusChange.id).where(MemberStatusChange.member_id == Member.id)
        new_members = select(
            Member.id, null(), Member.status, Member.status_since, literal(IMPORT_REASON)
        ).where(Member.branch_id == branch_id, Member.id > last_id, ~has_history.exists())
        self.session.execute(insert(MemberStatusChange).from_select(columns, new_members))

    def _update(self, rows: list[PreviewRow], groups, done: int, total: int) -> None:
        # each update names the version it read: a member saved meanwhile by another copy of
        # the program (a shared database) fails the import instead of being overwritten
        ids = [row.member_id for row in rows]
        query = select(Member.id, Member.version).where(Member.id.in_(ids))
        versions: dict[int | None, int] = dict(self.session.execute(query).all())
        changes = []
        for index, row in enumerate(rows):
            if index % PROGRESS_EVERY == 0:
                report(self.progress, done + index, total, "正在更新已有团员")
            record = _to_write(row)
            values = _member_values(record)
            values.update(
                id=row.member_id,
                version=versions[row.member_id],
                name_initials=name_initials(record.name),
            )
            if row.group_name:
                values["group_id"] = groups[row.group_name]
            changes.append(values)
        if changes:
            self.session.execute(update(Member), changes)


def _dates_as_text(session: Session) -> bool:
    """SQLite rows go straight to the driver, so dates must already be what SQLAlchemy's SQLite
    Date type stores: 'YYYY-MM-DD' text."""
    return session.connection().dialect.name == "sqlite"


def _iso_dates(days: list[Any]) -> list[Any]:
    """Each date as 'YYYY-MM-DD' (None stays None), each distinct date written once: join dates
    repeat down a sheet (a month's first day), birth dates often."""
    distinct = set(days)
    if set(map(type, distinct)) <= _DATE_OR_NONE:
        text = {day: day and day.isoformat() for day in distinct}
        return list(map(text.__getitem__, days))
    if None in days:  # a datetime (never from the reader): as the code before the table did
        return [day and day.isoformat() for day in days]
    return list(map(date.isoformat, days))


_DATE_OR_NONE = frozenset({date, type(None)})


@dataclass(frozen=True)
class _Same:
    """A column's one value for every row inserted."""

    value: Any


def _bulk_insert(session: Session, table, columns: dict[str, Any]) -> None:
    """Insert many rows: columns maps a column name to each row's value (a list) or to _Same.
    On SQLite straight through the driver's executemany (SQLAlchemy's per-row parameter
    processing would take longer than reading the whole sheet), a column whose rows all have
    the same plain value (the branch, 在册, a column the sheet did not have, the time of
    writing) written once into the statement instead of bound or computed in every row."""
    count = max((len(v) for v in columns.values() if not isinstance(v, _Same)), default=0)
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        rows = zip(
            *(repeat(v.value, count) if isinstance(v, _Same) else v for v in columns.values()),
            strict=True,
        )
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    stamps = [name for name in _WRITE_TIMES if name in table.c and name not in columns]
    if stamps:  # their server default, CURRENT_TIMESTAMP, read once, not made for every row
        now = connection.exec_driver_sql("SELECT CURRENT_TIMESTAMP").scalar()
        columns = {**columns, **dict.fromkeys(stamps, _Same(now))}
    sql_values: list[str] = []
    bound: list[Any] = []
    for values in columns.values():
        value = values.value if isinstance(values, _Same) else _one_value(values)
        literal = _sql_literal(value)
        if literal is not None:
            sql_values.append(literal)
            continue
        # numbered: a column given the very list another column has (a member's 在册 date is
        # its join date) names that column's parameter instead of binding each value again
        number = next((n for n, seen in enumerate(bound, 1) if seen is values), None)
        if number is None:
            bound.append(values if not isinstance(values, _Same) else repeat(value, count))
            number = len(bound)
        sql_values.append(f"?{number}")
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(sql_values)})"
    connection.exec_driver_sql(sql, list(zip(*bound, strict=True)) if bound else [()] * count)


_NO_VALUE = object()
#: Timestamped's columns (server default CURRENT_TIMESTAMP)
_WRITE_TIMES = ("created_at", "updated_at")


def _one_value(values: list[Any]) -> Any:
    """The value every item of values is (compared in C), else _NO_VALUE."""
    if not values or values[-1] != values[0] or values.count(values[0]) != len(values):
        return _NO_VALUE
    first = values[0]
    if type(first) is int and len(set(map(type, values))) != 1:
        return _NO_VALUE  # True == 1: a literal 1 would not store what binding stores
    return first


def _sql_literal(value: Any) -> str | None:
    """value as SQLite reads it in a statement, as the driver would bind it (None: bind it)."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _member_values(record: MemberRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in _COMPARED}
    values["id_number"] = values["id_number"] or None
    return values


def report_lines(result: ImportReport) -> list[str]:
    """The report in Chinese, one line each: where it went, counts, every rejected row."""
    created = "（新建）" if result.created_branch else ""
    lines = [
        f"团支部“{result.branch_name}”{created}，工作表“{result.sheet_name}”：",
        *result.messages,
        result.summary(),
    ]
    for part in result.parts:
        lines.append(f"  团支部“{part.branch_name}”：{part.summary()}")
    if not result.dry_run and result.new == result.updated == 0 and result.branch_id is None:
        lines.append("没有导入任何团员，没有新建团支部。")
    if result.created_groups and not result.dry_run and result.branch_id is not None:
        lines.append(f"新建团小组：{'、'.join(result.created_groups)}")
    if result.rejected:
        lines.append("以下各行有问题，未导入：")
        lines += [f"  第{row}行：{reason}" for row, reason in result.rejected]
    if result.notices:
        lines.append("提示：")
        lines += [f"  第{row}行：{notice}" for row, notice in result.notices]
    if result.unknown_columns:
        lines.append(f"未识别的列（已忽略）：{'、'.join(result.unknown_columns)}")
    if result.dry_run:
        lines.append("试运行：没有写入数据库。")
    return lines
