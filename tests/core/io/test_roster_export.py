"""The exported roster imports back unchanged; the blank template offers drop-down lists."""

from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Branch, Member
from branchdesk.core.io.roster_export import export_roster, export_template
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.services.members import roster_rows
from branchdesk.core.services.roster_import import import_roster
from tests.conftest import TODAY


def _demo_branch_id(db):
    with db.session() as s:
        return s.scalar(select(Branch.id))


def _export(db, path):
    with db.session() as s:
        return export_roster(s, _demo_branch_id(db), path, today=TODAY)


def test_roster_sheet_is_styled_and_keeps_numbers_as_text(demo_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    assert _export(demo_db, path) == 60
    ws = load_workbook(path).active
    assert ws.title == "团员花名册"
    assert ws["A1"].value == "示例街道第一团支部团员花名册"
    assert ws["A1"].font.bold
    assert "A1:U1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A4"
    header = [c.value for c in ws[3]]
    # 智慧团建's header names, and the member's status
    assert header == [
        "序号",
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "证件类型",
        "证件号码",
        "入团年月",
        "团员证编号",
        "团员发展编号",
        "学历",
        "政治面貌",
        "入党年月",
        "转正时间",
        "手机号码",
        "团内现任职务",
        "团小组",
        "学习工作单位",
        "学号",
        "状态",
        "备注",
    ]
    assert {ws.cell(row=r, column=20).value for r in range(4, 64)} == {"在册", "转出中"}
    id_col = header.index("证件号码") + 1
    cell = ws.cell(row=4, column=id_col)
    assert isinstance(cell.value, str) and len(cell.value) == 18 and cell.number_format == "@"
    assert ws.cell(row=4, column=header.index("手机号码") + 1).number_format == "@"
    assert ws.column_dimensions["G"].width >= 20
    assert (
        isinstance(ws.cell(row=4, column=5).value, date | None) or ws.cell(row=4, column=5).is_date
    )


def test_export_then_import_into_the_same_branch_is_all_unchanged(demo_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    _export(demo_db, path)
    with demo_db.transaction() as s:
        report = import_roster(s, path, today=TODAY)
    assert (report.new, report.updated, report.unchanged, report.rejected) == (0, 0, 60, [])


def test_export_then_import_into_an_empty_database_gives_the_same_members(demo_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    _export(demo_db, path)
    fresh = Database.open(tmp_path / "fresh.db")
    try:
        with fresh.transaction() as s:
            report = import_roster(s, path, today=TODAY)
        assert report.new == 60 and report.created_branch
        assert report.branch_name == "示例街道第一团支部"
        with demo_db.session() as a, fresh.session() as b:
            old = [_comparable(r) for r in roster_rows(a, _demo_branch_id(demo_db))]
            new = [_comparable(r) for r in roster_rows(b, report.branch_id)]
        assert new == old
    finally:
        fresh.dispose()


def _comparable(row):
    return (
        row.name,
        row.gender,
        row.ethnicity,
        row.birth_date,
        row.id_number,
        row.join_date,
        row.join_date_precision,
        row.education,
        row.political_status,
        row.phone,
        row.league_post,
        row.group_name,
        row.name_initials,  # status is not in the sheet: imported members are 在册
    )


def test_template_has_drop_down_lists_and_text_cells(tmp_path):
    path = export_template(tmp_path / "template.xlsx")
    wb = load_workbook(path)
    ws = wb["团员花名册"]
    header = [c.value for c in ws[3]]
    assert header[:4] == ["序号", "姓名", "性别", "民族"]
    lists = {}
    for validation in ws.data_validations.dataValidation:
        column = header[next(iter(validation.sqref.ranges)).min_col - 1]
        lists[column] = validation
    assert set(lists) == {"性别", "民族", "学历", "政治面貌"}
    assert all(v.type == "list" for v in lists.values())
    choices = wb["下拉选项"]
    assert choices.sheet_state == "hidden"
    gender_source = lists["性别"].formula1
    assert gender_source == "='下拉选项'!$A$2:$A$3"
    assert [choices["A2"].value, choices["A3"].value] == ["男", "女"]
    politics_col = [c.value for c in choices[1]].index("政治面貌") + 1
    values = [choices.cell(row=r, column=politics_col).value for r in range(2, 5)]
    assert values == ["共青团员", "中共预备党员", "中共党员"]
    assert ws.cell(row=4, column=header.index("证件号码") + 1).number_format == "@"


def test_blank_template_reads_as_a_roster_with_no_rows(tmp_path):
    sheet = read_roster(export_template(tmp_path / "template.xlsx"))
    assert sheet.header_row == 3 and sheet.rows == [] and sheet.unknown_columns == []


ZHTJ_HEADER = [
    "姓名*",
    "证件类型*",
    "证件号码*",
    "性别*",
    "出生年月*",
    "民族*",
    "政治面貌*",
    "入团年月*",
    "团员发展编号",
    "全日制学历*",
    "学习工作单位",
    "手机号码*",
    "团内现任职务",
]


def test_zhtj_export_has_the_online_templates_layout_and_imports_back(demo_db, tmp_path):
    from branchdesk.core.io.roster_export import export_zhtj

    path = tmp_path / "zhtj.xlsx"
    with demo_db.transaction() as s:
        branch_id = _demo_branch_id(demo_db)
        members = s.scalars(select(Member).where(Member.branch_id == branch_id)).all()
        members[0].id_number, name = None, members[0].name  # 资料不全: the online system needs it
        members[1].education = "硕士研究生"  # the online system's lists say 硕士, 中职, 党员
        members[2].education = "中专"
        members[3].id_type = "护照"  # only 普通居民身份证 or 境外身份证 there
        result = export_zhtj(s, branch_id, path, today=TODAY)
    assert (result.written, result.incomplete) == (59, [name])
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == ZHTJ_HEADER
    assert ws.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(rows) == 59
    assert [r[9] for r in rows[:2]] == ["硕士", "中职"]
    assert [r[1] for r in rows[:3]] == ["普通居民身份证", "普通居民身份证", "境外身份证"]
    assert {r[1] for r in rows[3:]} == {"普通居民身份证"}
    assert {r[6] for r in rows} == {"团员", "中共预备党员", "党员"}
    assert all(len(r[4]) == 7 and r[4][4] == "-" for r in rows)  # 出生年月 as yyyy-MM
    assert all(r[12] for r in rows)  # 团内现任职务: 无 when none
    assert "无" in {r[12] for r in rows}
    with demo_db.transaction() as s:
        report = import_roster(s, path, branch_id=branch_id, today=TODAY)
    assert (report.new, report.rejected) == (0, [])
    assert report.unchanged + report.updated == 59


def test_party_dates_go_out_and_come_back(demo_db, tmp_path):
    with demo_db.transaction() as s:
        members = s.scalars(select(Member).order_by(Member.id)).all()
        adults = [m for m in members if m.birth_date <= date(2000, 1, 1)][:2]
        adults[0].political_status, adults[0].probationary_on = "中共预备党员", date(2025, 7, 1)
        adults[1].political_status = "中共党员"
        adults[1].probationary_on, adults[1].full_member_on = date(2020, 6, 1), date(2021, 6, 15)
        expected = {m.id_number: (m.probationary_on, m.full_member_on) for m in adults}
    path = tmp_path / "roster.xlsx"
    _export(demo_db, path)
    header = [c.value for c in load_workbook(path).active[3]]
    assert header[12:14] == ["入党年月", "转正时间"]
    fresh = Database.open(tmp_path / "fresh.db")
    try:
        with fresh.transaction() as s:
            report = import_roster(s, path, today=TODAY)
        assert (report.new, report.rejected) == (60, [])
        with fresh.session() as s:
            dates = s.execute(
                select(Member.id_number, Member.probationary_on, Member.full_member_on).where(
                    Member.probationary_on.is_not(None)
                )
            ).all()
        assert {number: (probation, full) for number, probation, full in dates} == expected
    finally:
        fresh.dispose()
