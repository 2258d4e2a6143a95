"""The roster as a styled Excel sheet that imports back unchanged, and a blank import template.

Dates known to the day are real Excel dates; 入团时间 known only to the month is written as text
("2016-03") so it comes back with month precision. ID numbers, phones and codes are text cells.
"""

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Branch, Group, Member
from branchdesk.core.errors import UserError
from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table
from branchdesk.core.rules.partial_date import Precision, format_partial
from branchdesk.core.rules.vocab import EDUCATIONS, ETHNICITIES, GENDERS, POLITICAL_STATUSES
from branchdesk.core.services.membership import on_roster_select

SHEET_NAME = "团员花名册"
DATE_FORMAT = "yyyy-mm-dd"
TEMPLATE_ROWS = 500

#: (header, width, text cell, number format) — headers are the importer's canonical names
ROSTER_COLUMNS = (
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("民族", 8),
    Column("出生日期", 12, number_format=DATE_FORMAT),
    Column("身份证号", 21, text=True),
    Column("入团时间", 12, number_format=DATE_FORMAT),
    Column("团员证编号", 12, text=True),
    Column("发展团员编号", 15, text=True),
    Column("学历", 10),
    Column("政治面貌", 12),
    Column("手机号码", 14, text=True),
    Column("团内职务", 12),
    Column("团小组", 12),
    Column("工作单位", 24),
    Column("备注", 20),
)
ID_TYPE_COLUMN = Column("证件类型", 12)
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
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise UserError("团支部不存在。")
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
    with_id_type = any(m.id_type != "居民身份证" for m, _ in members)
    columns = list(ROSTER_COLUMNS)
    if with_id_type:
        columns.insert(5, ID_TYPE_COLUMN)
    rows = [_row(n, m, group, with_id_type) for n, (m, group) in enumerate(members, start=1)]
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


def export_template(path: str | Path) -> Path:
    """A blank roster to fill in: the importer's headers, text cells for ID numbers and phones,
    and drop-down lists for 性别 / 民族 / 学历 / 政治面貌 (values on a hidden sheet)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = new_workbook()
    table = Table(
        title="团支部团员花名册（导入模板）",
        columns=ROSTER_COLUMNS,
        rows=[],
        subtitle_lines=[
            "填写说明：从第4行起每行一名团员；身份证号、手机号码按文本填写；"
            "入团时间可写 2016-03 或 2016-03-10；请勿修改表头。"
        ],
    )
    sheet = write_table(workbook, SHEET_NAME, table)
    header_row = 2 + len(table.subtitle_lines)
    first, last = header_row + 1, header_row + TEMPLATE_ROWS
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    headers = [c.header for c in ROSTER_COLUMNS]
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
    for index, column in enumerate(ROSTER_COLUMNS, start=1):
        if column.text or column.number_format:
            fmt = "@" if column.text else column.number_format
            for row in range(first, last + 1):
                sheet.cell(row=row, column=index).number_format = fmt
    return save_workbook(workbook, path)


def _row(number: int, m: Member, group: str | None, with_id_type: bool) -> list:
    row = [
        number,
        m.name,
        m.gender,
        m.ethnicity,
        m.birth_date,
        m.id_number,
        _join_cell(m.join_date, m.join_date_precision),
        m.member_card_no,
        m.development_no,
        m.education,
        m.political_status,
        m.phone,
        m.league_post,
        group or "",
        m.work_unit,
        m.note,
    ]
    if with_id_type:
        row.insert(5, m.id_type)
    return row


def _join_cell(value: date | None, precision: str):
    """A day-precise date stays an Excel date; '2016-03' (text) keeps month precision."""
    if value is None or precision == Precision.DAY:
        return value
    return format_partial(value, precision)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
