from datetime import date

from branchdesk.core.rules.member_record import MemberRecord, check

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


def test_development_number_checks_length_and_year():
    assert problems_of(_record(development_no="2015123")) == ["发展团员编号应为12位数字"]
    assert problems_of(_record(development_no="201612345678")) == ["发展团员编号前4位应为入团年份"]
    assert problems_of(_record(development_no="201512345678")) == []
