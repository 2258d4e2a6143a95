"""The home page's alerts in groups: one line per kind, most urgent first, people by pinyin."""

from datetime import date

from branchdesk.core.rules.alert import Alert
from branchdesk.core.services.alerts import branch_alerts, group_alerts
from tests.conftest import TODAY

AGED = "{n} 人已年满28周岁，可办理超龄离团"
SOON = "{n} 人将在6个月内年满28周岁"


def _age(level: str, name: str, day: date, heading: str) -> Alert:
    return Alert(level, "超龄", f"{name}……", "members", 1, day, subject=name, group=heading)


def test_alerts_of_one_kind_form_one_line_with_the_people_in_pinyin_order():
    alerts = [
        _age("due", "张三", date(2027, 1, 1), SOON),
        _age("overdue", "王五", date(2026, 10, 1), AGED),
        _age("due", "李四", date(2027, 3, 1), SOON),
        _age("due", "安娜", date(2027, 5, 1), SOON),
        Alert("info", "资料不全", "2名团员资料不全", "members"),
        Alert(
            "overdue",
            "三会两制一课",
            "支部委员会：8月未开展",
            "meetings",
            None,
            date(2026, 8, 31),
            group="{n} 种会议未按要求开展",
        ),  # fmt: skip
        Alert(
            "overdue",
            "三会两制一课",
            "团课：第3季度未开展",
            "meetings",
            None,
            date(2026, 9, 30),
            group="{n} 种会议未按要求开展",
        ),  # fmt: skip
    ]
    groups = group_alerts(alerts)
    assert [(g.level, g.title) for g in groups] == [
        ("overdue", "2 种会议未按要求开展"),  # overdue first, the earliest date first
        ("overdue", "王五……"),  # one alone: its own text
        ("due", "3 人将在6个月内年满28周岁"),
        ("info", "2名团员资料不全"),
    ]
    assert [a.subject for a in groups[2].alerts] == ["安娜", "李四", "张三"]  # a, l, z
    assert [a.text for a in groups[0].alerts] == ["支部委员会：8月未开展", "团课：第3季度未开展"]


def test_the_demo_branch_groups_its_age_out_warnings(demo_db):
    with demo_db.session() as session:
        from branchdesk.core.db.models import Branch

        branch_id = session.query(Branch.id).scalar()
        alerts = branch_alerts(session, branch_id, TODAY)
    groups = group_alerts(alerts)
    assert sum(len(g.alerts) for g in groups) == len(alerts)  # nobody is lost
    soon = next(g for g in groups if g.title.endswith("人将在6个月内年满28周岁"))
    assert len(soon.alerts) >= 2 and soon.title.startswith(f"{len(soon.alerts)} 人")
    levels = [g.level for g in groups]
    assert levels == sorted(levels, key=["overdue", "due", "info"].index)
