import pytest
from sqlalchemy import select, update

from branchdesk.core.db.models import Member
from branchdesk.core.errors import UserError
from branchdesk.core.services import branches
from branchdesk.core.services.branches import BranchProfile, GroupData, PostData


def test_save_profile_creates_branch_groups_and_posts(db):
    profile = BranchProfile(
        name="高一(3)班团支部",
        kind="学校(班级)",
        committee_above="某中学团委",
        groups=[GroupData("第一组"), GroupData("第二组")],
        posts=[PostData("书记"), PostData("组织委员")],
    )
    with db.transaction() as s:
        branch_id = branches.save_profile(s, profile).id
    with db.session() as s:
        loaded = branches.load_profile(s, branch_id)
    assert loaded.name == "高一(3)班团支部"
    assert [g.name for g in loaded.groups] == ["第一组", "第二组"]
    assert [p.title for p in loaded.posts] == ["书记", "组织委员"]


def test_editing_profile_renames_removes_and_keeps_ids(db, branch_id):
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.groups = [GroupData("甲组"), GroupData("乙组")]
        branches.save_profile(s, profile)
    with db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        first_id = profile.groups[0].id
        profile.groups = [GroupData("甲组（改）", id=first_id)]
        branches.save_profile(s, profile)
    with db.session() as s:
        groups = branches.load_profile(s, branch_id).groups
    assert [(g.id, g.name) for g in groups] == [(first_id, "甲组（改）")]


@pytest.mark.parametrize(
    "profile, message",
    [
        (BranchProfile(name=" "), "请填写团支部名称"),
        (BranchProfile(name="甲", groups=[GroupData("一"), GroupData("一")]), "团小组名称重复"),
        (BranchProfile(name="甲", kind="外星"), "不在可选范围"),
    ],
)
def test_invalid_profile_is_refused_with_reason(db, profile, message):
    with pytest.raises(UserError, match=message):
        with db.transaction() as s:
            branches.save_profile(s, profile)
    with db.session() as s:
        assert branches.branch_count(s) == 0


def test_require_branch_messages(db):
    with db.session() as s:
        with pytest.raises(UserError, match="还没有团支部"):
            branches.require_branch(s)
    with db.transaction() as s:
        branches.create_branch(s, "一支部")
        branches.create_branch(s, "二支部")
    with db.session() as s:
        with pytest.raises(UserError, match="多个团支部"):
            branches.require_branch(s)
        assert branches.require_branch(s, "二支部").name == "二支部"


def test_removing_a_group_leaves_its_members_on_the_roster_without_a_group(demo_db):
    with demo_db.transaction() as s:
        branch_id = branches.require_branch(s).id
        kept, removed = (g.id for g in branches.load_profile(s, branch_id).groups)
        in_removed = list(s.scalars(select(Member.id).where(Member.group_id == removed)))
        # one of them moved to another branch, still pointing at the group (no form does
        # that): the foreign key's ON DELETE SET NULL leaves it without the group too
        elsewhere = branches.create_branch(s, "另一团支部").id
        s.execute(update(Member).where(Member.id == in_removed[0]).values(branch_id=elsewhere))
    with demo_db.session() as s:
        before = _groups_and_versions(s)
    with demo_db.transaction() as s:
        profile = branches.load_profile(s, branch_id)
        profile.groups = [g for g in profile.groups if g.id == kept]
        branches.save_profile(s, profile)
    with demo_db.session() as s:
        after = _groups_and_versions(s)
        assert [g.id for g in branches.load_profile(s, branch_id).groups] == [kept]
    assert len(in_removed) >= 2 and after.keys() == before.keys()
    for member_id, (group_id, version) in before.items():
        if member_id == in_removed[0]:
            assert after[member_id][0] is None
        elif group_id == removed:
            assert after[member_id] == (None, version + 1)
        else:
            assert after[member_id] == (group_id, version)


def _groups_and_versions(session) -> dict[int, tuple[int | None, int]]:
    rows = session.execute(select(Member.id, Member.group_id, Member.version))
    return {member_id: (group_id, version) for member_id, group_id, version in rows}
