"""The kinds of organisation life a branch records (三会两制一课 + 主题团日), and round results."""

from enum import StrEnum


class MeetingKind(StrEnum):
    GENERAL = "支部团员大会"
    COMMITTEE = "支部委员会"
    GROUP = "团小组会"
    LESSON = "团课"
    THEME_DAY = "主题团日"
    LIFE = "组织生活会"


MEETING_KINDS: tuple[MeetingKind, ...] = tuple(MeetingKind)

#: the kind that is held per 团小组
GROUP_KINDS = frozenset({MeetingKind.GROUP})

LESSON_FORMS = ("线下", "线上")

#: the forms of a 组织生活会 (the first is the default)
LIFE_FORMS = ("专题组织生活会", "民主评议")


class RoundKind(StrEnum):
    EVALUATION = "评议"
    REGISTRATION = "注册"


ROUND_TITLES: dict[str, str] = {
    RoundKind.EVALUATION: "团员教育评议",
    RoundKind.REGISTRATION: "团员年度团籍注册",
}

#: results in the order the keyboard shortcuts 1, 2, 3, ... pick them
EVALUATION_RESULTS = ("优秀", "合格", "基本合格", "不合格", "免评")
REGISTRATION_RESULTS = ("予以注册", "暂缓注册", "不予注册")
ROUND_RESULTS = {
    RoundKind.EVALUATION: EVALUATION_RESULTS,
    RoundKind.REGISTRATION: REGISTRATION_RESULTS,
}
