"""An item on the home page's list of things to do: a plain value every feature may return;
how the home page orders and groups them (no database: the start-up cache uses them too)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from branchdesk.core.text import name_initials

#: Alert.page of the home page's findings item: the home page opens the findings list.
FINDINGS_PAGE = "findings"


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


#: most urgent first
URGENCY = {"overdue": 0, "due": 1, "info": 2}


def sorted_alerts(parts: Iterable[list[Alert]]) -> list[Alert]:
    """Overdue first, then due, then the rest; each by date, then text."""
    alerts = [a for part in parts for a in part]
    return sorted(alerts, key=lambda a: (URGENCY.get(a.level, 3), a.due or date.max, a.text))


@dataclass(frozen=True)
class AlertGroup:
    """One line of the home page: the alerts of one kind ("3 人已年满28周岁……"), which open
    to their names, or a single alert that stands alone."""

    level: str
    category: str
    #: the heading with its count; a single alert's own text
    title: str
    alerts: tuple[Alert, ...]

    @property
    def due(self) -> date:
        return min((a.due for a in self.alerts if a.due), default=date.max)


def _by_pinyin(alert: Alert) -> tuple:
    return (name_initials(alert.subject), alert.subject, alert.due or date.max, alert.text)


def group_alerts(alerts: Iterable[Alert]) -> list[AlertGroup]:
    """Alerts of one level, category and `Alert.group` heading together, the groups by urgency
    (level, then the earliest date), the people in a group by the pinyin of their names."""
    groups: dict[tuple[str, str, str], list[Alert]] = {}
    for alert in alerts:
        groups.setdefault((alert.level, alert.category, alert.group or alert.text), []).append(
            alert
        )
    result = []
    for (level, category, heading), members in groups.items():
        members.sort(key=_by_pinyin)
        grouped = bool(members[0].group) and len(members) > 1
        title = heading.format(n=len(members)) if grouped else members[0].text
        result.append(AlertGroup(level, category, title, tuple(members)))
    result.sort(key=lambda g: (URGENCY.get(g.level, 3), g.due, g.category, g.title))
    return result
