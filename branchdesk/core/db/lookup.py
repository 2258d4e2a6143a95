"""Looking a row up by id when it may be gone: a UserError that says so, never None.

`session.get(Model, id)` returns None for a row deleted meanwhile (another window, another
user of a shared database); using that None raises AttributeError, a traceback instead of a
sentence. Lookups that may find nothing go through `get_or_fail`.
"""

from typing import TypeVar

from sqlalchemy.orm import Session

from branchdesk.core.errors import UserError

T = TypeVar("T")


def get_or_fail(session: Session, model: type[T], row_id: int | None, message: str) -> T:
    """The row of `model` with this id, or a UserError with `message`."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise UserError(message)
    return row
