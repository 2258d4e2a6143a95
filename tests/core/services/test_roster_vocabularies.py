"""Sheets as real exports and templates write them: one fixture per header vocabulary (made here,
with valid check characters), each importing with the right counts and every field stored.

Vocabularies: the national 智慧团建 member export, a provincial 智慧团建 back office, a school's
团员信息导入模板 (学号, no ID numbers), a 团支书 desk tool, an HR-system 团员名册.
"""

import json
from datetime import date

from sqlalchemy import func, select

from branchdesk.core.db.models import Branch, Group, Member
from branchdesk.core.rules.idcard import check_char
from branchdesk.core.services import branches
from branchdesk.core.services.alerts import branch_alerts
from branchdesk.core.services.roster_import import (
    INCOMPLETE_NOTICE,
    NO_AGE_COLUMNS,
    NO_ID_COLUMN,
    RowOutcome,
    import_roster,
    preview_import,
)
from branchdesk.core.services.roster_query import INCOMPLETE, RosterQuery, filter_rows, load_roster
from tests.conftest import TODAY
from tests.core.io.sheets import write_xlsx


def make_id(birth: str, seq: int, area: str = "440305") -> str:
    """A valid 18-digit number: birth 'YYYYMMDD', seq odd = male, even = female."""
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_char(first17)


def _import(db, path, **kwargs):
    with db.transaction() as s:
        return import_roster(s, path, today=TODAY, **kwargs)


def _members(db) -> dict[str, Member]:
    with db.session() as s:
        members = s.scalars(select(Member)).all()
        for m in members:
            _ = m.group  # load before the session closes
        return {m.name: m for m in members}


def _branch_names(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Branch.name).order_by(Branch.id)))


# -- the national 智慧团建 member export -------------------------------------------------------

ZHTJ_HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "证件类型",
    "证件号码",
    "政治面貌",
    "入团年月",
    "团员发展编号",
    "全日制学历",
    "学习工作单位",
    "团内现任职务",
    "入团时所在单位",
    "组织全称",
    "手机号码",
]
ZHTJ_BRANCH = "共青团示例大学计算机学院2023级1班团支部"


def zhtj_rows():
    return [
        ["智慧团建 团员信息导出"],
        ZHTJ_HEADER,
        [
            1,
            "陈晓",
            "女",
            "汉族",
            "2005-03",
            "普通居民身份证",
            make_id("20050312", 22),
            "团员",
            "2019-05",
            "201912345678",
            "本科在读",
            "示例大学计算机学院",
            "团支部书记",
            "示例市第一中学",
            ZHTJ_BRANCH,
            "13800000011",
        ],
        [
            2,
            "林峰",
            "男",
            "回族",
            "2004-11",
            "普通居民身份证",
            make_id("20041101", 31),
            "中共预备党员",
            "2018-12",
            "201712345679",  # joined 2018: 2017 and 2018 are interchangeable
            "大学本科",
            "示例大学计算机学院",
            "普通团员",
            "示例市第二中学",
            ZHTJ_BRANCH,
            "13800000012",
        ],
        [
            3,
            "黄蕾",
            "女",
            "汉族",
            "2005-07",
            "境外身份证",
            make_id("20050708", 44),
            "团员",
            "2020-05",
            "202012345670",
            "本科",
            "示例大学计算机学院",
            "无",
            "",
            ZHTJ_BRANCH,
            "13800000013",
        ],
    ]


def test_zhtj_national_export_imports_every_member_and_field(db, tmp_path):
    report = _import(db, write_xlsx(tmp_path / "zhtj.xlsx", zhtj_rows()))
    assert (report.new, report.rejected) == (3, [])
    assert _branch_names(db) == [ZHTJ_BRANCH]  # the organisation column names the branch
    people = _members(db)
    chen = people["陈晓"]
    assert (chen.id_type, chen.id_number) == ("居民身份证", make_id("20050312", 22))
    assert (chen.gender, chen.birth_date) == ("女", date(2005, 3, 12))
    assert (chen.political_status, chen.join_date, chen.join_date_precision) == (
        "共青团员",
        date(2019, 5, 1),
        "M",
    )
    assert chen.development_no == "201912345678"
    assert (chen.education, chen.work_unit, chen.league_post) == (
        "本科",
        "示例大学计算机学院",  # not 入团时所在单位 (history)
        "团支部书记",
    )
    assert chen.phone == "13800000011"
    lin = people["林峰"]
    assert (lin.ethnicity, lin.political_status, lin.education, lin.league_post) == (
        "回族",
        "中共预备党员",
        "本科",
        "",  # 普通团员: no post
    )
    huang = people["黄蕾"]  # 境外身份证 with a valid 18-digit number: checked as an ID number
    assert (huang.id_type, huang.gender, huang.league_post) == ("居民身份证", "女", "")
    assert report.notices == []


# -- a provincial 智慧团建 back office ----------------------------------------------------------


def test_provincial_back_office_sheet(db, tmp_path):
    header = [
        "姓名",
        "身份证号码",
        "性别",
        "出生日期",
        "所在团组织",
        "入团时间",
        "发展团员编号",
        "团内职务",
        "最高学历",
        "工作单位",
        "联系电话",
    ]
    branch = "共青团示例县示例镇示例村团支部"
    rows = [
        header,
        [
            "周强",
            make_id("19990101", 13, "330102"),
            "男",
            "1999-01-01",
            branch,
            "2014-05-04",
            "",
            "组织委员",
            "大学专科",
            "示例合作社",
            "13900000001",
        ],
        [
            "吴敏",
            make_id("20010606", 24, "330102"),
            "女",
            "2001-06-06",
            branch,
            "2017-05-04",
            "201712340001",
            "",
            "高中",
            "示例村委会",
            "0571-88880000",
        ],
    ]
    report = _import(db, write_xlsx(tmp_path / "province.xlsx", rows))
    assert (report.new, report.rejected, report.notices) == (2, [], [])
    assert _branch_names(db) == [branch]
    zhou, wu = _members(db)["周强"], _members(db)["吴敏"]
    assert (zhou.education, zhou.league_post, zhou.work_unit, zhou.development_no) == (
        "大专",
        "组织委员",
        "示例合作社",
        "",
    )
    assert (zhou.join_date, zhou.join_date_precision) == (date(2014, 5, 4), "D")
    assert (wu.development_no, wu.phone, wu.birth_date) == (
        "201712340001",
        "0571-88880000",
        date(2001, 6, 6),
    )


# -- a school's 团员信息导入模板: 学号, no ID numbers ---------------------------------------------

SCHOOL_HEADER = [
    "学号",
    "姓名",
    "性别",
    "出生年月",
    "民族",
    "入团日期",
    "团员编号",
    "学校班级",
    "职务",
    "文化程度",
]


def school_rows(extra=()):
    return [
        ["示例中学高二（3）班团员名单"],
        SCHOOL_HEADER,
        [
            "20240301",
            "孙悦",
            "女",
            "2009.04",
            "汉",
            "2023.05",
            "202312345601",
            "高二（3）班",
            "团支部书记",
            "高中在读",
        ],
        [
            "20240302",
            "郑凯",
            "男",
            "2009.08",
            "汉族",
            "2024.05",
            "202412345602",
            "高二（3）班",
            "团员",
            "高中",
        ],
        [None, "钱程", "男", "2009.01", "汉族", "2024.05", "", "高二（3）班", "", "高中"],
        *extra,
    ]


def test_school_sheet_without_id_numbers_imports_members_as_incomplete(db, tmp_path):
    path = write_xlsx(tmp_path / "school.xlsx", school_rows())
    report = _import(db, path)
    assert (report.new, report.rejected) == (3, [])
    assert report.messages[0] == NO_ID_COLUMN  # said once, at the top
    assert INCOMPLETE_NOTICE not in [n for _, n in report.notices]  # not on every row
    assert report.notices == [(5, "缺少发展团员编号（2017年起入团的团员应有）")]
    assert _branch_names(db) == ["示例中学高二（3）班团支部"]  # from the title
    people = _members(db)
    sun = people["孙悦"]
    assert (sun.id_number, sun.student_no, sun.gender, sun.birth_date) == (
        None,
        "20240301",
        "女",
        date(2009, 4, 1),
    )
    assert (sun.ethnicity, sun.join_date, sun.development_no) == (
        "汉族",
        date(2023, 5, 1),
        "202312345601",
    )
    assert (sun.work_unit, sun.league_post, sun.education) == ("高二（3）班", "团支部书记", "高中")
    assert people["郑凯"].league_post == ""
    assert people["钱程"].student_no == ""

    again = _import(db, path)  # matched by 学号, else by 姓名 + 出生年月
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    with db.session() as s:
        assert s.scalar(select(func.count(Member.id))) == 3


def test_incomplete_members_are_completed_by_a_sheet_with_id_numbers(db, tmp_path):
    _import(db, write_xlsx(tmp_path / "school.xlsx", school_rows()))
    sun_id, qian_id = make_id("20090415", 26, "110105"), make_id("20090120", 17, "110105")
    rows = [
        ["学号", "姓名", "身份证号"],
        ["20240301", "孙悦", sun_id],  # by 学号
        [None, "钱程", qian_id],  # by 姓名 + 出生年月 (from the number)
    ]
    report = _import(db, write_xlsx(tmp_path / "ids.xlsx", rows))
    assert (report.new, report.updated, report.rejected) == (0, 2, [])
    people = _members(db)
    assert (people["孙悦"].id_number, people["孙悦"].birth_date) == (sun_id, date(2009, 4, 15))
    assert people["钱程"].id_number == qian_id
    assert people["郑凯"].id_number is None
    with db.session() as s:
        assert s.scalar(select(func.count(Member.id))) == 3


def test_incomplete_members_are_a_roster_filter_and_a_home_page_alert(db, tmp_path):
    _import(db, write_xlsx(tmp_path / "school.xlsx", school_rows()))
    with db.session() as s:
        branch_id = s.scalar(select(Branch.id))
        rows = load_roster(s, branch_id)
        alerts = [a for a in branch_alerts(s, branch_id, TODAY) if a.category == INCOMPLETE]
    assert len(filter_rows(rows, RosterQuery(incomplete=True), TODAY)) == 3
    assert [(a.text, a.page) for a in alerts] == [
        ("3名团员资料不全（缺少身份证号），请在团员页筛选“资料不全”补全", "members")
    ]
    rows = [["学号", "姓名", "身份证号"], ["20240301", "孙悦", make_id("20090415", 26)]]
    _import(db, write_xlsx(tmp_path / "ids.xlsx", rows))
    with db.session() as s:
        rows = load_roster(s, branch_id)
        alerts = [a for a in branch_alerts(s, branch_id, TODAY) if a.category == INCOMPLETE]
    incomplete = filter_rows(rows, RosterQuery(incomplete=True), TODAY)
    assert sorted(r.name for r in incomplete) == ["郑凯", "钱程"]
    assert alerts[0].text.startswith("2名团员资料不全")


def test_blank_id_number_in_a_sheet_with_the_column_is_a_notice(db, tmp_path):
    rows = [
        ["姓名", "身份证号", "出生日期", "性别"],
        ["冯雪", None, "2006-02-03", "女"],
        ["蒋涛", None, None, "男"],
    ]
    report = _import(db, write_xlsx(tmp_path / "blank.xlsx", rows))
    assert report.new == 1
    assert report.notices == [(2, INCOMPLETE_NOTICE)]
    assert report.rejected == [(3, "缺少身份证号和出生年月（至少要填写其中一项）")]


def test_a_sheet_with_neither_id_numbers_nor_birth_dates_says_which_column_to_add(db, tmp_path):
    """Age decides joining, 超龄离团 and dues: a member cannot be kept without it."""
    rows = [["学号", "姓名", "性别"], ["20240301", "孙悦", "女"], ["20240302", "郑凯", "男"]]
    report = _import(db, write_xlsx(tmp_path / "names.xlsx", rows))
    assert (report.new, report.branch_id) == (0, None)  # nothing written, no empty branch
    assert report.messages == [NO_AGE_COLUMNS]
    assert "加一列“出生年月”" in NO_AGE_COLUMNS
    reason = "缺少出生年月：表中没有“身份证号”或“出生年月”列，请加上其中一列"
    assert report.rejected == [(2, reason), (3, reason)]
    assert _branch_names(db) == []


def test_a_blank_birth_date_in_a_sheet_without_id_numbers_is_named(db, tmp_path):
    rows = [
        ["学号", "姓名", "性别", "出生年月"],
        ["1", "孙悦", "女", "2009.04"],
        ["2", "郑凯", "男", None],
    ]
    report = _import(db, write_xlsx(tmp_path / "names.xlsx", rows))
    assert report.new == 1 and report.messages == [NO_ID_COLUMN]
    assert report.rejected == [(3, "缺少出生年月（没有身份证号时需要出生年月）")]


def test_a_doubtful_card_number_or_phone_is_left_out_with_a_notice(db, tmp_path):
    """An 8-digit 团员证编号 typed into Excel as a number loses its leading 0: the member is
    still imported, the number is not."""
    first, second = make_id("20030303", 22, "320102"), make_id("20020220", 11, "320102")
    rows = [
        ["姓名", "身份证号", "团员证编号", "手机号码"],
        ["郑爽", first, 1234567, "13611112222"],
        ["冯刚", second, "12345678", "1361111222"],
    ]
    report = _import(db, write_xlsx(tmp_path / "cards.xlsx", rows))
    assert (report.new, report.rejected) == (2, [])
    assert report.notices == [
        (2, "团员证编号应为8位数字：“1234567”未导入，请核对后补填"),
        (
            3,
            "手机号码格式不对（应为11位手机号或带区号的固定电话）：“1361111222”未导入，请核对后补填",
        ),
    ]
    people = _members(db)
    assert (people["郑爽"].member_card_no, people["郑爽"].phone) == ("", "13611112222")
    assert (people["冯刚"].member_card_no, people["冯刚"].phone) == ("12345678", "")
    rows[1][2] = 7654321  # on an update the stored value stays
    rows[2][2] = "87654321"
    again = _import(db, write_xlsx(tmp_path / "cards2.xlsx", rows))
    assert (again.updated, again.rejected) == (1, [])
    assert _members(db)["冯刚"].member_card_no == "87654321"


def test_duplicate_rows_without_id_numbers_name_the_first_row(db, tmp_path):
    extra = [["20240301", "孙悦", "女", "2009.04", "汉", "2023.05", "", "", "", ""]]
    report = _import(db, write_xlsx(tmp_path / "dup.xlsx", school_rows(extra)))
    assert report.rejected == [(6, "学号与第3行重复")]


# -- a 团支书 desk tool --------------------------------------------------------------------------


def test_secretary_desk_tool_sheet(db, tmp_path):
    header = [
        "序号",
        "姓名",
        "公民身份号码",
        "入团年月",
        "团员证编号",
        "团小组",
        "手机",
        "所属团组织",
        "学历",
    ]
    branch = "示例社区团支部"
    rows = [
        header,
        [
            1,
            "何静",
            make_id("19980808", 28, "320102"),
            "2013年6月",
            "12345678",
            "第一团小组",
            "13700000001",
            branch,
            "大学本科",
        ],
        [
            2,
            "吕斌",
            make_id("19970707", 37, "320102"),
            "2012.10",
            "12345679",
            "第二团小组",
            "13700000002",
            branch,
            "硕士",
        ],
    ]
    report = _import(db, write_xlsx(tmp_path / "desk.xlsx", rows))
    assert (report.new, report.rejected, report.notices) == (2, [], [])
    assert _branch_names(db) == [branch]
    people = _members(db)
    he = people["何静"]
    assert (he.gender, he.birth_date, he.join_date, he.member_card_no) == (
        "女",
        date(1998, 8, 8),
        date(2013, 6, 1),
        "12345678",
    )
    assert (he.group.name, he.phone, he.education) == ("第一团小组", "13700000001", "本科")
    assert (people["吕斌"].education, people["吕斌"].group.name) == ("硕士研究生", "第二团小组")
    with db.session() as s:
        assert s.scalar(select(func.count(Group.id))) == 2


# -- an HR-system 团员名册 -----------------------------------------------------------------------


def test_hr_system_roster(db, tmp_path):
    header = [
        "员工编号",
        "姓名",
        "身份证号",
        "性别",
        "出生日期",
        "政治面貌",
        "入团时间",
        "单位",
        "职务",
        "文化程度",
        "联系电话",
        "备注",
    ]
    rows = [
        ["示例集团团员名册"],
        ["填报单位：示例集团团委"],
        header,
        [
            "E001",
            "许诺",
            make_id("19990909", 15, "510104"),
            "男",
            "1999/9/9",
            "共青团员",
            "2014/5/4",
            "示例集团财务部",
            "无",
            "本科",
            "13600000001",
            "新入职",
        ],
        [
            "E002",
            "袁梦",
            make_id("20000101", 46, "510104"),
            "女",
            "2000/1/1",
            "党员",
            "2015/5/4",
            "示例集团人事部",
            "团支部副书记",
            "研究生在读",
            "13600000002",
            "",
        ],
    ]
    report = _import(db, write_xlsx(tmp_path / "hr.xlsx", rows), branch_name="示例集团团支部")
    assert (report.new, report.rejected, report.notices) == (2, [], [])
    assert report.unknown_columns == ["员工编号"]
    people = _members(db)
    xu, yuan = people["许诺"], people["袁梦"]
    assert (xu.work_unit, xu.league_post, xu.education, xu.note) == (
        "示例集团财务部",
        "",
        "本科",
        "新入职",
    )
    assert (yuan.political_status, yuan.league_post, yuan.education) == (
        "中共党员",
        "团支部副书记",
        "硕士研究生",
    )


# -- values and rows worth a word --------------------------------------------------------------


def test_masked_numbers_are_rejected_with_the_reason_and_never_stored(db, tmp_path):
    rows = [
        ["姓名", "证件号码", "性别"],
        ["陈晓", "440305********2244", "女"],
        [
            "林峰",
            "440305２００４１１０１０３１X".replace("２００４１１０１０３１", "********"),
            "男",
        ],
    ]
    report = _import(db, write_xlsx(tmp_path / "masked.xlsx", rows))
    assert report.new == 0
    for _row, reason in report.rejected:
        assert "隐去" in reason and "完整的身份证号" in reason
        assert "性别" not in reason and "出生日期" not in reason
    assert [row for row, _ in report.rejected] == [2, 3]
    with db.session() as s:
        assert s.scalar(select(func.count(Member.id))) == 0


def test_doubtful_values_are_imported_with_notices(db, tmp_path):
    rows = [
        ["姓名", "身份证号", "入团年月", "发展团员编号", "学历"],
        ["甲", make_id("19900101", 11), "2019-05", "", "夜大"],  # joined at 29, no number, odd 学历
        ["乙", make_id("20050101", 21), "2020-05", "201912345678", "本科"],
    ]
    report = _import(db, write_xlsx(tmp_path / "doubt.xlsx", rows))
    assert (report.new, report.rejected) == (2, [])
    assert report.notices == [
        (2, "入团时已满28周岁，请核对入团时间和出生日期"),
        (2, "缺少发展团员编号（2017年起入团的团员应有）"),
        (2, "学历“夜大”不在常用选项中，已按原样保存"),
        (3, "发展团员编号前4位应为入团年份（2020）"),
    ]
    assert report.to_json()["notices"][0] == {"row": 2, "message": report.notices[0][1]}


def test_sheet_naming_several_branches_says_so(db, tmp_path):
    rows = [
        ["姓名", "身份证号", "所在团支部"],
        ["甲", make_id("20000101", 11), "一班团支部"],
        ["乙", make_id("20000101", 21), "二班团支部"],
    ]
    with db.session() as s:
        preview = preview_import(s, write_xlsx(tmp_path / "two.xlsx", rows), today=TODAY)
    assert preview.count(RowOutcome.NEW) == 2
    assert any("2个团支部（一班团支部、二班团支部）" in m for m in preview.messages)
    assert preview.branch_name == "未命名团支部"


def test_split_branches_imports_each_branch_its_rows(db, tmp_path, capsys):
    from branchdesk.cli import main

    rows = [
        ["姓名", "身份证号", "所在团支部"],
        ["甲", make_id("20000101", 11), "一班团支部"],
        ["乙", make_id("20000101", 21), "二班团支部"],
        ["丙", make_id("20000101", 31), "一班团支部"],
        ["丁", make_id("20000101", 41), None],
    ]
    path = write_xlsx(tmp_path / "two.xlsx", rows)
    with db.transaction() as s:
        branches.create_branch(s, "一班团支部")
        branches.create_branch(s, "三班团支部")
    db_arg = ["--db", str(tmp_path / "test.db")]
    assert (
        main([*db_arg, "import", str(path), "--split-branches", "--branch", "三班团支部", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["new"], data["rejected"]) == (4, [])
    assert {b["branch"]: b["new"] for b in data["branches"]} == {
        "三班团支部": 1,
        "一班团支部": 2,
        "二班团支部": 1,
    }
    with db.session() as s:
        where = dict(
            s.execute(
                select(Member.name, Branch.name).join(Branch, Member.branch_id == Branch.id)
            ).all()
        )
    assert where == {"甲": "一班团支部", "乙": "二班团支部", "丙": "一班团支部", "丁": "三班团支部"}


# The labels a provincial 智慧团建 back office gives a member's details, in its order (basic, then
# additional information), and the values it writes: paramsName, degreeOfEducationName,
# politicalOutlookName, incumbentName and idCardTypeName in the public front end
# zhaixiangmin/zhtj, dev/bg/public/js/league_member/league_member.js. The national system's
# member batch-import template is "智慧团建导入团员团干部数据模板.xls" (downloaded from 添加团员 →
# 导入模板下载); its header row is not published, so `export zhtj` keeps the layout tested in
# tests/core/io/test_roster_export.py.
BACK_OFFICE_DETAIL_HEADER = [
    "姓名",
    "证件类型",
    "身份证号",
    "实名认证状态",
    "出生日期",
    "入团年月",
    "所在团支部",
    "收入",
    "是否团干部",
    "团内现任职务",
    "任现职年月",
    "团干部性质",
    "是否同级党委（支部）成员",
    "民族",
    "政治面貌",
    "全日制学历",
    "最高学历",
    "户籍所在地",
    "手机号码",
    "入团时所在单位",
    "职业",
    "学习工作单位",
    "电子邮箱",
    "QQ",
    "微信号",
    "微博号",
    "团员编号",
    "入党年月",
    "注册志愿者时间",
]


def test_provincial_back_office_member_details(db, tmp_path):
    branch = "共青团示例市示例中学高三（1）班团支部"

    def row(name, id_number, joined, post, status, education, development_no, party):
        values = {
            "姓名": name,
            "证件类型": "普通居民身份证",
            "身份证号": id_number,
            "实名认证状态": "通过",
            "入团年月": joined,
            "所在团支部": branch,
            "是否团干部": "是" if post else "否",
            "团内现任职务": post,
            "民族": "汉族",
            "政治面貌": status,
            "全日制学历": education,
            "最高学历": "本科",
            "户籍所在地": "示例市",
            "手机号码": "13900000009",
            "入团时所在单位": "示例初级中学",
            "职业": "学生",
            "学习工作单位": "示例中学",
            "团员编号": development_no,
            "入党年月": party,
        }
        return [values.get(header) for header in BACK_OFFICE_DETAIL_HEADER]

    rows = [
        BACK_OFFICE_DETAIL_HEADER,
        row(
            "陈书记", make_id("19980303", 15), "2013-05", "书记", "党员", "硕士在读", "", "2019-06"
        ),
        row(
            "林同学",
            make_id("20080303", 26),
            "2022-05",
            "",
            "团员",
            "中职中专在读",
            "202244010001",
            None,
        ),
    ]
    report = _import(db, write_xlsx(tmp_path / "detail.xlsx", rows))
    assert (report.new, report.rejected, report.notices) == (2, [], [])
    assert _branch_names(db) == [branch]
    assert set(report.unknown_columns) == {
        "实名认证状态",
        "收入",
        "是否团干部",
        "任现职年月",
        "团干部性质",
        "是否同级党委（支部）成员",
        "最高学历",  # 全日制学历 is read; a second 学历 column is left alone
        "户籍所在地",
        "入团时所在单位",
        "职业",
        "电子邮箱",
        "QQ",
        "微信号",
        "微博号",
        "注册志愿者时间",
    }
    chen, lin = _members(db)["陈书记"], _members(db)["林同学"]
    assert (chen.political_status, chen.probationary_on, chen.league_post) == (
        "中共党员",
        date(2019, 6, 1),
        "书记",
    )
    assert (chen.education, chen.id_type, chen.work_unit) == (
        "硕士研究生",
        "居民身份证",
        "示例中学",
    )
    assert (lin.political_status, lin.education, lin.development_no) == (
        "共青团员",
        "中职",
        "202244010001",
    )
    assert (lin.join_date, lin.join_date_precision, lin.probationary_on) == (
        date(2022, 5, 1),
        "M",
        None,
    )
