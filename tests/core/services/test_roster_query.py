from datetime import date

from branchdesk.core.services.members import RosterRow
from branchdesk.core.services.roster_query import (
    NO_GROUP,
    AgeBand,
    RosterIndex,
    RosterQuery,
    Scope,
    filter_rows,
)

TODAY = date(2026, 11, 23)


def _row(i, name, initials, birth, status="在册", group="第一团小组", political="共青团员"):
    return RosterRow(
        id=i,
        name=name,
        gender="男",
        ethnicity="汉族",
        birth_date=birth,
        id_number=f"11010519{i:02d}0101001X",
        join_date=None,
        join_date_precision="M",
        education="本科",
        political_status=political,
        phone=f"1380000{i:04d}",
        league_post="",
        group_name=group,
        status=status,
        name_initials=initials,
    )


ROWS = [
    _row(1, "张三丰", "zsf", date(1998, 6, 1)),  # 28 already
    _row(2, "李四", "ls", date(1999, 3, 1)),  # turns 28 within 6 months
    _row(3, "王五", "ww", date(2005, 1, 1), group="", political="中共预备党员"),
    _row(4, "赵六", "zl", date(2004, 1, 1), status="退团"),
    _row(5, "钱七", "qq", date(2003, 1, 1), status="转出中", group="第二团小组"),
]


def _names(query):
    return [r.name for r in filter_rows(ROWS, query, TODAY)]


def test_default_scope_is_the_roster_including_transferring_out():
    assert _names(RosterQuery()) == ["张三丰", "李四", "王五", "钱七"]
    assert _names(RosterQuery(scope=Scope.ARCHIVED)) == ["赵六"]
    assert len(_names(RosterQuery(scope=Scope.ALL))) == 5


def test_search_matches_name_id_number_phone_and_initials():
    assert _names(RosterQuery(text="三丰")) == ["张三丰"]
    assert _names(RosterQuery(text="ZSF")) == ["张三丰"]
    assert _names(RosterQuery(text="13800000002")) == ["李四"]
    assert _names(RosterQuery(text="110105190301")) == ["王五"]
    assert _names(RosterQuery(text="0101001x")) == ["张三丰", "李四", "王五", "钱七"]
    assert _names(RosterQuery(text="  ")) == ["张三丰", "李四", "王五", "钱七"]


def test_group_and_political_filters():
    assert _names(RosterQuery(group="第二团小组")) == ["钱七"]
    assert _names(RosterQuery(group=NO_GROUP)) == ["王五"]
    assert _names(RosterQuery(political_status="中共预备党员")) == ["王五"]


def test_age_bands():
    assert _names(RosterQuery(age_band=AgeBand.OVER_28)) == ["张三丰"]
    assert _names(RosterQuery(age_band=AgeBand.SOON_28)) == ["李四"]
    assert _names(RosterQuery(age_band=AgeBand.SOON_28, months=1)) == []
    assert _names(RosterQuery(age_band=AgeBand.OTHER)) == ["王五", "钱七"]


def test_filters_combine():
    index = RosterIndex(ROWS)
    query = RosterQuery(text="1380000", scope=Scope.ALL, group="第一团小组")
    assert index.select(query, TODAY) == [0, 1, 3]


def test_load_roster_has_every_member_with_roster_row_fields(demo_db):
    from dataclasses import fields

    from sqlalchemy import func, select

    from branchdesk.core.db.models import Member
    from branchdesk.core.services.branches import find_branch
    from branchdesk.core.services.roster_query import load_roster

    with demo_db.session() as s:
        branch_id = find_branch(s).id
        rows = load_roster(s, branch_id)
        everyone = s.scalar(select(func.count()).where(Member.branch_id == branch_id))
    assert len(rows) == everyone
    assert list(rows[0]._fields) == [f.name for f in fields(RosterRow)]
    assert all(isinstance(r.group_name, str) for r in rows)


def test_narrowing_search_reuses_the_previous_matches():
    from branchdesk.core.services.roster_query import narrows

    index = RosterIndex(ROWS)
    first = index.select(RosterQuery(text="1380"), TODAY)
    assert narrows(RosterQuery(text="13800000002"), RosterQuery(text="1380"))
    assert not narrows(RosterQuery(text="138"), RosterQuery(text="1380"))
    assert not narrows(RosterQuery(text="1380", scope=Scope.ALL), RosterQuery(text="13"))
    assert index.select(RosterQuery(text="13800000002"), TODAY, within=first) == [1]


def test_a_large_roster_is_searched_in_one_pass_with_the_same_result_as_row_by_row():
    import random

    rng = random.Random(7)
    surnames, given = "王李张刘陈", "小明丽华强伟"
    rows = [
        _row(
            i,
            rng.choice(surnames) + rng.choice(given) + rng.choice(given),
            "".join(rng.choice("wlzcxmhq") for _ in "abc"),
            date(2000, 1, 1),
            status="在册" if i % 7 else "退团",
            group=rng.choice(["第一团小组", ""]),
        )
        for i in range(1, 5001)
    ]
    index = RosterIndex(rows)
    for text in ["王", "小小", "x", "wx", "138", "0001", "1x", "\t", "丽\t", "李明明", "zz", "q"]:
        needle = text.lower()
        assert index.containing(needle) == [i for i, k in enumerate(index.keys) if needle in k]
        needle = needle.strip()  # as the search box's text is taken
        for scope in (Scope.ACTIVE, Scope.ARCHIVED, Scope.ALL):
            for group in (None, NO_GROUP):
                query = RosterQuery(text=text, scope=scope, group=group)
                expected = [
                    i
                    for i in index.scopes[scope]
                    if needle in index.keys[i] and (group is None or not rows[i].group_name)
                ]
                assert index.select(query, TODAY) == expected
                narrower = RosterQuery(text=text + "明", scope=scope, group=group)
                assert index.select(narrower, TODAY, within=expected) == index.select(
                    narrower, TODAY
                )
    assert index.containing("a\nb") == []
