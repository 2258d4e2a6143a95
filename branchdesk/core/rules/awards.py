"""奖惩 and 考核: the kinds of record, the 纪律处分 of 团章, the results of a year's 考核."""

from datetime import date

AWARD, COACHING, DISCIPLINE = "表彰奖励", "帮教", "处分"
KINDS = (AWARD, COACHING, DISCIPLINE)
#: 团章 第十四条: the League's disciplinary measures
DISCIPLINE_LEVELS = ("警告", "严重警告", "撤销团内职务", "留团察看", "开除团籍")
#: levels offered for an award (free text is allowed too)
AWARD_LEVELS = ("国家级", "省级", "市级", "县区级", "街道乡镇级", "校级", "团支部")
ASSESSMENT_RESULTS = ("优秀", "合格", "基本合格", "不合格")

#: field → (label, most characters it may hold): the database's column sizes
FIELD_LIMITS = {
    "level": ("级别/种类", 40),
    "issuer": ("授予/决定单位", 100),
    "reason": ("事由", 500),
    "note": ("备注", 200),
}


def award_problems(
    kind: str,
    member_id: int | None,
    decided_on: date | None,
    texts: dict[str, str],
    today: date,
) -> list[str]:
    """What keeps an 奖惩 record from being saved (empty = can be saved)."""
    problems = []
    if kind not in KINDS:
        problems.append(f"类别应为{'、'.join(KINDS)}之一")
    if member_id is None:
        problems.append("请选择团员")
    if decided_on is None:
        problems.append("缺少日期")
    elif decided_on > today:
        problems.append(f"日期（{decided_on:%Y年%m月%d日}）还没有到")
    for key, (label, limit) in FIELD_LIMITS.items():
        if len(texts.get(key, "")) > limit:
            problems.append(f"{label}最多{limit}个字")
    level = texts.get("level", "").strip()
    if kind == DISCIPLINE and level not in DISCIPLINE_LEVELS:
        problems.append(f"处分种类应为{'、'.join(DISCIPLINE_LEVELS)}之一")
    if not texts.get("reason", "").strip():
        problems.append("请填写事由")
    return problems


def assessment_problems(year: int, result: str, today: date) -> list[str]:
    problems = []
    if not 1990 <= year <= today.year:
        problems.append(f"年度“{year}”不正确")
    if result not in ASSESSMENT_RESULTS:
        problems.append(f"考核结果应为{'、'.join(ASSESSMENT_RESULTS)}之一")
    return problems
