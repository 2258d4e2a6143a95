"""Styled Excel sheets with openpyxl: a title row, a frozen bold header, widths, text columns.

Every export (roster, meetings, dues, transfers) writes its tables with `write_table`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchdesk.core.errors import UserError


@dataclass
class Column:
    header: str
    width: float = 12
    #: stored as text (ID numbers, phone numbers, codes) so Excel never turns them into numbers
    text: bool = False
    #: Excel number format for dates / amounts, e.g. "yyyy-mm-dd" or "0.00"
    number_format: str | None = None


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    #: lines under the title (e.g. "填报单位：…"), each in its own row
    subtitle_lines: Sequence[str] = field(default_factory=tuple)
    #: a last bold row (totals)
    footer: Sequence[Any] | None = None


def new_workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_table(workbook, sheet_name: str, table: Table):
    """Add a sheet holding `table`; returns the worksheet. Header row number = 2 + len(subtitles)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(sheet_name[:31])
    ncols = len(table.columns)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 26
    row = 2
    for line in table.subtitle_lines:
        ws.cell(row=row, column=1, value=line)
        row += 1
    header_row = row
    header_fill = PatternFill("solid", fgColor="E8E8E8")
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = column.width
    row = header_row + 1
    for values in table.rows:
        _write_row(ws, row, table.columns, values, border)
        row += 1
    if table.footer is not None:
        _write_row(ws, row, table.columns, table.footer, border)
        for col in range(1, ncols + 1):
            ws.cell(row=row, column=col).font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return ws


def _write_row(ws, row: int, columns: Sequence[Column], values: Sequence[Any], border) -> None:
    for col, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
        if column.text and value is not None and not isinstance(value, str):
            value = str(value)
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = border
        if column.text:
            cell.number_format = "@"
        elif column.number_format:
            cell.number_format = column.number_format


def save_workbook(workbook, path: str | Path) -> Path:
    """Save, with a Chinese message when the file is open in Excel or the folder is missing."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    except PermissionError:
        raise UserError(f"无法写入 {path}：文件可能正在 Excel 中打开，请关闭后重试。") from None
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return path
