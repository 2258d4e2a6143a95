"""Done when: for the demo year the grid, the ledger, the Excel export and the receipts agree to the fen."""

import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from branchdesk.core.io.dues_out import export_dues
from branchdesk.core.reports.receipt import write_receipts
from branchdesk.core.rules.dues_standards import capital_amount, parse_yuan
from branchdesk.core.services import dues, members
from branchdesk.core.services.branches import require_branch
from branchdesk.core.services.demo import DEMO_BRANCH_NAME
from branchdesk.core.services.dues import State
from tests.conftest import TODAY

YEAR = TODAY.year


def _fen(value) -> int:
    return round(value * 100)


def _sheet_rows(ws, header_row: int = 2):
    return [list(r) for r in ws.iter_rows(min_row=header_row, values_only=True)]


def _excel_totals(path):
    wb = load_workbook(path)
    grid = _sheet_rows(wb["收缴登记表"], 3)
    header, body, footer = grid[0], grid[1:-1], grid[-1]
    month_cols = [i for i, h in enumerate(header) if h and h.endswith("月") and h[:-1].isdigit()]
    paid_col = header.index("已缴合计（元）")
    cells = sum(_fen(r[c]) for r in body for c in month_cols if isinstance(r[c], float | int))
    assert sum(_fen(footer[c]) for c in month_cols) == cells
    assert sum(_fen(r[paid_col]) for r in body) == _fen(footer[paid_col])
    ledger = _sheet_rows(wb["上缴台账"])
    arrears = _sheet_rows(wb["欠缴名单"], 3)
    return cells, _fen(footer[paid_col]), _fen(ledger[-1][2]), arrears


def _receipt_amounts(path) -> list[int]:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    small = re.findall(r"金额（小写）\s*¥([\d.]+)", text)
    capitals = re.findall(r"人民币(\S+)", text)
    amounts = [parse_yuan(a) for a in small]
    assert [capital_amount(a) for a in amounts] == capitals
    return amounts


def _check_agreement(db, branch_id, tmp_path, name, with_receipts=True):
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, YEAR, TODAY)
        ledger = dues.handover_ledger(s, branch_id, YEAR)
        infos = dues.payments(s, branch_id, YEAR)
        xlsx = export_dues(s, branch_id, YEAR, tmp_path / f"{name}.xlsx", TODAY)
    cells, excel_total, excel_collected, arrears = _excel_totals(xlsx)
    if with_receipts:
        receipts = _receipt_amounts(write_receipts(tmp_path / f"{name}.pdf", infos))
        assert len(receipts) == len(infos)
    else:
        receipts = [i.amount_fen for i in infos]
    assert sum(r.paid_fen for r in grid.rows) == grid.total_paid_fen == sum(grid.month_paid_fen)
    assert grid.total_paid_fen == ledger.collected_fen == excel_total == cells
    assert excel_collected == ledger.collected_fen == sum(receipts)
    return grid, arrears


def test_demo_year_agrees_to_the_fen(demo_db, tmp_path):
    db = demo_db
    with db.session() as s:
        branch_id = require_branch(s, DEMO_BRANCH_NAME).id
    grid, arrears = _check_agreement(db, branch_id, tmp_path, "before")
    assert grid.total_paid_fen > 100_000
    states = {c.state for r in grid.rows for c in r.cells}
    assert {State.PAID, State.UNPAID, State.EXEMPT, State.NOT_OWED, State.NOT_MEMBER} <= states
    assert any("自行脱团" in (row[-1] or "") for row in arrears[1:-1])
    with db.session() as s:
        numbers = [(i.receipt_no) for i in dues.payments(s, branch_id, YEAR)]
        changed = [r for r in grid.rows if len({c.owed_fen for c in r.cells if c.owed_fen}) > 1]
        ledger = dues.handover_ledger(s, branch_id, YEAR)
    assert numbers == [f"{YEAR}-{n:04d}" for n in range(1, len(numbers) + 1)]
    assert changed, "a member changes category mid-year"
    assert [r.kind for r in ledger.rows].count("上缴") == 3

    # a member who paid monthly leaves in August: later months are no longer owed,
    # what was paid stays paid, and every total still agrees
    row = next(
        r
        for r in grid.rows
        if r.cells[7].state == State.PAID
        and r.cells[10].state == State.PAID
        and r.cells[11].state == State.LATER
    )
    with db.transaction() as s:
        members.change_status(s, row.member_id, "退团", date(YEAR, 8, 20), "本人申请")
    grid2, _ = _check_agreement(db, branch_id, tmp_path, "after", False)
    left = next(r for r in grid2.rows if r.member_id == row.member_id)
    assert left.cells[11].state == State.NOT_MEMBER
    assert left.cells[10].state == State.PAID  # paid before the change is kept
    assert grid2.total_paid_fen == grid.total_paid_fen
