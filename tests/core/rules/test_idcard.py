from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchdesk.core.rules import idcard


def test_domain_example_validates():
    info = idcard.parse("11010519491231002X")
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"
    assert info.number == "11010519491231002X"


def test_lower_case_x_and_full_width_digits_are_normalised():
    assert idcard.parse("11010519491231002x").number == "11010519491231002X"
    assert idcard.parse("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"
    assert idcard.parse(" 110105 19491231002X　").number == "11010519491231002X"


def test_wrong_check_character_is_rejected_in_chinese():
    with pytest.raises(idcard.IdCardError, match="校验位错误"):
        idcard.parse("110105194912310021")


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "缺少身份证号"),
        ("1101051949123", "应为18位"),
        ("11010519491331002X", "出生日期无效"),
        ("1101051949123100AX", "只能由数字"),
    ],
)
def test_invalid_numbers_say_why(raw, reason):
    with pytest.raises(idcard.IdCardError, match=reason):
        idcard.parse(raw)


def test_fifteen_digit_number_is_converted_and_flagged():
    info = idcard.parse("110105491231002")
    assert info.number == "11010519491231002X"
    assert info.converted_from_15


def test_gender_comes_from_the_sequence_digit():
    first17 = "11010520000101001"
    assert idcard.parse(first17 + idcard.check_char(first17)).gender == "男"


def test_mask_keeps_area_and_last_four():
    assert idcard.mask("11010519491231002X") == "110105********002X"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_is_the_weighted_sum_of_gb_11643(first17):
    total = sum(int(d) * w for d, w in zip(first17, idcard.WEIGHTS, strict=True))
    assert idcard.check_char(first17) == "10X98765432"[total % 11]


def test_check_char_reads_full_width_digits_and_refuses_letters():
    assert idcard.check_char("１１０１０５１９４９１２３１００２") == "X"
    with pytest.raises(ValueError):
        idcard.check_char("1101051949123100A")
