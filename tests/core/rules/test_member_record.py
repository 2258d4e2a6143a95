from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from branchdesk.core.rules.member_record import (
    MASKED_MESSAGE,
    PHONE_RE,
    SET_BY_SHEET_CHECK,
    MemberRecord,
    check,
    check_in_place,
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


_ID_NUMBERS = (
    "11010520000101001X",  # valid
    "110105200001010011",  # wrong check character
    " 11010520000101001x ",  # spaced, lower-case x
    "110105000101001",  # 15 digits
    "110105********001X",  # masked
    "H1234567(8)",  # another kind of ID
    "",
)
_DATES = st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2030, 12, 31)))


@given(
    id_number=st.sampled_from(_ID_NUMBERS),
    id_type=st.sampled_from(("居民身份证", "护照", "其他", "")),
    gender=st.sampled_from(("", "男", "女", "未知")),
    birth_date=_DATES,
    join_date=_DATES,
    precision=st.sampled_from(("D", "M", "Y")),
    political=st.sampled_from(("共青团员", "中共预备党员", "中共党员", "群众", "")),
    probationary_on=_DATES,
    full_member_on=_DATES,
    phone=st.sampled_from(("", "13800000000", "0755-12345678", "123", " 138 ")),
    member_card_no=st.sampled_from(("", "12345678", "1234")),
    development_no=st.sampled_from(("", "201712345678", "20171234", "abc")),
    texts=st.text(min_size=0, max_size=4),
)
def test_checking_a_sheet_record_changes_only_the_fields_it_says(
    id_number, id_type, gender, birth_date, join_date, precision, political,
    probationary_on, full_member_on, phone, member_card_no, development_no, texts,
):  # fmt: skip
    """The roster import writes a field the sheet has no column for as its default without
    reading 10,000 records: checking must never change any field but SET_BY_SHEET_CHECK."""
    record = MemberRecord(
        name=texts, gender=gender, ethnicity=texts, birth_date=birth_date, id_type=id_type,
        id_number=id_number, student_no=texts, join_date=join_date,
        join_date_precision=precision, member_card_no=member_card_no,
        development_no=development_no, education=texts, political_status=political,
        probationary_on=probationary_on, full_member_on=full_member_on, phone=phone,
        league_post=texts, work_unit=texts, note=texts,
    )  # fmt: skip
    before = dict(vars(record))
    check_in_place(record, TODAY, sheet_text=True)
    after = vars(record)
    kept = set(before) - SET_BY_SHEET_CHECK - {"notices"}
    assert {k: after[k] for k in kept} == {k: before[k] for k in kept}
