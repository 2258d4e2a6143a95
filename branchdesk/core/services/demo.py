"""`branchdesk demo`: a lived-in demo branch with fake people (valid-looking ID numbers).

Each feature adds a step to DEMO_STEPS (meetings, dues, transfers, ...), so a new user sees a
branch with a year of records. Everything is deterministic for a given `today`.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import ages
from branchdesk.core.rules.consistency import PARTY_MIN_AGE
from branchdesk.core.rules.idcard import check_char
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.partial_date import Precision
from branchdesk.core.services import branches, members
from branchdesk.core.services.dues_demo import dues_demo_step
from branchdesk.core.services.handbook_demo import demo_handbook_step
from branchdesk.core.services.meetings_demo import demo_meetings_step
from branchdesk.core.services.registers_demo import demo_registers_step
from branchdesk.core.services.transfer_demo import demo_letters_dues_step, demo_transfers_step

DEMO_BRANCH_NAME = "示例街道第一团支部"
DEMO_MEMBER_COUNT = 60
#: of those, made from the 发展团员 register (registers_demo: an applicant 转为团员)
DEMO_JOINED_BY_DEVELOPMENT = 1

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "子涵欣怡梓轩浩宇一诺雨桐思远嘉怡俊杰佳琪明轩心怡宇航晨曦若曦博文雅静天佑梦瑶泽宇诗涵睿哲书瑶文博梓萱皓然语桐家豪紫涵晓东丽娜海燕志强秀英建华红梅春燕"
AREAS = (
    "110105",
    "310104",
    "320102",
    "330106",
    "420106",
    "440106",
    "510107",
    "610113",
    "370102",
    "350102",
)
#: (below this age, educations to pick from): a 16-year-old is not a graduate
EDUCATIONS_BY_AGE = (
    (18, ("初中", "高中", "高中", "中专")),
    (22, ("高中", "中专", "大专", "本科")),
    (99, ("大专", "本科", "本科", "本科", "硕士研究生")),
)
WORK_UNITS = (
    "示例街道办事处",
    "示例社区居委会",
    "示例小学",
    "示例医院",
    "示例科技有限公司",
    "个体经营",
)


@dataclass
class DemoContext:
    session: Session
    branch: Branch
    today: date
    rng: random.Random
    members: list[Member] = field(default_factory=list)


@dataclass
class DemoSummary:
    branch_id: int
    branch_name: str
    counts: dict[str, int] = field(default_factory=dict)


DemoStep = Callable[[DemoContext, DemoSummary], None]


def fake_id_number(rng: random.Random, birth: date, gender: str) -> str:
    sequence = rng.randrange(0, 99) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8)
    )
    first17 = f"{rng.choice(AREAS)}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def _fake_name(rng: random.Random, used: set[str]) -> str:
    while True:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in used:
            used.add(name)
            return name


def _birth_for(rng: random.Random, today: date, index: int) -> date:
    if index < 4:  # a few who turn 28 within the next six months, or just did
        return ages.add_years(today, -28) + timedelta(days=rng.randrange(-40, 170))
    return today - timedelta(days=rng.randrange(int(14.5 * 365), int(27.5 * 365)))


def _educations_for(age: int) -> tuple[str, ...]:
    return next(choices for below, choices in EDUCATIONS_BY_AGE if age < below)


def _fake_record(rng: random.Random, today: date, index: int, used: set[str]) -> MemberRecord:
    gender = rng.choice(("男", "女"))
    birth = _birth_for(rng, today, index)
    earliest_join = ages.add_years(birth, 14) + timedelta(days=31)
    join = min(
        today - timedelta(days=60), earliest_join + timedelta(days=rng.randrange(0, 5 * 365))
    )
    join = join.replace(day=1)
    political = (
        "中共党员" if index in (1, 9, 17) else "中共预备党员" if index in (25, 33) else "共青团员"
    )
    if ages.age_on(birth, today) <= PARTY_MIN_AGE:  # 入党 needs 18: no young Party members
        political = "共青团员"
    dev_no = f"{join.year}{rng.randrange(10**7, 10**8)}" if join.year >= 2017 else ""
    return MemberRecord(
        name=_fake_name(rng, used),
        gender=gender,
        ethnicity=rng.choice(("汉族",) * 9 + ("回族", "满族", "壮族")),
        birth_date=birth,
        id_number=fake_id_number(rng, birth, gender),
        join_date=join,
        join_date_precision=Precision.MONTH,
        member_card_no=f"{rng.randrange(10**7, 10**8)}",
        development_no=dev_no,
        education=rng.choice(_educations_for(ages.age_on(birth, today))),
        political_status=political,
        phone=f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
        work_unit=rng.choice(WORK_UNITS),
    )


def _roster_step(ctx: DemoContext, summary: DemoSummary) -> None:
    used: set[str] = set()
    profile = branches.load_profile(ctx.session, ctx.branch.id)
    for index in range(DEMO_MEMBER_COUNT - DEMO_JOINED_BY_DEVELOPMENT):
        record = _fake_record(ctx.rng, ctx.today, index, used)
        member = members.add_member(
            ctx.session,
            ctx.branch.id,
            record,
            since=record.join_date,
            reason="入团",
            today=ctx.today,
        )
        ctx.members.append(member)
    posts = [("书记", 4), ("副书记", 5), ("组织委员", 6), ("宣传委员", 7)]
    elected = date(ctx.today.year - 1, 6, 1)  # the committee's term began then
    profile.posts = [
        branches.PostData(
            title, ctx.members[i].id, max(elected, ctx.members[i].status_since or elected)
        )
        for title, i in posts
    ]
    profile.groups = [
        branches.GroupData("第一团小组", ctx.members[8].id),
        branches.GroupData("第二团小组", ctx.members[9].id),
    ]
    branches.save_profile(ctx.session, profile)
    for title, i in posts:
        ctx.members[i].league_post = f"团支部{title}"
    groups = ctx.branch.groups
    for index, member in enumerate(ctx.members):
        member.group_id = groups[index % 2].id
        if member.id in (ctx.members[8].id, ctx.members[9].id):
            member.league_post = "团小组组长"
    summary.counts["团员"] = len(ctx.members)
    summary.counts["团小组"] = len(groups)


#: Later features append their steps; each runs in the same transaction, in order.
#: Transfers come right after the roster: who was on the roster when is then settled before
#: meetings and dues are recorded, so no attendance or payment falls outside membership
#: (`branchdesk check` finds nothing in a fresh demo).
DEMO_STEPS: list[DemoStep] = [
    _roster_step,
    demo_transfers_step,
    demo_registers_step,
    demo_meetings_step,
    dues_demo_step,
    demo_letters_dues_step,
    demo_handbook_step,
]


def create_demo(session: Session, today: date | None = None, seed: int = 2026) -> DemoSummary:
    today = today or date.today()
    if session.scalar(select(Branch.id).where(Branch.name == DEMO_BRANCH_NAME)):
        raise UserError(f"数据库中已经有演示团支部“{DEMO_BRANCH_NAME}”。")
    branch = branches.create_branch(
        session,
        DEMO_BRANCH_NAME,
        kind="社区",
        committee_above="示例街道团工委",
        founded_on=date(2015, 5, 4),
        address="示例市示例区示例街道 1 号",
        phone="010-12345678",
    )
    ctx = DemoContext(session=session, branch=branch, today=today, rng=random.Random(seed))
    summary = DemoSummary(branch_id=branch.id, branch_name=branch.name)
    for step in DEMO_STEPS:
        step(ctx, summary)
    session.flush()
    return summary
