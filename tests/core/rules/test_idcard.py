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


def _valid(birth: str, sequence: int) -> str:
    first17 = f"440305{birth}{sequence:03d}"
    return first17 + idcard.check_char(first17)


def _parse_or_none(number: str, today: date):
    try:
        return idcard.parse(number, today)
    except idcard.IdCardError:
        return None


#: numbers parse refuses or takes only after normalising: parse_many must leave them (and the
#: rest of their block) to parse
ODD_NUMBERS = [
    "440305200001011230",  # wrong check character
    next(_valid("20000101", n) for n in range(999) if _valid("20000101", n)[-1] == "X").lower(),
    "44030520000101123",  # 17 characters
    "440305000101123",  # 15 digits
    "４４０３０５２０００１０１１２３４",
    " " + _valid("20000101", 124),
    _valid("18991231", 5),  # born before 1900
    _valid("20301231", 5),  # born after today
    "440305200002301234",  # 30 February
    "4403052000010112X3",
    "440305+0000101123X",
    "44030520000101１２３",
    "4403052000010112-4",
    "",
]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
def test_parse_many_gives_what_parse_gives_and_leaves_out_the_odd_block(odd):
    today = date(2026, 11, 23)
    usual = [_valid(f"{1995 + n % 12}{1 + n % 12:02d}{1 + n % 28:02d}", n) for n in range(300)]
    numbers = [*usual[:200], odd, *usual[200:]]
    found = idcard.parse_many(numbers, today)
    for number, info in found.items():
        assert info == idcard.parse(number, today) and type(info) is idcard.IdCardInfo
    assert odd not in found
    assert set(found) == set(usual) - set(numbers[idcard.BLOCK : 2 * idcard.BLOCK])
    assert idcard.parse_many(usual, today) == {n: idcard.parse(n, today) for n in usual}


@given(st.lists(st.sampled_from([*ODD_NUMBERS, _valid("20000229", 7), _valid("19491231", 2)])))
def test_parse_many_never_differs_from_parse(numbers):
    today = date(2026, 11, 23)
    for number, info in idcard.parse_many(numbers * 50, today).items():
        assert info == _parse_or_none(number, today)
