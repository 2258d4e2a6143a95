"""The yearly 团员教育评议 and 团籍注册 rounds: hold, record results in bulk, approve, summarise.

A round is held on a day, at a 支部团员大会 (the meeting); its list is the members on the
roster that day. 评议 needs two thirds of 应到 at that meeting. The committee above approves
it on a later day.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import AnnualRound, Meeting, MeetingAttendance, Member, RoundResult
from branchdesk.core.db.shared_reads import shared
from branchdesk.core.errors import UserError
from branchdesk.core.rules import consistency
from branchdesk.core.rules.meeting_kinds import ROUND_RESULTS, ROUND_TITLES, MeetingKind, RoundKind
from branchdesk.core.rules.membership import on_roster
from branchdesk.core.rules.rounds import (
    ARREARS_MONTHS_FOR_DEFERRAL,
    approval_refusal,
    excellent_share_warning,
    registration_proposal,
    registration_reason_needed,
    registration_warning,
    round_day_refusal,
    round_quorum_warning,
    round_summary,
)
from branchdesk.core.services.membership import member_ids_on, membership_periods
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
    #: 注册 rounds: months of unpaid dues up to the round's day
    arrears_months: int = 0


@dataclass
class RoundView:
    id: int
    kind: str
    year: int
    title: str
    rows: list[RoundRow]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    held_on: date | None = None
    meeting_id: int | None = None
    meeting_label: str = ""
    approved_on: date | None = None
    #: 应到 / 实到 of the meeting that held the round (None without a meeting)
    expected: int | None = None
    present: int | None = None
    #: every result with its count, then those without one: adds up to len(rows)
    summary: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows if not r.result)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and self.pending == 0

    @property
    def summary_text(self) -> str:
        parts = "，".join(f"{label} {n} 人" for label, n in self.summary)
        return f"{self.title}：名单共 {len(self.rows)} 人；{parts}。"


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
    return shared(
        session,
        ("annual_round", branch_id, kind, year),
        lambda: session.scalar(
            select(AnnualRound)
            .options(selectinload(AnnualRound.results))
            .where(AnnualRound.branch_id == branch_id, AnnualRound.kind == kind)
            .where(AnnualRound.year == year)
        ),
    )


def _require(session: Session, branch_id: int, kind: RoundKind, year: int) -> AnnualRound:
    found = _find(session, branch_id, kind, year)
    if found is None:
        raise UserError(f"{year}年的{ROUND_TITLES[kind]}还没有开始。")
    return found


def round_day(found: AnnualRound) -> date:
    """The day a round was held: its results are for members on the roster that day."""
    return found.held_on or found.opened_on


def round_meetings(session: Session, branch_id: int, year: int) -> list[tuple[int, date, str]]:
    """(id, day, label) of the 支部团员大会 a year's round may be held at (that year, or by the
    end of March of the next), newest first."""
    rows = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.topics)
        .where(
            Meeting.branch_id == branch_id,
            Meeting.kind == MeetingKind.GENERAL,
            Meeting.is_draft.is_(False),
            Meeting.held_on >= date(year, 1, 1),
            Meeting.held_on <= date(year + 1, 3, 31),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return [(i, day, _meeting_label(day, topics)) for i, day, topics in rows]


def _meeting_label(day: date, topics: str) -> str:
    first = next((line.strip() for line in topics.splitlines() if line.strip()), "")
    return f"{day:%Y-%m-%d} 支部团员大会" + (f"（{first[:20]}）" if first else "")


def _member_name(session: Session, member_id: int) -> str:
    return get_or_fail(session, Member, member_id, "找不到这名团员，可能已被其他人修改。").name


def _round_meeting(session: Session, branch_id: int, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.branch_id != branch_id:
        raise UserError("找不到这次会议，可能已被删除。")
    if meeting.kind != MeetingKind.GENERAL or meeting.is_draft:
        raise UserError("评议、注册应在支部团员大会上进行，请选择一次已记录的支部团员大会。")
    return meeting


def _sync_list(session: Session, found: AnnualRound) -> None:
    """The list is the members on the roster on the round's day. Members no longer on it are
    dropped if they have no result; a result for someone not in the branch that day is refused."""
    on_day = set(member_ids_on(session, found.branch_id, round_day(found)))
    listed = {r.member_id: r for r in found.results}
    stray = [r for m, r in listed.items() if m not in on_day]
    with_result = [r for r in stray if r.result]
    if with_result:
        names = "、".join(_member_name(session, r.member_id) for r in with_result)
        raise UserError(
            f"{names}在{round_day(found):%Y-%m-%d}不在本团支部，但已有结果；"
            "请先清除其结果，或改用其在册期间的日期。"
        )
    for r in stray:
        found.results.remove(r)
    for member_id in sorted(on_day - set(listed)):
        found.results.append(RoundResult(member_id=member_id, result="", note=""))


def open_round(
    session: Session,
    branch_id: int,
    kind: str,
    year: int,
    held_on: date | None = None,
    meeting_id: int | None = None,
) -> RoundView:
    """Hold the year's round on a day, at a 支部团员大会 (its day then is the meeting's), or bring
    an opened round up to date with its (new) day. Its list: the members in the branch that day."""
    kind = _check_kind(kind)
    if meeting_id is not None:
        held_on = _round_meeting(session, branch_id, meeting_id).held_on
    held_on = held_on or date.today()
    refusal = round_day_refusal(year, held_on)
    if refusal:
        raise UserError(refusal)
    found = _find(session, branch_id, kind, year)
    if found is None:
        found = AnnualRound(branch_id=branch_id, kind=kind, year=year, opened_on=held_on)
        session.add(found)
    refusal = approval_refusal(held_on, found.approved_on)
    if refusal:
        raise UserError(refusal)
    found.held_on = held_on
    found.meeting_id = meeting_id
    _sync_list(session, found)
    session.flush()
    return _held_view(session, branch_id, kind, year)


def set_approval(
    session: Session, branch_id: int, kind: str, year: int, approved_on: date | None
) -> RoundView:
    """Record (or clear) the day the committee above approved the round."""
    kind = _check_kind(kind)
    found = _require(session, branch_id, kind, year)
    refusal = approval_refusal(round_day(found), approved_on)
    if refusal:
        raise UserError(refusal)
    found.approved_on = approved_on
    session.flush()
    return _held_view(session, branch_id, kind, year)


def record_results(
    session: Session, branch_id: int, kind: str, year: int, results: dict[int, tuple[str, str]]
) -> RoundView:
    """Bulk: member id → (result, note). An empty result clears it. 予以注册 of a member graded
    不合格 or in arrears for 6 months or more needs a reason in the note."""
    kind = _check_kind(kind)
    found = _require(session, branch_id, kind, year)
    allowed = ROUND_RESULTS[kind]
    by_member = {r.member_id: r for r in found.results}
    needs_check = kind == RoundKind.REGISTRATION and any(
        result == "予以注册" for result, _ in results.values()
    )
    evaluations = _evaluations(session, branch_id, year) if needs_check else {}
    arrears = dues_arrears_months(session, branch_id, round_day(found)) if needs_check else {}
    periods = membership_periods(session, branch_id)
    day = round_day(found)
    for member_id, (result, note) in results.items():
        if result and result not in allowed:
            raise UserError(
                f"“{result}”不是{ROUND_TITLES[kind]}的结果，可选：{'、'.join(allowed)}。"
            )
        if result and not on_roster(periods.get(member_id, []), day):
            name = _member_name(session, member_id)
            what = f"有{year}年{ROUND_TITLES[kind]}结果"
            raise UserError(consistency.not_member_message(name, day, what) + "。")
        row = by_member.get(member_id)
        if row is None:
            if not result:
                continue  # nothing to clear
            raise UserError("该团员不在本轮名单中。")
        why = registration_reason_needed(
            evaluations.get(member_id, ""), arrears.get(member_id, 0), result
        )
        if why and not note.strip():
            name = _member_name(session, member_id)
            raise UserError(f"{name}{why}，予以注册须在备注中写明理由。")
        row.result = result
        row.note = note.strip()
    session.flush()
    return _held_view(session, branch_id, kind, year)


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
    """The round with every listed member's result, counts and warnings; None if not held.

    (`today` is accepted for older callers; arrears are judged on the round's day.)
    """
    kind = _check_kind(kind)

    def load() -> RoundView | None:
        found = _find(session, branch_id, kind, year)
        return None if found is None else _view(session, branch_id, kind, year, found)

    return shared(session, ("round_view", branch_id, kind, year), load)


def _held_view(session: Session, branch_id: int, kind: RoundKind, year: int) -> RoundView:
    """The view of a round that is held (just opened or changed)."""
    return _view(session, branch_id, kind, year, _require(session, branch_id, kind, year))


def _view(
    session: Session, branch_id: int, kind: RoundKind, year: int, found: AnnualRound
) -> RoundView:
    day = round_day(found)
    ids = [r.member_id for r in found.results]
    # plain rows, not ORM objects: a round lists the whole branch (a third of the time at 1,000)
    columns = (Member.id, Member.name, Member.gender, Member.political_status, Member.status)
    members = {
        m.id: m
        for m in session.execute(select(*columns, Member.name_initials).where(Member.id.in_(ids)))
    }
    is_registration = kind == RoundKind.REGISTRATION
    evaluations = _evaluations(session, branch_id, year) if is_registration else {}
    arrears = dues_arrears_months(session, branch_id, day) if is_registration else {}
    rows = []
    for r in found.results:
        m = members[r.member_id]
        row = RoundRow(
            r.member_id, m.name, m.gender, m.political_status, m.status, r.result, r.note
        )
        if is_registration:
            row.evaluation = evaluations.get(r.member_id, "")
            row.arrears_months = arrears.get(r.member_id, 0)
            proposal = registration_proposal(row.evaluation, row.arrears_months)
            row.proposal, row.proposal_reason = proposal.result, proposal.reason
            row.warning = (
                registration_warning(row.evaluation, r.result)
                or registration_reason_needed(row.evaluation, row.arrears_months, r.result)
                or ""
            )
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
        held_on=day,
        meeting_id=found.meeting_id,
        approved_on=found.approved_on,
        summary=round_summary(kind, ROUND_RESULTS[kind], (r.result for r in rows)),
    )
    meeting = session.get(Meeting, found.meeting_id) if found.meeting_id is not None else None
    if meeting is not None:
        view.meeting_label = _meeting_label(meeting.held_on, meeting.topics)
        present = session.scalars(
            select(MeetingAttendance.present).where(MeetingAttendance.meeting_id == meeting.id)
        ).all()
        view.expected, view.present = len(present), sum(1 for p in present if p)
    view.warnings = _warnings(session, branch_id, view)
    return view


def _warnings(session: Session, branch_id: int, view: RoundView) -> list[str]:
    warnings = []
    if view.meeting_id is None:
        warnings.append("尚未选择召开本次评议、注册的支部团员大会。")
    else:
        found = round_quorum_warning(view.kind, view.expected or 0, view.present or 0)
        if found:
            warnings.append(found)
    if view.kind == RoundKind.EVALUATION:
        found = excellent_share_warning(
            (r.result for r in view.rows), excellent_cap(session, branch_id)
        )
        if found:
            warnings.append(found)
    bad = [r.name for r in view.rows if r.warning and not r.note]
    if bad:
        warnings.append(f"{'、'.join(bad)}：不宜予以注册（见各行提示）。")
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
    """(kind, year, round id, day held) of rounds where every listed member has a result."""
    rounds = session.scalars(
        select(AnnualRound)
        .options(selectinload(AnnualRound.results))
        .where(AnnualRound.branch_id == branch_id)
    )
    return [
        (r.kind, r.year, r.id, round_day(r))
        for r in rounds
        if r.results and all(x.result for x in r.results)
    ]
