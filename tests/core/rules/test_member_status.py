from branchdesk.core.rules.member_status import MemberStatus, can_change, is_archived


def test_lifecycle_allows_documented_paths():
    assert can_change("在册", "转出中")
    assert can_change("转出中", "已转出")
    assert can_change("转出中", "在册")  # letter cancelled or returned
    assert can_change("超龄离团", "在册")  # restore
    assert not can_change("已转出", "退团")
    assert not can_change("在册", "已转出")  # only via 转出中


def test_archived_means_off_the_roster():
    assert not is_archived(MemberStatus.ACTIVE)
    assert not is_archived(MemberStatus.TRANSFERRING_OUT)
    assert all(is_archived(s) for s in ("已转出", "超龄离团", "退团", "除名", "开除团籍", "去世"))
