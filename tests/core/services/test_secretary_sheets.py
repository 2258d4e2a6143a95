"""Roster sheets as secretaries really keep them (printed layouts, pasted-together sheets, notes
under the table, numbers kept as text): the import gives the counts a secretary expects."""

import csv

from sqlalchemy import func, select

from branchdesk.core.db.models import Group, Member
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.rules.idcard import check_char
from branchdesk.core.services.roster_import import import_roster
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx


def make_id(birth: str, seq: int, area: str = "440305") -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_char(first17)


#: (姓名, 性别, 身份证号, 入团时间): valid made-up members, joined at 15 or 16
PEOPLE = [
    ("张三", "男", make_id("19980101", 123), "2013.05"),
    ("李四", "女", make_id("19990202", 124), "2015年5月"),
    ("王五", "男", make_id("19980303", 125), "2014/5/4"),
    ("赵六", "女", make_id("20000404", 126), "201605"),
]


def _import(db, path, **kwargs):
    with db.transaction() as s:
        return import_roster(s, path, today=TODAY, **kwargs)


def _stored(db) -> dict[str, Member]:
    with db.session() as s:
        return {m.name: m for m in s.scalars(select(Member))}


def test_a_two_row_header_and_title_repeated_under_the_members_are_not_members(tmp_path, db):
    """A sheet pasted under another (or a printed page's header copied down) repeats the title
    and both rows of a two-row header (基本信息 merged over 姓名/性别 ...): none is a member."""
    top = [
        ["某某社区团支部团员花名册"],
        ["序号", "基本信息", None, None, "团内信息"],
        [None, "姓名", "性别", "身份证号", "入团时间"],
    ]
    rows = [
        *top,
        *([i, *p] for i, p in enumerate(PEOPLE[:2], 1)),
        [],
        *top,
        *([i, *p] for i, p in enumerate(PEOPLE[2:], 3)),
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:E1", "B2:D2", "A2:A3"])
    assert [r.row for r in read_roster(path).rows] == [4, 5, 10, 11]
    report = _import(db, path)
    assert (report.new, report.rejected) == (4, [])


def test_notes_and_signature_lines_under_the_table_are_not_members(tmp_path, db):
    """Without a 序号 column the lines under the table are read in the 姓名 column: the ways
    secretaries end a sheet are footers, not members without an ID number."""
    footers = [
        "（以下空白）",
        "共计4人",
        "小计：4",
        "总人数：4人",
        "统计：4人",
        "填表日期：2026年5月4日",
        "日期：2026.5.4",
        "团支部书记（签字）：",
        "支部书记：王某",
        "单位（盖章）",
        "备注：入团时间写到月",
        "填表说明：身份证号请设为文本格式",
    ]
    rows = [["姓名", "性别", "身份证号", "入团时间"], *PEOPLE, [], *([text] for text in footers)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    sheet = read_roster(path)
    assert [r.row for r in sheet.rows] == [2, 3, 4, 5]
    assert sheet.footer_rows == list(range(7, 7 + len(footers)))
    report = _import(db, path)
    assert (report.new, report.rejected) == (4, [])


def test_a_member_whose_post_column_comes_first_is_still_a_member(tmp_path):
    """A post written first (团支部书记 without a colon or 签字) is a member's, not a signature."""
    rows = [["团内职务", "姓名", "性别", "身份证号"], ["团支部书记", *PEOPLE[0][:3]]]
    sheet = read_roster(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [r.values["name"] for r in sheet.rows] == ["张三"]


def test_numbers_kept_as_text_with_an_apostrophe_or_a_text_formula(tmp_path, db):
    """'440305… (typed or exported with Excel's text apostrophe, in a sheet or a CSV) and
    ="440305…" (a system's CSV export) are the number; so are a phone and a 团员证编号."""
    header = ["姓名", "性别", "身份证号", "入团时间", "手机号码", "团员证编号"]
    rows = [
        header,
        ["张三", "男", "'" + PEOPLE[0][2], "2013.05", "'13800000001", "'01234567"],
        ["李四", "女", "`" + PEOPLE[1][2], "2015.05", "'138 0000 0002", None],
        ["王五", "男", "‘" + PEOPLE[2][2] + " ", "2014.05", None, None],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    report = _import(db, path)
    assert (report.new, report.rejected, report.notices) == (3, [], [])
    stored = _stored(db)
    assert {name: m.id_number for name, m in stored.items()} == {p[0]: p[2] for p in PEOPLE[:3]}
    assert stored["张三"].phone == "13800000001"
    assert stored["张三"].member_card_no == "01234567"
    assert stored["李四"].phone == "13800000002"

    # in a CSV file, as online systems export it
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header[:5])
        writer.writerow(["赵六", "女", f'="{PEOPLE[3][2]}"', "2016-05", '="13800000004"'])
        writer.writerow(["钱七", "男", "'" + make_id("19970505", 127), "2012-05", None])
    report = _import(db, path)
    assert (report.new, report.rejected) == (2, [])
    stored = _stored(db)
    assert (stored["赵六"].id_number, stored["赵六"].phone) == (PEOPLE[3][2], "13800000004")
    assert stored["钱七"].id_number == make_id("19970505", 127)


def test_a_quote_is_not_taken_off_a_number_that_is_wrong_anyway(tmp_path, db):
    """Only the quoting is removed: a wrong number behind it is still refused, with its reason."""
    bad = PEOPLE[0][2][:-1] + ("1" if PEOPLE[0][2][-1] != "1" else "2")
    rows = [["姓名", "性别", "身份证号"], ["张三", "男", "'" + bad]]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.new == 0
    assert len(report.rejected) == 1 and "校验" in report.rejected[0][1]


def test_a_cell_saying_there_is_no_value_is_blank(tmp_path, db):
    """无 / 不详 / 暂无 / - / — / / in a cell (a non-Party member's 入党时间, an unknown 入团时间, a
    missing phone or number) is a blank cell: the member is imported, nothing of it stored (no
    团小组 named “无”), and a missing ID number is 资料不全 as a blank one is."""
    header = [
        "姓名", "性别", "身份证号", "入团时间", "入党时间", "团员证编号", "发展团员编号",
        "手机号码", "学历", "民族", "团内职务", "团小组", "工作单位",
    ]  # fmt: skip
    people = [*PEOPLE, ("钱七", "男", make_id("19970505", 127), None)]
    rows = [["出生年月", *header]]
    for (name, gender, number, _), empty in zip(
        people, ["无", "不详", "暂无", "-", "—"], strict=True
    ):
        rows.append([None, name, gender, number, *[empty] * (len(header) - 3)])
    rows.append(["1999.06", "孙八", "女", "无", *["/"] * (len(header) - 3)])  # no ID number yet
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert (report.new, report.rejected) == (6, [])
    assert report.notices == [(7, "缺少身份证号，按“资料不全”导入（以后可以补全）")]
    with db.session() as s:
        stored = list(s.scalars(select(Member)))
        assert s.scalar(select(func.count()).select_from(Group)) == 0
    assert len(stored) == 6
    for member in stored:
        assert member.join_date is None and member.probationary_on is None
        assert not (member.phone or member.member_card_no or member.development_no)
        assert not (member.education or member.league_post or member.work_unit)
        assert member.ethnicity == "汉族"  # as for a blank cell (the form's default)


def test_a_student_number_shared_by_two_rows_never_renames_a_member(tmp_path, db):
    """A row without an ID number finds a member known by ID number through its 学号 only when
    the name agrees too: the same sheet imported again is unchanged (it was: 更新 1, the other
    member renamed, and that member's own row rejected as a duplicate of it)."""
    header = ["姓名", "性别", "身份证号", "出生年月", "入团时间", "学号"]
    rows = [
        header,
        ["周芳芳", "女", None, None, "2019.12", "20190001"],  # 学号 mistyped: 李四's
        [*PEOPLE[0][:3], None, PEOPLE[0][3], "20190002"],
        [PEOPLE[1][0], PEOPLE[1][1], PEOPLE[1][2], None, PEOPLE[1][3], "20190001"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    first = _import(db, path)
    assert (first.new, first.rejected) == (2, [(2, "缺少身份证号和出生年月（至少要填写其中一项）")])
    again = _import(db, path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert again.rejected == first.rejected
    assert sorted(_stored(db)) == ["张三", "李四"]

    # a sheet without ID numbers still updates a member by 学号 when the name agrees
    rows = [["姓名", "学号", "手机号码"], ["李四", "20190001", "13800000009"]]
    report = _import(db, write_xlsx(tmp_path / "school.xlsx", rows))
    assert (report.new, report.updated, report.rejected) == (0, 1, [])
    assert _stored(db)["李四"].phone == "13800000009"


def test_a_workbook_with_one_sheet_per_class_says_what_it_did_not_import(tmp_path, db):
    """The first roster sheet is imported; the later sheets that hold members too are named
    (they were left out without a word: 2 of 4 members imported, nothing said)."""
    from openpyxl import Workbook

    header = ["序号", "姓名", "性别", "身份证号", "入团时间"]
    book = Workbook()
    book.active.title = "填写说明"
    book.active.append(["请按“一班”的格式填写，每班一个工作表"])
    for name, people in (
        ("一班", PEOPLE[:2]),
        ("二班", PEOPLE[2:3]),
        ("模板", []),
        ("三班", PEOPLE[3:]),
    ):
        sheet = book.create_sheet(name)
        sheet.append(header)
        for i, person in enumerate(people, 1):
            sheet.append([i, *person])
    path = tmp_path / "各班团员.xlsx"
    book.save(path)
    report = _import(db, path, dry_run=True)
    assert (report.sheet_name, report.new) == ("一班", 2)
    assert report.messages == [
        "工作簿中还有2个工作表也是花名册（“二班”、“三班”），这次只导入了工作表“一班”："
        "其余的请逐个选择工作表再导入（命令行用 --sheet 工作表名称）。"
    ]
    report = _import(db, path, sheet="二班")  # a sheet chosen: nothing more to say
    assert (report.new, report.messages) == (1, [])


def test_political_status_as_hr_systems_and_secretaries_write_it(tmp_path, db):
    """The League's full name, and a Party member's “（保留团籍）” note, are the usual values
    (they were rejected: 政治面貌应为共青团员、中共预备党员、中共党员之一)."""
    written = ["中国共产主义青年团团员", "中共党员（保留团籍）", "预备党员(保留团籍)", "团员"]
    rows = [["姓名", "性别", "身份证号", "入团时间", "政治面貌"]]
    rows += [[*person, status] for person, status in zip(PEOPLE, written, strict=True)]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert (report.new, report.rejected) == (4, [])
    assert {name: m.political_status for name, m in _stored(db).items()} == {
        "张三": "共青团员", "李四": "中共党员", "王五": "中共预备党员", "赵六": "共青团员",
    }  # fmt: skip
    rows = [rows[0], [*PEOPLE[0], "中共党员（预备）"]]  # another note: not guessed at
    report = _import(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [reason for _, reason in report.rejected] == [
        "政治面貌应为共青团员、中共预备党员、中共党员之一"
    ]


def test_a_join_month_saved_again_by_excel_as_the_1st_is_unchanged(tmp_path, db):
    """智慧团建's CSV says 入团年月 2014-05; opened and saved in Excel it is the date 2014-05-01.
    Importing that again is 无变化 (it was 更新 for every member, and the month became a day);
    a sheet that says less (the month of a stored day) keeps the stored day; a real change, or a
    day that is not the 1st, still updates."""
    from datetime import date, datetime

    path = tmp_path / "zhtj.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "性别", "身份证号", "入团年月"])
        writer.writerows([*p[:3], "2014-05"] for p in PEOPLE)
    assert _import(db, path).new == 4
    header = ["姓名", "性别", "身份证号", "入团时间"]
    excel = [[*p[:3], datetime(2014, 5, 1)] for p in PEOPLE]
    report = _import(db, write_xlsx(tmp_path / "saved.xlsx", [header, *excel]))
    assert (report.updated, report.unchanged) == (0, 4)
    excel[1][3] = datetime(2014, 5, 4)  # the day now known
    excel[2][3] = datetime(2014, 6, 1)  # another month
    report = _import(db, write_xlsx(tmp_path / "edited.xlsx", [header, *excel]))
    assert (report.updated, report.unchanged) == (2, 2)
    stored = _stored(db)
    assert (stored["张三"].join_date, stored["张三"].join_date_precision) == (date(2014, 5, 1), "M")
    assert (stored["李四"].join_date, stored["李四"].join_date_precision) == (date(2014, 5, 4), "D")
    assert (stored["王五"].join_date, stored["王五"].join_date_precision) == (date(2014, 6, 1), "D")
    # a sheet knowing only the month (or year) of a stored day: nothing to change
    months = [[*p[:3], "2014.05"] for p in PEOPLE[:2]]
    report = _import(
        db, write_xlsx(tmp_path / "months.xlsx", [header, *months, [*PEOPLE[2][:3], "2014"]])
    )
    assert (report.updated, report.unchanged) == (0, 3)
    assert _stored(db)["李四"].join_date == date(2014, 5, 4)


def test_a_birth_month_typed_as_1998_10_agrees_with_an_october_id_number(tmp_path, db):
    """出生年月 typed 1998.10 is the number 1998.1 in Excel: for a member born in October (the
    ID number says so) it agrees (the row was rejected: 出生日期与身份证号不符); 1998.1 against
    an ID number of another month is still a contradiction."""
    october = make_id("19981015", 131)
    rows = [
        ["姓名", "性别", "身份证号", "出生年月", "入团时间"],
        ["周十", "男", october, 1998.1, "2013.05"],
        ["吴九", "女", make_id("19990102", 132), 1999.1, "2014.05"],  # January: agrees
        ["郑十一", "男", make_id("19980315", 133), 1998.1, "2013.05"],  # March: does not
    ]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.new == 2
    assert report.rejected == [(4, "出生日期与身份证号不符")]
    assert str(_stored(db)["周十"].birth_date) == "1998-10-15"


def test_a_join_month_typed_as_2014_10_is_pointed_out_when_it_rejects_a_row(tmp_path, db):
    """入团时间 typed 2014.10 is the number 2014.1 in Excel, read as January: a row that makes
    too young says October is as likely, and how to write it."""
    rows = [
        ["姓名", "性别", "身份证号", "入团时间"],
        [*PEOPLE[0][:3], 2014.1],
        ["周十", "男", make_id("20000615", 131), 2014.1],  # 13 in January 2014, 14 in October
        ["吴九", "女", make_id("20000715", 132), "2014.1"],  # text: January as written
    ]
    report = _import(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.new == 1
    assert report.rejected == [
        (
            3,
            "入团时未满14周岁（入团时间“2014.1”按2014年1月计算；如果是2014年10月：在 Excel 中输入的"
            " 2014.10 会变成数字 2014.1，请把这一格设为文本后填写 2014.10）",
        ),
        (4, "入团时未满14周岁"),
    ]


def test_a_template_example_row_is_not_a_member(tmp_path, db):
    """Templates show how to fill them in a row under the header (示例 / 例 in its 序号 cell,
    a made-up person with a valid number): it is not a member (it was imported as one)."""
    example = ["示例", "张三（示例）", "男", make_id("20000101", 111, "110105"), "2015.05"]
    rows = [["序号", "姓名", "性别", "身份证号", "入团时间"], example, ["例", *example[1:]]]
    rows += [[i, *p] for i, p in enumerate(PEOPLE[1:], 1)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    assert read_roster(path).footer_rows == [2, 3]
    report = _import(db, path)
    assert (report.new, report.rejected) == (3, [])
    assert "张三（示例）" not in _stored(db)
