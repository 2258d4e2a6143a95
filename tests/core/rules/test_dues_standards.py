from datetime import date

import pytest

from branchdesk.core.rules.dues_standards import (
    DEFAULT_CATEGORIES,
    DEFAULT_FORMULA,
    PARTY_CATEGORY,
    Kind,
    Month,
    capital_amount,
    half_year,
    is_drop_out_risk,
    longest_run,
    month_range,
    monthly_fen,
    parse_yuan,
    range_label,
    split_amount,
    yuan,
)

CATS = {c.name: c for c in DEFAULT_CATEGORIES}


@pytest.mark.parametrize("name", ["学生", "失业", "低保/救济", "务农"])
def test_twenty_fen_categories(name):
    assert monthly_fen(CATS[name], None) == 20


@pytest.mark.parametrize(
    ("income_yuan", "fen"),
    [
        (0, 300),
        (1999.99, 300),
        (2000, 400),
        (2499, 400),
        (2500, 500),
        (4999, 900),
        (5000, 1000),
        (5499, 1000),
        (5500, 1100),
        (9999, 1900),
        (10000, 2000),
        (30000, 2000),
    ],
)
def test_salaried_formula(income_yuan, fen):
    income_fen = round(income_yuan * 100)
    assert monthly_fen(CATS["在职"], income_fen) == fen
    assert monthly_fen(CATS["年薪制/个体"], income_fen) == fen


def test_unknown_income_counts_as_lowest_band():
    assert DEFAULT_FORMULA.monthly_fen(None) == 300


def test_party_members_owe_nothing():
    assert CATS[PARTY_CATEGORY].kind == Kind.NONE
    assert monthly_fen(CATS[PARTY_CATEGORY], 800_000) == 0


def test_month_arithmetic():
    assert Month(2026, 12).plus(1) == Month(2027, 1)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    assert Month(2027, 2) - Month(2026, 11) == 3
    assert Month.of(date(2026, 2, 17)).last_day == date(2026, 2, 28)
    assert Month.parse("2026-03") == Month(2026, 3)
    assert str(Month(2026, 3)) == "2026-03"
    assert month_range(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert month_range(Month(2026, 2), Month(2026, 1)) == []
    assert half_year(Month(2026, 8)) == (Month(2026, 7), Month(2026, 12))
    assert range_label(Month(2026, 3), Month(2026, 6)) == "2026年3月—6月"
    with pytest.raises(ValueError):
        Month(2026, 13)


def test_split_amount_adds_up_exactly():
    assert split_amount(1000, 3) == [334, 333, 333]
    assert sum(split_amount(12345, 7)) == 12345
    assert split_amount(120, 6) == [20] * 6


def test_arrears_rule_needs_six_consecutive_months():
    five = month_range(Month(2026, 1), Month(2026, 5))
    assert not is_drop_out_risk(five)
    assert is_drop_out_risk(month_range(Month(2025, 9), Month(2026, 2)))
    broken = five + [Month(2026, 7)]
    assert longest_run(broken) == 5 and not is_drop_out_risk(broken)


def test_yuan_round_trip():
    assert yuan(1230) == "12.30"
    assert yuan(20) == "0.20"
    assert parse_yuan("12.3") == 1230
    assert parse_yuan("0.2") == 20
    assert parse_yuan("¥1,200") == 120000
    for bad in ("", "abc", "1.234", "1.2.3"):
        with pytest.raises(ValueError):
            parse_yuan(bad)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "零元整"),
        (20, "贰角"),
        (5, "伍分"),
        (25, "贰角伍分"),
        (100, "壹元整"),
        (1230, "壹拾贰元叁角"),
        (1205, "壹拾贰元零伍分"),
        (24000, "贰佰肆拾元整"),
        (100500, "壹仟零伍元整"),
        (100050, "壹仟元伍角"),
        (10000500, "壹拾万零伍元整"),
        (100000000, "壹佰万元整"),
        (1000100000, "壹仟万零壹仟元整"),
        (1001000000, "壹仟零壹万元整"),
        (10000000500, "壹亿零伍元整"),
        (123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    ],
)
def test_capital_amount(fen, text):
    assert capital_amount(fen) == text


def test_capital_amount_rejects_negative():
    with pytest.raises(ValueError):
        capital_amount(-1)
