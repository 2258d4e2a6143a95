from datetime import date

import pytest

from branchdesk.core.errors import UserError
from branchdesk.core.services import members, rounds

from .meeting_helpers import add_people


def test_round_lists_everyone_on_the_roster_that_year_including_leavers(db, branch_id):
    with db.transaction() as s:
        stay, leaver = add_people(s, branch_id, ["甲", "乙"])
        members.change_status(s, leaver, "退团", date(2026, 6, 30), "本人申请退团")
        gone_before = add_people(s, branch_id, ["丙"], since=date(2024, 1, 1))[0]
        members.change_status(s, gone_before, "退团", date(2025, 5, 1))
        joins_later = add_people(s, branch_id, ["丁"], since=date(2027, 2, 1))[0]
        view = rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
    assert {r.member_id for r in view.rows} == {stay, leaver}
    assert joins_later not in {r.member_id for r in view.rows}
    assert next(r for r in view.rows if r.member_id == leaver).status == "退团"


def test_results_counts_cap_warning_and_registration_proposals(db, branch_id):
    with db.transaction() as s:
        ids = add_people(s, branch_id, list("甲乙丙丁戊"))
        rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
        view = rounds.record_results(
            s,
            branch_id,
            "评议",
            2026,
            {
                ids[0]: ("优秀", ""),
                ids[1]: ("优秀", ""),
                ids[2]: ("合格", ""),
                ids[3]: ("不合格", "限期整改"),
            },
        )
        assert view.counts == {"优秀": 2, "合格": 1, "基本合格": 0, "不合格": 1, "免评": 0}
        assert view.pending == 1 and not view.complete
        assert view.warnings and "优秀" in view.warnings[0]  # 2 of 4 > 30%
        rounds.set_excellent_cap(s, branch_id, 50)
        assert rounds.round_view(s, branch_id, "评议", 2026).warnings == []
        with pytest.raises(UserError, match="不是"):
            rounds.record_results(s, branch_id, "评议", 2026, {ids[4]: ("很好", "")})
        reg = rounds.open_round(s, branch_id, "注册", 2026, date(2026, 12, 1))
        by_id = {r.member_id: r for r in reg.rows}
        assert by_id[ids[3]].proposal == "暂缓注册" and by_id[ids[3]].evaluation == "不合格"
        assert by_id[ids[0]].proposal == "予以注册"
        reg = rounds.record_results(s, branch_id, "注册", 2026, {ids[3]: ("予以注册", "")})
        assert {r.member_id: r for r in reg.rows}[ids[3]].warning
        assert any("不足以予以注册" in w for w in reg.warnings)


def test_round_must_be_opened_before_results(db, branch_id):
    with db.transaction() as s:
        with pytest.raises(UserError, match="还没有开始"):
            rounds.record_results(s, branch_id, "注册", 2026, {})
        assert rounds.round_view(s, branch_id, "注册", 2026) is None
        assert rounds.round_results(s, branch_id, "注册", 2026) == []
