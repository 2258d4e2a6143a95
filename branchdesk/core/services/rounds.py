"""The yearly 团员教育评议 and 团籍注册 rounds: open, record results in bulk, summarise.

A round lists every member who was on the roster at any time during its year.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from branchdesk.core.db.models import AnnualRound, Member, RoundResult
from branchdesk.core.errors import UserError
from branchdesk.core.rules import consistency
from branchdesk.core.rules.meeting_kinds import ROUND_RESULTS, ROUND_TITLES, RoundKind
from branchdesk.core.rules.membership import on_roster
from branchdesk.core.rules.rounds import (
    ARREARS_MONTHS_FOR_DEFERRAL,
    excellent_share_warning,
    registration_proposal,
    registration_warning,
)
from branchdesk.core.services.membership import member_ids_during, membership_periods
from branchdesk.core.services.settings_store import (
    EXCELLENT_CAP,
    get_branch_setting,
    set_branch_setting,
)


@dataclass
class RoundRow:
    member_id: int
    name: str
    gender: str
    political_status: str
    status: str  # the member's current status (在册, 已转出, ...)
    result: str
    note: str
    #: 注册 rounds: the member's 评议 result that year, and what is proposed
    evaluation: str = ""
    proposal: str = ""
    proposal_reason: str = ""
    warning: str = ""


@dataclass
class RoundView:
    id: int
    kind: str
    year: int
    title: str
    rows: list[RoundRow]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows if not r.result)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and self.pending == 0


def excellent_cap(session: Session, branch_id: int) -> float:
    return float(get_branch_setting(session, branch_id, EXCELLENT_CAP))


def set_excellent_cap(session: Session, branch_id: int, percent: float) -> None:
    if not 0 < percent <= 100:
        raise UserError("优秀比例上限应在 1% 到 100% 之间。")
    set_branch_setting(session, branch_id, EXCELLENT_CAP, percent)


def _check_kind(kind: str) -> RoundKind:
    try:
        return RoundKind(kind)
    except ValueError:
        raise UserError(f"没有“{kind}”这种年度工作。") from None


def _find(session: Session, branch_id: int, kind: str, year: int) -> AnnualRound | None:
    return session.scalar(
        select(AnnualRound)
        .options(selectinload(AnnualRound.results))
        .where(AnnualRound.branch_id == branch_id, AnnualRound.kind == kind)
        .where(AnnualRound.year == year)
    )


def open_round(
    session: Session, branch_id: int, kind: str, year: int, today: date | None = None
) -> RoundView:
    """Create the year's round (or bring an open one up to date with members who joined since)."""
    kind = _check_kind(kind)
    found = _find(session, branch_id, kind, year)
    if found is None:
        found = AnnualRound(
            branch_id=branch_id, kind=kind, year=year, opened_on=today or date.today()
        )
        session.add(found)
    listed = {r.member_id for r in found.results}
    for member_id in member_ids_during(session, branch_id, date(year, 1, 1), date(year, 12, 31)):
        if member_id not in listed:
            found.results.append(RoundResult(member_id=member_id, result="", note=""))
    session.flush()
    return round_view(session, branch_id, kind, year, today)


def round_day(found: AnnualRound) -> date:
    """The day a round was held: its results are for members on the roster that day."""
    return found.opened_on


def record_results(
    session: Session, branch_id: int, kind: str, year: int, results: dict[int, tuple[str, str]]
) -> RoundView:
    """Bulk: member id → (result, note). An empty result clears it."""
    kind = _check_kind(kind)
    found = _find(session, branch_id, kind, year)
    if found is None:
        raise UserError(f"{year}年的{ROUND_TITLES[kind]}还没有开始。")
    allowed = ROUND_RESULTS[kind]
    by_member = {r.member_id: r for r in found.results}
    periods = membership_periods(session, branch_id)
    for member_id, (result, note) in results.items():
        if result and result not in allowed:
            raise UserError(
                f"“{result}”不是{ROUND_TITLES[kind]}的结果，可选：{'、'.join(allowed)}。"
            )
        row = by_member.get(member_id)
        if row is None:
            raise UserError("该团员不在本轮名单中。")
        day = round_day(found)
        if result and not on_roster(periods.get(member_id, []), day):
            name = session.get(Member, member_id).name
            what = f"有{year}年{ROUND_TITLES[kind]}结果"
            raise UserError(consistency.not_member_message(name, day, what) + "。")
        row.result = result
        row.note = note.strip()
    session.flush()
    return round_view(session, branch_id, kind, year)


def dues_arrears_months(session: Session, branch_id: int, on: date) -> dict[int, int]:
    """Member id → longest run of unpaid dues months up to `on` (from the dues feature)."""
    try:
        from branchdesk.core.db.models import DuesSetting
        from branchdesk.core.services.dues import members_in_arrears
    except ImportError:  # a build without the dues feature
        return {}
    if not session.scalar(select(DuesSetting.id).where(DuesSetting.branch_id == branch_id)):
        return {}  # dues are not kept in the app for this branch: nothing to judge by
    rows = members_in_arrears(session, branch_id, on, min_months=ARREARS_MONTHS_FOR_DEFERRAL)
    return {r.member_id: r.longest_run for r in rows}


def round_view(
    session: Session, branch_id: int, kind: str, year: int, today: date | None = None
) -> RoundView | None:
    """The round with every listed member's result, counts and warnings; None if not opened."""
    kind = _check_kind(kind)
    found = _find(session, branch_id, kind, year)
    if found is None:
        return None
    ids = [r.member_id for r in found.results]
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    evaluations = _evaluations(session, branch_id, year) if kind == RoundKind.REGISTRATION else {}
    arrears = (
        dues_arrears_months(session, branch_id, min(today or date.today(), date(year, 12, 31)))
        if kind == RoundKind.REGISTRATION
        else {}
    )
    rows = []
    for r in found.results:
        m = members[r.member_id]
        row = RoundRow(
            r.member_id, m.name, m.gender, m.political_status, m.status, r.result, r.note
        )
        if kind == RoundKind.REGISTRATION:
            row.evaluation = evaluations.get(r.member_id, "")
            proposal = registration_proposal(row.evaluation, arrears.get(r.member_id, 0))
            row.proposal, row.proposal_reason = proposal.result, proposal.reason
            row.warning = registration_warning(row.evaluation, r.result) or ""
        rows.append(row)
    rows.sort(key=lambda row: (members[row.member_id].name_initials, row.name))
    counts = Counter(r.result for r in rows if r.result)
    view = RoundView(
        found.id,
        kind,
        year,
        f"{year}年{ROUND_TITLES[kind]}",
        rows,
        {res: counts.get(res, 0) for res in ROUND_RESULTS[kind]},
    )
    view.warnings = _warnings(session, branch_id, view)
    return view


def _warnings(session: Session, branch_id: int, view: RoundView) -> list[str]:
    warnings = []
    if view.kind == RoundKind.EVALUATION:
        found = excellent_share_warning(
            (r.result for r in view.rows), excellent_cap(session, branch_id)
        )
        if found:
            warnings.append(found)
    bad = [r.name for r in view.rows if r.warning]
    if bad:
        warnings.append(f"{'、'.join(bad)}：评议结果不足以予以注册。")
    return warnings


def _evaluations(session: Session, branch_id: int, year: int) -> dict[int, str]:
    found = _find(session, branch_id, RoundKind.EVALUATION, year)
    return {r.member_id: r.result for r in found.results} if found else {}


def round_results(session: Session, branch_id: int, kind: str, year: int) -> list[RoundRow]:
    """Every listed member's result in the year's round, by name ([] if the round was not opened)."""
    view = round_view(session, branch_id, kind, year)
    return view.rows if view else []


def round_years(session: Session, branch_id: int) -> dict[str, list[int]]:
    rows = session.execute(
        select(AnnualRound.kind, AnnualRound.year).where(AnnualRound.branch_id == branch_id)
    )
    years: dict[str, list[int]] = {}
    for kind, year in rows:
        years.setdefault(kind, []).append(year)
    return {k: sorted(v) for k, v in years.items()}


def finished_rounds(session: Session, branch_id: int) -> list[tuple[str, int, int, date]]:
    """(kind, year, round id, opened on) of rounds where every listed member has a result."""
    rounds = session.scalars(
        select(AnnualRound)
        .options(selectinload(AnnualRound.results))
        .where(AnnualRound.branch_id == branch_id)
    )
    return [
        (r.kind, r.year, r.id, r.opened_on)
        for r in rounds
        if r.results and all(x.result for x in r.results)
    ]
