"""Reading real-world roster sheets: header detection, synonyms, normalising, odd formats."""

from datetime import date
from pathlib import Path

import pytest

from branchdesk.core.errors import UnreadableFileError, UserError
from branchdesk.core.io.roster_reader import (
    branch_name_from_title,
    field_for_header,
    list_sheets,
    normalize_header,
    read_roster,
)
from branchdesk.core.rules.partial_date import Precision

from .sheets import HEADER, PEOPLE, write_xlsx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_messy_sample_header_under_title_and_filler_rows(samples):
    sheet = read_roster(samples / "roster_messy.xlsx")
    assert sheet.header_row == 3
    assert sheet.title == "示例社区团支部团员花名册"
    assert sheet.branch_name_hint == "示例社区团支部"
    assert sheet.unknown_columns == []
    assert set(sheet.mapping.values()) == {
        "seq", "name", "gender", "ethnicity", "birth_date", "id_number", "join_date",
        "education", "political_status", "phone",
    }  # fmt: skip
    assert len(sheet.rows) == 60  # blank separator rows and the 制表人 footer are not members
    assert sheet.footer_rows == [67]
    assert sheet.rows[0].row == 4 and sheet.rows[-1].row == 65


def test_messy_sample_cells_are_normalised(samples):
    rows = {r.row: r for r in read_roster(samples / "roster_messy.xlsx").rows}
    assert rows[4].values["name"] == "顾超宇"  # trailing space
    assert rows[7].values["name"] == "毛杰芬"  # trailing full-width space
    assert rows[5].values["id_number"] == "64012120080214849X"  # lower-case x
    assert rows[34].values["id_number"] == "640105200406131426"  # full-width digits
    assert rows[4].values["birth_date"] == (date(2000, 9, 1), Precision.MONTH)
    assert rows[4].values["join_date"] == (date(2014, 11, 1), Precision.MONTH)
    assert rows[7].values["join_date"] == (date(2020, 8, 8), Precision.DAY)  # an Excel date
    assert rows[16].problems == {"id_number": "身份证号被存成数字"}
    assert "id_number" not in rows[16].values


def test_clean_sample_has_one_header_row_and_no_title(samples):
    sheet = read_roster(samples / "roster_clean.xlsx")
    assert (sheet.header_row, sheet.title, len(sheet.rows)) == (1, "", 200)
    assert sheet.rows[0].values["birth_date"] == (date(2000, 1, 17), Precision.DAY)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("名字", "name"),
        ("姓  名", "name"),
        (" 序 号", "seq"),
        ("身份证号", "id_number"),
        ("身份证号码", "id_number"),
        ("公民身份号码", "id_number"),
        ("证件号码", "id_number"),
        ("出生年月", "birth_date"),
        ("出生日期", "birth_date"),
        ("入团时间", "join_date"),
        ("入团年月", "join_date"),
        ("入团日期", "join_date"),
        ("入团时间（年月）", "join_date"),
        ("学历", "education"),
        ("全日制学历", "education"),
        ("最高学历", "education"),
        ("文化程度", "education"),
        ("手机号码", "phone"),
        ("联系电话", "phone"),
        ("手机", "phone"),
        ("联系方式", "phone"),
        ("团员编号", "development_no"),
        ("发展团员编号", "development_no"),
        ("团员证编号", "member_card_no"),
        ("团内职务", "league_post"),
        ("职务", "league_post"),
        ("团小组", "group"),
        ("工作单位", "work_unit"),
        ("学校班级", "work_unit"),
        ("单位", "work_unit"),
        ("民族", "ethnicity"),
        ("性别", "gender"),
        ("政治面貌", "political_status"),
        ("备注", "note"),
        ("*姓名", "name"),
        ("\u3000姓\u3000名\u3000", "name"),
        ("团员发展编号", "development_no"),
        ("团内现任职务", "league_post"),
        ("学习工作单位", "work_unit"),
        ("入团时所在单位", None),  # history, not the current unit
        ("学号", "student_no"),
        ("组织全称", "branch"),
        ("所在团支部", "branch"),
        ("所在团组织", "branch"),
        ("所属团组织", "branch"),
        ("爱好", None),
        ("", None),
        (None, None),
    ],
)
def test_header_synonyms(header, field):
    assert field_for_header(header) == field


def test_normalize_header_strips_every_kind_of_space():
    assert normalize_header(" 序\u3000号 ") == "序号"


def test_header_found_under_merged_title_and_filler_rows(tmp_path):
    rows = [
        ["2026年示例学校团支部团员花名册", None, None, None, None, None],
        ["填报单位（盖章）：示例团委", None, None, None, "填报日期：2026年10月", None],
        [],
        HEADER + ["爱好"],
        *[p + ["读书"] for p in PEOPLE],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:F1"])
    sheet = read_roster(path)
    assert sheet.header_row == 4
    assert sheet.title == "2026年示例学校团支部团员花名册"
    assert sheet.branch_name_hint == "示例学校团支部"
    assert sheet.unknown_columns == ["爱好"]
    assert [r.row for r in sheet.rows] == [5, 6, 7, 8]


def test_vertically_merged_header_cell_takes_the_text_above(tmp_path):
    rows = [
        ["序号", "姓名", "基本信息", None, "联系方式"],
        [None, None, "性别", "身份证号", None],
        [1, "张三", "男", "110105200001011238", "13800000001"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    sheet = read_roster(path)
    assert sheet.header_row == 2
    assert sheet.mapping == {0: "seq", 1: "name", 2: "gender", 3: "id_number", 4: "phone"}
    assert sheet.rows[0].values["name"] == "张三"


def test_blank_rows_footer_and_repeated_header_are_not_members(tmp_path):
    rows = [
        HEADER,
        PEOPLE[0],
        [None, "  ", "\u3000"],
        HEADER,
        PEOPLE[1],
        ["制 表 人：王某", None, None, "审核人：李某"],
        ["注：入团时间写到月即可"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [r.row for r in sheet.rows] == [2, 5]
    assert sheet.footer_rows == [6, 7]


def test_a_header_repeated_with_its_first_column_text_is_not_a_member(tmp_path):
    """Without 序号 the first column (姓名) holds text: the repeated header is found (written
    with spaces and a star too), and members, even one named like a header, are kept."""
    header = HEADER[1:]
    rows = [
        header,
        PEOPLE[0][1:],
        [" 姓 名*", *header[1:]],
        PEOPLE[1][1:],
        ["姓名", *PEOPLE[2][2:]],  # a member's name cell reading 姓名: a member, not a header
    ]
    sheet = read_roster(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [r.row for r in sheet.rows] == [2, 4, 5]
    assert [r.values["name"] for r in sheet.rows] == ["张三", "李四", "姓名"]


def test_cells_trimmed_full_width_digits_and_numbers_as_text(tmp_path):
    rows = [
        HEADER + ["团员证编号"],
        [1.0, "  张  三\u3000", "男 ", "１１０１０５２００００１０１１２３８", "2015.5", 13800000001.0, 12345678.0],
        [2, "李四", "女", "11010520010202138x", None, "138-0000-0002", None],
    ]  # fmt: skip
    sheet = read_roster(write_xlsx(tmp_path / "r.xlsx", rows))
    first, second = sheet.rows
    assert "seq" not in first.values and first.cells[0] == 1  # 序号: recognised, not kept
    assert first.values["name"] == "张三"
    assert first.values["gender"] == "男"
    assert first.values["id_number"] == "110105200001011238"
    assert first.values["phone"] == "13800000001"
    assert first.values["member_card_no"] == "12345678"
    assert second.values["id_number"] == "11010520010202138X"
    assert second.values["phone"] == "13800000002"
    assert "join_date" not in second.values  # blank: absent, never clears a stored value


def test_rows_numbered_ahead_of_their_members_are_blank(tmp_path):
    """Templates number 50 rows and a branch fills 3: the other numbered rows are blank, not
    rows with a problem; a numbered row with anything else in it is still a row."""
    rows = [HEADER, *PEOPLE[:2], [3], ["4 "], [5, None, None, None, None, None, "x"], [6, ""]]
    sheet = read_roster(write_xlsx(tmp_path / "numbered.xlsx", [r + [None] for r in rows]))
    assert [r.row for r in sheet.rows] == [2, 3, 6]
    assert sheet.rows[2].values == {} and sheet.rows[2].cells[6] == "x"
    assert sheet.unknown_columns == []  # 序号 is still a known column


def test_id_number_stored_as_a_number_is_a_problem_not_repaired(tmp_path):
    rows = [HEADER, [1, "张三", "男", 110105200001011238, "2015.5", "13800000001"]]
    row = read_roster(write_xlsx(tmp_path / "r.xlsx", rows)).rows[0]
    assert row.problems == {"id_number": "身份证号被存成数字"}


def test_bad_date_is_a_row_problem_naming_the_column(tmp_path):
    rows = [HEADER, [1, "张三", "男", "110105200001011238", "很早", "13800000001"]]
    row = read_roster(write_xlsx(tmp_path / "r.xlsx", rows)).rows[0]
    assert row.problems["join_date"].startswith("入团时间：无法识别的日期“很早”")


def test_mapping_override_by_index_and_by_header(tmp_path):
    rows = [["序号", "名", "证号", "爱好"], [1, "张三", "110105200001011238", "读书"]]
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "身份证号"], *rows])
    sheet = read_roster(path, mapping={0: None, 1: None})
    assert sheet.mapping == {}
    path = write_xlsx(tmp_path / "s.xlsx", [["序号", "姓名", "证号", "爱好"], rows[1]])
    sheet = read_roster(path, mapping={"证 号": "id_number", 3: "note"})
    assert sheet.mapping == {0: "seq", 1: "name", 2: "id_number", 3: "note"}
    assert sheet.rows[0].values["note"] == "读书"


def test_mapping_errors_are_chinese(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, PEOPLE[0]])
    with pytest.raises(UserError, match="两列都对应姓名"):
        read_roster(path, mapping={2: "name"})
    with pytest.raises(UserError, match="未知的字段"):
        read_roster(path, mapping={2: "shoe_size"})
    with pytest.raises(UserError, match="没有“爱好”这一列"):
        read_roster(path, mapping={"爱好": "note"})


def test_first_sheet_with_a_roster_header_is_chosen(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [HEADER, PEOPLE[0]],
        sheet="花名册",
        extra_sheets=[("填表说明", [["请按模板填写"]])],
    )
    assert list_sheets(path) == ["填表说明", "花名册"]
    assert read_roster(path).sheet_name == "花名册"
    assert read_roster(path, sheet="花名册").sheet_names == ["填表说明", "花名册"]
    with pytest.raises(UnreadableFileError, match="找不到花名册的表头行"):
        read_roster(path, sheet="填表说明")
    with pytest.raises(UserError, match="工作表“无此表”不存在"):
        read_roster(path, sheet="无此表")


def test_unreadable_files(tmp_path):
    with pytest.raises(UnreadableFileError, match="找不到文件"):
        read_roster(tmp_path / "none.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet" * 50)
    with pytest.raises(UnreadableFileError, match="不是有效的 Excel"):
        read_roster(bad)
    with pytest.raises(UnreadableFileError):
        list_sheets(bad)


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_old_excel_and_ods_files(suffix):
    sheet = read_roster(FIXTURES / f"roster_small.{suffix}")
    assert sheet.header_row == 3
    assert sheet.branch_name_hint == "测试社区团支部"
    assert [r.values["name"] for r in sheet.rows] == ["张三", "李四", "王五", "赵六"]
    assert [r.row for r in sheet.rows] == [4, 5, 7, 8]
    assert sheet.footer_rows == [10]
    zhang, li = sheet.rows[:2]
    assert zhang.values["birth_date"] == (date(2000, 1, 1), Precision.DAY)
    assert zhang.values["join_date"] == (date(2015, 5, 1), Precision.MONTH)
    assert li.values["join_date"] == (date(2016, 5, 4), Precision.DAY)
    assert li.values["id_number"] == "11010520010202138X"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("示例社区团支部团员花名册", "示例社区团支部"),
        ("2026年度 示例学校 团支部花名册", "示例学校团支部"),
        ("示例社区团员花名册", "示例社区团支部"),
        ("团员花名册", ""),
        ("", ""),
    ],
)
def test_branch_name_from_title(title, name):
    assert branch_name_from_title(title) == name


@pytest.mark.parametrize(
    ("column", "written", "read"),
    [
        ("证件类型", "普通居民身份证", "居民身份证"),
        ("证件类型", "境外身份证", "其他"),
        ("证件类型", "护照", "护照"),
        ("政治面貌", "团员", "共青团员"),
        ("团内职务", "普通团员", None),
        ("团内职务", "团员", None),
        ("团内职务", "无", None),
        ("团内职务", "组织委员", "组织委员"),
        ("学历", "本科在读", "本科"),
        ("学历", "大学本科", "本科"),
        ("学历", "大学专科", "大专"),
        ("学历", "硕士在读", "硕士研究生"),
        ("学历", "全日制本科", "本科"),
        ("学历", "本科毕业学历", "本科"),
        ("学历", "全日制普通大学本科在读", "本科"),
        ("学历", "大专及以上学历", "大专"),
        ("学历", "本科毕业及以上学历", "本科"),
        ("学历", "夜大", "夜大"),
        ("身份证号", "440305＊＊＊＊＊＊＊＊4409", "440305********4409"),
    ],
)
def test_values_as_the_online_system_writes_them(tmp_path, column, written, read):
    path = write_xlsx(tmp_path / "v.xlsx", [["姓名", column], ["张三", written]])
    field = field_for_header(column)
    assert read_roster(path).rows[0].values.get(field) == read


def test_readme_lists_every_header_the_reader_understands():
    from branchdesk.core.io.roster_reader import _SYNONYMS

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 导入花名册")[1].split("\n## ")[0]
    from branchdesk.core.io.dues_book_reader import _SYNONYMS as DUES_SYNONYMS

    every = [*_SYNONYMS.values(), *DUES_SYNONYMS.values()]
    missing = [n for names in every for n in names if n not in section]
    assert missing == []
    assert ".csv" in section and "GB18030" in section


@pytest.mark.parametrize(
    "odd",
    ["110105194912310021 ", "１１０１０５１９４９１２３１００２Ｘ",
     "1101051949123100", "11010519491231002XX", "A1010519491231002X", 110105194912310021,
     None, "", "11010519491231002*", "1101051949123100X2", "X10105194912310021"],
)  # fmt: skip
def test_an_id_column_converted_at_once_is_each_cell_converted(odd):
    from branchdesk.core.io import roster_reader

    usual = ("11010519491231002X", "110105200001011238", "44030520000101123x")
    column = usual * 50
    assert roster_reader._usual_id_numbers(column) == list(map(roster_reader._id_number, column))
    assert roster_reader._usual_id_numbers((*column, odd)) is None
    no_lower = usual[:2] * 50  # digits and an upper-case X: taken as they are
    assert roster_reader._usual_id_numbers(no_lower) == list(
        map(roster_reader._id_number, no_lower)
    )
    assert roster_reader._usual_id_numbers((*no_lower, odd)) is None


COLUMN_SAMPLES = {
    "name": (
        ["张三", "欧阳娜娜", "", "Anna"],
        ["张 三", "张三1", " 张三", "李\u3000四", 7.0, None],
    ),
    "phone": (["13800000001", "", "01012345678"], ["138-0000-0001", "１３８", " 138", 138.0, "x1"]),
    "member_card_no": (["12345678", "A1", ""], ["1234 5678", "１２", "12-3", 12345678.0, None]),
}


@pytest.mark.parametrize("field", COLUMN_SAMPLES)
def test_columns_converted_at_once_are_each_cell_converted(field):
    """Names, codes and phones: a column of usual cells is taken as it is (in C), exactly as
    converting each cell gives; a column with any other cell is converted cell by cell."""
    from branchdesk.core.io import roster_reader

    convert = roster_reader._CONVERTERS[field]
    at_once = roster_reader._COLUMN_CONVERTERS[convert]
    usual, odd = COLUMN_SAMPLES[field]
    column = tuple(usual) * 40
    assert at_once(column) == list(map(convert, column))
    for cell in odd:
        mixed = (*column, cell)
        assert at_once(mixed) is None, cell
