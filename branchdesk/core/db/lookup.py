"""Looking a row up by id when it may be gone: a UserError that says so, never None.

`session.get(Model, id)` returns None for a row deleted meanwhile (another window, another
user of a shared database); using that None raises AttributeError, a traceback instead of a
sentence. Lookups that may find nothing go through `get_or_fail`.
"""

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.errors import UserError

T = TypeVar("T")


def get_or_fail(session: Session, model: type[T], row_id: int | None, message: str) -> T:
    """The row of `model` with this id, or a UserError with `message`."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise UserError(message)
    return row


def lock_branch(session: Session, branch_id: int) -> None:
    """Hold the branch's row until the transaction ends (SELECT … FOR UPDATE on PostgreSQL).

    Two copies of the program sharing one PostgreSQL database then record a branch's dues one
    after the other: the second sees the first's payments, so no month is paid twice and no
    receipt number is taken twice. SQLite needs nothing: BEGIN IMMEDIATE already lets one
    writer in at a time (and its dialect leaves FOR UPDATE out)."""
    from branchdesk.core.db.models import Branch

    session.execute(select(Branch.id).where(Branch.id == branch_id).with_for_update())
