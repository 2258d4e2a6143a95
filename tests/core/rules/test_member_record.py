from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from branchdesk.core.rules.member_record import (
    MASKED_MESSAGE,
    PHONE_RE,
    MemberRecord,
    check,
    development_no_notice,
    is_incomplete,
)

TODAY = date(2026, 11, 23)


def _record(**kw) -> MemberRecord:
    base = dict(name="张三", id_number="11010520000101001X", join_date=date(2015, 3, 1))
    base.update(kw)
    first17 = base["id_number"][:17]
    from branchdesk.core.rules.idcard import check_char

    if len(base["id_number"]) == 18 and kw.get("keep_check") is None:
        base["id_number"] = first17 + check_char(first17)
    base.pop("keep_check", None)
    return MemberRecord(**base)


def problems_of(record):
    return [p.message for p in check(record, TODAY)[1]]


def test_valid_record_gets_birth_and_gender_from_id():
    clean, problems = check(_record(), TODAY)
    assert problems == []
    assert clean.birth_date == date(2000, 1, 1)
    assert clean.gender == "男"


def test_missing_name_and_bad_phone_are_reported():
    assert problems_of(_record(name=" ", phone="12345")) == [
        "缺少姓名",
        "手机号码格式不对（应为11位手机号或带区号的固定电话）",
    ]


def test_gender_contradicting_id_is_an_error():
    assert "性别与身份证号不符" in problems_of(_record(gender="女"))


def test_join_before_fourteen():
    assert "入团时未满14周岁" in problems_of(_record(join_date=date(2013, 12, 1)))


def notices_of(record):
    clean, problems = check(record, TODAY)
    assert problems == []
    return clean.notices


def test_doubtful_development_numbers_are_notices_not_problems():
    assert notices_of(_record(development_no="201612345678")) == [
        "发展团员编号前4位应为入团年份（2015）"
    ]
    assert notices_of(_record(development_no="201512345678")) == []
    assert notices_of(_record(development_no="2015123")) == []  # before 2017: length is free
    joined_2019 = date(2019, 5, 1)
    assert notices_of(_record(join_date=joined_2019, development_no="2019123")) == [
        "发展团员编号应为12位数字"
    ]
    assert notices_of(_record(join_date=joined_2019, development_no="201812345678")) == [
        "发展团员编号前4位应为入团年份（2019）"
    ]


def test_2017_and_2018_development_numbers_are_interchangeable():
    for joined in (date(2017, 5, 1), date(2018, 5, 1)):
        for prefix in ("2017", "2018"):
            assert notices_of(_record(join_date=joined, development_no=prefix + "12345678")) == []


def test_missing_development_number_is_doubtful_from_2017():
    assert (
        development_no_notice("", date(2017, 1, 1)) == "缺少发展团员编号（2017年起入团的团员应有）"
    )
    assert development_no_notice("", date(2016, 12, 1)) == ""
    assert development_no_notice("", None) == ""


def test_joining_at_28_or_later_is_a_notice():
    assert notices_of(_record(id_number="11010519900101001X", join_date=date(2018, 3, 1))) == [
        "入团时已满28周岁，请核对入团时间和出生日期"
    ]


def test_masked_number_is_never_read_as_another_id():
    record = _record(id_number="110105********001X", gender="", id_type="其他", keep_check=True)
    assert problems_of(record) == [MASKED_MESSAGE]
    assert "完整的身份证号" in MASKED_MESSAGE


def test_valid_number_under_another_type_is_checked_as_resident_id():
    clean, problems = check(_record(id_type="其他"), TODAY)
    assert problems == [] and clean.id_type == "居民身份证" and clean.gender == "男"
    assert problems_of(_record(id_type="其他", id_number="AB1234567")) == [
        "请选择性别",
        "缺少出生日期",
    ]


def test_member_without_id_number_needs_a_birth_date():
    clean, problems = check(_record(id_number="", birth_date=date(2000, 3, 1)), TODAY)
    assert problems == [] and is_incomplete(clean) and clean.gender == ""
    assert problems_of(_record(id_number="")) == ["缺少身份证号（没有身份证号时至少要有出生日期）"]


@given(st.text(alphabet="1３²05-\n ", min_size=10, max_size=13))
def test_a_phone_is_refused_exactly_when_the_phone_pattern_refuses_it(phone):
    refused = "手机号码格式不对（应为11位手机号或带区号的固定电话）" in problems_of(
        _record(phone=phone)
    )
    stored = phone.strip()
    assert refused == (bool(stored) and PHONE_RE.match(stored) is None)
