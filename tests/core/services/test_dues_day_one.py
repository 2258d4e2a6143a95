"""Day one: a branch that starts keeping dues here shows no arrears; imported members get a
category from the sheet, the branch kind or the import's choice, changeable for many at once."""

import random
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from branchdesk.core.db.models import MemberDuesCategory
from branchdesk.core.errors import UserError
from branchdesk.core.rules import dues_import
from branchdesk.core.rules.dues_standards import DEFAULT_CATEGORIES, Month
from branchdesk.core.services import branches, dues
from branchdesk.core.services.demo import fake_id_number
from branchdesk.core.services.dues import State
from branchdesk.core.services.roster_import import import_roster

TODAY = date(2026, 11, 23)


def test_category_from_a_sheet_row():
    known = [c.name for c in DEFAULT_CATEGORIES]
    assert dues_import.category_for("在校学生", "", False, known) == ("学生", None)
    assert dues_import.category_for("待业", "", False, known) == ("失业", None)
    assert dues_import.category_for("教师", "5,200.00元", False, known) == ("在职", 520_000)
    assert dues_import.category_for("", "3800", False, known) == ("在职", 380_000)
    assert dues_import.category_for("", "", True, known) == ("学生", None)
    assert dues_import.category_for("", "", False, known) is None
    assert dues_import.category_for("教师", "不详", False, known) == ("在职", None)
    assert dues_import.category_for("教师", "", True, known, chosen="务农") == ("务农", None)
    assert dues_import.header_role("月收入（元）") == "income"
    assert dues_import.header_role("职业") == "occupation"
    assert dues_import.header_role("工作单位") is None


def _sheet(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "入团年月", "职业", "月收入"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _people(n):
    rng = random.Random(7)
    out = []
    for i in range(n):
        birth = date(2000, 1 + i, 10)
        out.append((f"团员{i}", fake_id_number(rng, birth, "男"), "2016-05"))
    return out


def _categories(db):
    with db.session() as s:
        return {
            (mid, cat, income, start)
            for mid, cat, income, start in s.execute(
                select(
                    MemberDuesCategory.member_id,
                    MemberDuesCategory.category,
                    MemberDuesCategory.monthly_income_fen,
                    MemberDuesCategory.effective_from,
                )
            )
        }


def test_a_freshly_imported_branch_shows_no_arrears(db, tmp_path):
    people = _people(4)
    path = _sheet(
        tmp_path / "roster.xlsx",
        [
            [*people[0], "在校学生", ""],
            [*people[1], "公司职员", "5200"],
            [*people[2], "待业", ""],
            [*people[3], "", ""],
        ],
    )
    with db.transaction() as s:
        report = import_roster(s, path, "新团支部", today=TODAY)
    branch_id = report.branch_id
    assert report.new == 4
    with db.session() as s:
        assert dues.records_from(s, branch_id) == Month(2026, 11)  # not January
        view = dues.year_view(s, branch_id, 2026, TODAY)
        assert dues.arrears(s, branch_id, TODAY) == [] and view.arrears == []
        assert view.grid.total_unpaid_fen == 0
        cells = {c.state for row in view.grid.rows for c in row.cells}
        assert cells == {State.NO_RECORD, State.DUE, State.LATER}
        # a month later the unpaid November is arrears: the 建账 month stayed put
        assert len(dues.arrears(s, branch_id, date(2026, 12, 5))) == 4
    got = sorted((cat, income) for _, cat, income, start in _categories(db))
    assert got == [("在职", 520_000), ("失业", None), ("学生", None)]  # the 4th: default
    assert {start for *_, start in _categories(db)} == {date(2026, 11, 1)}


def test_school_branch_and_a_category_chosen_for_the_import(db, tmp_path):
    people = _people(3)
    path = _sheet(tmp_path / "class.xlsx", [[*p, "", ""] for p in people])
    with db.transaction() as s:
        school = branches.create_branch(s, "一班团支部", kind="学校(班级)").id
        import_roster(s, path, branch_id=school, today=TODAY)
    assert {cat for _, cat, _, _ in _categories(db)} == {"学生"}
    other = tmp_path / "other.xlsx"
    _sheet(other, [[f"乙{i}", *p[1:], "教师", "6000"] for i, p in enumerate(_people(2))])
    with db.transaction() as s:
        office = branches.create_branch(s, "机关团支部").id
    with pytest.raises(UserError, match="没有“志愿者”这个团费类别"), db.transaction() as s:
        import_roster(s, other, branch_id=office, today=TODAY, dues_category="志愿者")
    with db.transaction() as s:
        import_roster(s, other, branch_id=office, today=TODAY, dues_category="务农")
    assert sorted(cat for _, cat, _, _ in _categories(db)) == ["务农"] * 2 + ["学生"] * 3


def test_set_a_category_for_many_members_at_once(db, tmp_path):
    path = _sheet(tmp_path / "roster.xlsx", [[*p, "", ""] for p in _people(3)])
    with db.transaction() as s:
        branch_id = import_roster(s, path, "某团支部", today=TODAY).branch_id
    with db.session() as s:
        ids = [c.id for c in dues.members_for_dues(s, branch_id, 2026)]
    with db.transaction() as s:
        with pytest.raises(UserError, match="请至少选择一名团员"):
            dues.set_category_for_members(s, branch_id, [], "学生", Month(2026, 11))
        assert dues.set_category_for_members(s, branch_id, ids[:2], "学生", Month(2026, 11)) == 2
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, 2026, TODAY)
    owed = {r.member_id: r.cells[10].owed_fen for r in grid.rows}
    assert owed == {ids[0]: 20, ids[1]: 20, ids[2]: 300}


def test_cli_import_takes_a_dues_category(tmp_path, capsys):
    from branchdesk.cli import main
    from branchdesk.core.db.database import Database

    path = _sheet(tmp_path / "roster.xlsx", [[*p, "", ""] for p in _people(2)])
    db_path = tmp_path / "cli.db"
    code = main(["--db", str(db_path), "import", str(path), "--dues-category", "学生"])
    assert code == 0
    db = Database.open(db_path)
    try:
        assert {cat for _, cat, _, _ in _categories(db)} == {"学生"}
    finally:
        db.dispose()
