"""The demo branch's handbook texts: the committee's term and 支部级别, the year's plan and
summary approved at its 支部团员大会, and an 组织生活会 (民主评议) held in January.

It runs last among the demo steps, with a random generator of its own, so that the earlier
steps' records stay as they were.
"""

import random
from datetime import date, time

from branchdesk.core.rules.meeting_kinds import MeetingKind
from branchdesk.core.services import branches, meetings, year_texts
from branchdesk.core.services.membership import member_ids_on

LIFE_DAY = (1, 16)
LIFE_TOPICS = (
    "围绕“学思想、强党性、重实践、建新功”开展专题组织生活会\n"
    "团员对照检查，开展批评与自我批评\n"
    "民主评议团员"
)
LIFE_MINUTES = (
    "书记代表支部委员会作对照检查，查摆了理论学习不够系统、联系青年不够紧密等问题，"
    "提出了整改措施。\n"
    "与会团员逐一发言，对照团章和团员义务查找不足；大家坦诚地相互提出批评意见，"
    "被批评的同志表示虚心接受、认真整改。\n"
    "会议以无记名方式对全体团员进行了民主测评，结果报团支部委员会。"
)

PLAN = """一、加强思想政治引领
坚持每季度至少一次团课，每月开展一次主题团日，组织团员学习党的创新理论和团的基本知识；用好“青年大学习”，本年度团员参学率达到 90% 以上。

二、抓好组织建设
按期召开支部团员大会、支部委员会和团小组会，落实“三会两制一课”；认真开展团员教育评议和团籍注册；做好入团积极分子的培养和发展团员工作，稳妥开展推优入党。

三、规范团费收缴
按月收缴团费，每季度向街道团工委上缴一次，做到账目清楚、及时公开。

四、服务青年、服务社区
围绕学雷锋月、“五四”青年节和暑期，组织团员参加社区志愿服务，每名团员全年参加志愿服务不少于 20 小时。"""

SUMMARY = """一年来，团支部在街道党工委和团工委的领导下，围绕年初工作计划，较好地完成了各项工作。

一、思想引领有成效
全年开展团课 4 次、主题团日 4 次，召开专题组织生活会 1 次；团员参加“青年大学习”的比例保持在 90% 以上。

二、组织生活更规范
支部委员会、团小组会按月召开，支部团员大会按季度召开（第三季度因防汛值守未能召开，已在第四季度补充通报）；完成团员教育评议和年度团籍注册。

三、团费收缴及时
全年按月收缴团费，按季度上缴街道团工委，收支情况在支部团员大会上通报。

四、存在的不足和明年打算
部分团员参加组织生活不够经常，个别团员团费缴纳不及时。明年将加强团小组建设，落实团员联系制度，推动每名团员经常参加组织生活。"""


def demo_handbook_step(ctx, summary) -> None:
    """DEMO_STEPS entry (last)."""
    s, branch_id, year = ctx.session, ctx.branch.id, ctx.today.year
    profile = branches.load_profile(s, branch_id)
    profile.level = "基层团支部"
    profile.term_started_on = date(year - 1, 6, 1)
    profile.term_ends_on = date(year + 1, 5, 31)
    branches.save_profile(s, profile)

    held = _life_meeting(ctx, date(year, *LIFE_DAY))
    if held:
        summary.counts["会议记录"] = summary.counts.get("会议记录", 0) + 1

    approving = [
        m
        for m in meetings.list_meetings(
            s, branch_id, year, MeetingKind.GENERAL, with_attendance=False
        )
        if not m.is_draft
    ]
    plan_meeting = next((m for m in approving if "工作计划" in m.topics), None)
    year_texts.save_year_text(
        s, branch_id, year, year_texts.PLAN, PLAN, plan_meeting.id if plan_meeting else None
    )
    summary_meeting = next((m for m in approving if "工作总结" in m.topics), None)
    if summary_meeting is not None:  # written once the year's work is done
        year_texts.save_year_text(
            s, branch_id, year, year_texts.SUMMARY, SUMMARY, summary_meeting.id
        )


def _life_meeting(ctx, day: date) -> bool:
    if day > ctx.today:
        return False
    s, branch_id = ctx.session, ctx.branch.id
    rng = random.Random(day.toordinal())
    on_roster = member_ids_on(s, branch_id, day)
    if not on_roster:
        return False
    host = next((p.member_id for p in ctx.branch.posts if p.title == "书记"), None)
    recorder = next((p.member_id for p in ctx.branch.posts if p.title == "组织委员"), None)
    host = host if host in on_roster else on_roster[0]
    recorder = recorder if recorder in on_roster and recorder != host else None
    expected = meetings.expected_member_ids(s, branch_id, MeetingKind.LIFE, day, None)
    attendance = []
    for member_id in expected:
        present = member_id in (host, recorder) or rng.random() < 0.9
        attendance.append(meetings.AttendanceData(member_id, present, "" if present else "病假"))
    data = meetings.MeetingData(
        kind=MeetingKind.LIFE,
        subkind="专题组织生活会",
        held_on=day,
        start_time=time(14, 30),
        end_time=time(17, 0),
        place="街道党群服务中心二楼会议室",
        host_id=host,
        recorder_id=recorder,
        guests="街道党工委 周某某",
        topics=LIFE_TOPICS,
        minutes=LIFE_MINUTES,
        decisions="会议查摆的问题列入整改清单，由支部委员会督促落实，年底前在支部团员大会上通报。",
        attendance=attendance,
    )
    meetings.save_meeting(s, branch_id, data)
    return True
