"""An item on the home page's list of things to do: a plain value every feature may return."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Alert:
    level: str  # "overdue" (act now) | "due" (coming up) | "info"
    category: str  # 超龄, 三会两制一课, 团费, 组织关系, ...
    text: str
    page: str = ""  # main-window page that deals with it
    ref_id: int | None = None
    due: date | None = None
    #: the person it is about (sorted by pinyin within its group), "" when none
    subject: str = ""
    #: the heading of the home page's group for alerts of this kind, with {n} for how many
    #: (alerts of one level, category and heading form a group); "" stands alone
    group: str = ""
