from branchdesk.core.rules.rounds import (
    excellent_limit,
    excellent_share_warning,
    quorum_warning,
    registration_proposal,
    registration_warning,
)


def test_excellent_cap_counts_only_those_evaluated():
    assert excellent_share_warning(["优秀"] * 3 + ["合格"] * 7, 30) is None
    warning = excellent_share_warning(["优秀"] * 4 + ["合格"] * 6, 30)
    assert warning and "40%" in warning and "30%" in warning
    # 免评 and blanks are not among those evaluated
    assert excellent_share_warning(["优秀"] * 3 + ["合格"] * 7 + ["免评", ""], 30) is None
    assert excellent_share_warning(["优秀"] * 3 + ["合格"] * 5 + ["免评"] * 2, 30)
    assert excellent_share_warning([], 30) is None
    assert excellent_share_warning(["优秀", "合格"], 50) is None
    assert excellent_limit(10, 30) == 3 and excellent_limit(7, 30) == 2


def test_registration_proposals_and_warnings():
    assert registration_proposal("不合格").result == "暂缓注册"
    assert registration_proposal("合格", arrears_months=7).result == "暂缓注册"
    assert "团费" in registration_proposal("合格", arrears_months=7).reason
    assert registration_proposal("基本合格").result == "予以注册"
    assert registration_proposal("").result == ""
    assert registration_warning("不合格", "予以注册")
    assert registration_warning("", "予以注册")
    assert registration_warning("基本合格", "予以注册") is None
    assert registration_warning("不合格", "暂缓注册") is None


def test_general_meeting_needs_more_than_half():
    assert quorum_warning(10, 5, "支部团员大会")
    assert quorum_warning(10, 6, "支部团员大会") is None
    assert quorum_warning(10, 2, "支部委员会") is None


def test_evaluation_needs_two_thirds_of_those_expected_and_registration_more_than_half():
    from branchdesk.core.rules.rounds import round_quorum_warning

    assert round_quorum_warning("评议", 9, 6) is None  # exactly two thirds (三分之二以上)
    assert "三分之二" in round_quorum_warning("评议", 9, 5)
    assert round_quorum_warning("评议", 10, 7) is None
    assert round_quorum_warning("评议", 10, 6)  # 60% < 2/3 though more than half
    assert round_quorum_warning("注册", 10, 6) is None
    assert "半数" in round_quorum_warning("注册", 10, 5)
    assert "应到" in round_quorum_warning("评议", 0, 0)


def test_registering_a_failed_or_long_unpaid_member_needs_a_reason():
    from branchdesk.core.rules.rounds import registration_reason_needed

    assert registration_reason_needed("不合格", 0, "予以注册") == "教育评议为不合格"
    assert registration_reason_needed("合格", 6, "予以注册") == "已连续 6 个月未交团费"
    assert registration_reason_needed("合格", 5, "予以注册") is None
    assert registration_reason_needed("不合格", 9, "暂缓注册") is None
    assert registration_reason_needed("合格", 0, "予以注册") is None


def test_summary_accounts_for_every_member():
    from branchdesk.core.rules.rounds import round_summary

    results = ["予以注册", "予以注册", "暂缓注册", "", "不予注册", "", "作废的旧值"]
    summary = round_summary("注册", ("予以注册", "暂缓注册", "不予注册"), results)
    assert summary == [
        ("予以注册", 2),
        ("暂缓注册", 1),
        ("不予注册", 1),
        ("未注册", 2),
        ("作废的旧值", 1),
    ]
    assert sum(n for _, n in summary) == len(results)
    assert round_summary("评议", ("优秀",), [])[-1] == ("未评议", 0)


def test_round_day_and_approval_order():
    from datetime import date

    from branchdesk.core.rules.rounds import approval_refusal, round_day_refusal

    assert round_day_refusal(2026, date(2026, 1, 1)) is None
    assert round_day_refusal(2026, date(2027, 3, 31)) is None  # early next year is usual
    assert "早于" in round_day_refusal(2026, date(2025, 12, 31))
    assert "3月31日" in round_day_refusal(2026, date(2027, 4, 1))
    assert approval_refusal(date(2026, 11, 18), date(2026, 11, 18)) is None
    assert "不能早于" in approval_refusal(date(2026, 11, 18), date(2026, 11, 17))
    assert approval_refusal(date(2026, 11, 18), None) is None
