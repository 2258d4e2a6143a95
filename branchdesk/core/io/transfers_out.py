"""The 组织关系转接 register as a styled Excel sheet."""

from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch
from branchdesk.core.services.transfers import TransferRow, register_rows

from .xlsx_out import Column, Table, new_workbook, save_workbook, write_table

DATE = "yyyy-mm-dd"
COLUMNS = [
    Column("序号", 6),
    Column("类别", 7),
    Column("介绍信编号", 18, text=True),
    Column("姓名", 10),
    Column("性别", 6),
    Column("身份证号", 21, text=True),
    Column("转接原因", 11),
    Column("转往/转出单位", 30),
    Column("开具日期", 12, number_format=DATE),
    Column("有效期（天）", 10),
    Column("状态", 9),
    Column("回执/接收日期", 14, number_format=DATE),
    Column("撤销/退回日期", 14, number_format=DATE),
    Column("备注", 24),
]


def register_table(rows: list[TransferRow], branch_name: str, year: int | None) -> Table:
    return Table(
        title=f"{branch_name}组织关系转接登记表" + (f"（{year}年）" if year else ""),
        columns=COLUMNS,
        rows=[_values(i, r) for i, r in enumerate(rows, start=1)],
        subtitle_lines=[f"共 {len(rows)} 条"],
    )


def _values(index: int, r: TransferRow) -> list:
    out = r.direction == "转出"
    return [
        index,
        r.direction,
        r.letter_no,
        r.name,
        r.gender,
        r.id_number,
        r.reason,
        r.other_org,
        r.issued_on,
        r.validity_days if out else None,
        r.status + ("（已过期）" if r.waiting_too_long else ""),
        r.completed_on,
        r.closed_on,
        r.note,
    ]


def export_register(
    session: Session, branch_id: int, path: str | Path, year: int | None = None
) -> int:
    """Write the register (all years when `year` is None); returns the number of rows."""
    rows = register_rows(session, branch_id, year=year)
    workbook = new_workbook()
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。")
    write_table(workbook, "组织关系转接", register_table(rows, branch.name, year))
    save_workbook(workbook, path)
    return len(rows)
