from datetime import date

import pytest
from sqlalchemy import func, select

from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import ages, idcard
from branchdesk.core.services.alerts import branch_alerts
from branchdesk.core.services.branches import load_profile
from branchdesk.core.services.demo import DEMO_MEMBER_COUNT, create_demo
from tests.conftest import TODAY


def test_demo_branch_has_members_groups_committee(demo_db):
    with demo_db.session() as s:
        branch = s.scalar(select(Branch))
        people = s.scalars(select(Member).where(Member.branch_id == branch.id)).all()
        profile = load_profile(s, branch.id)
    assert len(people) == DEMO_MEMBER_COUNT
    assert all(idcard.is_valid(m.id_number) for m in people)
    assert len({m.id_number for m in people}) == len(people)
    assert len(profile.groups) == 2 and all(g.leader_id for g in profile.groups)
    assert [p.title for p in profile.posts] == ["书记", "副书记", "组织委员", "宣传委员"]
    assert sum(m.political_status in ("中共党员", "中共预备党员") for m in people) >= 3
    near_28 = [m for m in people if ages.reaches_max_age_within(m.birth_date, TODAY, 6)]
    assert 2 <= len(near_28) <= 6
    assert all(not ages.joined_too_young(m.birth_date, m.join_date, "M") for m in people)


def test_demo_warns_about_age_out_on_home_page(demo_db):
    with demo_db.session() as s:
        branch_id = s.scalar(select(Branch.id))
        alerts = [a for a in branch_alerts(s, branch_id, TODAY) if a.category == "超龄"]
    assert alerts and all("28周岁" in a.text for a in alerts)


def test_demo_twice_is_refused(demo_db):
    with pytest.raises(UserError, match="已经有演示团支部"):
        with demo_db.transaction() as s:
            create_demo(s, today=TODAY)
    with demo_db.session() as s:
        assert s.scalar(select(func.count(Branch.id))) == 1


def test_demo_is_deterministic(tmp_path):
    from branchdesk.core.db.database import Database

    names = []
    for i in range(2):
        db = Database.open(tmp_path / f"d{i}.db")
        with db.transaction() as s:
            create_demo(s, today=date(2026, 11, 23))
        with db.session() as s:
            names.append(s.scalars(select(Member.name).order_by(Member.id)).all())
        db.dispose()
    assert names[0] == names[1]
