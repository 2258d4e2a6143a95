"""团内统计 of one branch or of several (a 团总支/团委 counting its branches)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import (
    Branch,
    CommitteePost,
    Group,
    Member,
    MemberStatusChange,
)
from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_calendar import Status
from branchdesk.core.rules.meeting_kinds import RoundKind
from branchdesk.core.rules.member_status import ARCHIVE_STATUSES
from branchdesk.core.rules.rounds import PENDING_LABELS
from branchdesk.core.rules.statistics import (
    MeetingCount,
    MemberFacts,
    Statistics,
    combine,
    count_members,
    statistics_day,
)
from branchdesk.core.rules.transfer_state import year_counts
from branchdesk.core.services import meeting_calendar, rounds, transfers
from branchdesk.core.services.dues.ledger import handover_ledger
from branchdesk.core.services.membership import on_roster_select


def statistics(
    session: Session, branch_ids: list[int] | None, year: int, today: date | None = None
) -> Statistics:
    """The statistics of the branches (None: every branch in the database), summed."""
    return statistics_by_branch(session, branch_ids, year, today)[0]


def statistics_by_branch(
    session: Session, branch_ids: list[int] | None, year: int, today: date | None = None
) -> tuple[Statistics, list[Statistics]]:
    """(the branches' statistics summed, each branch's), branches in the order given (None:
    every branch in the database)."""
    today = today or date.today()
    if branch_ids is None:
        branch_ids = list(session.scalars(select(Branch.id).order_by(Branch.id)))
    if not branch_ids:
        raise UserError("数据库中还没有团支部，无法统计。")
    parts = [branch_statistics(session, b, year, today) for b in branch_ids]
    total = parts[0] if len(parts) == 1 else combine(parts, year, statistics_day(year, today))
    return total, parts


def branch_statistics(
    session: Session, branch_id: int, year: int, today: date | None = None
) -> Statistics:
    today = today or date.today()
    branch = get_or_fail(session, Branch, branch_id, "找不到这个团支部，可能已被删除。")
    day = statistics_day(year, today)
    stats = Statistics(year, day, [branch.name])
    count_members(stats, _member_facts(session, branch_id, day))
    found = transfers.register_rows(session, branch_id, year=year)
    stats.transferred_out, stats.transferred_in = year_counts(found)
    stats.left_by_reason.update(_left_in_year(session, branch_id, year))
    ledger = handover_ledger(session, branch_id, year)
    stats.dues_collected_fen, stats.dues_handed_fen = ledger.collected_fen, ledger.handed_fen
    stats.meetings = _meeting_counts(session, branch_id, year, today)
    for kind, counter in ((RoundKind.EVALUATION, stats.evaluation),
                          (RoundKind.REGISTRATION, stats.registration)):  # fmt: skip
        for row in rounds.round_results(session, branch_id, kind, year):
            counter[row.result or PENDING_LABELS[kind.value]] += 1
    return stats


def _member_facts(session: Session, branch_id: int, day: date) -> list[MemberFacts]:
    cadres = set(
        session.scalars(
            select(CommitteePost.member_id).where(
                CommitteePost.branch_id == branch_id, CommitteePost.member_id.is_not(None)
            )
        )
    ) | set(
        session.scalars(
            select(Group.leader_id).where(
                Group.branch_id == branch_id, Group.leader_id.is_not(None)
            )
        )
    )
    rows = session.execute(
        select(
            Member.id,
            Member.gender,
            Member.ethnicity,
            Member.birth_date,
            Member.education,
            Member.political_status,
            Member.join_date,
        ).where(Member.id.in_(on_roster_select(branch_id, day)))
    )
    return [
        MemberFacts(gender, ethnicity, birth, education, political, joined, member_id in cadres)
        for member_id, gender, ethnicity, birth, education, political, joined in rows
    ]


def _left_in_year(session: Session, branch_id: int, year: int) -> dict[str, int]:
    """Members who left the League in the year (超龄离团, 退团, ...), by status; 转出 is counted
    by the transfers."""
    left: dict[str, int] = {}
    rows = session.execute(
        select(MemberStatusChange.to_status, MemberStatusChange.member_id)
        .join(Member, Member.id == MemberStatusChange.member_id)
        .where(
            Member.branch_id == branch_id,
            MemberStatusChange.to_status.in_([s.value for s in ARCHIVE_STATUSES]),
            MemberStatusChange.changed_on >= date(year, 1, 1),
            MemberStatusChange.changed_on <= date(year, 12, 31),
        )
        .distinct()
    )
    for status, _member in rows:
        left[status] = left.get(status, 0) + 1
    return left


def _meeting_counts(session: Session, branch_id: int, year: int, today: date) -> list[MeetingCount]:
    """Per required item: periods held against periods begun (per group where it applies)."""
    counts: dict[str, list[int]] = {}
    for row in meeting_calendar.branch_calendar(session, branch_id, year, today):
        held, required = counts.setdefault(row.item, [0, 0])
        counts[row.item] = [
            held + sum(c.status == Status.HELD for c in row.cells),
            required + sum(c.status != Status.FUTURE for c in row.cells),
        ]
    return [MeetingCount(item, held, required) for item, (held, required) in counts.items()]
