"""A .csv file read like a one-sheet workbook, for the importers.

Online systems and other tools export CSV in UTF-8 (with or without a BOM) or GBK/GB18030 (what
Excel writes on a Chinese Windows). The encoding is detected, the delimiter sniffed (comma, tab,
semicolon, full-width comma, bar), and cells come back as text (blank cells as None), the same
shape as `CalamineSheet.to_python()` gives.

    book = CsvBook.from_path("团员.csv")
    book.sheet_names                       # ["团员"]
    book.get_sheet_by_name("团员").to_python()
"""

import csv
import io
from pathlib import Path

from branchdesk.core.errors import UnreadableFileError

ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",\t;，|"
SNIFF_CHARS = 64 * 1024
CSV_SUFFIXES = frozenset({".csv", ".txt"})


def is_csv(path: Path) -> bool:
    return path.suffix.lower() in CSV_SUFFIXES


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(f"无法读取“{name}”：文字编码不是 UTF-8 或 GBK/GB18030。")


def sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # one column, or a sample the sniffer cannot decide: the most frequent candidate
        first_lines = "\n".join(sample.splitlines()[:20])
        counts = {d: first_lines.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_rows(text: str) -> list[list[str | None]]:
    delimiter = sniff_delimiter(text)
    rows = []
    for raw in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([cell if cell.strip() else None for cell in raw])
    return rows


class _CsvSheet:
    def __init__(self, rows: list[list[str | None]]):
        self.rows = rows

    def to_python(self, skip_empty_area: bool = False) -> list[list[str | None]]:
        return self.rows


class CsvBook:
    """The few CalamineWorkbook methods the importers use."""

    def __init__(self, name: str, rows: list[list[str | None]]):
        self.sheet_names = [name]
        self._sheet = _CsvSheet(rows)

    @classmethod
    def from_path(cls, path: str | Path) -> "CsvBook":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError:
            raise UnreadableFileError(f"无法读取“{path.name}”。") from None
        if b"\0" in data[:4096]:
            raise UnreadableFileError(f"无法读取“{path.name}”：不是文本格式的 CSV 文件。")
        try:
            rows = read_rows(decode(data, path.name))
        except csv.Error:
            raise UnreadableFileError(f"无法读取“{path.name}”：CSV 格式有误。") from None
        return cls(path.stem or "Sheet1", rows)

    def get_sheet_by_name(self, name: str) -> _CsvSheet:
        if name not in self.sheet_names:
            raise KeyError(name)
        return self._sheet
