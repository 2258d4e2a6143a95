"""Importing an old 团费收缴登记表: payers by name or ID, months from text, the same preview, row
reasons and one-transaction writing as the roster; a roster given here (and the reverse) is named."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from branchdesk.cli import main
from branchdesk.core.db.models import DuesPayment
from branchdesk.core.errors import UnreadableFileError
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.rules.dues_text import MonthsTextError, months_of
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import dues, members
from branchdesk.core.services.dues_import import (
    DuesOutcome,
    import_dues,
    preview_dues_import,
    report_lines,
)
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx
from tests.core.services.test_roster_vocabularies import make_id

ZHANG, LI = make_id("20010305", 11), make_id("20020408", 22)
BOOK_HEADER = ["序号", "姓名", "身份证号", "缴费内容", "金额（元）", "缴费日期", "收款人", "备注"]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025年1-6月团费", (2025, 1), (2025, 6)),
        ("2025年1月至6月", (2025, 1), (2025, 6)),
        ("2024年12月-2025年2月", (2024, 12), (2025, 2)),
        ("2024.12-2025.2", (2024, 12), (2025, 2)),
        ("2025年上半年团费", (2025, 1), (2025, 6)),
        ("2025年下半年", (2025, 7), (2025, 12)),
        ("2025年全年团费", (2025, 1), (2025, 12)),
        ("2025年第三季度", (2025, 7), (2025, 9)),
        ("2025.3", (2025, 3), (2025, 3)),
        ("202503", (2025, 3), (2025, 3)),
        ("2025年7—12月团费", (2025, 7), (2025, 12)),
        ("1-6月团费", (2026, 1), (2026, 6)),  # no year: the year it was paid
        (date(2025, 3, 1), (2025, 3), (2025, 3)),
    ],
)
def test_months_as_secretaries_write_them(text, first, last):
    assert months_of(text, 2026) == (Month(*first), Month(*last))


def test_text_naming_no_months_is_refused_in_chinese():
    with pytest.raises(MonthsTextError, match="看不出"):
        months_of("团费", 2026)
    with pytest.raises(MonthsTextError, match="结束月份早于开始月份"):
        months_of("2025年6-1月", 2026)


@pytest.fixture
def branch(db, branch_id):
    """Two students (0.20 元 a month) on the roster since 2025-01, records from 2025-01."""
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, Month(2025, 1))
        for name, number in (("张三", ZHANG), ("李四", LI)):
            record = MemberRecord(name=name, id_number=number, join_date=date(2016, 5, 1))
            member = members.add_member(s, branch_id, record, since=date(2025, 1, 1), today=TODAY)
            dues.set_member_category(s, member.id, "学生", Month(2025, 1))
    return branch_id


def _book(tmp_path, rows, name="团费.xlsx"):
    return write_xlsx(
        tmp_path / name, [["2025年团费收缴登记表"], ["填报单位：测试团支部"], BOOK_HEADER, *rows]
    )


GOOD = [
    [1, "张三", None, "2025年1-6月团费", 1.2, "2025-06-20", "王书记", ""],
    [2, "李四", LI, "2025年上半年", "1.20元", "2025/6/21", "王书记", ""],
    [3, "张三", None, "2025年7-12月", 2.0, "2025-12-20", "王书记", "多交"],
]


def test_dues_book_imports_payments_with_receipts(db, branch, tmp_path):
    with db.transaction() as s:
        report = import_dues(s, _book(tmp_path, GOOD), branch, today=TODAY)
    assert (report.new, report.unchanged, report.rejected) == (3, 0, [])
    assert report.amount_fen == 440
    assert report.notices == [(6, "金额2.00元与标准1.20元不同，按登记表记录")]
    assert report.receipts == ["2025-0001", "2025-0002", "2025-0003"]
    with db.session() as s:
        rows = s.execute(
            select(
                DuesPayment.first_month,
                DuesPayment.last_month,
                DuesPayment.amount_fen,
                DuesPayment.paid_on,
                DuesPayment.collector,
                DuesPayment.edit_reason,
            ).order_by(DuesPayment.id)
        ).all()
        through = dues.paid_through(s, members.find_by_id_number(s, branch, ZHANG).id, TODAY)
    assert rows[0] == (date(2025, 1, 1), date(2025, 6, 1), 120, date(2025, 6, 20), "王书记", "")
    assert rows[2][2] == 200 and rows[2][5] == "导入旧团费登记表，金额按登记表"
    assert through == date(2025, 12, 1)


def test_importing_the_same_book_again_changes_nothing(db, branch, tmp_path):
    path = _book(tmp_path, GOOD)
    with db.transaction() as s:
        import_dues(s, path, branch, today=TODAY)
    with db.transaction() as s:
        again = import_dues(s, path, branch, today=TODAY)
    assert (again.new, again.unchanged, again.rejected) == (0, 3, [])
    with db.session() as s:
        assert s.scalar(select(func.count(DuesPayment.id))) == 3


def test_rows_that_cannot_be_recorded_have_reasons_and_the_rest_is_written(db, branch, tmp_path):
    rows = [
        [1, "张三", None, "2025年1-6月团费", 1.2, "2025-06-20", "王书记", ""],
        [2, "王五", None, "2025年1-6月团费", 1.2, "2025-06-20", "", ""],  # not on the roster
        [3, "张三", None, "2025年3-4月", 0.4, "2025-06-20", "", ""],  # overlaps row 4
        [4, "李四", None, "2024年11-12月", 0.4, "2025-01-05", "", ""],  # before joining
        [5, "李四", None, "团费", 1.2, "2025-06-20", "", ""],  # which months?
        [6, "李四", None, "2025年1-6月", "一块二", "2025-06-20", "", ""],  # amount
        [7, "李四", "110105********002X", "2025年1-6月", 1.2, "2025-06-20", "", ""],
        [8, "李四", None, "2025年1-6月", None, None, "", ""],  # notices, recorded
    ]
    with db.session() as s:
        preview = preview_dues_import(s, _book(tmp_path, rows), branch, today=TODAY)
    outcome = {r.row: (r.outcome, r.reason) for r in preview.rows}
    assert outcome[4] == (DuesOutcome.NEW, "")
    assert outcome[5][1] == "花名册中没有“王五”（请先导入花名册）"
    assert outcome[6][1] == "与第4行的所缴月份重复"
    assert outcome[7][1] == "李四在2024年11月不在册"
    assert outcome[8][1].startswith("看不出“团费”缴的是哪几个月")
    assert outcome[9][1] == "金额“一块二”不是数字"
    assert "隐去" in outcome[10][1]
    assert outcome[11][0] is DuesOutcome.NEW
    assert preview.notices == [
        (11, "缺少金额，按标准记为1.20元"),
        (11, "缺少缴费日期，按2025年1月1日记录"),
    ]
    with db.transaction() as s:
        report = import_dues(s, _book(tmp_path, rows), branch, today=TODAY)
    assert report.new == 2 and [r for r, _ in report.rejected] == [5, 6, 7, 8, 9, 10]
    assert "第5行：花名册中没有“王五”（请先导入花名册）" in "\n".join(report_lines(report))


def test_cli_import_dues_json_and_dry_run(tmp_path, capsys):
    from branchdesk.core.db.database import Database

    db_path = tmp_path / "x.db"
    db = Database.open(db_path)
    with db.transaction() as s:
        from branchdesk.core.services.branches import create_branch

        branch_id = create_branch(s, "测试团支部").id
        dues.setup_dues(s, branch_id, Month(2025, 1))
        record = MemberRecord(name="张三", id_number=ZHANG, join_date=date(2016, 5, 1))
        member = members.add_member(s, branch_id, record, since=date(2025, 1, 1), today=TODAY)
        dues.set_member_category(s, member.id, "学生", Month(2025, 1))
    db.dispose()
    path = _book(tmp_path, GOOD[:1])
    args = ["--db", str(db_path), "import-dues", str(path), "--json"]
    assert main([*args, "--dry-run"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["new"], data["rejected"], data["notices"]) == (1, [], [])
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 1
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1
    db = Database.open(db_path)
    with db.session() as s:
        assert s.scalar(select(func.count(DuesPayment.id))) == 1
    db.dispose()


def test_a_dues_book_given_to_the_roster_import_is_named(tmp_path):
    with pytest.raises(UnreadableFileError, match="团费收缴登记表，不是花名册.*import-dues"):
        read_roster(_book(tmp_path, GOOD))


def test_a_roster_given_to_the_dues_import_is_named(db, branch, tmp_path):
    path = write_xlsx(
        tmp_path / "roster.xlsx", [["姓名", "身份证号", "入团年月"], ["张三", ZHANG, "2016-05"]]
    )
    with (
        db.session() as s,
        pytest.raises(
            UnreadableFileError, match="团员花名册，不是团费收缴登记表.*branchdesk import"
        ),
    ):
        preview_dues_import(s, path, branch, today=TODAY)


def test_dues_book_with_month_columns_and_csv(db, branch, tmp_path):
    path = tmp_path / "团费.csv"
    lines = [
        "姓名,起始月份,截止月份,缴费金额,收缴日期,经手人",
        "张三,2025.1,2025.12,2.40,2025-03-01,王书记",
    ]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    with db.transaction() as s:
        report = import_dues(s, path, branch, today=TODAY)
    assert (report.new, report.rejected, report.amount_fen) == (1, [], 240)
