"""`branchdesk letter` and `branchdesk export transfers` against the demo branch."""

from openpyxl import load_workbook
from pypdf import PdfReader

from branchdesk.cli import main
from branchdesk.core.services import transfers


def _path(tmp_path) -> str:
    return str(tmp_path / "test.db")  # the file behind the demo_db fixture


def test_letter_command_writes_the_pdf(demo_db, tmp_path, capsys):
    out = tmp_path / "letter.pdf"
    assert main(["--db", _path(tmp_path), "letter", "2026-1", "-o", str(out)]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "（2026）第001号" in text and "回执" in text
    assert "已生成 1 份" in capsys.readouterr().out


def test_letter_command_prints_a_whole_year(demo_db, tmp_path):
    out = tmp_path / "all.pdf"
    assert main(["--db", _path(tmp_path), "letter", "--all", "--year", "2026", "-o", str(out)]) == 0
    with demo_db.session() as s:
        count = len(transfers.letters_of_year(s, 1, 2026))
    assert len(PdfReader(out).pages) == count


def test_unknown_letter_number_is_one_chinese_sentence(demo_db, tmp_path, capsys):
    args = [
        "--db",
        _path(tmp_path),
        "letter",
        "99",
        "--year",
        "2026",
        "-o",
        str(tmp_path / "x.pdf"),
    ]
    assert main(args) == 1
    assert "找不到介绍信（2026）第099号" in capsys.readouterr().err


def test_export_transfers_rows_equal_register_rows(demo_db, tmp_path):
    out = tmp_path / "t.xlsx"
    assert main(["--db", _path(tmp_path), "export", "transfers", str(out)]) == 0
    ws = load_workbook(out).active
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    data = [row for row in ws.iter_rows(min_row=header_row + 1, values_only=True) if row[0]]
    with demo_db.session() as s:
        register = transfers.register_rows(s, 1)
    assert len(data) == len(register)
    assert [row[2] for row in data] == [r.letter_no for r in register]
    assert ws.title == "组织关系转接"
