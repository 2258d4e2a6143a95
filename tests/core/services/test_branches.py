import pytest

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
