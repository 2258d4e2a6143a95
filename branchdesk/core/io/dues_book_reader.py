"""Reading an old 团费收缴登记表 (.xlsx, .xls, .ods, .csv): payer, amount, months, date, collector.

The header row is found as for a roster (under title rows and "填报单位" lines); columns are
matched by name. Months come from a months column, from 起始月份 + 截止月份 columns, or from a
缴费内容 text such as "2025年1-6月团费". It does not match payers to members or check amounts:
that is `core/services/dues_import`.

    book = read_dues_book("2025年团费收缴登记表.xlsx")
    book.rows   # DuesRow(row=4, name="张三", id_number="", months=(Month, Month), amount_fen=120, ...)
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from branchdesk.core.errors import UnreadableFileError, UserError
from branchdesk.core.io import roster_reader as rr
from branchdesk.core.io import sheet_bounds
from branchdesk.core.rules import date_parse, idcard
from branchdesk.core.rules.dues_standards import Month, parse_yuan
from branchdesk.core.rules.dues_text import MonthsTextError, months_of

USE_DUES_IMPORT = "请用“导入团费登记表”（命令行 branchdesk import-dues）导入。"
USE_ROSTER_IMPORT = "请用“导入花名册”（命令行 branchdesk import）导入。"

FIELD_LABELS = {
    "seq": "序号",
    "name": "姓名",
    "id_number": "身份证号",
    "amount": "金额",
    "months": "所缴月份",
    "first_month": "起始月份",
    "last_month": "截止月份",
    "content": "缴费内容",
    "paid_on": "缴费日期",
    "collector": "收款人",
    "method": "缴费方式",
    "note": "备注",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "name": ("姓名", "团员姓名", "缴费人", "交费人", "缴费人姓名", "缴纳人"),
    "id_number": rr._SYNONYMS["id_number"],
    "amount": (
        "金额",
        "缴费金额",
        "交费金额",
        "缴纳金额",
        "团费金额",
        "实缴金额",
        "实缴团费",
        "缴纳团费",
        "团费",
        "收缴金额",
        "金额元",
    ),
    "months": (
        "所缴月份",
        "缴费月份",
        "交费月份",
        "缴纳月份",
        "缴费期间",
        "起止月份",
        "月份",
        "所属月份",
    ),
    "first_month": ("起始月份", "开始月份", "起始年月", "自"),
    "last_month": ("截止月份", "结束月份", "截止年月", "至"),
    "content": ("缴费内容", "摘要", "内容", "缴费项目", "事由", "缴费说明"),
    "paid_on": ("缴费日期", "交费日期", "缴纳日期", "收缴日期", "收款日期", "缴费时间", "日期"),
    "collector": ("收款人", "收缴人", "经手人", "收费人", "收款人签字", "收款人签名", "收缴人签字"),
    "method": ("缴费方式", "交费方式", "支付方式"),
    "note": ("备注",),
}
HEADER_SYNONYMS = {name: key for key, names in _SYNONYMS.items() for name in names}
_MONTH_FIELDS = ("months", "first_month", "content")


def field_for_header(text: Any) -> str | None:
    key = rr.normalize_header(text)
    if not key:
        return None
    return HEADER_SYNONYMS.get(key) or HEADER_SYNONYMS.get(rr._BRACKETS.sub("", key))


def is_dues_header(row: list[Any]) -> bool:
    """A header naming an amount and which months: a dues book, not a roster."""
    found = {field_for_header(c) for c in row if isinstance(c, str)}
    return "amount" in found and any(f in found for f in _MONTH_FIELDS)


def find_dues_header(cells: list[list[Any]]) -> int | None:
    for index, row in enumerate(cells[: rr.HEADER_SCAN_ROWS]):
        if is_dues_header(row):
            found = {c.field for c in rr._columns(cells, index, field_for_header)}
            if "name" in found or "id_number" in found:
                return index
    return None


@dataclass
class DuesRow:
    row: int  # 1-based sheet row
    cells: list[Any]
    name: str = ""
    id_number: str = ""
    months: tuple[Month, Month] | None = None
    amount_fen: int | None = None
    paid_on: date | None = None
    collector: str = ""
    method: str = ""
    note: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class DuesBookSheet:
    path: Path
    sheet_name: str
    header_row: int
    columns: list[rr.SheetColumn]
    rows: list[DuesRow]
    title: str = ""

    @property
    def unknown_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.field is None and c.header]


def read_dues_book(path: str | Path, sheet: str | None = None) -> DuesBookSheet:
    """Read a dues book; UnreadableFileError when the file has no dues header (a roster given
    here is named as one)."""
    path = Path(path)
    workbook, _bounds = rr._open_workbook(path)
    names = list(workbook.sheet_names)
    if sheet is not None and sheet not in names:
        raise UserError(f"工作表“{sheet}”不存在，可选：{'、'.join(names)}。")
    roster = False
    for name in [sheet] if sheet is not None else names:
        cells = sheet_bounds.clean_cells(rr._sheet_cells(workbook, name, path))
        header = find_dues_header(cells)
        if header is not None:
            return _build(path, name, cells, header)
        roster = roster or rr.find_header_row(cells) is not None
    where = f"工作表“{sheet}”" if sheet is not None else f"“{path.name}”"
    if roster:
        raise UnreadableFileError(f"{where}是团员花名册，不是团费收缴登记表：{USE_ROSTER_IMPORT}")
    raise UnreadableFileError(
        f"{where}中找不到团费登记表的表头行（应有“姓名”“金额”和“所缴月份”或“缴费内容”等列名）。"
    )


def _build(path: Path, name: str, cells: list[list[Any]], header: int) -> DuesBookSheet:
    columns = rr._columns(cells, header, field_for_header)
    by_field = {c.field: c.index for c in columns if c.field}
    book = DuesBookSheet(path, name, header + 1, columns, [], rr._title(cells[:header]))
    for index in range(header + 1, len(cells)):
        raw = cells[index]
        if rr._is_blank(raw) or rr._is_footer(raw):
            continue
        values = {
            f: raw[i] for f, i in by_field.items() if i < len(raw) and raw[i] not in (None, "")
        }
        if not (values.keys() - {"seq"}):
            continue
        book.rows.append(_row(index + 1, raw, values))
    return book


def _row(number: int, raw: list[Any], values: dict[str, Any]) -> DuesRow:
    row = DuesRow(number, raw)
    row.name = rr._name(values["name"]) if "name" in values else ""
    if "id_number" in values:
        try:
            row.id_number = rr._id_number(values["id_number"])
        except ValueError as exc:
            row.problems.append(str(exc))
    row.collector = rr._plain(values.get("collector", ""))
    row.method = rr._plain(values.get("method", ""))
    row.note = rr._plain(values.get("note", ""))
    if "paid_on" in values:
        try:
            parsed = date_parse.parse_sheet_date(values["paid_on"])
            row.paid_on = parsed[0] if parsed else None
        except ValueError as exc:
            row.problems.append(f"缴费日期：{exc}")
    if "amount" in values:
        row.amount_fen = _amount(values["amount"], row.problems)
    row.months = _months(values, row.paid_on, row.problems)
    if row.id_number and "*" in row.id_number:
        row.problems.append("身份证号被隐去了中间几位，请填写完整的身份证号或删去这一列")
    elif row.id_number:
        try:
            row.id_number = idcard.parse(row.id_number).number
        except idcard.IdCardError as exc:
            row.problems.append(str(exc))
    return row


def _amount(value: Any, problems: list[str]) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        fen = round(value * 100)
        if abs(fen - value * 100) > 1e-6:
            problems.append(f"金额“{value}”不是精确到分的数")
            return None
        return fen
    try:
        return parse_yuan(rr._plain(value).replace("￥", "").replace("，", ""))
    except ValueError:
        problems.append(f"金额“{rr._plain(value)}”不是数字")
        return None


def _months(values: dict[str, Any], paid_on: date | None, problems: list[str]):
    year = paid_on.year if paid_on else None
    try:
        if "first_month" in values:
            first = months_of(values["first_month"], year)[0]
            last = months_of(values.get("last_month", values["first_month"]), first.year)[1]
            if last < first:
                raise MonthsTextError("截止月份早于起始月份")
            return first, last
        for key in ("months", "content"):
            if key in values:
                return months_of(values[key], year)
    except MonthsTextError as exc:
        problems.append(str(exc))
        return None
    problems.append("缺少所缴月份")
    return None
