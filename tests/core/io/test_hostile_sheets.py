"""Hostile spreadsheets are bounded: a stray far cell, a huge extent, a zip bomb, formulas
without values, over-long and invisible text (issue 13)."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import String

from branchdesk.core.db.models import Group, Member
from branchdesk.core.errors import UnreadableFileError
from branchdesk.core.io import sheet_bounds
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.rules.member_record import FIELD_LIMITS
from branchdesk.core.services.roster_import import import_roster, preview_import
from tests.conftest import TODAY
from tests.core.io.sheets import HEADER, PEOPLE, write_xlsx

ROOT = Path(__file__).resolve().parents[3]
ID_8 = "110105200505051241"  # a woman born 2005-05-05


def _roster(path: Path, extra=None) -> Path:
    workbook = Workbook()
    ws = workbook.active
    for row in [HEADER, *PEOPLE]:
        ws.append(row)
    if extra:
        extra(ws)
    workbook.save(path)
    return path


def _read_in_a_small_process(path: Path) -> subprocess.CompletedProcess:
    """Read with 1.5 GiB of address space: a sheet that asks for more aborts only this child."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "from branchdesk.core.io.roster_reader import read_roster\n"
        "from branchdesk.core.errors import UserError\n"
        "try:\n"
        f"    sheet = read_roster({str(path)!r})\n"
        "except UserError as exc:\n"
        "    print('refused', exc.message)\n"
        "else:\n"
        "    print('rows', len(sheet.rows), sheet.notices)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_stray_cell_at_the_far_corner_is_ignored_and_reported(tmp_path):
    def stray(ws):
        ws["XFD1048576"] = "x"

    path = _roster(tmp_path / "far.xlsx", stray)
    assert path.stat().st_size < 10_000
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "rows 4" in run.stdout and "XFD1048576" in run.stdout and "已忽略" in run.stdout
    sheet = read_roster(path)
    assert [r.values["name"] for r in sheet.rows] == [p[1] for p in PEOPLE]
    assert sheet.notices == [(1048576, "远离表格的 1 个单元格（如 XFD1048576）已忽略")]


def test_the_notice_reaches_the_import_report(db, tmp_path):
    def strays(ws):
        ws["A900000"] = "x"
        ws["ZZ3"] = "y"

    path = _roster(tmp_path / "far.xlsx", strays)
    with db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert report.new == 4
    assert (3, "远离表格的 2 个单元格（如 ZZ3）已忽略") in report.notices


def test_a_sheet_too_big_even_without_strays_is_refused_with_a_message(tmp_path):
    def spread(ws):
        for row in range(10, 1_048_576, 900):  # no long gap: all of it is "the table"
            for column in range(1, 400, 40):
                ws.cell(row=row, column=column, value="x")

    path = _roster(tmp_path / "big.xlsx", spread)
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "太大" in run.stdout


def test_cells_without_positions_are_placed_and_measured(tmp_path):
    """A row far down whose cell has no r="…" attribute (allowed by the format)."""
    path = _roster(tmp_path / "plain.xlsx", lambda ws: ws.cell(row=1, column=26, value="z"))
    far = b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite_sheet(path, lambda xml: xml.replace(b"</sheetData>", far))
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "太大" in run.stdout


def test_a_part_that_unpacks_too_big_is_refused(tmp_path, monkeypatch):
    path = _roster(tmp_path / "bomb.xlsx")
    monkeypatch.setattr(sheet_bounds, "MAX_PART_BYTES", 2000)
    with pytest.raises(UnreadableFileError, match="解压后过大"):
        read_roster(path)


def test_formulas_without_a_cached_value_are_reported_as_such(db, tmp_path):
    def formulas(ws):
        ws.append([5, "=A1&A2", "男", "110105200001011238", "2015-05", "13800000009"])
        ws.append([6, "孙七", "男", "110105200001011238", "2015-05", "=1+1"])
        ws.append([7, '="周八"', "女", ID_8, "2020-05", "13800000010"])

    path = _roster(tmp_path / "formulas.xlsx", formulas)
    # the last one was opened and saved in Excel: it has its value
    _rewrite_sheet(
        path,
        lambda xml: re.sub(
            rb'<c r="B8">(<f>.*?</f>)<v ?/>',
            rb'<c r="B8" t="str">\1<v>' + "周八".encode() + b"</v>",
            xml,
        ),
    )
    path_text = read_roster(path)
    rows = {r.row: r for r in path_text.rows}
    assert rows[6].problems == {"name": sheet_bounds.formula_problem("姓名")}
    assert rows[7].problems == {"phone": sheet_bounds.formula_problem("手机号码")}
    assert rows[8].problems == {} and rows[8].values["name"] == "周八"
    with db.transaction() as s:
        preview = preview_import(s, path, today=TODAY)
    reasons = dict(preview.rejected)
    assert "没有计算结果的公式" in reasons[6] and "没有计算结果的公式" in reasons[7]
    assert 8 not in reasons


def test_cells_longer_than_their_field_are_rejected_rows_with_a_reason(db, tmp_path):
    rows = [
        HEADER + ["工作单位", "团小组"],
        PEOPLE[0] + ["单位", "一组"],
        [2, "张" * 10_000, "女", "11010520010202138X", "2016-05", "13800000002", "单位", "一组"],
        PEOPLE[2] + ["单" * 101, "一组"],
        PEOPLE[3] + ["单位", "组" * 51],
    ]
    path = write_xlsx(tmp_path / "long.xlsx", rows)
    with db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert report.new == 1
    reasons = dict(report.rejected)
    assert reasons[3] == "姓名过长（10000 个字符，最多 50 个）"
    assert reasons[4] == "工作单位过长（101 个字符，最多 100 个）"
    assert reasons[5] == "团小组过长（51 个字符，最多 50 个）"


def test_cleaning_cells_cleans_each_text_cell_and_keeps_the_rest():
    """Every text cell of a row with a dirty one is cleaned; clean texts stay the very same
    objects, other cells and clean rows are left as they are."""
    from datetime import datetime

    from branchdesk.core.text import strip_invisible

    clean, when = "王五", datetime(2020, 1, 1)
    rows = [
        [1.0, clean, None, when],
        ["\u200b张\u200d三", clean, 7, "138\x850001", None, "a\tb"],
        [None, "\ufeff"],
        [],
    ]
    expected = [[strip_invisible(v) if isinstance(v, str) else v for v in row] for row in rows]
    first_row = rows[0]
    assert sheet_bounds.clean_cells(rows) == expected
    assert rows[0] is first_row and rows[1][1] is clean and rows[1][0] == "张三"
    assert rows[1][5] == "a\tb"  # a tab is kept (strip_invisible keeps tabs and line breaks)


def test_zero_width_and_control_characters_are_removed(db, tmp_path):
    rows = [
        HEADER,
        [
            1,
            "\u200b张\u200d三\u202e",
            "男",
            "1101052000\u200b01011238",
            "2015-05",
            "138\x8500000001",
        ],
        [2, "李\ufeff四", "女", "11010520010202138X\u2060", "2016-05", "13800000002"],
    ]
    path = write_xlsx(tmp_path / "invisible.xlsx", rows)
    with db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert (report.new, report.rejected) == (2, [])
    with db.session() as s:
        stored = sorted(s.query(Member.name, Member.id_number, Member.phone))
    assert stored == [
        ("张三", "110105200001011238", "13800000001"),
        ("李四", "11010520010202138X", "13800000002"),
    ]


def test_field_limits_are_the_database_column_sizes():
    for key, (_label, limit) in FIELD_LIMITS.items():
        column_type = Member.__table__.c[key].type
        if isinstance(column_type, String) and column_type.length:
            assert column_type.length == limit, key
    assert Group.__table__.c["name"].type.length == sheet_bounds.GROUP_NAME_LIMIT


def _rewrite_sheet(path: Path, change) -> None:
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        content = archive.read(part)
    _rewrite(path, part, change(content))


def test_a_sheet_whose_compressed_data_is_damaged_is_refused_with_a_message(tmp_path):
    path = _roster(tmp_path / "damaged.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5 : start + 40] = bytes(35)  # inside the deflate stream
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFileError, match="已损坏"):
        read_roster(path)


def test_a_sheet_whose_checksum_is_wrong_is_refused_with_a_message(tmp_path):
    """The size check leaves the CRC to calamine, which refuses the part."""
    path = _roster(tmp_path / "crc.xlsx")
    with zipfile.ZipFile(path) as archive:
        crc = archive.getinfo("xl/worksheets/sheet1.xml").CRC.to_bytes(4, "little")
    data = path.read_bytes()
    assert data.count(crc) == 2  # the local header and the central directory
    path.write_bytes(data.replace(crc, bytes(b ^ 0x5A for b in crc)))
    with pytest.raises(UnreadableFileError, match="无法读取"):
        read_roster(path)


def _ods(path: Path, rows_repeated: int, columns_repeated: int) -> Path:
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        f' xmlns:table="{table}"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="花名册"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>身份证号</text:p></table:table-cell>'
        "</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows_repeated}"><table:table-cell/>'
        "</table:table-row><table:table-row>"
        f'<table:table-cell table:number-columns-repeated="{columns_repeated}"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return path


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
    ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def test_an_ods_whose_repeated_cells_reach_far_is_refused_before_loading(tmp_path):
    path = _ods(tmp_path / "far.ods", 8990, 9990)  # ~90 million cells: 3 GB in calamine
    assert path.stat().st_size < 2000
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "太大" in run.stdout


def test_an_ods_with_long_empty_repeats_as_libreoffice_writes_them_is_read(tmp_path):
    path = _ods(tmp_path / "normal.ods", 1_048_000, 1000)
    content = (
        zipfile.ZipFile(path)
        .read("content.xml")
        .replace(
            b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            b"</table:table-row>",
            b"</table:table-row>",
        )
    )
    _rewrite(path, "content.xml", content)
    sheet = read_roster(path)
    assert sheet.rows == [] and sheet.header_row == 1


def _rewrite(path: Path, part: str, content: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formulas_with_and_without_a_namespace_prefix_are_found():
    xml = (
        b'<row r="3"><c r="B3"><f>A1</f><v></v></c><c r="C3"><f t="array" ref="C3"/></c>'
        b'<x:c r="D3"><x:f>A2</x:f></x:c><x:c r="E3"><x:f>A3</x:f><x:v>7</x:v></x:c>'
        b'<c r="F3" t="inlineStr"><is><t>if f&lt;f x:f</t></is></c></row>'
    )
    assert sheet_bounds._formulas_without_value(xml) == {(3, 1), (3, 2), (3, 3)}


def test_a_csv_of_separators_is_refused_before_it_is_split(tmp_path, monkeypatch):
    path = tmp_path / "commas.csv"
    path.write_text("姓名,身份证号\n张三,11010519491231002X\n" + "," * 5000, encoding="utf-8")
    monkeypatch.setattr(sheet_bounds, "MAX_CELLS", 1000)
    with pytest.raises(UnreadableFileError, match="单元格太多"):
        read_roster(path)
    monkeypatch.setattr(sheet_bounds, "MAX_CELLS", 10_000)
    assert [r.values["name"] for r in read_roster(path).rows] == ["张三"]


def test_the_quick_size_tests_pass_only_sheets_that_surely_fit(monkeypatch):
    small = b'<row r="99999"><c r="A99999"/><c r="AN99999" s="1"/><c r="Z1"/></row><cols/>'
    assert sheet_bounds._surely_small(small) and sheet_bounds._usual_and_small(small)
    for far in (b'<c r="AO1"/>', b'<c r="BA1"/>', b'<c r="AAA1"/>', b'<c r="A100000"/>'):
        assert not sheet_bounds._surely_small(small + far), far
        assert not sheet_bounds._usual_and_small(small + far), far
    for row in (b'<row\tr="5">', b'<row s="1" r="5">'):  # an r that may be a second one
        assert not sheet_bounds._usual_and_small(small + row), row
    # a row's own position places no cell that has one: a far or unnumbered row is usual...
    for row in (b'<row r="100000"></row>', b"<row>", b'<row r="5"s="1">'):
        assert sheet_bounds._usual_and_small(small + row), row
    # ...but not a cell it would place (one without its own position)
    for row in (b'<row r="100000"><c t="s"><v>1</v></c></row>', b"<row><c/></row>"):
        assert not sheet_bounds._usual_and_small(small + row), row
    for cell in (b"<c/>", b"<c>", b'<c\tr="A1"/>', b'<c t="s" r="A1"/>', b"<c r='A1'/>"):
        assert not sheet_bounds._usual_and_small(small + cell), cell
    for second in (b'<c r="A1" r="B2"/>', b'<c r="A1" s="1"\nr="B2"/>', b'<row r="1" x="" r="9">'):
        assert not sheet_bounds._usual_and_small(small + second), second
        assert not sheet_bounds._standard(second), second
    # an r attribute anywhere but first on a cell or a row sends the sheet to the closer look
    for other in (b'<x r="1"/>', b'<c r="A1"><v r="2">1</v></c>', b'<row r="1" r="1">'):
        assert not sheet_bounds._usual_and_small(small + other), other
    assert not sheet_bounds._surely_small(small + b'<row r="100000"></row>')
    monkeypatch.setattr(sheet_bounds, "MAX_CELLS", 1000)
    assert not sheet_bounds._surely_small(small) and not sheet_bounds._usual_and_small(small)


def test_a_cell_just_past_the_quick_test_is_measured(tmp_path):
    """Column AO (the 41st) 99,000 rows down: 41 × 99,000 cells would pass MAX_CELLS."""
    path = _roster(tmp_path / "ao.xlsx", lambda ws: ws.cell(row=99_000, column=41, value="x"))
    sheet = read_roster(path)
    assert len(sheet.rows) == len(PEOPLE)
    assert sheet.notices == [(99_000, "远离表格的 1 个单元格（如 AO99000）已忽略")]


def test_a_far_cell_whose_position_follows_a_tab_is_measured(tmp_path):
    """<c\tr="…"> is the same cell to calamine: the literal <c r=" searches must not miss it
    (they did, and calamine aborted the process)."""
    path = _roster(tmp_path / "tab.xlsx", lambda ws: ws.cell(row=1, column=26, value="z"))
    far = b'<c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    _rewrite_sheet(path, lambda xml: xml.replace(b"</row>", far, 1))  # in row 1
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "太大" in run.stdout


def test_far_or_unnumbered_rows_whose_cells_have_their_own_positions_are_read(tmp_path):
    """The quick test does not look at rows: a cell with its own r is placed by it, whatever
    its row says. A row numbered 1,048,576 or not numbered at all places no cell here."""
    path = _roster(tmp_path / "rows.xlsx")
    _rewrite_sheet(
        path,
        lambda xml: xml.replace(b'<row r="2"', b'<row r="1048576"', 1).replace(
            b'<row r="3"', b"<row", 1
        ),
    )
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b'<row r="1048576"' in xml and b"<row>" in xml
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == f"rows {len(PEOPLE)} []"
    assert [r.values["name"] for r in read_roster(path).rows] == [p[1] for p in PEOPLE]


@pytest.mark.parametrize(
    "second",
    [
        b' r="XFD1048576"',
        b'\nr="XFD1048576"',
        b" r = 'XFD1048576'",
        b' t="n"r="XFD1048576"',  # glued to the attribute before it (found by the fuzz test)
        b" s='0'r='XFD1048576'",
    ],
)
def test_a_second_position_attribute_is_refused_not_crashed_on(tmp_path, second):
    """<c r="A2" r="XFD1048576">: calamine places the cell by the second one and aborted."""
    path = _roster(tmp_path / "dup.xlsx")
    _rewrite_sheet(path, lambda xml: xml.replace(b'<c r="A2"', b'<c r="A2"' + second, 1))
    run = _read_in_a_small_process(path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "已损坏" in run.stdout


def _zip_with(part: bytes) -> zipfile.ZipFile:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("s.xml", part)
    return zipfile.ZipFile(out)


ODD_PARTS = [
    b'<c r="AO1"/>', b'<c r="AAA1"/>', b'<c r="A100000"/>', b'<row r="100000"><c/></row>',
    b"<row><c>", b'<row\tr="5">', b'<row s="1" r="5">', b"<c/>", b"<c>", b'<c\tr="A1"/>', b'<c t="s" r="A1"/>',
    b"<c r='A1'/>", b'<c r="A1" r="B2"/>', b'<c r="A1" s="1"\nr="B2"/>', b'<x r="1"/>',
    b'<c r="A1"><v r="2">1</v></c>', b'<x:c r="A1"/>', b'<c r="A1"><f>1+1</f></c>',
    b'<c r="A1"><x:f>1</x:f><v>2</v></c>', b'<c r = "A1"/>', b'<c r="A1" s="1"\tr="B2"/>',
    b'<c r="A1" t="n"r="B2"/>', b"<c r='A1' s='1'r='B2'/>", b'<row r="5" s="1"r="900000">',
]  # fmt: skip


@pytest.mark.parametrize("piece_bytes", [1, 2, 5, 13, 64, 4096])
def test_the_streamed_quick_test_answers_as_the_whole_part_would(monkeypatch, piece_bytes):
    """A sheet's XML is tested as it unpacks, cut before a '<' into pieces: whatever the cut,
    the answer is the whole part's (usual, small and no formula), so a far cell, a second r
    attribute or a formula split across two pieces is never missed."""
    monkeypatch.setattr(sheet_bounds, "PIECE_BYTES", piece_bytes)
    usual = b'<row r="7"><c r="A7" t="inlineStr"><is><t>x\ty</t></is></c><c r="AN7"/></row>' * 9

    def whole(data: bytes) -> bool:
        return sheet_bounds._usual_and_small(data) and not sheet_bounds._FORMULA.search(data)

    assert sheet_bounds._streamed_usual(_zip_with(usual), "s.xml") is True
    for odd in ODD_PARTS:
        for at in (0, len(usual) // 2, len(usual)):
            data = usual[:at] + odd + usual[at:]
            assert whole(data) is False, odd
            assert sheet_bounds._streamed_usual(_zip_with(data), "s.xml") is False, (odd, at)
    # 1,350 tabs, 150 in each cell: so many send the part to the closer look, counted over
    # all pieces
    many_tabs = usual.replace(b"x\ty", b"x" + b"\t" * 150 + b"y")
    assert not whole(many_tabs)
    assert not sheet_bounds._streamed_usual(_zip_with(many_tabs), "s.xml")
