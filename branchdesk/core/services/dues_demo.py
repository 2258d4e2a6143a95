"""The demo's 团费 step: a year of categories, payments, exemptions, arrears and quarterly 上缴."""

import random
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from branchdesk.core.db.models import DuesPayment
from branchdesk.core.rules import ages
from branchdesk.core.rules.dues_standards import PARTY_CATEGORY, Month, half_year, month_range
from branchdesk.core.rules.membership import Period
from branchdesk.core.rules.vocab import PARTY_STATUSES
from branchdesk.core.services import dues
from branchdesk.core.services.branches import committee_member_ids
from branchdesk.core.services.membership import membership_periods

if TYPE_CHECKING:
    from branchdesk.core.services.demo import DemoContext, DemoSummary

INCOMES_YUAN = (1800, 3200, 4500, 5200, 5300, 6800, 8000, 12000)
#: demo member index → role in the story
STOPPED_IN_MAY, STOPPED_AFTER_AUGUST, MISSED_LAST_TWO = 12, 20, 28
UNEMPLOYED, ON_RELIEF, ILL = 41, 43, 47
VOLUNTARY_PARTY = 1


@dataclass
class _Plan:
    member_id: int
    first: Month
    last: Month
    paid_on: date
    method: str
    amount_fen: int | None = None
    reason: str = ""


def _category_for(index: int, member, today: date, rng: random.Random) -> tuple[str, int | None]:
    if member.political_status in PARTY_STATUSES:
        return PARTY_CATEGORY, None
    if index == UNEMPLOYED:
        return "失业", None
    if index == ON_RELIEF:
        return "低保/救济", None
    if ages.age_on(member.birth_date, today) < 22:
        return "学生", None
    income = rng.choice(INCOMES_YUAN) * 100
    return ("年薪制/个体" if member.work_unit == "个体经营" else "在职"), income


def _plans_for(
    index: int, member_id: int, first: Month, now: Month, rng, style: int
) -> list[_Plan]:
    method = rng.choice(("现金", "现金", "微信", "微信", "支付宝"))
    year = now.year
    if index == STOPPED_IN_MAY:
        months = range(first.month, 5)
    elif index == STOPPED_AFTER_AUGUST:
        months = range(first.month, 9)
    elif index == MISSED_LAST_TWO:
        months = range(first.month, now.month - 1)
    else:
        if style == 0:  # prepaid the whole year in January (or when they joined)
            day = max(date(year, 1, 15), first.first_day)
            return [_Plan(member_id, first, Month(year, 12), day, method)]
        if style == 1:  # by term (half-year)
            plans = []
            for start in (Month(year, 1), Month(year, 7)):
                if start > now:
                    break
                term_first, term_last = half_year(start)
                if term_last < first:
                    continue
                begin = max(term_first, first)
                plans.append(
                    _Plan(member_id, begin, term_last, begin.first_day.replace(day=10), method)
                )
            return plans
        months = range(first.month, now.month + 1)
    return [
        _Plan(member_id, Month(year, m), Month(year, m), date(year, m, 5), method) for m in months
    ]


def dues_demo_step(ctx: "DemoContext", summary: "DemoSummary") -> None:
    session, branch_id, today = ctx.session, ctx.branch.id, ctx.today
    rng = random.Random(f"dues-{today.isoformat()}")
    now, start = Month.of(today), Month(today.year, 1)
    dues.setup_dues(session, branch_id, start)
    changer = None
    plans: list[_Plan] = []
    periods = membership_periods(session, branch_id)
    for index, member in enumerate(ctx.members):
        category, income = _category_for(index, member, today, rng)
        dues.set_member_category(session, member.id, category, start, income)
        came = min((p.start for p in periods.get(member.id, ())), default=today)
        first = max(start, Month.of(came))
        story = {STOPPED_IN_MAY, STOPPED_AFTER_AUGUST, MISSED_LAST_TWO, ILL}
        if category == "学生" and changer is None and first == start and index not in story:
            changer = member  # a student who starts work in July
            dues.set_member_category(
                session, member.id, "在职", Month(today.year, 7), 520_000, "毕业参加工作"
            )
        if category == PARTY_CATEGORY:
            if index == VOLUNTARY_PARTY:
                plans.append(
                    _Plan(
                        member.id,
                        first,
                        Month(today.year, 12),
                        date(today.year, 3, 2),
                        "微信",
                        1200,
                        "党员自愿交纳",
                    )
                )
            continue
        if index == ON_RELIEF:
            reason = "家庭困难，经支部团员大会同意、上级团委批准免缴"
            for begin, end, _ in _on_roster_runs(periods, member.id, first, Month(today.year, 12)):
                dues.add_exemption(session, member.id, begin, end, reason)
            continue
        if index == ILL:
            ill = (Month(today.year, 3), Month(today.year, 8))
            for begin, end, _ in _on_roster_runs(periods, member.id, *ill):
                dues.add_exemption(session, member.id, begin, end, "生病住院，申请免缴，经批准")
            plans += _ill_member_plans(member.id, first, now)
            continue
        style = 1 if member is changer else index % 4
        plans += _plans_for(index, member.id, first, now, rng, style)
    # only months on the roster: a member away for a while pays again from the day they return
    plans = [part for p in plans for part in _on_roster_parts(p, periods)]
    # nobody pays ahead past the month they turn 28 (unless in post): dues end then
    posted = committee_member_ids(session, branch_id)
    last_owed = {
        m.id: Month.of(ages.age_out_date(m.birth_date))
        for m in ctx.members
        if m.birth_date and not m.league_post.strip() and m.id not in posted
    }
    plans = [
        replace(p, last=min(p.last, last_owed.get(p.member_id, p.last)))
        for p in plans
        if p.first <= last_owed.get(p.member_id, p.first)
    ]
    collector = ctx.members[6].name if len(ctx.members) > 6 else ""
    entries = [
        dues.PaymentEntry(
            p.member_id, p.first, p.last, p.paid_on, collector, p.method, p.amount_fen, p.reason
        )
        for p in sorted(plans, key=lambda p: (p.paid_on, p.member_id))
        if p.paid_on <= today
    ]
    dues.record_payments(session, branch_id, entries, confirm=True)  # a year paid ahead is agreed
    handovers = _quarterly_handovers(ctx)
    summary.counts["团费缴费"] = len(entries)
    summary.counts["团费上缴"] = handovers


def _on_roster_runs(
    periods: dict[int, list[Period]], member_id: int, first: Month, last: Month
) -> list[tuple[Month, Month, date]]:
    """The runs of consecutive months of first..last the member was on the roster, each with
    the day the run began (the month's 1st, or the day they came on the roster)."""
    runs: list[tuple[Month, Month, date]] = []
    for month in month_range(first, last):
        inside = [
            p for p in periods.get(member_id, ()) if p.overlaps(month.first_day, month.last_day)
        ]
        if not inside:
            continue
        if runs and month - runs[-1][1] == 1:
            runs[-1] = (runs[-1][0], month, runs[-1][2])
        else:
            runs.append((month, month, max(month.first_day, min(p.start for p in inside))))
    return runs


def _on_roster_parts(plan: _Plan, periods: dict[int, list[Period]]) -> list[_Plan]:
    return [
        replace(plan, first=begin, last=end, paid_on=max(plan.paid_on, came))
        for begin, end, came in _on_roster_runs(periods, plan.member_id, plan.first, plan.last)
    ]


def _ill_member_plans(member_id: int, first: Month, now: Month) -> list[_Plan]:
    months = [m for m in range(first.month, now.month + 1) if not 3 <= m <= 8]
    return [
        _Plan(member_id, Month(now.year, m), Month(now.year, m), date(now.year, m, 6), "现金")
        for m in months
    ]


def _quarterly_handovers(ctx: "DemoContext") -> int:
    """Hand each finished quarter's collections over on the 8th of the next month."""
    session, branch_id, year = ctx.session, ctx.branch.id, ctx.today.year
    count = 0
    for quarter in range(1, 4):
        handed_on = date(year, quarter * 3 + 1, 8)
        if handed_on > ctx.today:
            break
        first, last = date(year, quarter * 3 - 2, 1), Month(year, quarter * 3).last_day
        amount = session.scalar(
            select(func.coalesce(func.sum(DuesPayment.amount_fen), 0)).where(
                DuesPayment.branch_id == branch_id,
                DuesPayment.paid_on >= first,
                DuesPayment.paid_on <= last,
            )
        )
        if amount:
            dues.record_handover(
                session, branch_id, handed_on, amount, f"团工委收字{year}第{quarter:02d}号",
                f"上缴第{quarter}季度团费",
            )  # fmt: skip
            count += 1
    return count
