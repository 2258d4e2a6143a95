"""Styled Excel sheets with openpyxl: a title row, a frozen bold header, widths, text columns.

Every export (roster, meetings, dues, transfers) writes its tables with `write_table`, and
every sheet a user may print is set up for A4 by `set_up_printing` (portrait or landscape by the
columns' width, fitted to the page width, the header row repeated on every page).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchdesk.core.io.atomic_write import atomic_target


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
    rows: Sequence[Sequence[Any]]
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
    put(ws, 1, 1, table.title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 26
    row = 2
    for line in table.subtitle_lines:
        put(ws, row, 1, line)
        row += 1
    header_row = row
    header_fill = PatternFill("solid", fgColor="E8E8E8")
    for col, column in enumerate(table.columns, start=1):
        cell = put(ws, header_row, col, column.header)
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
    set_up_printing(ws, header_row, [c.width for c in table.columns])
    return ws


#: printable width of A4 (pt) with Excel's default 0.7" side margins, portrait and landscape
A4_PORTRAIT_WIDTH_PT = (8.27 - 1.4) * 72
A4_LANDSCAPE_WIDTH_PT = (11.69 - 1.4) * 72


def column_width_pt(width: float) -> float:
    """Printed width of a column `width` characters wide (Calibri 11: 7 px a character plus
    5 px padding, at 96 px an inch)."""
    return (width * 7 + 5) * 0.75


def set_up_printing(ws, header_row: int, widths: Sequence[float]) -> None:
    """A4, landscape when the columns do not fit a portrait page, fitted to one page wide (as many
    pages tall as needed), row `header_row` (the column headers) repeated on every page,
    centred, with page numbers."""
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    total = sum(column_width_pt(w) for w in widths)
    setup.orientation = "landscape" if total > A4_PORTRAIT_WIDTH_PT else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # 0: as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_row(ws, row: int, columns: Sequence[Column], values: Sequence[Any], border) -> None:
    for col, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
        if column.text and value is not None and not isinstance(value, str):
            value = str(value)
        cell = put(ws, row, col, value)
        cell.border = border
        if column.text:
            cell.number_format = "@"
        elif column.number_format:
            cell.number_format = column.number_format


#: control characters an xlsx cannot hold (openpyxl refuses them)
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: what Excel (or LibreOffice) would take as the start of a formula when typed into a cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, column: int, value: Any):
    """Set one cell; text is always stored as text, never as a formula.

    openpyxl writes a string starting with "=" as a live formula: it is forced back to a string
    here, and text starting with = + - @ gets Excel's quote prefix (shown as typed, kept as text
    when edited). The stored value is the text itself, so it re-imports unchanged."""
    if isinstance(value, str):
        value = ILLEGAL_XML.sub("", value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def save_workbook(workbook, path: str | Path) -> Path:
    """Save through a temporary file renamed over `path` when complete (the old file survives a
    full disk or a kill); a Chinese message when the file is open in Excel or the disk is full."""
    path = Path(path)
    with atomic_target(path) as tmp:
        workbook.save(tmp)
    return path
