"""The demo branch's transfers: one or more in each state, one letter past its validity."""

import random
from datetime import date, timedelta

from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.rules.partial_date import Precision
from branchdesk.core.services import transfers


def demo_transfers_step(ctx, summary) -> None:
    """Runs after the roster (and dues) steps of `branchdesk demo`."""
    from branchdesk.core.services.demo import fake_id_number

    s, branch_id, today = ctx.session, ctx.branch.id, ctx.today
    first_letter = today - timedelta(days=300)
    people = [
        m
        for m in ctx.members[10:]
        if m.status == MemberStatus.ACTIVE
        and not m.league_post
        and (m.status_since or date.min) < first_letter
    ][-5:]

    def day(days_ago: int) -> date:
        return today - timedelta(days=days_ago)

    def out(member, reason, org, days_ago):
        return transfers.transfer_out(s, branch_id, member.id, reason, org, day(days_ago))

    # 已转出, and back months later: the transfer in restores the archived member (history kept)
    done = out(people[0], "升学", "示例大学计算机学院团委", 300)
    transfers.receive_return_slip(s, done.id, day(280))
    wrong = out(people[1], "工作调动", "示例区教育局团委", 200)
    transfers.cancel_transfer(s, wrong.id, day(199), "转往单位填写有误，已重新开具")
    back = out(people[2], "就业", "示例科技有限公司团支部", 150)
    transfers.return_transfer(s, back.id, day(125), "接收单位尚未建立团组织，待改转至居住地社区")
    out(people[1], "工作调动", "示例区卫生健康委团委", 60)  # past its 30 days, no return slip
    out(people[3], "升学", "示例职业技术学院团委", 8)
    out(people[4], "未就业", "示例社区团支部", 3)
    returning = transfers.letter_data(s, [done.id])[0]
    member = people[0]
    record = MemberRecord(
        name=member.name,
        gender=member.gender,
        ethnicity=member.ethnicity,
        birth_date=member.birth_date,
        id_number=returning.id_number,
        join_date=member.join_date,
        join_date_precision=member.join_date_precision,
        member_card_no=member.member_card_no,
        development_no=member.development_no,
        education=member.education,
        political_status=member.political_status,
        phone=member.phone,
        work_unit="示例社区居委会",
    )
    transfers.transfer_in(
        s,
        branch_id,
        record,
        "示例大学计算机学院团委",
        f"计院团〔{day(90).year}〕15号",
        day(90),
        accepted_on=day(84),
        reason="就业",
    )
    rng = random.Random(7)
    birth = date(today.year - 23, 9, 3)
    pending = MemberRecord(
        name="韩子豪",
        gender="男",
        birth_date=birth,
        id_number=fake_id_number(rng, birth, "男"),
        join_date=date(today.year - 8, 5, 1),
        join_date_precision=Precision.MONTH,
        education="本科",
    )
    transfers.register_transfer_in(
        s,
        branch_id,
        pending,
        "示例大学经济学院团委",
        "经院团字第031号",
        day(5),
        "就业",
        today=today,
    )
    summary.counts["组织关系转接"] = len(transfers.register_rows(s, branch_id, today=today))


def demo_letters_dues_step(ctx, summary) -> None:
    """Runs last: the demo's letters were issued before its dues were recorded, so their 团费交至
    is taken again as of each letter's day (a real letter snapshots it when issued)."""
    transfers.refresh_letter_dues(ctx.session, ctx.branch.id)
