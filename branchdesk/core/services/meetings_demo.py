"""The demo branch's year of organisation life: meetings up to today, a few items left overdue on
purpose, one 评议 round and one 注册 round (a few registrations still open)."""

from datetime import date, time

from branchdesk.core.rules.meeting_kinds import MeetingKind, RoundKind
from branchdesk.core.rules.rounds import registration_proposal
from branchdesk.core.services import meetings, rounds
from branchdesk.core.services.membership import member_ids_on

PLACES = ("街道党群服务中心二楼会议室", "社区青年之家活动室", "腾讯会议（线上）")
ABSENCE_REASONS = ("出差", "病假", "事假", "单位值班", "外出学习")

COMMITTEE_TOPICS = {
    1: "研究部署本年度团支部工作计划",
    2: "研究团员教育评议准备工作",
    3: "讨论“学雷锋志愿服务月”活动方案",
    4: "研究“五四”主题团日活动方案",
    5: "讨论入团积极分子培养考察情况",
    6: "通报上半年团费收缴情况",
    7: "研究暑期青年志愿服务安排",
    8: "讨论推优入党人选",
    9: "研究发展团员工作",
    10: "总结国庆主题教育活动",
    11: "研究年度团籍注册工作",
    12: "研究年度工作总结",
}
GENERAL_TOPICS = {
    1: "传达上级团委工作会议精神\n审议通过本年度团支部工作计划",
    2: "开展团员教育评议\n推荐优秀团员作为入党积极分子人选",
    3: "通报团费收缴和使用情况\n讨论发展新团员",
    4: "开展年度团籍注册\n审议团支部年度工作总结",
}
LESSON_TOPICS = {
    1: ("学习习近平新时代中国特色社会主义思想", "张老师（街道党工委）"),
    2: ("共青团的光荣历史", "李老师（区团校）"),
    3: ("学习《中国共产主义青年团章程》", "团支部书记"),
    4: ("弘扬志愿服务精神", "王老师（区志愿者协会）"),
}
THEME_DAYS = (
    (3, 5, "学雷锋志愿服务进社区"),
    (5, 4, "“五四”青年节主题团日：青春心向党"),
    (7, 1, "重温入团誓词，庆祝建党节"),
    (9, 30, "烈士纪念日：缅怀革命先烈"),
)
DECISIONS = {
    MeetingKind.COMMITTEE: "会议形成一致意见，由各支部委员分工落实，下次会议通报进展。",
    MeetingKind.GENERAL: "与会团员举手表决，一致通过上述事项。",
}
#: left undone on purpose so the calendar and the home page have something to show
SKIPPED_COMMITTEE_MONTHS = {8}
SKIPPED_GENERAL_QUARTERS = {3}
SKIPPED_GROUP_MONTH = 10  # the second group skipped this month


def demo_meetings_step(ctx, summary) -> None:
    """DEMO_STEPS entry (after the roster step)."""
    s, branch_id, today, rng = ctx.session, ctx.branch.id, ctx.today, ctx.rng
    year = today.year
    secretary, organiser = ctx.members[4].id, ctx.members[6].id
    held = 0

    def add(kind, day, topics, group_id=None, host=secretary, **extra):
        nonlocal held
        if day > today:
            return
        expected = meetings.expected_member_ids(s, branch_id, kind, day, group_id)
        # 主持人 and 记录人 are members on the roster that day (a leader who joined later is not)
        on_roster = member_ids_on(s, branch_id, day)
        host = _first_on(on_roster, host, secretary, organiser)
        recorder = _first_on(on_roster, organiser, secretary, exclude=host)
        attendance = []
        for member_id in expected:
            present = member_id in (host, recorder) or rng.random() < 0.88
            reason = "" if present else rng.choice(ABSENCE_REASONS)
            attendance.append(meetings.AttendanceData(member_id, present, reason))
        present = sum(a.present for a in attendance)
        first = topics.splitlines()[0]
        data = meetings.MeetingData(
            kind=kind,
            held_on=day,
            group_id=group_id,
            start_time=time(19, 0) if kind != MeetingKind.THEME_DAY else time(9, 30),
            end_time=time(20, 30) if kind != MeetingKind.THEME_DAY else time(11, 30),
            place=extra.pop("place", PLACES[day.month % 2]),
            host_id=host,
            recorder_id=recorder,
            topics=topics,
            minutes=(
                f"会议应到{len(expected)}人，实到{present}人。主持人介绍了本次会议议题：{first}。"
                "与会团员结合工作实际逐项进行了讨论，大家积极发言，提出了具体建议。"
            ),
            decisions=DECISIONS.get(kind, ""),
            attendance=attendance,
            **extra,
        )
        meetings.save_meeting(s, branch_id, data)
        held += 1

    for month in range(1, 13):
        if month not in SKIPPED_COMMITTEE_MONTHS:
            add(MeetingKind.COMMITTEE, date(year, month, 5), COMMITTEE_TOPICS[month])
        for index, group in enumerate(ctx.branch.groups):
            if index == 1 and month == SKIPPED_GROUP_MONTH:
                continue
            add(
                MeetingKind.GROUP,
                date(year, month, 12 + index),
                f"学习上级团委{month}月工作要点",
                group_id=group.id,
                host=group.leader_id,
            )
    for quarter in range(1, 5):
        if quarter not in SKIPPED_GENERAL_QUARTERS:
            add(
                MeetingKind.GENERAL,
                date(year, 3 * quarter - 1, 18),
                GENERAL_TOPICS[quarter],
                vote="举手表决，全体到会团员一致同意。",
            )
        topic, speaker = LESSON_TOPICS[quarter]
        add(
            MeetingKind.LESSON,
            date(year, 3 * quarter - 1, 20),
            topic,
            speaker=speaker,
            lesson_topic=topic,
            lesson_form="线上" if quarter == 2 else "线下",
            lesson_hours=2.0,
        )
    for month, day, topic in THEME_DAYS:
        add(MeetingKind.THEME_DAY, date(year, month, day), topic, place="社区青年之家活动室")
    summary.counts["会议记录"] = held
    _demo_rounds(ctx, summary)


def _first_on(
    on_roster: list[int], *preferred: int | None, exclude: int | None = None
) -> int | None:
    """The first preferred member on the roster that day, else anyone on it (None: nobody)."""
    choices = [m for m in (*preferred, *on_roster) if m is not None and m != exclude]
    return next((m for m in choices if m in on_roster), None)


def _demo_rounds(ctx, summary) -> None:
    s, branch_id, today, rng = ctx.session, ctx.branch.id, ctx.today, ctx.rng
    year = today.year
    # held at the year's latest 支部团员大会 so far (or today if none was held yet)
    held = [(i, day) for i, day, _ in rounds.round_meetings(s, branch_id, year) if day <= today]
    meeting_id, day = held[0] if held else (None, today)
    view = rounds.open_round(s, branch_id, RoundKind.EVALUATION, year, day, meeting_id)
    party = {"中共党员", "中共预备党员"}
    results = {}
    for i, row in enumerate(view.rows):
        if row.political_status in party:
            results[row.member_id] = ("免评", "保留团籍的党员")
        elif i == 7:
            results[row.member_id] = ("不合格", "长期未参加组织生活，限期整改")
        elif i in (3, 11):
            results[row.member_id] = ("基本合格", "书记已谈话提醒")
        else:
            results[row.member_id] = ("优秀" if rng.random() < 0.25 else "合格", "")
    rounds.record_results(s, branch_id, RoundKind.EVALUATION, year, results)
    if meeting_id is not None and day < today:
        rounds.set_approval(s, branch_id, RoundKind.EVALUATION, year, today)
    view = rounds.open_round(s, branch_id, RoundKind.REGISTRATION, year, day, meeting_id)
    registrations = {}
    for i, row in enumerate(view.rows):
        if i % 20 == 19:  # a few still to be decided
            continue
        proposal = registration_proposal(row.evaluation)  # dues are recorded by a later step
        if proposal.result == "暂缓注册":
            registrations[row.member_id] = ("暂缓注册", proposal.reason + "，暂缓三个月")
        else:
            registrations[row.member_id] = ("予以注册", "")
    rounds.record_results(s, branch_id, RoundKind.REGISTRATION, year, registrations)
    summary.counts["评议人数"] = len(results)
