"""The roster as a styled Excel sheet that imports back unchanged, and a blank import template.

Dates known to the day are real Excel dates; 入团时间 known only to the month is written as text
("2016-03") so it comes back with month precision. ID numbers, phones and codes are text cells.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, Group, Member
from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table
from branchdesk.core.rules.partial_date import Precision, format_partial
from branchdesk.core.rules.vocab import EDUCATIONS, ETHNICITIES, GENDERS, POLITICAL_STATUSES
from branchdesk.core.services.membership import on_roster_select

SHEET_NAME = "团员花名册"
DATE_FORMAT = "yyyy-mm-dd"
TEMPLATE_ROWS = 500

#: (header, width, text cell, number format) — 智慧团建's header names, which the importer reads
TEMPLATE_COLUMNS = (
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("民族", 8),
    Column("出生日期", 12, number_format=DATE_FORMAT),
    Column("证件类型", 12),
    Column("证件号码", 21, text=True),
    Column("入团年月", 12, number_format=DATE_FORMAT),
    Column("团员证编号", 12, text=True),
    Column("团员发展编号", 15, text=True),
    Column("学历", 10),
    Column("政治面貌", 12),
    # 入党年月 as 智慧团建 names it (成为预备党员); the importer reads both dates back
    Column("入党年月", 12, number_format=DATE_FORMAT),
    Column("转正时间", 12, number_format=DATE_FORMAT),
    Column("手机号码", 14, text=True),
    Column("团内现任职务", 12),
    Column("团小组", 12),
    Column("学习工作单位", 24),
    Column("学号", 12, text=True),
    Column("备注", 20),
)
#: the roster export: the template's columns and the member's status (在册 / 转出中 ...)
ROSTER_COLUMNS = (*TEMPLATE_COLUMNS[:-1], Column("状态", 8), TEMPLATE_COLUMNS[-1])
#: drop-down lists of the template: header → allowed values
TEMPLATE_CHOICES = {
    "性别": GENDERS,
    "民族": ETHNICITIES,
    "学历": EDUCATIONS,
    "政治面貌": POLITICAL_STATUSES,
}
CHOICES_SHEET = "下拉选项"


def roster_table(
    session: Session, branch_id: int, include_archived: bool = False, today: date | None = None
) -> Table:
    """The branch's roster as an xlsx_out Table (title, 填报单位 line, one row per member)."""
    branch = get_or_fail(session, Branch, branch_id, "团支部不存在。")
    query = (
        select(Member, Group.name)
        .outerjoin(Group, Member.group_id == Group.id)
        .where(Member.branch_id == branch_id)
        .order_by(Member.id)
    )
    today = today or date.today()
    if not include_archived:  # 在册 today, counted as the home page and the handbook count
        query = query.where(Member.id.in_(on_roster_select(branch_id, today)))
    members = session.execute(query).all()
    columns = list(ROSTER_COLUMNS)
    rows = [_row(n, m, group) for n, (m, group) in enumerate(members, start=1)]
    return Table(
        title=f"{branch.name}团员花名册",
        columns=columns,
        rows=rows,
        subtitle_lines=[
            f"填报单位：{branch.committee_above or branch.name}　　导出日期：{today:%Y-%m-%d}"
            f"　　共 {len(rows)} 人"
        ],
    )


def export_roster(
    session: Session,
    branch_id: int,
    path: str | Path,
    include_archived: bool = False,
    today: date | None = None,
) -> int:
    """Write the roster to `path` (.xlsx); returns the number of members written."""
    table = roster_table(session, branch_id, include_archived, today)
    workbook = new_workbook()
    write_table(workbook, SHEET_NAME, table)
    save_workbook(workbook, path)
    return len(table.rows)


#: 智慧团建's member batch-import template (智慧团建导入团员团干部数据模板): its columns in its order,
#: required ones starred as there. Values are written as the online system writes them.
ZHTJ_SHEET = "团员信息"
ZHTJ_COLUMNS = (
    Column("姓名*", 10),
    Column("证件类型*", 14),
    Column("证件号码*", 21, text=True),
    Column("性别*", 6),
    Column("出生年月*", 10, text=True),
    Column("民族*", 8),
    Column("政治面貌*", 12),
    Column("入团年月*", 10, text=True),
    Column("团员发展编号", 15, text=True),
    Column("全日制学历*", 10),
    Column("学习工作单位", 24),
    Column("手机号码*", 14, text=True),
    Column("团内现任职务", 12),
)
#: the app's values → the online system's, whose lists are shorter: 证件类型 普通居民身份证 or
#: 境外身份证 (any other document); 政治面貌 团员 / 中共预备党员 / 党员; 全日制学历 小学, 初中,
#: 高中, 中职, 大专, 本科, 硕士, 博士 (as its own pages and drop-downs name them)
_ZHTJ_ID_TYPES = {"居民身份证": "普通居民身份证"}
_ZHTJ_OTHER_ID_TYPE = "境外身份证"
_ZHTJ_POLITICAL = {"共青团员": "团员", "中共党员": "党员"}
_ZHTJ_EDUCATION = {"硕士研究生": "硕士", "博士研究生": "博士", "中专": "中职", "技校": "中职"}


@dataclass
class ZhtjExport:
    written: int
    #: members left out: no ID number yet (资料不全), which the online system requires
    incomplete: list[str]


def export_zhtj(
    session: Session, branch_id: int, path: str | Path, today: date | None = None
) -> ZhtjExport:
    """The members on the roster in the layout of 智慧团建's member batch-import template, so the
    secretary can upload what they keep here. Members without an ID number are left out (named
    in the result). The sheet also imports back into BranchDesk."""
    get_or_fail(session, Branch, branch_id, "团支部不存在。")
    today = today or date.today()
    query = (  # 在册 today, counted as the roster export, the home page and the handbook count
        select(Member)
        .where(Member.branch_id == branch_id, Member.id.in_(on_roster_select(branch_id, today)))
        .order_by(Member.id)
    )
    rows, incomplete = [], []
    for m in session.scalars(query):
        if not m.id_number:
            incomplete.append(m.name)
            continue
        rows.append(
            [
                m.name,
                _ZHTJ_ID_TYPES.get(m.id_type, _ZHTJ_OTHER_ID_TYPE),
                m.id_number,
                m.gender,
                f"{m.birth_date:%Y-%m}",
                m.ethnicity,
                _ZHTJ_POLITICAL.get(m.political_status, m.political_status),
                f"{m.join_date:%Y-%m}" if m.join_date else "",
                m.development_no,
                _ZHTJ_EDUCATION.get(m.education, m.education),
                m.work_unit,
                m.phone,
                m.league_post or "无",
            ]
        )
    workbook = new_workbook()
    _write_plain(workbook, ZHTJ_SHEET, ZHTJ_COLUMNS, rows)
    save_workbook(workbook, path)
    return ZhtjExport(len(rows), incomplete)


def _write_plain(workbook, name: str, columns, rows) -> None:
    """The header in row 1 and one row per member, as an upload template has it (no title)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from branchdesk.core.io.xlsx_out import put, set_up_printing

    sheet = workbook.create_sheet(name)
    for col, column in enumerate(columns, start=1):
        put(sheet, 1, col, column.header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    for row_no, values in enumerate(rows, start=2):
        for col, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put(sheet, row_no, col, value)
            if column.text:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    set_up_printing(sheet, 1, [c.width for c in columns])


def export_template(path: str | Path) -> Path:
    """A blank roster to fill in: the importer's headers, text cells for ID numbers and phones,
    and drop-down lists for 性别 / 民族 / 学历 / 政治面貌 (values on a hidden sheet)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = new_workbook()
    table = Table(
        title="团支部团员花名册（导入模板）",
        columns=TEMPLATE_COLUMNS,
        rows=[],
        subtitle_lines=[
            "填写说明：从第4行起每行一名团员；身份证号、手机号码按文本填写；"
            "入团年月可写 2016-03 或 2016-03-10；证件类型不填即居民身份证；请勿修改表头。"
        ],
    )
    sheet = write_table(workbook, SHEET_NAME, table)
    header_row = 2 + len(table.subtitle_lines)
    first, last = header_row + 1, header_row + TEMPLATE_ROWS
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    headers = [c.header for c in TEMPLATE_COLUMNS]
    for list_col, (header, values) in enumerate(TEMPLATE_CHOICES.items(), start=1):
        letter = _letter(list_col)
        choices.cell(row=1, column=list_col, value=header)
        for offset, value in enumerate(values, start=2):
            choices.cell(row=offset, column=list_col, value=value)
        source = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        validation.error = f"请从下拉列表中选择{header}"
        validation.errorTitle = header
        validation.showErrorMessage = True
        target = _letter(headers.index(header) + 1)
        validation.add(f"{target}{first}:{target}{last}")
        sheet.add_data_validation(validation)
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        if column.text or column.number_format:
            fmt = "@" if column.text else column.number_format
            for row in range(first, last + 1):
                sheet.cell(row=row, column=index).number_format = fmt
    return save_workbook(workbook, path)


def _row(number: int, m: Member, group: str | None) -> list:
    return [
        number,
        m.name,
        m.gender,
        m.ethnicity,
        m.birth_date,
        m.id_type,
        m.id_number or "",
        _join_cell(m.join_date, m.join_date_precision),
        m.member_card_no,
        m.development_no,
        m.education,
        m.political_status,
        m.probationary_on,
        m.full_member_on,
        m.phone,
        m.league_post,
        group or "",
        m.work_unit,
        m.student_no,
        m.status,
        m.note,
    ]


def _join_cell(value: date | None, precision: str):
    """A day-precise date stays an Excel date; '2016-03' (text) keeps month precision."""
    if value is None or precision == Precision.DAY:
        return value
    return format_partial(value, precision)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
