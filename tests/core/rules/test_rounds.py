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
