from datetime import date

from branchdesk.core.rules import recommendation as rec

ON = date(2026, 6, 1)


def refusal(**changes):
    args = dict(
        name="王明",
        on_roster=True,
        political_status="共青团员",
        probationary_on=None,
        birth=date(2004, 1, 1),
        joined=date(2019, 5, 1),
        on=ON,
    )
    args.update(changes)
    return rec.candidate_refusal(**args)


def test_who_may_be_put_forward():
    assert refusal() is None
    assert "不是本团支部的在册团员" in refusal(on_roster=False)
    assert refusal(political_status="中共党员") == "王明已是中共党员，无需推优入党"
    assert "已是中共预备党员" in refusal(probationary_on=date(2026, 5, 1))
    assert refusal(probationary_on=date(2026, 7, 1)) is None
    assert "已满28周岁（超龄）" in refusal(birth=date(1998, 6, 1))
    assert refusal(birth=date(1998, 6, 2)) is None
    assert "未满18周岁" in refusal(birth=date(2008, 6, 2))
    assert "团龄不满1年" in refusal(joined=date(2025, 6, 2))
    assert refusal(joined=date(2025, 6, 1)) is None


def test_meeting_quorum_votes_and_result():
    assert rec.meeting_problems(30, 16) == []
    assert "未超过应到 30 人的一半" in rec.meeting_problems(30, 15)[0]
    assert rec.meeting_problems(30, 31)
    assert rec.result_of(16, 30) == "推荐"
    assert rec.result_of(15, 30) == "未通过"  # half of 应到 is not enough
    assert rec.result_of(None, 30) == ""
    assert rec.vote_problem("王明", 17, 16)
    assert rec.vote_problem("王明", 16, 16) is None


def test_application_age_and_cap_warnings():
    assert "不满6个月" in rec.application_warning("王明", date(2026, 1, 2), ON)
    assert rec.application_warning("王明", date(2025, 12, 1), ON) is None
    assert "未填写" in rec.application_warning("王明", None, ON)
    assert rec.cap_warning(2, 10) is None
    assert "超过团员人数（10）的20%" in rec.cap_warning(3, 10)
    assert rec.valid_until(date(2024, 2, 29)) == date(2026, 2, 28)
