"""The branch profile: the branch itself, its 团小组 and its 支部委员会."""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import CompoundSelect, func, select, union
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, CommitteePost, Group, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import consistency
from branchdesk.core.rules.member_status import is_archived
from branchdesk.core.rules.vocab import BRANCH_KINDS
from branchdesk.core.services.membership import member_periods

DEFAULT_BRANCH_NAME = "未命名团支部"


@dataclass
class GroupData:
    name: str
    leader_id: int | None = None
    id: int | None = None


@dataclass
class PostData:
    title: str
    member_id: int | None = None
    started_on: date | None = None
    id: int | None = None


@dataclass
class BranchProfile:
    name: str
    kind: str = "其他"
    committee_above: str = ""
    founded_on: date | None = None
    address: str = ""
    phone: str = ""
    groups: list[GroupData] = field(default_factory=list)
    posts: list[PostData] = field(default_factory=list)
    id: int | None = None
    #: 支部级别 (printed on the handbook's cover)
    level: str = ""
    #: the committee's term: 换届 (elected) on, and the next 换届 due
    term_started_on: date | None = None
    term_ends_on: date | None = None


def list_branches(session: Session) -> list[Branch]:
    return list(session.scalars(select(Branch).order_by(Branch.id)))


def branch_count(session: Session) -> int:
    return session.scalar(select(func.count(Branch.id))) or 0


def unnamed_choice(session: Session) -> list[Branch]:
    """At most two branches, for a command given no branch name: none (there is no branch
    yet), the only branch, or two (there are several: a name is needed). One query answers
    all three."""
    return list(session.scalars(select(Branch).limit(2)))


def find_branch(session: Session, name: str | None = None) -> Branch | None:
    """The branch called `name`, or — with no name — the only branch (None if there are several)."""
    if name:
        return session.scalar(select(Branch).where(Branch.name == name))
    found = unnamed_choice(session)
    return found[0] if len(found) == 1 else None


def require_branch(session: Session, name: str | None = None) -> Branch:
    if name:
        branch = find_branch(session, name)
        if branch is None:
            raise UserError(f"找不到名为“{name}”的团支部。")
        return branch
    found = unnamed_choice(session)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError("数据库中还没有团支部，请先创建团支部或导入花名册。")
    raise UserError("数据库中有多个团支部，请用 --branch 指定团支部名称。")


def require_branches(session: Session, names: str | None) -> list[int] | None:
    """The ids of the branches named in `names` ("一班、二班" or "一班,二班"); None when no
    name is given (meaning every branch)."""
    wanted = [n.strip() for n in re.split(r"[、,，;；]", names or "") if n.strip()]
    return [require_branch(session, name).id for name in wanted] or None


def create_branch(session: Session, name: str, **fields) -> Branch:
    name = name.strip() or DEFAULT_BRANCH_NAME
    if find_branch(session, name) is not None:
        raise UserError(f"数据库中已经有名为“{name}”的团支部，团支部名称不能重复。")
    branch = Branch(
        name=name,
        kind=fields.get("kind", "其他"),
        committee_above=fields.get("committee_above", ""),
        founded_on=fields.get("founded_on"),
        address=fields.get("address", ""),
        phone=fields.get("phone", ""),
    )
    session.add(branch)
    session.flush()
    return branch


def load_profile(session: Session, branch_id: int) -> BranchProfile:
    branch = get_or_fail(session, Branch, branch_id, "团支部不存在。")
    return BranchProfile(
        id=branch.id,
        name=branch.name,
        kind=branch.kind,
        committee_above=branch.committee_above,
        founded_on=branch.founded_on,
        address=branch.address,
        phone=branch.phone,
        groups=[GroupData(g.name, g.leader_id, g.id) for g in branch.groups],
        posts=[PostData(p.title, p.member_id, p.started_on, p.id) for p in branch.posts],
        level=branch.level,
        term_started_on=branch.term_started_on,
        term_ends_on=branch.term_ends_on,
    )


def validate_profile(profile: BranchProfile) -> list[tuple[str, str]]:
    """Problems that make the profile impossible to save: (field of BranchProfile, message in
    Chinese), in the order of the form."""
    problems: list[tuple[str, str]] = []
    if not profile.name.strip():
        problems.append(("name", "请填写团支部名称"))
    if profile.kind not in BRANCH_KINDS:
        problems.append(("kind", f"团支部类型“{profile.kind}”不在可选范围内"))
    names = [g.name.strip() for g in profile.groups]
    if any(not n for n in names):
        problems.append(("groups", "团小组名称不能为空"))
    if len(set(names)) != len(names):
        problems.append(("groups", "团小组名称重复"))
    if any(not p.title.strip() for p in profile.posts):
        problems.append(("posts", "支委职务不能为空"))
    if len(profile.level.strip()) > 20:
        problems.append(("level", "支部级别不能超过 20 个字"))
    start, end = profile.term_started_on, profile.term_ends_on
    if start and end and end <= start:
        problems.append(("term_ends_on", "本届任期的届满日期须晚于换届日期"))
    return problems


def save_profile(session: Session, profile: BranchProfile) -> Branch:
    """Create or update a branch with its groups and committee, in the caller's transaction."""
    problems = validate_profile(profile)
    if problems:
        raise UserError("；".join(m for _, m in problems) + "。", field=problems[0][0])
    if profile.id is None:
        branch = create_branch(session, profile.name)
    else:
        branch = get_or_fail(session, Branch, profile.id, "团支部不存在。")
    clash = session.scalar(
        select(Branch.id).where(Branch.name == profile.name.strip(), Branch.id != branch.id)
    )
    if clash:
        raise UserError(f"已有名为“{profile.name.strip()}”的团支部。", field="name")
    branch.name = profile.name.strip()
    branch.kind = profile.kind
    branch.committee_above = profile.committee_above.strip()
    branch.founded_on = profile.founded_on
    branch.address = profile.address.strip()
    branch.phone = profile.phone.strip()
    branch.level = profile.level.strip()
    branch.term_started_on = profile.term_started_on
    branch.term_ends_on = profile.term_ends_on
    _sync_groups(session, branch, profile.groups)
    _sync_posts(session, branch, profile.posts)
    session.flush()
    return branch


def _sync_groups(session: Session, branch: Branch, groups: list[GroupData]) -> None:
    existing = {g.id: g for g in branch.groups}
    kept = []
    for order, data in enumerate(groups):
        group = existing.pop(data.id, None) if data.id else None
        if group is None:
            group = Group(name=data.name.strip())
            branch.groups.append(group)
        if data.leader_id is not None and data.leader_id != group.leader_id:
            _check_leader(session, data)
        group.name = data.name.strip()
        group.leader_id = data.leader_id
        group.sort_order = order
        kept.append(group)
    for removed in existing.values():
        # Members of a removed group stay on the roster, without a group. Looked up within the
        # branch (its index; member.group_id has none): a member of another branch pointing at
        # this group, if any, is still left without it by the foreign key's ON DELETE SET NULL
        in_group = (Member.branch_id == branch.id, Member.group_id == removed.id)
        for member in session.scalars(select(Member).where(*in_group)):
            member.group_id = None
        branch.groups.remove(removed)


def _check_leader(session: Session, data: GroupData) -> None:
    """A 团小组组长 is a member on the roster (a leader chosen earlier is left to `check`)."""
    member = session.get(Member, data.leader_id)
    if member is None:
        raise UserError(f"{data.name.strip()}的组长不存在。")
    if is_archived(member.status):
        raise UserError(
            f"{member.name}的状态为“{member.status}”，不在册，不能任{data.name.strip()}组长。"
        )


def _check_post(session: Session, data: PostData) -> None:
    """A post is held by a member on the roster, from a day on or after they joined."""
    member = session.get(Member, data.member_id)
    if member is None:
        raise UserError(f"任{data.title.strip()}的团员不存在。")
    periods = member_periods(session, member.id)
    problem = consistency.post_problem(
        member.name,
        data.title.strip(),
        data.started_on,
        periods,
        member.join_date,
        member.join_date_precision,
    )
    if problem is None and is_archived(member.status):
        problem = f"{member.name}的状态为“{member.status}”，不在册，不能任{data.title.strip()}"
    if problem:
        raise UserError(problem + "。")


def _sync_posts(session: Session, branch: Branch, posts: list[PostData]) -> None:
    existing = {p.id: p for p in branch.posts}
    for order, data in enumerate(posts):
        post = existing.pop(data.id, None) if data.id else None
        changed = post is None or (post.member_id, post.started_on) != (
            data.member_id,
            data.started_on,
        )
        if changed and data.member_id is not None:  # posts saved earlier are left to `check`
            _check_post(session, data)
        if post is None:
            post = CommitteePost(title=data.title.strip())
            branch.posts.append(post)
        post.title = data.title.strip()
        post.member_id = data.member_id
        post.started_on = data.started_on
        post.sort_order = order
    for removed in existing.values():
        branch.posts.remove(removed)


def post_holders(branch_id: int) -> CompoundSelect:
    """The ids of the members who hold a post (支委 or 团小组组长), as one statement (to read,
    or to test a member against in a larger one)."""
    return union(
        select(CommitteePost.member_id).where(
            CommitteePost.branch_id == branch_id, CommitteePost.member_id.is_not(None)
        ),
        select(Group.leader_id).where(Group.branch_id == branch_id, Group.leader_id.is_not(None)),
    )


def committee_member_ids(session: Session, branch_id: int) -> set[int]:
    """Members who hold a post (支委 or 团小组组长): they stay past 28 while in post."""
    return set(session.scalars(post_holders(branch_id)))
