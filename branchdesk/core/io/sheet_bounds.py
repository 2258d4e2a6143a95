"""Bounds for hostile spreadsheets, checked before python-calamine loads anything.

calamine holds a sheet as one rectangle from its first to its last used cell: a single stray cell
at XFD1048576 in a 5 KB file asks for hundreds of GiB and aborts the whole process (a Rust panic
no `except` can catch). So before a workbook is opened the file is measured: its size, the
unpacked size of each part (a zip bomb), and for .xlsx each sheet's real extent, read from the
cell references in its XML. Cells far away from the table (beyond a long run of empty rows or
columns) are cut out of an in-memory copy and reported; a sheet that is still too big is refused
with a Chinese message. Formulas without a cached value (written by a program, never opened in
Excel) are found at the same time, so the reader can say why such a cell looks empty.

Cell text is cleaned here too: zero-width and control characters are removed.
"""

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from branchdesk.core.errors import UnreadableFileError
from branchdesk.core.text import strip_invisible

#: the largest spreadsheet file read at all
MAX_FILE_BYTES = 100 * 1024 * 1024
#: the largest unpacked part of an .xlsx / .ods (a sheet's XML, the shared strings)
MAX_PART_BYTES = 300 * 1024 * 1024
#: all unpacked parts together
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
#: the largest rectangle calamine is allowed to allocate (cells); a 50,000-member roster with
#: 20 columns is 1,000,000
MAX_CELLS = 4_000_000
#: cells further than this many empty rows / columns from the table are strays
ROW_GAP = 1000
COLUMN_GAP = 100
#: a 团小组's name (the branch_group.name column)
GROUP_NAME_LIMIT = 50

_CELL_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')  # noqa: E501
_CELL = re.compile(
    rb'<((?:[A-Za-z_][\w.-]*:)?)c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>.*?</\1c>)',
    re.S,
)
#: a formula element, <f or <x:f (found from its f, then a look back at what precedes it: one
#: search, 2.5× faster than one for "<f" and one for ":f")
_FORMULA = re.compile(rb"f[\s>/](?<=[<:]f.)")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s")
_CACHED_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>[^<]|<(?:[A-Za-z_][\w.-]*:)?is>")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?/>")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Checked:
    """What calamine may open (the path, or a trimmed copy in memory) and what was found."""

    source: Path | io.BytesIO
    #: sheet name → (sheet row, notice) lines for the import report
    notices: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: sheet name → {(1-based row, 0-based column)} of formulas with no cached value
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def check_workbook(path: Path, sheets: bool = True) -> Checked:
    """Measure the file before it is opened; raises UnreadableFileError when it is too big.

    sheets=False: only what opening the workbook loads (calamine reads an .xlsx sheet only when
    it is asked for; an .ods is read whole when opened), enough to list the sheet names."""
    try:
        size = path.stat().st_size
    except OSError:
        return Checked(path)  # the reader says the file is missing
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(
            f"“{path.name}”太大（{size // (1024 * 1024)} MB），花名册文件不应超过 "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB。"
        )
    if path.suffix.lower() in (".csv", ".txt"):
        _check_csv(path)
        return Checked(path)
    if not zipfile.is_zipfile(path):
        return Checked(path)  # .xls: its size bounds it (at most 65536 × 256 cells)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(path, archive)
            if "xl/workbook.xml" in archive.namelist():
                return _check_xlsx(path, archive) if sheets else Checked(path)
            if "content.xml" in archive.namelist():
                _check_ods(path, archive)
            return Checked(path)
    except UnreadableFileError:
        raise
    except Exception:  # a part that cannot be unpacked or parsed: refused, never half-measured
        raise UnreadableFileError(
            f"无法读取“{path.name}”：文件已损坏，或不是有效的 Excel（.xlsx）或 ODS 表格。"
        ) from None


def clean_cells(cells: list[list]) -> list[list]:
    """Remove zero-width and control characters from every text cell (in place)."""
    for row in cells:
        for value in row:  # the usual row: looked at without numbering its cells
            if type(value) is str and not value.isprintable():
                # the row's text cells, cleaned (strip_invisible gives a clean text back as is)
                row[:] = [strip_invisible(v) if type(v) is str else v for v in row]
                break
    return cells


def formula_problem(column_label: str) -> str:
    return f"{column_label}是没有计算结果的公式（请在 Excel 中打开、保存后再导入，或改为填写数值）"


# -- xlsx ---------------------------------------------------------------------------------------


def _check_sizes(path: Path, archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise UnreadableFileError(
                f"“{path.name}”解压后过大（其中“{info.filename}”有 "
                f"{info.file_size // (1024 * 1024)} MB），不像是一份花名册，已拒绝读取。"
            )


def _check_xlsx(path: Path, archive: zipfile.ZipFile) -> Checked:
    checked = Checked(path)
    replaced: dict[str, bytes] = {}
    for name, part in _sheet_parts(archive):
        if _streamed_usual(archive, part):
            continue  # usual, small and without formulas: nothing to trim or report
        data = archive.read(part)
        formulas = _formulas_without_value(data)
        if formulas:
            checked.formulas[name] = formulas
        if _usual_and_small(data):
            continue
        standard = _standard(data)
        if standard and _surely_small(data):
            continue
        rows, columns = _standard_positions(data) if standard else _positions(data)
        if not rows or _area(rows, columns) <= MAX_CELLS:
            continue
        keep_rows, keep_columns = _table_part(rows, ROW_GAP), _table_part(columns, COLUMN_GAP)
        if _area(keep_rows, keep_columns) > MAX_CELLS or not standard:
            raise UnreadableFileError(
                f"工作表“{name}”太大（从第 {min(rows)} 行到第 {max(rows)} 行、"
                f"{len(columns)} 列有内容），超出了可读取的范围（{MAX_CELLS:,} 个单元格）。"
                "请删除表格以外的内容，只保留花名册所在的区域。"
            )
        trimmed, dropped = _drop_cells(data, max(keep_rows), max(keep_columns))
        replaced[part] = trimmed
        example = dropped[0] if dropped else ""
        checked.notices[name] = [
            (
                int(re.sub(r"[A-Z]", "", example) or max(rows)),
                f"远离表格的 {len(dropped)} 个单元格（如 {example}）已忽略",
            )
        ]
    if replaced:
        checked.source = _copy_with(archive, replaced)
    return checked


#: what makes a sheet's XML unusual (then every element is parsed): an r attribute written
#: another way, a namespace prefix on cells or rows, a cell or row that does not start with r="…"
#: a second r attribute after a cell's or a row's first one (calamine places the element by it)
_SECOND_R = rb' r="[^"<>]*"[^<>]*?[\s"\']r\s*='
#: an attribute glued to the one before it (t="n"r="XFD1048576": not XML, but calamine's parser
#: takes it, and placed the cell there)
_GLUED = (re.compile(rb'"r\s*='), re.compile(rb"'r\s*="))
_ODD_SYNTAX = (
    re.compile(rb"r(?:\s+=|=\s|=')"),
    *_GLUED,
    re.compile(rb":(?:c|row)[\s>/]"),
    # <c>, <c/>, <c t=…, <c\tr=…: not one space, then r="; or a second r attribute
    re.compile(rb'<c(?:(?! r=")[\s>/]|' + _SECOND_R + rb")"),
    re.compile(rb'<row(?:(?! r=")[\s>/]|' + _SECOND_R + rb")"),
)
#: a usual sheet, quickly: the first two _ODD_SYNTAX tests, then one search for a cell that is
#: not written exactly as r="…" near the table (columns A to AN, rows to 99,999); a second r
#: attribute is found by counting (see _usual_and_small). The search looks for what a usual
#: cell is not (one negative lookahead, the cheapest test found). Rows are not searched: a
#: row's r only places the cells that have none (calamine's XlsxCellReader.next_cell), and
#: here every cell has its own, so no row, however written, places a cell
_USUAL_AND_SMALL = (
    # _ODD_SYNTAX[0] in two searches with a two-byte literal start (faster than one from every
    # r): r= before anything but a double quote or after a quote (glued: t="n"r="…"), r and a
    # space before =; r and another white space character is found by _line_break_then_r
    re.compile(rb'r=(?:(?!")|(?<=["\']r=))'),
    re.compile(rb"r \s*="),
    re.compile(rb":(?:c|row)[\s>/]"),
    re.compile(rb'<c(?! r="(?:A[A-N]?|[B-Z])[0-9]{1,5}")[\s>/]'),
)
#: an r attribute that is not the first of a cell or a row (written exactly as <c r=" / <row r=")
_OTHER_R = re.compile(rb' r="(?<!<c r=")(?<!<row r=")')
_CELL_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})')
_CELL_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})')
_ROW_REFS = re.compile(rb'<row r="([0-9]{1,7})"')


def _standard(data: bytes) -> bool:
    """Every row and cell starts with r="…" (as Excel, WPS, LibreOffice and openpyxl write
    them): then literal searches, which are fast, see every position."""
    return not any(pattern.search(data) for pattern in _ODD_SYNTAX)


#: a cell after column AN (the 40th) or in a row numbered from 100,000, or such a row
_FAR_CELL = re.compile(rb'<c r="(?:[A-Z]{3}|[B-Z][A-Z]|A[O-Z]|[A-Z]{1,2}[0-9]{6})')
_FAR_ROW = re.compile(rb'<row r="[0-9]{6}')
_SMALL_ROWS, _SMALL_COLUMNS = 99_999, 40


def _usual_and_small(data: bytes) -> bool:
    """What _standard and _surely_small say of the cells, in fewer, cheaper searches (the usual
    sheet; rows are not looked at, see _USUAL_AND_SMALL). Every r="
    after a space is a cell's or a row's first attribute (one search: each ` r="` found looks
    back at what precedes it; three counts took 2.5× as long), and no tab or line break is
    followed by r: so no element has a second r attribute (by which calamine would place it)."""
    if _SMALL_ROWS * _SMALL_COLUMNS > MAX_CELLS:
        return False
    if any(pattern.search(data) for pattern in _USUAL_AND_SMALL):
        return False
    if _OTHER_R.search(data):
        return False
    return not _line_break_then_r(data)


def _line_break_then_r(
    data: bytes, seen: dict[int, int] | None = None, end: int | None = None
) -> bool:
    """A tab, line break or form feed next to an r (finding a byte is the fastest search;
    usual sheets have none or a few such bytes). seen: how many of each were found in the
    pieces before (a streamed part). end: look at data[:end] only."""
    seen = {} if seen is None else seen
    end = len(data) if end is None else end
    for byte in b"\t\n\r\f\v":
        at = data.find(byte, 0, end)
        while at != -1:
            seen[byte] = seen.get(byte, 0) + 1
            after = data[at + 1 : min(at + 2, end)]
            if b"r" in (after, data[at - 1 : at]) or seen[byte] > 1000:
                return True  # or many: the closer look decides
            at = data.find(byte, at + 1, end)
    return False


#: how much of a sheet's XML the streamed quick test unpacks at a time (under glibc's mmap
#: threshold: the pieces reuse the same memory instead of faulting in a copy of the whole part)
PIECE_BYTES = 64 * 1024


def _streamed_usual(archive: zipfile.ZipFile, part: str) -> bool:
    """_usual_and_small and no formula, tested on the part's XML as it unpacks, one piece at a
    time, each cut just before a '<'. No pattern of those tests spans a '<' (but one starting
    it) or looks behind one, so each piece holds whole what the tests see of the whole part,
    and the pieces together answer as the whole would. False: read it whole, look closer."""
    if _SMALL_ROWS * _SMALL_COLUMNS > MAX_CELLS:
        return False
    seen: dict[int, int] = {}
    with archive.open(part) as stream:
        # the CRC is not computed: nothing here relies on it, and calamine checks it as it
        # reads the part (ZipExtFile skips it when there is no CRC to compare with)
        stream._expected_crc = None  # type: ignore[attr-defined]
        carry = b""
        while piece := stream.read(PIECE_BYTES):
            data = carry + piece
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data  # no '<' to cut before yet
                continue
            if not _usual_piece(data, seen, cut):
                return False
            carry = data[cut:]
    return _usual_piece(carry, seen, len(carry))


def _usual_piece(data: bytes, seen: dict[int, int], end: int) -> bool:
    """The quick tests on data[:end] (searched in place: no copy of the piece)."""
    if any(pattern.search(data, 0, end) for pattern in _USUAL_AND_SMALL):
        return False
    if _OTHER_R.search(data, 0, end) or _FORMULA.search(data, 0, end):
        return False
    return not _line_break_then_r(data, seen, end)


def _surely_small(data: bytes) -> bool:
    """Every cell is in columns A to AN and rows below 100,000, so the sheet cannot exceed
    MAX_CELLS: two searches, much cheaper than collecting every position (rosters have a few
    columns). False only means "measure it"."""
    if _SMALL_ROWS * _SMALL_COLUMNS > MAX_CELLS:
        return False
    return not (_FAR_CELL.search(data) or _FAR_ROW.search(data))


def _standard_positions(data: bytes) -> tuple[set[int], set[int]]:
    rows = set(_CELL_ROWS.findall(data)).union(_ROW_REFS.findall(data))
    columns = set(_CELL_COLUMNS.findall(data))
    return {int(r) for r in rows}, {_column_number(c) for c in columns}


def _positions(data: bytes) -> tuple[set[int], set[int]]:
    """Every used row and column number, placed as calamine places them: from r="…", else one
    after the previous row / cell."""
    rows: set[int] = set()
    columns: set[int] = set()
    row = column = 0
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), ("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "end":
                if tag == "row":
                    element.clear()
                continue
            if tag == "row":
                ref = element.get("r")
                row = int(ref) if ref and ref.isdigit() else row + 1
                column = 0
            elif tag == "c":
                ref = element.get("r") or ""
                match = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref)
                if match:
                    column, row_here = _column_number(match.group(1).encode()), int(match.group(2))
                else:
                    column, row_here = column + 1, row
                rows.add(row_here)
                columns.add(column)
    except ElementTree.ParseError:
        # not XML (a repeated attribute, a cut-off tag): calamine may place what follows
        # anywhere, so the sheet is refused as damaged (check_workbook says so)
        raise
    return rows, columns


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name in the zip) for every worksheet, from workbook.xml and its rels."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    names = set(archive.namelist())
    parts = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        part = posixpath.normpath(part)
        if part in names:
            parts.append((sheet.get("name", ""), part))
    return parts


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _area(rows: set[int], columns: set[int]) -> int:
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)


def _table_part(numbers: set[int], gap: int) -> set[int]:
    """The numbers up to the first gap longer than `gap` (the table; what follows are strays)."""
    kept: list[int] = []
    for number in sorted(numbers):
        if kept and number - kept[-1] > gap:
            break
        kept.append(number)
    return set(kept)


def _drop_cells(data: bytes, last_row: int, last_column: int) -> tuple[bytes, list[str]]:
    dropped: list[str] = []

    def keep(match: re.Match) -> bytes:
        row, column = int(match.group(3)), _column_number(match.group(2))
        if row <= last_row and column <= last_column:
            return match.group(0)
        dropped.append((match.group(2) + match.group(3)).decode())
        return b""

    trimmed = _CELL.sub(keep, data)
    return _DIMENSION.sub(b"", trimmed), dropped


def _formulas_without_value(data: bytes) -> set[tuple[int, int]]:
    found = set()
    for formula in _FORMULA.finditer(data):
        at = formula.start() - 1  # the < or : before the f
        starts = [m.start() for m in _CELL_START.finditer(data, max(0, at - 400), at)]
        end = data.find(b"c>", formula.end())
        if not starts or end < 0:
            continue
        cell = data[starts[-1] : end + 2]
        ref = _CELL_REF.match(cell)
        if ref and not _CACHED_VALUE.search(cell):
            found.add((int(ref.group(2)), _column_number(ref.group(1)) - 1))
    return found


# -- csv ----------------------------------------------------------------------------------------

#: what may separate two cells of a CSV (UTF-8 or GB18030 bytes of the full-width comma)
_CSV_SEPARATORS = (b",", b"\t", b";", b"|", b"\n", "，".encode(), "，".encode("gb18030"))


def _check_csv(path: Path) -> None:
    """A CSV's cells are at most one more than its separators: a file of commas is refused."""
    try:
        data = path.read_bytes()
    except OSError:
        return  # the reader says it cannot read the file
    if sum(data.count(separator) for separator in _CSV_SEPARATORS) > MAX_CELLS:
        raise UnreadableFileError(
            f"“{path.name}”的单元格太多，超出了可读取的范围（{MAX_CELLS:,} 个单元格）。"
        )


# -- ods ----------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _check_ods(path: Path, archive: zipfile.ZipFile) -> None:
    """An .ods repeats cells and rows by count (number-columns-repeated="16384"): the extent of
    the cells that hold something, counted with their repeats, must fit in MAX_CELLS."""
    with archive.open("content.xml") as content:
        for name, rows, columns in _ods_extents(content):
            if rows * columns > MAX_CELLS:
                raise UnreadableFileError(
                    f"工作表“{name}”太大（有内容的区域约 {rows} 行 × {columns} 列），超出了可读取的"
                    f"范围（{MAX_CELLS:,} 个单元格）。请删除表格以外的内容，只保留花名册所在的区域。"
                )


def _ods_extents(content):
    """(table name, last row, last column) of the cells holding a value or text, per table."""
    name, row, last_row, last_column = "", 0, 0, 0
    column, row_repeat, row_has_value = 0, 1, False
    for event, element in ElementTree.iterparse(content, ("start", "end")):
        tag = element.tag
        if tag == f"{_TABLE}table":
            if event == "start":
                name, row, last_row, last_column = element.get(f"{_TABLE}name", ""), 0, 0, 0
            else:
                yield name, last_row, last_column
                element.clear()
        elif tag == f"{_TABLE}table-row":
            if event == "start":
                column, row_has_value = 0, False
                row_repeat = _repeat(element.get(f"{_TABLE}number-rows-repeated"))
            else:
                row += row_repeat
                if row_has_value:
                    last_row = row
                element.clear()
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "end":
            repeat = _repeat(element.get(f"{_TABLE}number-columns-repeated"))
            column += repeat
            if element.get(f"{_OFFICE}value-type") or "".join(element.itertext()).strip():
                row_has_value = True
                last_column = max(last_column, column)
            element.clear()


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def _copy_with(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info.filename, replaced.get(info.filename) or archive.read(info))
    out.seek(0)
    return out


# -- after reading ------------------------------------------------------------------------------


def finish(sheet, checked: Checked):
    """Add what the measuring found to a read RosterSheet: notices, and formulas without a
    value as cell problems. Returns the sheet."""
    from branchdesk.core.io.roster_reader import FIELD_LABELS

    sheet.notices += checked.notices.get(sheet.sheet_name, [])
    formulas: dict[int, list[int]] = {}
    for row, column in checked.formulas.get(sheet.sheet_name, ()):
        formulas.setdefault(row, []).append(column)
    if not formulas:
        return sheet
    fields = {c.index: c.field for c in sheet.columns if c.field}
    for row in sheet.rows:
        for column in formulas.get(row.row, ()):
            key = fields.get(column)
            if key:
                row.values.pop(key, None)
                row.problems = {**row.problems, key: formula_problem(FIELD_LABELS[key])}
    return sheet
