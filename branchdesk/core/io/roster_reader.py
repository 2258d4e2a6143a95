"""Reading a roster spreadsheet (.xlsx, .xls, .ods with python-calamine; .csv), as real sheets come.

Finds the header row under title rows, merged cells and "填报单位" lines, maps columns by name
(with the synonyms seen in real sheets), normalises cells and parses dates. It does not validate
members (that is `core/rules/member_record.check`, called by `core/services/roster_import`).

    sheet = read_roster("花名册.xlsx")             # first sheet that has a roster header
    sheet.columns        # every column: header text and the field it maps to (or None)
    sheet.rows           # SheetRow(row=4, cells=[...], values={"name": "张三", ...}, problems=[])
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import compress, count, islice, repeat
from operator import not_
from pathlib import Path
from types import MappingProxyType
from typing import Any

from branchdesk.core.errors import UnreadableFileError, UserError
from branchdesk.core.gc_pause import cyclic_gc_paused
from branchdesk.core.io import csv_book, sheet_bounds
from branchdesk.core.rules import date_parse, idcard
from branchdesk.core.rules.member_record import FIELD_LIMITS, too_long
from branchdesk.core.rules.vocab import EDUCATIONS, normalize_ethnicity

#: field key → the canonical Chinese header (also the label in reports and in the wizard).
#: Keys are MemberRecord field names, except "seq" (序号: recognised, its cells not kept),
#: "group" (团小组, by name) and "branch" (the organisation column).
FIELD_LABELS: dict[str, str] = {
    "seq": "序号",
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_type": "证件类型",
    "id_number": "身份证号",
    "join_date": "入团时间",
    "member_card_no": "团员证编号",
    "development_no": "发展团员编号",
    "education": "学历",
    "political_status": "政治面貌",
    "probationary_on": "入党时间",
    "full_member_on": "转正时间",
    "phone": "手机号码",
    "league_post": "团内职务",
    "group": "团小组",
    "work_unit": "工作单位",
    "student_no": "学号",
    "branch": "所在团支部",
    "note": "备注",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "name": ("姓名", "名字", "团员姓名", "学生姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日"),
    "id_type": ("证件类型", "身份证件类型"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "公民身份证号",
        "居民身份证号码",
        "身份证件号码",
        "身份证",
        "证件号码",
        "证件号",
    ),
    "join_date": ("入团时间", "入团年月", "入团日期"),
    "member_card_no": ("团员证编号", "团员证号", "团员证号码"),
    "development_no": ("发展团员编号", "团员发展编号", "团员编号", "发展编号"),
    "education": ("学历", "全日制学历", "最高学历", "文化程度", "学历层次"),
    "political_status": ("政治面貌", "政治面目"),
    # 入党 = becoming a 预备党员 (the branch's approval); 党龄 counts from 转正
    "probationary_on": (
        "入党时间",
        "入党年月",
        "入党日期",
        "入党年月日",
        "加入党组织时间",
        "成为预备党员时间",
        "成为预备党员日期",
        "预备党员时间",
    ),
    "full_member_on": ("转正时间", "转正日期", "转正年月", "转为正式党员时间", "转为正式党员日期"),
    "phone": ("手机号码", "联系电话", "手机", "手机号", "联系方式", "电话", "联系手机"),
    "league_post": ("团内职务", "团内现任职务", "现任团内职务", "职务"),
    "group": ("团小组", "所在团小组"),
    # not 入团时所在单位: that is where the member was when joining (history)
    "work_unit": (
        "工作单位",
        "学习工作单位",
        "工作学习单位",
        "学习/工作单位",
        "学校班级",
        "单位",
        "班级",
        "所在班级",
        "工作单位/学校班级",
        "工作单位或学校班级",
    ),
    "student_no": ("学号", "学籍号", "学生学号"),
    "branch": (
        "组织全称",
        "所在团支部",
        "所在团组织",
        "所属团组织",
        "所属团支部",
        "团组织名称",
        "团支部名称",
    ),
    "note": ("备注",),
}

#: normalised header text → field key
HEADER_SYNONYMS: dict[str, str] = {name: key for key, names in _SYNONYMS.items() for name in names}

DATE_FIELDS = frozenset({"birth_date", "join_date", "probationary_on", "full_member_on"})
#: rows that start with these are signatures and notes under the table, not members
FOOTER_PREFIXES = (
    "制表人",
    "制表",
    "审核人",
    "审核",
    "填表人",
    "填报人",
    "负责人",
    "经办人",
    "联系人",
    "书记签字",
    "签字",
    "盖章",
    "合计",
    "总计",
    "共计",
    "小计",
    "总人数",
    "统计：",
    "统计:",
    "以下空白",
    "（以下空白）",
    "(以下空白)",
    "填表日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "日期：",
    "日期:",
    "团支部书记：",
    "团支部书记:",
    "团支部书记（签字）",
    "团支部书记(签字)",
    "支部书记：",
    "支部书记:",
    "支部书记（签字）",
    "支部书记(签字)",
    "书记：",
    "书记:",
    "单位（盖章）",
    "单位(盖章)",
    "（盖章）",
    "(盖章)",
    "备注：",
    "备注:",
    "注：",
    "注:",
    "说明：",
    "说明:",
    "填表说明",
    "填写说明",
    # a template's example row, under the header (示例 / 例 in its 序号 cell): not a member
    "示例",
    "样例",
    "例：",
    "例:",
)
#: a row whose first cell says exactly this is a template's example row (first characters
#: among those of FOOTER_PREFIXES)
_EXAMPLE_MARKS = frozenset({"例", "例子"})
_FOOTER_FIRST = frozenset(p[0] for p in FOOTER_PREFIXES)
#: lines above the header that are not the sheet's title
_NOT_TITLE_PREFIXES = ("填报单位", "填表单位", "填报日期", "填表日期", "单位", "日期", "制表")
HEADER_SCAN_ROWS = 30

_HEADER_NOISE = re.compile(r"[\s\u3000*＊:：]+")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_INNER_SPACES = re.compile(r"[\s\u3000]+")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH_HEADER = str.maketrans("０１２３４５６７８９（）／", "0123456789()/")
_GENDERS = {"男": "男", "女": "女", "男性": "男", "女性": "女"}
_POLITICAL = {
    "团员": "共青团员",
    "共青团团员": "共青团员",
    "预备党员": "中共预备党员",
    "党员": "中共党员",
    "中国共产党党员": "中共党员",
    "中国共产党预备党员": "中共预备党员",
    "中国共产主义青年团团员": "共青团员",  # HR systems write the League's full name
    "中国共产主义青年团员": "共青团员",
}
#: 证件类型 as the online system (智慧团建) and common templates write it → the app's types.
#: A valid 18-digit number is checked as a 居民身份证 number whatever the type says.
_ID_TYPES = {
    "普通居民身份证": "居民身份证",
    "身份证": "居民身份证",
    "居民身份证": "居民身份证",
    "二代身份证": "居民身份证",
    "第二代居民身份证": "居民身份证",
    "中华人民共和国居民身份证": "居民身份证",
    "境外身份证": "其他",
    "港澳居民来往内地通行证": "港澳居民来往内地通行证",
    "港澳通行证": "港澳居民来往内地通行证",
    "回乡证": "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证": "台湾居民来往大陆通行证",
    "台胞证": "台湾居民来往大陆通行证",
    "护照": "护照",
    "外国护照": "护照",
}
#: what a secretary writes in a cell that has no value (a non-Party member's 入党时间, a missing
#: phone): a blank cell, never a value to check or store (a 团小组 named “无”)
_NO_VALUE = frozenset(
    {"无", "暂无", "没有", "不详", "未知", "-", "－", "—", "--", "——", "－－", "/", "／"}
)
#: a post column's way of saying "no post"
_NO_POST = _NO_VALUE | {"普通团员", "团员"}
#: 学历 as sheets write it → the form's list (other values are kept as written)
_EDUCATION = {
    "大学本科": "本科",
    "本科生": "本科",
    "学士": "本科",
    "大学专科": "大专",
    "专科": "大专",
    "高职": "大专",
    "高职高专": "大专",
    "研究生": "硕士研究生",
    "硕士": "硕士研究生",
    "博士": "博士研究生",
    "普通高中": "高中",
    "高中生": "高中",
    "职高": "中职",
    "中等专科": "中专",
    "中等职业学校": "中职",
    "中职中专": "中职",  # 智慧团建 全日制学历 "中职中专在读"
    "技工学校": "技校",
    "初级中学": "初中",
}
#: words around a 学历 that say nothing about it, stacked or not ("本科毕业学历", "全日制普通本科")
_EDUCATION_NOISE = re.compile(r"^(?:全日制|普通)+|(?:在读|毕业|肄业|结业|学历|及以上|在校)+$")


@dataclass
class SheetColumn:
    index: int  # 0-based column index (A = 0)
    header: str  # the header text as written in the sheet
    field: str | None  # a FIELD_LABELS key, or None (ignored)


@dataclass(slots=True)  # 10,000s per import: slots make and free them faster
class SheetRow:
    row: int  # 1-based sheet row, as Excel shows it
    cells: list[Any]  # the row's original cell values (for the problem-row file)
    #: field key → normalised value: str for text fields, (date, Precision) for dates (never
    #: a NOT_KEPT_FIELDS key).
    #: Blank cells are absent (an import never clears a stored value with a blank cell).
    values: dict[str, Any]
    #: cell-level problems (Chinese), e.g. "身份证号被存成数字"; field key → message. Rows
    #: without any share one read-only empty mapping: replace it (never add to it)
    problems: Mapping[str, str] = field(default_factory=dict)


@dataclass
class RosterSheet:
    path: Path
    sheet_name: str
    sheet_names: list[str]
    header_row: int  # 1-based
    columns: list[SheetColumn]
    rows: list[SheetRow]
    #: text of the title line above the header ("示例社区团支部团员花名册"), "" if none
    title: str = ""
    #: rows skipped as signatures / notes under the table (制表人, 审核人, ...) and a template's
    #: example row (示例)
    footer_rows: list[int] = field(default_factory=list)
    #: (sheet row, notice) about the sheet itself, e.g. far-away cells that were ignored
    notices: list[tuple[int, str]] = field(default_factory=list)
    #: when the sheet was found (not named): the later sheets that hold a roster too (a
    #: workbook with one sheet per class), which this read does not import
    other_rosters: list[str] = field(default_factory=list)

    @property
    def mapping(self) -> dict[int, str]:
        """Column index → field key, for mapped columns."""
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    @property
    def unknown_columns(self) -> list[str]:
        """Headers that map to no field (listed and ignored)."""
        return [c.header for c in self.columns if c.field is None and c.header]

    @property
    def header_texts(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def branch_name_hint(self) -> str:
        return branch_name_from_title(self.title)


def normalize_header(text: Any) -> str:
    """' 序 号' → '序号', '姓  名*' → '姓名' (spaces, full-width spaces, stars, colons removed)."""
    if text is None:
        return ""
    return _HEADER_NOISE.sub("", str(text).translate(_FULL_WIDTH_HEADER))


def field_for_header(text: Any) -> str | None:
    """The field a header names, or None: '身份证号码' → 'id_number', '入团时间（年月）' → 'join_date'."""
    key = normalize_header(text)
    if not key:
        return None
    if key in HEADER_SYNONYMS:
        return HEADER_SYNONYMS[key]
    return HEADER_SYNONYMS.get(_BRACKETS.sub("", key))


def branch_name_from_title(title: str) -> str:
    """'2026年示例社区团支部团员花名册' → '示例社区团支部'; '' if the title names no branch."""
    text = _INNER_SPACES.sub("", title or "")
    text = re.sub(r"^\d{4}年(度)?", "", text)
    match = re.search(r"(.+?团支部)", text)
    if match:
        return match.group(1)
    for suffix in ("花名册", "名册", "名单"):
        if text.endswith(suffix):
            rest = text.removesuffix(suffix).removesuffix("团员")
            return rest + "团支部" if rest else ""
    return ""


def list_sheets(path: str | Path) -> list[str]:
    """The workbook's sheet names, in order. UnreadableFileError if the file cannot be read."""
    return list(_open_workbook(Path(path), sheets=False)[0].sheet_names)


@cyclic_gc_paused()  # 10,000s of rows that all survive: no collector passes over them
def read_roster(
    path: str | Path,
    sheet: str | None = None,
    mapping: Mapping[int | str, str | None] | None = None,
) -> RosterSheet:
    """Read a roster sheet: header found, columns mapped, cells normalised, dates parsed.

    sheet: a sheet name; None = the first sheet that has a roster header.
    mapping: corrections to the automatic column mapping. Keys are 0-based column indexes or
        header texts (as in the sheet, spaces ignored); values are FIELD_LABELS keys or None
        (ignore the column). Other columns keep their automatic mapping.
    Raises UnreadableFileError (file missing / not a spreadsheet / no header), UserError (no such
    sheet, a field mapped twice).
    """
    path = Path(path)
    workbook, bounds = _open_workbook(path)
    names = list(workbook.sheet_names)
    if sheet is not None and sheet not in names:
        raise UserError(f"工作表“{sheet}”不存在，可选：{'、'.join(names)}。")
    candidates = [sheet] if sheet is not None else names
    from branchdesk.core.io import dues_book_reader

    dues_book = False
    for name in candidates:
        cells = sheet_bounds.clean_cells(_sheet_cells(workbook, name, path))
        header_row = _roster_header_row(cells)
        if header_row is not None:
            roster = _build(path, name, names, cells, header_row, mapping)
            if sheet is None:
                del cells
                roster.other_rosters = _other_rosters(
                    workbook, names[names.index(name) + 1 :], path
                )
            return sheet_bounds.finish(roster, bounds)
        dues_book = dues_book or dues_book_reader.find_dues_header(cells) is not None
    where = f"工作表“{sheet}”" if sheet is not None else f"“{path.name}”"
    if dues_book:
        raise UnreadableFileError(
            f"{where}是团费收缴登记表，不是花名册：{dues_book_reader.USE_DUES_IMPORT}"
        )
    raise UnreadableFileError(f"{where}中找不到花名册的表头行（应有“姓名”“身份证号”等列名）。")


def _roster_header_row(cells: list[list[Any]]) -> int | None:
    """0-based index of the sheet's roster header row; None if it has none (or is a dues book's
    header, which names 姓名 too)."""
    from branchdesk.core.io import dues_book_reader

    header_row = find_header_row(cells)
    if header_row is None or dues_book_reader.is_dues_header(cells[header_row]):
        return None
    return header_row


def _other_rosters(workbook, names: list[str], path: Path) -> list[str]:
    """Those of the sheets that have a roster header with members under it."""
    found = []
    for name in names:
        try:
            cells = sheet_bounds.clean_cells(_sheet_cells(workbook, name, path))
        except UnreadableFileError:
            continue  # not a roster this import could read either
        header_row = _roster_header_row(cells)
        if header_row is not None and any(map(_first_content, cells[header_row + 1 :])):
            found.append(name)
    return found


def find_header_row(cells: list[list[Any]], lookup=None) -> int | None:
    """0-based index of the row naming the most known fields (needs 姓名 or 身份证号), or None.

    Blank cells count the header text above them (a header merged over two rows).
    lookup: header text → field key (default: the roster's headers)."""
    lookup = lookup or field_for_header
    best, best_count = None, 1
    for index, row in enumerate(cells[:HEADER_SCAN_ROWS]):
        if not any(isinstance(c, str) and lookup(c) for c in row):
            continue
        found = {c.field for c in _columns(cells, index, lookup)} - {None}
        if ("name" in found or "id_number" in found) and len(found) > best_count:
            best, best_count = index, len(found)
    return best


# --- reading -----------------------------------------------------------------------------------


def _open_workbook(path: Path, sheets: bool = True):
    """(workbook, what measuring found); sheets=False: enough to list the sheet names, which
    is all that workbook may be used for."""
    from python_calamine import CalamineWorkbook

    if not path.is_file():
        raise UnreadableFileError(f"找不到文件“{path}”。")
    bounds = sheet_bounds.check_workbook(path, sheets)  # before calamine allocates anything
    if csv_book.is_csv(path):
        return csv_book.CsvBook.from_path(path), bounds
    try:
        if isinstance(bounds.source, Path):
            return CalamineWorkbook.from_path(str(path)), bounds
        return CalamineWorkbook.from_filelike(bounds.source), bounds
    except Exception:  # calamine raises several types for a broken or foreign file
        raise UnreadableFileError(
            f"无法读取“{path.name}”：不是有效的 Excel（.xlsx/.xls）、ODS 或 CSV 表格。"
        ) from None


def _sheet_cells(workbook, name: str, path: Path) -> list[list[Any]]:
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:
        raise UnreadableFileError(f"无法读取“{path.name}”中的工作表“{name}”。") from None


def _build(path, name, names, cells, header_index, overrides) -> RosterSheet:
    columns = _columns(cells, header_index)
    if overrides:
        _apply_overrides(columns, overrides)
    _refuse_duplicate_fields(columns)
    sheet = RosterSheet(
        path=path,
        sheet_name=name,
        sheet_names=names,
        header_row=header_index + 1,
        columns=columns,
        rows=[],
        title=_title(cells[:header_index]),
    )
    is_header, probe = _header_matcher(columns)
    above = _rows_above(cells[: header_index + 1])
    numbers: list[int] = []  # the members' rows: their sheet row numbers
    raws: list[list[Any]] = []  # and their cells
    for number, raw in enumerate(islice(cells, header_index + 1, None), header_index + 2):
        first = raw[0] if raw else None
        if first is None or type(first) is str:
            first = _first_content(raw)
            if first is None:
                continue  # blank
            if type(first) is str and _is_footer_text(first):
                sheet.footer_rows.append(number)
                continue
            if is_header(raw) or (first in above and _normalized_row(raw) in above[first]):
                continue  # the header repeated (printed sheets), or a row of it or above it
        # else the first cell (a 序号 ...) is the row's first content, not text: not blank, not
        # a footer, and the header repeated only if another cell than it is is_header's probe
        elif probe != 0 and is_header(raw):
            continue
        numbers.append(number)
        raws.append(raw)
    numbered = next((c.index for c in columns if c.field == "seq"), None)
    sheet.rows = _read_rows(numbers, raws, _converters(columns), numbered)
    return sheet


def _rows_above(rows: list[list[Any]]) -> dict[str, set[tuple[str, ...]]]:
    """The header's rows and those above it (title, 填报单位 line), by their first text: a
    sheet pasted under another repeats them all, and the rows of a two-row header (基本信息 over
    姓名, 性别 ...) do not repeat the header as its columns read it."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for raw in rows:
        first = _first_content(raw)
        if type(first) is str:
            found.setdefault(first, set()).add(_normalized_row(raw))
    return found


def _normalized_row(raw: list[Any]) -> tuple[str, ...]:
    cells = [normalize_header(_plain(c)) for c in raw]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _header_matcher(columns: list[SheetColumn]):
    """(is_header(row): the row repeats the header, the column it looks at first)."""
    keys = [normalize_header(c.header) for c in columns]
    probe = next((c.index for c in columns if c.field), 0)
    # a cell normalises to the probe's header only if it holds the header's first character
    # (normalize_header removes characters and makes only ASCII digits, brackets and / of
    # others): a member's name is told from 姓名 by one search, not by normalising it
    first = keys[probe][:1] if probe < len(keys) else ""
    needed = first if first and first not in "0123456789()/" else ""

    def is_header(raw: list[Any]) -> bool:
        cell = raw[probe] if probe < len(raw) else None
        if not isinstance(cell, str) or needed not in cell:
            return False
        if normalize_header(cell) != keys[probe]:
            return False
        return [normalize_header(c) for c in raw[: len(keys)]] == keys

    return is_header, probe


def _columns(cells: list[list[Any]], header_index: int, lookup=None) -> list[SheetColumn]:
    """Headers of the header row; a blank header cell takes the text above (vertically merged)."""
    lookup = lookup or field_for_header
    header = cells[header_index]
    columns = []
    for col, text in enumerate(header):
        label = _plain(text)
        if not label:
            for above in range(header_index - 1, max(header_index - 3, -1), -1):
                candidate = _plain(_cell(cells[above], col))
                if candidate and lookup(candidate):
                    label = candidate
                    break
        columns.append(SheetColumn(col, label, lookup(label) if label else None))
    _drop_repeated_fields(columns)
    return columns


def _drop_repeated_fields(columns: list[SheetColumn]) -> None:
    """A second column naming the same field (e.g. 职务 beside 团内职务) is left unmapped."""
    seen: set[str] = set()
    for column in columns:
        if column.field in seen:
            column.field = None
        elif column.field:
            seen.add(column.field)


def _apply_overrides(columns: list[SheetColumn], overrides: Mapping[int | str, str | None]) -> None:
    by_header = {normalize_header(c.header): c for c in columns}
    for key, target in overrides.items():
        if target is not None and target not in FIELD_LABELS:
            raise UserError(f"未知的字段“{target}”。")
        column: SheetColumn | None
        if isinstance(key, int):
            if not 0 <= key < len(columns):
                raise UserError(f"第{key + 1}列不存在。")
            column = columns[key]
        else:
            column = by_header.get(normalize_header(key))
            if column is None:
                raise UserError(f"表头中没有“{key}”这一列。")
        column.field = target


def _refuse_duplicate_fields(columns: list[SheetColumn]) -> None:
    seen: dict[str, str] = {}
    for column in columns:
        if column.field is None:
            continue
        if column.field in seen:
            raise UserError(
                f"“{column.header}”和“{seen[column.field]}”两列都对应"
                f"{FIELD_LABELS[column.field]}，请只保留一列。"
            )
        seen[column.field] = column.header


def _title(rows_above: list[list[Any]]) -> str:
    for row in rows_above:
        for cell in row:
            text = _plain(cell)
            if text:
                if text.replace(" ", "").startswith(_NOT_TITLE_PREFIXES):
                    break
                return text
    return ""


def _is_blank(row: list[Any]) -> bool:
    return _first_content(row) is None


def _is_footer(row: list[Any]) -> bool:
    first = _first_content(row)
    return type(first) is str and _is_footer_text(first)


def _first_content(row: list[Any]) -> Any:
    """The first cell that is not blank (text stripped), or None for a blank row."""
    for cell in row:
        if cell is None:
            continue
        if type(cell) is str:
            text = cell.strip()
            if text:
                return text
            continue
        return cell
    return None


def _is_footer_text(text: str) -> bool:
    """A row starting with this text is a signature or note under the table (制表人 ...)."""
    return text[0] in _FOOTER_FIRST and (
        _INNER_SPACES.sub("", text).startswith(FOOTER_PREFIXES) or text in _EXAMPLE_MARKS
    )


def _cell(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


# --- cells -------------------------------------------------------------------------------------


def _plain(value: Any) -> str:
    """Any cell → trimmed text: full-width digits made ASCII, whole floats without '.0'."""
    if type(value) is str:
        text = value.strip()
        return text if text.isascii() else text.translate(_FULL_WIDTH_DIGITS)
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


#: field → (label, most characters): longer text is a cell problem (the database's sizes)
_TEXT_LIMITS = {**FIELD_LIMITS, "group": ("团小组", sheet_bounds.GROUP_NAME_LIMIT)}


#: fields a column is recognised as (so it is not an unknown column) but whose cells are not kept
NOT_KEPT_FIELDS = frozenset({"seq"})  # 序号: the sheet's own numbering


def _converters(columns: list[SheetColumn]) -> list[tuple[int, str, Any, int]]:
    """(column index, field, converter, most characters or 0) per mapped column kept."""
    return [
        (c.index, c.field, _CONVERTERS.get(c.field, _text), _TEXT_LIMITS.get(c.field, ("", 0))[1])
        for c in columns
        if c.field and c.field not in NOT_KEPT_FIELDS
    ]


#: the problems of a row that has none (10,000s of rows: one shared, read-only mapping)
NO_PROBLEMS: Mapping[str, str] = MappingProxyType({})
#: a converter's result for a cell it refused (the reason is kept aside)
_REFUSED = object()


def _read_rows(
    numbers: list[int], raws: list[list[Any]], converters, numbered: int | None = None
) -> list[SheetRow]:
    """Convert the members' rows (sheet row numbers, cells) column by column (10,000s of rows:
    one C-level map per column instead of a Python call per cell), then gather each row's
    non-blank values. numbered: the 序号 column; a row with nothing else is blank (a template
    numbered ahead of its members)."""
    if not raws:
        return []
    width = converters[-1][0] + 1 if converters else 0
    if width and min(map(len, raws)) >= width:  # calamine's rows: all as wide as the sheet
        by_column = list(zip(*raws, strict=False))
    else:  # the mapped part of every row (blank cells added to short rows), turned into columns
        mapped = [
            raw[:width] if len(raw) >= width else raw + [None] * (width - len(raw)) for raw in raws
        ]
        by_column = list(zip(*mapped, strict=True)) if width else []
    keys: list[str] = []
    columns: list[list[Any]] = []
    problems: dict[int, dict[str, str]] = {}  # row position → field → problem
    for col, key, convert, limit in converters:
        refused: list[str] = []  # the reasons of the cells convert could not read, in order
        # a column of usual cells (names, ID numbers, codes, phones) is converted in C
        at_once = _COLUMN_CONVERTERS.get(convert)
        values: list[Any] | None = at_once(by_column[col]) if at_once else None
        if values is None:
            try:  # the usual column: every cell readable, converted without a wrapper per cell
                values = list(map(convert, by_column[col]))
            except ValueError:
                values = list(map(_refusing(convert, key, refused), by_column[col]))
        if refused:
            at = [i for i, value in enumerate(values) if value is _REFUSED]
            for i, message in zip(at, refused, strict=True):
                problems.setdefault(i, {})[key] = message
                values[i] = None
        if limit and _longest(values) > limit:
            label = _TEXT_LIMITS[key][0]
            for i, value in enumerate(values):
                if value and len(value) > limit:
                    problems.setdefault(i, {})[key] = too_long(label, len(value), limit)
        keys.append(key)
        columns.append(values)
    # field → value for every row (most rows have no blank), then the rows with a blank value
    # again without it (an import never clears a stored value with a blank cell)
    row_values = list(map(_dict_maker(tuple(keys)), *columns)) if columns else [{}] * len(raws)
    with_blanks: set[int] = set()
    for values in columns:
        if not all(values):
            with_blanks.update(compress(count(), map(not_, values)))
    for i in with_blanks:
        row_values[i] = {k: v for k, v in row_values[i].items() if v}
    rows = list(map(SheetRow, numbers, raws, row_values, repeat(NO_PROBLEMS, len(raws))))
    for i, found in problems.items():
        rows[i].problems = found
    if numbered is not None and not all(row_values):
        rows = [r for r in rows if r.values or r.problems or not _only_numbered(r.cells, numbered)]
    return rows


def _only_numbered(cells: list[Any], numbered: int) -> bool:
    """The row holds nothing but its 序号."""
    return _first_content(cells[:numbered] + cells[numbered + 1 :]) is None


def _longest(values: list[Any]) -> int:
    """The length of the longest of a text column's values (a refused cell is None)."""
    try:
        return max(map(len, values), default=0)  # the usual column: every value a text
    except TypeError:
        return max(map(len, filter(None, values)), default=0)


@lru_cache(maxsize=32)
def _dict_maker(keys: tuple[str, ...]):
    """A function of len(keys) values giving {keys[0]: first value, ...}: a dict display with
    constant keys is built in one step (dict(zip(keys, values)) takes twice as long per row).
    The keys are FIELD_LABELS keys, written into the code by repr."""
    assert set(keys) <= FIELD_LABELS.keys(), keys
    names = [f"v{i}" for i in range(len(keys))]
    pairs = ", ".join(f"{key!r}: {name}" for key, name in zip(keys, names, strict=True))
    return eval(f"lambda {', '.join(names)}: {{{pairs}}}")  # noqa: S307 - keys checked above


def _refusing(convert, key: str, refused: list[str]):
    """convert, returning _REFUSED for a cell it cannot read (its reason appended to refused).
    Blank cells convert to a blank value."""

    def read(value: Any) -> Any:
        try:
            return convert(value)
        except ValueError as exc:
            refused.append(_problem_text(key, exc))
            return _REFUSED

    return convert if convert in _NEVER_REFUSE else read


def _problem_text(key: str, exc: ValueError) -> str:
    message = str(exc)
    if key in DATE_FIELDS:
        return f"{FIELD_LABELS[key]}：{message}"
    return message


_DIGITS = b"0123456789"


def _joined_text(cells: tuple[Any, ...]) -> str | None:
    """A column's cells as one text, to test them all at once; None if a cell is not text."""
    try:
        return "".join(cells)
    except TypeError:
        return None


def _usual_id_numbers(cells: tuple[Any, ...]) -> list[str] | None:
    """[_id_number(cell) for cell in cells] when every cell is the usual one (18 ASCII letters
    and digits, the first 17 digits), tested on the whole column at once; else None."""
    joined = _joined_text(cells)
    if joined is None or not (
        len(joined) == 18 * len(cells)
        and min(map(len, cells)) == 18
        and joined.isascii()
        and joined.isalnum()
    ):
        return None
    # every cell is 18 characters: the 18th ones are joined[17::18]. The first 17 of each are
    # digits when every non-digit of the column is one of those (counted, not cut out cell by
    # cell); an upper-case X or a digit there needs no upper()
    checks = joined[17::18]
    if len(joined.encode().translate(None, _DIGITS)) != len(
        checks.encode().translate(None, _DIGITS)
    ):
        return None
    return list(cells) if checks.upper() == checks else list(map(str.upper, cells))


def _as_is_when(test):
    """A column converter: the cells as they are when the converter would return each one
    unchanged, which test (str.isalpha ...) decides for all the column's text at once."""

    def column(cells: tuple[Any, ...]) -> list[str] | None:
        joined = _joined_text(cells)
        return list(cells) if joined is not None and test(joined) else None

    return column


def _ascii_and(test):
    return lambda text: text.isascii() and test(text)


def _id_number(value: Any) -> str:
    if (
        type(value) is str
        and len(value) == 18
        and value.isascii()
        and value.isalnum()
        and value[:17].isdigit()
    ):
        return value.upper()  # the usual cell: 18 characters, 17 of them digits, nothing around
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("身份证号被存成数字")
    text = _unquoted(_plain(value))
    if text in _NO_VALUE:
        return ""  # no number yet (资料不全)
    if _SCIENTIFIC.match(text):  # a CSV saved by Excel: 1.10105E+17
        raise ValueError("身份证号被存成数字（科学计数法），后几位已经丢失")
    return idcard.normalize(text.replace("＊", "*"))


def _name(value: Any) -> str:
    if type(value) is str and value.isalpha():
        return value  # the usual name: letters only (no digit, space or mark to clean)
    text = _plain(value)
    if (" " in text or "\u3000" in text) and _CJK.search(text):
        text = _INNER_SPACES.sub("", text)  # "张  三" is spaced to line up in a printed sheet
    return text


def _digits(value: Any) -> str:
    """Numbers and codes: no spaces at all."""
    if type(value) is str and value.isascii() and value.isalnum():
        return value  # the usual code: ASCII letters and digits only
    if type(value) is float:  # as _plain writes it, which has no space to remove
        return str(int(value)) if value.is_integer() else repr(value)
    text = _plain(value)
    if text in _NO_VALUE:
        return ""
    return text if text.isalnum() else _INNER_SPACES.sub("", _unquoted(text))


#: a number kept as text the way Excel users and exporting systems write it: '440305…, ="440305…"
_QUOTED_NUMBER = re.compile(r"^[\'‘’`](.*)$|^=\s*[\"“](.*)[\"”]$", re.S)


def _unquoted(text: str) -> str:
    """'440305… → 440305… (the apostrophe that makes Excel keep digits as text, typed or
    exported into the cell); ="440305…" (a CSV export's text formula) → 440305…"""
    if text[:1] not in ("'", "‘", "’", "`", "="):
        return text
    match = _QUOTED_NUMBER.match(text)
    return (match.group(1) if match.group(1) is not None else match.group(2)) if match else text


def _phone(value: Any) -> str:
    if type(value) is str and value.isascii() and value.isdigit():
        return value  # the usual phone number
    text = _digits(value)
    if "-" in text:
        digits = text.replace("-", "")
        if len(digits) == 11 and digits.startswith("1") and digits.isdigit():
            return digits  # 138-0000-0000
    return text


# Values that repeat down a column (性别, 民族, dates, 单位) are converted once.
@lru_cache(maxsize=4096)
def _text(value: Any) -> str:
    text = _plain(value)
    return "" if text in _NO_VALUE else text


@lru_cache(maxsize=64)
def _gender(value: Any) -> str:
    text = _digits(value)
    return _GENDERS.get(text, text)


@lru_cache(maxsize=64)
def _political(value: Any) -> str:
    # 中共党员（保留团籍）: the note says what every Party member in a League roster is
    text = _RETAINED.sub("", _digits(value))
    return _POLITICAL.get(text, text)


_RETAINED = re.compile(r"[（(]保留团籍[）)]$")


@lru_cache(maxsize=256)
def _ethnicity(value: Any) -> str:
    return normalize_ethnicity(_text(value))


@lru_cache(maxsize=256)
def _education(value: Any) -> str:
    """'本科在读' → '本科', '大学专科' → '大专'; unknown values as written."""
    text = _digits(value)
    if text in EDUCATIONS:
        return text
    stripped = _EDUCATION_NOISE.sub("", text)
    if stripped in EDUCATIONS:
        return stripped
    return _EDUCATION.get(stripped, text)


@lru_cache(maxsize=64)
def _id_type(value: Any) -> str:
    text = _digits(value)
    return _ID_TYPES.get(text, text)


@lru_cache(maxsize=256)
def _post(value: Any) -> str:
    text = _plain(value)
    return "" if text in _NO_POST else text


@lru_cache(maxsize=8192)
def _date(value: Any):
    if type(value) is str and value.strip() in _NO_VALUE:
        return None  # 入党时间 “无” (not a Party member), 入团时间 “不详”
    return date_parse.parse_sheet_date(value)


_CONVERTERS = {
    "id_number": _id_number,
    "name": _name,
    "gender": _gender,
    "ethnicity": _ethnicity,
    "political_status": _political,
    "phone": _phone,
    "seq": _digits,
    "member_card_no": _digits,
    "development_no": _digits,
    "education": _education,
    "id_type": _id_type,
    "league_post": _post,
    "student_no": _digits,
    "birth_date": _date,
    "join_date": _date,
    "probationary_on": _date,
    "full_member_on": _date,
}
#: converter → the same conversion of a whole column at once (C-level tests of all its text),
#: or None when a cell needs the converter; each test is the converter's own usual case
_COLUMN_CONVERTERS = {
    _id_number: _usual_id_numbers,
    _name: _as_is_when(str.isalpha),
    _digits: _as_is_when(_ascii_and(str.isalnum)),
    _phone: _as_is_when(_ascii_and(str.isdigit)),
}
#: converters that read any cell (the others raise ValueError for a cell they cannot read)
_NEVER_REFUSE = frozenset(
    {_text, _name, _digits, _phone, _gender, _political, _ethnicity, _education, _id_type, _post}
)
