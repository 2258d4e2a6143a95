"""CSV rosters (UTF-8 with and without BOM, GBK/GB18030, the delimiter sniffed), imports that
write nothing (no empty branch), and rows named by their sheet row number."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from branchdesk.cli import main
from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UnreadableFileError
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.services.roster_import import import_roster
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx
from tests.core.services.test_roster_vocabularies import make_id

CSV_ROWS = [
    ["序号", "姓名", "性别", "身份证号", "入团年月", "手机号码", "学习工作单位"],
    ["1", "张三", "男", make_id("20000101", 11), "2015-05", "13800000001", "示例公司, 研发部"],
    ["2", "李四", "女", make_id("20010202", 22), "2016/5/4", "13800000002", "示例公司"],
    ["3", "王五", "男", "1.10105E+17", "2017-05", "13800000003", ""],
]


def _csv_text(delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["团员花名册（导出）"])
    writer.writerows(CSV_ROWS)
    return out.getvalue()


def _counts(db):
    with db.session() as s:
        return (
            s.scalar(select(func.count(Branch.id))),
            s.scalar(select(func.count(Member.id))),
        )


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", "\t"), ("gbk", ","), ("gb18030", ";")],
)
def test_csv_in_each_encoding_imports_like_excel(db, tmp_path, encoding, delimiter):
    path = tmp_path / "团员.csv"
    path.write_bytes(_csv_text(delimiter).encode(encoding))
    with db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert (report.new, report.sheet_name) == (2, "团员")
    assert report.rejected == [(5, "身份证号被存成数字（科学计数法），后几位已经丢失")]
    with db.session() as s:
        zhang = s.scalar(select(Member).where(Member.name == "张三"))
        assert (zhang.id_number, zhang.birth_date, zhang.phone) == (
            make_id("20000101", 11),
            date(2000, 1, 1),
            "13800000001",
        )
        assert zhang.work_unit == "示例公司, 研发部"  # a quoted delimiter stays in the cell
        li = s.scalar(select(Member).where(Member.name == "李四"))
        assert (li.join_date, li.join_date_precision) == (date(2016, 5, 4), "D")


def test_csv_header_found_under_the_title_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(","), encoding="utf-8")
    sheet = read_roster(path)
    assert (sheet.header_row, sheet.title) == (2, "团员花名册（导出）")
    assert sheet.rows[0].cells[1] == "张三"


def test_binary_file_named_csv_is_refused_in_chinese(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UnreadableFileError, match="CSV"):
        read_roster(path)


def test_cli_imports_csv(tmp_path, capsys):
    path = tmp_path / "团员.csv"
    path.write_bytes(_csv_text(",").encode("gbk"))
    assert main(["--db", str(tmp_path / "x.db"), "import", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["new"], [r["row"] for r in data["rejected"]]) == (2, [5])


# -- an import that imports nobody writes nothing ------------------------------------------------


def test_import_with_every_row_rejected_creates_no_branch(tmp_path, capsys):
    rows = [["姓名", "身份证号"], ["张三", "110105200001011230"], ["李四", "440305********4409"]]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    db_path = tmp_path / "x.db"
    assert main(["--db", str(db_path), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "没有导入任何团员，没有新建团支部。" in out and "（新建）" not in out
    db = Database.open(db_path)
    assert _counts(db) == (0, 0)
    db.dispose()


def test_import_of_a_sheet_with_no_rows_creates_no_branch(db, tmp_path):
    path = write_xlsx(tmp_path / "empty.xlsx", [["示例团支部团员花名册"], ["姓名", "身份证号"]])
    with db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert (report.new, report.created_branch, report.branch_id) == (0, False, None)
    assert _counts(db) == (0, 0)


# -- rows are named by their sheet row ----------------------------------------------------------


def test_duplicate_names_the_sheet_row_of_the_first_occurrence(db, tmp_path):
    number = make_id("20000101", 11)
    rows = [
        ["示例团支部花名册"],
        ["序号", "姓名", "身份证号"],
        [7, "张三", number],
        [8, "李四", make_id("20010202", 22)],
        [9, "张三", number],
    ]
    with db.transaction() as s:
        report = import_roster(s, write_xlsx(tmp_path / "d.xlsx", rows), today=TODAY)
    assert report.rejected == [(5, "身份证号与第3行重复")]  # not 序号 7
