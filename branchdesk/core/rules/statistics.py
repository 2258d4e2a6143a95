"""团内统计: how committees count a branch's members, meetings, dues and rounds.

Pure counting over plain facts; `services/statistics.py` gathers the facts from the database.
Statistics of several branches are the sum of each branch's (`combine`).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from branchdesk.core.rules.ages import age_on
from branchdesk.core.rules.dues_standards import yuan
from branchdesk.core.rules.meeting_kinds import EVALUATION_RESULTS, REGISTRATION_RESULTS
from branchdesk.core.rules.vocab import EDUCATIONS, GENDERS, POLITICAL_STATUSES

#: (label, lowest age, highest age) as 团内统计 tables band members' ages
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18岁以下", 0, 17),
    ("18—22岁", 18, 22),
    ("23—25岁", 23, 25),
    ("26—28岁", 26, 28),
    ("28岁以上", 29, 200),
)
MEETINGS_TITLE = "三会两制一课"
#: how the meeting rows read (已开展期数／应开展期数)
MEETINGS_NOTE = "三会两制一课按期数计：已开展／应开展（已开始的期，团小组会按小组分别计）。"
RESULT_ORDER = (*EVALUATION_RESULTS, *REGISTRATION_RESULTS)
HAN = "汉族"
MINORITY = "少数民族"
NOT_GIVEN = "未填写"


def age_band(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[0][0] if age < AGE_BANDS[0][1] else AGE_BANDS[-1][0]


def ethnicity_group(ethnicity: str) -> str:
    if not ethnicity.strip():
        return NOT_GIVEN
    return HAN if ethnicity.strip() == HAN else MINORITY


def education_label(education: str) -> str:
    return education.strip() or NOT_GIVEN


@dataclass(frozen=True)
class MemberFacts:
    """One member 在册 on the statistics' day."""

    gender: str
    ethnicity: str
    birth_date: date
    education: str
    political_status: str
    join_date: date | None
    cadre: bool  # holds a committee post or leads a group


@dataclass(frozen=True)
class MeetingCount:
    item: str  # 支部团员大会, 团课, 团员教育评议 ...
    held: int  # periods (per group where it applies) in which it was held
    required: int  # periods required so far in the year


@dataclass
class Statistics:
    year: int
    day: date  # members are counted as on this day
    branches: list[str]
    members: int = 0
    by_gender: Counter = field(default_factory=Counter)
    by_ethnicity: Counter = field(default_factory=Counter)
    by_age: Counter = field(default_factory=Counter)
    by_education: Counter = field(default_factory=Counter)
    by_political_status: Counter = field(default_factory=Counter)
    joined: int = 0  # 入团 in the year (and 在册 on the day)
    cadres: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    left_by_reason: Counter = field(default_factory=Counter)
    dues_collected_fen: int = 0
    dues_handed_fen: int = 0
    meetings: list[MeetingCount] = field(default_factory=list)
    evaluation: Counter = field(default_factory=Counter)
    registration: Counter = field(default_factory=Counter)

    @property
    def left(self) -> int:
        return sum(self.left_by_reason.values())


#: the order categories are listed in (a category outside it follows, then 未填写)
ORDERS: dict[str, Sequence[str]] = {
    "by_gender": GENDERS,
    "by_ethnicity": (HAN, MINORITY),
    "by_age": tuple(label for label, _, _ in AGE_BANDS),
    "by_education": EDUCATIONS,
    "by_political_status": POLITICAL_STATUSES,
}


def ordered(counts: Counter, order: Sequence[str]) -> list[tuple[str, int]]:
    """Categories in their usual order; known ones always listed (0 when none), 未填写 last."""
    known = [(label, counts.get(label, 0)) for label in order]
    others = sorted(k for k in counts if k not in order and k != NOT_GIVEN)
    tail = [(NOT_GIVEN, counts[NOT_GIVEN])] if counts.get(NOT_GIVEN) else []
    return known + [(k, counts[k]) for k in others] + tail


def count_members(stats: Statistics, members: Iterable[MemberFacts]) -> None:
    """Add the members' counts to `stats` (each member once, as on `stats.day`)."""
    for m in members:
        stats.members += 1
        stats.by_gender[m.gender or NOT_GIVEN] += 1
        stats.by_ethnicity[ethnicity_group(m.ethnicity)] += 1
        stats.by_age[age_band(age_on(m.birth_date, stats.day))] += 1
        stats.by_education[education_label(m.education)] += 1
        stats.by_political_status[m.political_status or NOT_GIVEN] += 1
        stats.joined += bool(m.join_date and m.join_date.year == stats.year)
        stats.cadres += m.cadre


def statistics_day(year: int, today: date) -> date:
    """The day members are counted on: the year's last day, or today for the current year."""
    return min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31)


def combine(parts: Sequence[Statistics], year: int, day: date) -> Statistics:
    """The statistics of several branches: every count summed, meetings summed per item."""
    total = Statistics(year, day, [name for p in parts for name in p.branches])
    meetings: dict[str, list[int]] = {}
    for p in parts:
        total.members += p.members
        total.joined += p.joined
        total.cadres += p.cadres
        total.transferred_in += p.transferred_in
        total.transferred_out += p.transferred_out
        total.dues_collected_fen += p.dues_collected_fen
        total.dues_handed_fen += p.dues_handed_fen
        for name in (*ORDERS, "left_by_reason", "evaluation", "registration"):
            getattr(total, name).update(getattr(p, name))
        for m in p.meetings:
            held, required = meetings.setdefault(m.item, [0, 0])
            meetings[m.item] = [held + m.held, required + m.required]
    total.meetings = [MeetingCount(item, h, r) for item, (h, r) in meetings.items()]
    return total


@dataclass(frozen=True)
class StatTable:
    """One block of the statistics as committees report it: a title and (label, number) rows;
    `chart` says how it is drawn (pie: parts of the members; bar: counts side by side)."""

    title: str
    rows: Sequence[tuple[str, int | str]]
    chart: str = ""  # "pie" | "bar" | ""

    def text(self) -> str:
        """The rows on one line: "男 29，女 31" ("无" when there are none)."""
        return "，".join(f"{label} {value}" for label, value in self.rows) or "无"


def stat_tables(stats: Statistics) -> list[StatTable]:
    """The statistics as the blocks a 团内统计 report shows, in its usual order."""
    return [
        StatTable(
            "基本情况",
            [
                ("在册团员", stats.members),
                ("本年入团", stats.joined),
                ("团干部", stats.cadres),
                ("本年转入", stats.transferred_in),
                ("本年转出", stats.transferred_out),
                ("本年离团", stats.left),
            ],
        ),
        StatTable("性别", ordered(stats.by_gender, ORDERS["by_gender"]), "pie"),
        StatTable("民族", ordered(stats.by_ethnicity, ORDERS["by_ethnicity"]), "pie"),
        StatTable("年龄", ordered(stats.by_age, ORDERS["by_age"]), "bar"),
        StatTable("学历", _nonzero(ordered(stats.by_education, ORDERS["by_education"])), "bar"),
        StatTable(
            "政治面貌",
            ordered(stats.by_political_status, ORDERS["by_political_status"]),
            "pie",
        ),
        StatTable("离团原因", sorted(stats.left_by_reason.items())),
        StatTable(
            "团费（元）",
            [
                ("本年收缴", yuan(stats.dues_collected_fen)),
                ("本年上缴", yuan(stats.dues_handed_fen)),
            ],
        ),
        StatTable(
            MEETINGS_TITLE,
            [(str(m.item), f"{m.held}／{m.required}") for m in stats.meetings],
        ),
        StatTable("团员教育评议", sorted(stats.evaluation.items(), key=_result_order), "bar"),
        StatTable("团籍注册", sorted(stats.registration.items(), key=_result_order), "bar"),
    ]


def _nonzero(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(label, n) for label, n in rows if n]


def _result_order(item: tuple[str, int | str]) -> tuple[int, str]:
    order = RESULT_ORDER
    return (order.index(item[0]) if item[0] in order else len(order), item[0])


def statistics_json(stats: Statistics) -> dict:
    return {
        "year": stats.year,
        "day": stats.day.isoformat(),
        "branches": stats.branches,
        "tables": [
            {"title": t.title, "rows": [list(r) for r in t.rows]} for t in stat_tables(stats)
        ],
    }
