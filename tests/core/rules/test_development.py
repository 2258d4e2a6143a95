from datetime import date

import pytest

from branchdesk.core.rules import development as dev
from branchdesk.core.rules.development import ApplicantRecord

TODAY = date(2026, 11, 23)
ID = "110105200803050028"  # born 2008-03-05, female


def record(**changes) -> ApplicantRecord:
    base = dict(
        name="李晓",
        id_number=ID,
        applied_on=date(2025, 3, 10),
        activist_on=date(2025, 6, 1),
        training_hours=10,
        candidate_on=date(2025, 10, 1),
        introducer1_id=1,
        introducer2_id=2,
        meeting_on=date(2025, 11, 1),
        expected=20,
        present=15,
        votes_for=11,
        approved_on=date(2025, 12, 1),
        development_no="202512345678",
        ceremony_on=date(2026, 1, 5),
    )
    base.update(changes)
    return ApplicantRecord(**base)


def problems(**changes) -> list[str]:
    return dev.check(record(**changes), TODAY)[1]


def test_a_complete_record_passes_and_takes_birth_and_gender_from_the_id():
    clean, found = dev.check(record(id_number="110105200803050028"), TODAY)
    assert found == []
    assert clean.birth_date == date(2008, 3, 5) and clean.gender == "女"
    assert clean.id_number == ID
    assert dev.stage(clean) == "已举行入团仪式"
    assert dev.warnings(clean) == []


def test_age_fourteen_to_twenty_eight_at_application_and_at_joining():
    assert any("未满14周岁" in p for p in problems(applied_on=date(2022, 3, 4), activist_on=None))
    assert not any("周岁" in p for p in problems(applied_on=date(2022, 3, 5)))
    old = "110105199801010019"  # 28 on 2026-01-01
    found = problems(
        id_number=old,
        applied_on=date(2025, 12, 31),
        activist_on=None,
        candidate_on=None,
        meeting_on=date(2025, 12, 31),
        approved_on=date(2026, 1, 1),
        development_no="202612345678",
        ceremony_on=None,
    )
    assert any("入团（上级团委批准）时（2026年01月01日）已满28周岁" in p for p in found)
    assert not any("递交入团申请书时" in p for p in found)


def test_vote_needs_quorum_and_more_than_half_of_expected_for_approval():
    assert any("未超过应到 20 人的一半" in p for p in problems(present=10, votes_for=10))
    refused = problems(votes_for=10)  # 10 of 20 应到 is not more than half
    assert any("未通过，不能报上级团委批准" in p for p in refused)
    assert problems(votes_for=10, approved_on=None, development_no="", ceremony_on=None) == []
    assert not dev.vote_passed(20, 10) and dev.vote_passed(20, 11)
    assert any("不能多于实到" in p for p in problems(votes_for=16))
    assert any("应到、实到" in p for p in problems(votes_for=None))


def test_development_number_is_twelve_digits_starting_with_the_join_year():
    assert any("12位" in p for p in problems(development_no="20251234567"))
    assert any("前4位应为入团年份（2025）" in p for p in problems(development_no="202412345678"))
    assert any("发展团员编号" in p for p in problems(development_no=""))
    assert any("批准的日期" in p for p in problems(approved_on=None, ceremony_on=None))


def test_two_different_introducers_before_the_meeting():
    assert any("同一个人" in p for p in problems(introducer2_id=1))
    assert any("两名入团介绍人" in p for p in problems(introducer2_id=None))
    early = problems(
        introducer2_id=None,
        meeting_on=None,
        expected=None,
        present=None,
        votes_for=None,
        approved_on=None,
        development_no="",
        ceremony_on=None,
    )
    assert early == []


def test_dates_in_order_and_not_in_the_future():
    assert any("不能早于确定为发展对象" in p for p in problems(meeting_on=date(2025, 9, 1)))
    assert any("还没有到" in p for p in problems(ceremony_on=date(2026, 12, 1)))
    assert any("出生日期与身份证号不符" in p for p in problems(birth_date=date(2008, 3, 6)))
    assert any("性别与身份证号不符" in p for p in problems(gender="男"))
    no_id = problems(id_number="", gender="", birth_date=None)
    assert "请选择性别" in no_id and "缺少出生日期" in no_id


def test_training_warnings_three_months_and_eight_hours():
    short = record(activist_on=date(2025, 8, 1), training_hours=6)
    assert dev.warnings(short) == [
        "确定为积极分子后培养考察不满3个月",
        "团课学习6学时，不足8学时",
    ]
    assert dev.stage(record(meeting_on=None, approved_on=None, ceremony_on=None)) == "发展对象"
    assert dev.stage(ApplicantRecord(applied_on=date(2025, 1, 1))) == "入团申请人"


@pytest.mark.parametrize(
    ("status", "approved", "message"),
    [
        ("已入团", date(2025, 12, 1), "已转为团员"),
        ("已终止", None, "已终止"),
        ("进行中", None, "尚未经上级团委批准"),
    ],
)
def test_conversion_needs_approval(status, approved, message):
    assert message in dev.conversion_problem(status, record(approved_on=approved))
    assert dev.conversion_problem("进行中", record()) is None
