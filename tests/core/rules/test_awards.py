from datetime import date

from branchdesk.core.rules import awards

TODAY = date(2026, 11, 23)


def test_award_record_checks():
    ok = {"level": "区级", "issuer": "示例区团委", "reason": "志愿服务"}
    assert awards.award_problems("表彰奖励", 1, date(2026, 5, 4), ok, TODAY) == []
    assert awards.award_problems("嘉奖", 1, date(2026, 5, 4), ok, TODAY)
    assert "请选择团员" in awards.award_problems("帮教", None, date(2026, 5, 4), ok, TODAY)
    assert any(
        "还没有到" in p for p in awards.award_problems("帮教", 1, date(2027, 1, 1), ok, TODAY)
    )
    found = awards.award_problems("处分", 1, date(2026, 5, 4), ok, TODAY)
    assert any("处分种类应为警告" in p for p in found)
    assert awards.award_problems("处分", 1, date(2026, 5, 4), {**ok, "level": "警告"}, TODAY) == []
    assert "请填写事由" in awards.award_problems("帮教", 1, date(2026, 5, 4), {}, TODAY)
    assert any(
        "事由最多500" in p
        for p in awards.award_problems("帮教", 1, date(2026, 5, 4), {"reason": "很" * 501}, TODAY)
    )


def test_assessment_checks():
    assert awards.assessment_problems(2026, "优秀", TODAY) == []
    assert awards.assessment_problems(2027, "优秀", TODAY)
    assert awards.assessment_problems(2026, "良好", TODAY)
