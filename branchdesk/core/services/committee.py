"""A committee's view (团总支/团委): every branch in the database in one table."""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Branch, Transfer
from branchdesk.core.rules.meeting_calendar import Status
from branchdesk.core.rules.meeting_kinds import RoundKind
from branchdesk.core.rules.transfer_state import TransferStatus
from branchdesk.core.services import meeting_calendar, rounds
from branchdesk.core.services.alerts import age_out_alerts
from branchdesk.core.services.dues.grid import arrears
from branchdesk.core.services.membership import roster_count


@dataclass(frozen=True)
class BranchRow:
    branch_id: int
    name: str
    kind: str
    members: int  # 在册 today
    overdue_meetings: int  # periods of this year that ended with nothing held
    arrears_members: int  # members with unpaid past months
    arrears_fen: int
    letters_waiting: int  # 转出 letters whose return slip has not come back
    age_out: int  # 28 already, or within six months, and no post
    evaluation_done: bool  # this year's 评议 has a result for everyone listed
    registration_done: bool

    def to_json(self) -> dict:
        return asdict(self)


def committee_overview(session: Session, today: date | None = None) -> list[BranchRow]:
    """One row per branch, in the order they were created."""
    today = today or date.today()
    branches = session.execute(select(Branch.id, Branch.name, Branch.kind).order_by(Branch.id))
    return [_row(session, branch_id, name, kind, today) for branch_id, name, kind in branches]


def _row(session: Session, branch_id: int, name: str, kind: str, today: date) -> BranchRow:
    calendar = meeting_calendar.branch_calendar(session, branch_id, today.year, today)
    owing = arrears(session, branch_id, today)
    done = {(k, y) for k, y, _, _ in rounds.finished_rounds(session, branch_id)}
    waiting = session.scalar(
        select(func.count()).where(
            Transfer.branch_id == branch_id, Transfer.status == TransferStatus.OUT_PENDING
        )
    )
    return BranchRow(
        branch_id=branch_id,
        name=name,
        kind=kind,
        members=roster_count(session, branch_id, today),
        overdue_meetings=sum(c.status == Status.OVERDUE for r in calendar for c in r.cells),
        arrears_members=len(owing),
        arrears_fen=sum(r.owed_fen for r in owing),
        letters_waiting=waiting or 0,
        age_out=len(age_out_alerts(session, branch_id, today)),
        evaluation_done=(RoundKind.EVALUATION.value, today.year) in done,
        registration_done=(RoundKind.REGISTRATION.value, today.year) in done,
    )
