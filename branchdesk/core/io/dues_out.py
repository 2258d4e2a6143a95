"""`branchdesk export dues`: the year's grid, the arrears list and the 上缴 ledger in one workbook.

Every number comes from core.services.dues, the same functions the screen uses.
"""

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.core.io.xlsx_out import Column, Table, new_workbook, save_workbook, write_table
from branchdesk.core.services import dues
from branchdesk.core.services.dues import STATE_LABELS, State

MONEY = "0.00"


def _yuan(fen: int) -> float:
    return fen / 100


def _cell_value(cell: dues.Cell):
    if cell.state == State.PAID:
        return _yuan(cell.paid_fen)
    if cell.state in (State.NOT_MEMBER, State.NO_RECORD, State.LATER):
        return ""
    if cell.state == State.DUE:
        return "待缴"
    return STATE_LABELS[cell.state]


def grid_table(grid: dues.DuesGrid) -> Table:
    columns = [Column("序号", 6), Column("姓名", 10), Column("团小组", 12), Column("类别", 12)]
    columns += [Column(f"{m.month}月", 8, number_format=MONEY) for m in grid.months]
    columns += [Column("已缴合计（元）", 13, number_format=MONEY)]
    columns += [Column("未缴（元）", 11, number_format=MONEY), Column("团费交至", 16)]
    rows = [
        [i, r.name, r.group_name, r.category]
        + [_cell_value(c) for c in r.cells]
        + [_yuan(r.paid_fen), _yuan(r.unpaid_fen), r.paid_up_to]
        for i, r in enumerate(grid.rows, start=1)
    ]
    footer = ["合计", "", "", ""] + [_yuan(f) for f in grid.month_paid_fen]
    footer += [_yuan(grid.total_paid_fen), _yuan(grid.total_unpaid_fen), ""]
    return Table(
        title=f"{grid.branch_name}{grid.year}年团费收缴登记表",
        columns=columns,
        rows=rows,
        subtitle_lines=["金额单位：元；月份格内为该月已缴金额，空白为不在册或未到期。"],
        footer=footer,
    )


def arrears_table(branch_name: str, rows: list[dues.ArrearsRow], today: date) -> Table:
    columns = [
        Column("序号", 6),
        Column("姓名", 10),
        Column("团小组", 12),
        Column("欠费起始月", 12),
        Column("未缴月数", 10),
        Column("最长连续未缴（月）", 12),
        Column("欠费金额（元）", 13, number_format=MONEY),
        Column("提示", 30),
    ]
    body = [
        [
            i,
            r.name,
            r.group_name,
            r.since.label,
            len(r.unpaid_months),
            r.longest_run,
            _yuan(r.owed_fen),
            "连续6个月以上未交团费，可能构成自行脱团" if r.flagged else "",
        ]
        for i, r in enumerate(rows, start=1)
    ]
    footer = ["合计", "", "", "", sum(len(r.unpaid_months) for r in rows), "", None, ""]
    footer[6] = _yuan(sum(r.owed_fen for r in rows))
    return Table(
        title=f"{branch_name}团费欠缴名单",
        columns=columns,
        rows=body,
        subtitle_lines=[f"统计至{today.year}年{today.month}月{today.day}日"],
        footer=footer,
    )


def ledger_table(branch_name: str, ledger: dues.Ledger) -> Table:
    columns = [
        Column("日期", 12, number_format="yyyy-mm-dd"),
        Column("摘要", 28),
        Column("收缴（元）", 12, number_format=MONEY),
        Column("上缴（元）", 12, number_format=MONEY),
        Column("结存（元）", 12, number_format=MONEY),
        Column("上级收据号", 22, text=True),
    ]
    rows = [[date(ledger.year, 1, 1), "上年结转", None, None, _yuan(ledger.opening_fen), ""]]
    rows += [
        [
            r.day,
            r.text,
            _yuan(r.collected_fen) if r.collected_fen else None,
            _yuan(r.handed_fen) if r.handed_fen else None,
            _yuan(r.balance_fen),
            r.receipt_no,
        ]
        for r in ledger.rows
    ]
    footer = [
        "合计",
        "",
        _yuan(ledger.collected_fen),
        _yuan(ledger.handed_fen),
        _yuan(ledger.closing_fen),
        "",
    ]
    return Table(
        title=f"{branch_name}{ledger.year}年团费上缴台账",
        columns=columns,
        rows=rows,
        footer=footer,
    )


def export_dues(
    session: Session, branch_id: int, year: int, path: str | Path, today: date | None = None
) -> Path:
    today = today or date.today()
    view = dues.year_view(session, branch_id, year, today)
    name = view.grid.branch_name
    workbook = new_workbook()
    write_table(workbook, "收缴登记表", grid_table(view.grid))
    asof = min(today, date(year, 12, 31))
    write_table(workbook, "欠缴名单", arrears_table(name, view.arrears, asof))
    write_table(workbook, "上缴台账", ledger_table(name, view.ledger))
    return save_workbook(workbook, path)
