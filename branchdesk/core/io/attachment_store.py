"""Where a database keeps its meeting attachments, and removing them only after a commit.

Each database has its own folder, found from the database itself and never from a path stored
in it: beside a SQLite file `X.db` it is `X.db.attachments/`; for a server database it is
`<data folder>/attachments/<the database's id>/` (a random id kept in its settings). A meeting's
files are in `<folder>/<meeting id>/`; of the stored path only the last part (a file name) is
used, and the result must stay inside the folder, so a stored `../../etc/x` is never followed.

Files are deleted when the transaction that removed their rows commits, and files copied in by a
transaction that rolls back are removed again (SQLAlchemy session events).
"""

import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal, overload

from sqlalchemy import event
from sqlalchemy.orm import Session

from branchdesk.core.db.engine import sqlite_file
from branchdesk.core.paths import data_dir

#: settings key of a server database's random id (names its attachments folder)
DATABASE_ID_KEY = "database.id"
_DELETE_ON_COMMIT = "branchdesk.delete_on_commit"
_DELETE_ON_ROLLBACK = "branchdesk.delete_on_rollback"


@overload
def attachments_root(session: Session, create: Literal[True]) -> Path: ...
@overload
def attachments_root(session: Session, create: bool = False) -> Path | None: ...
def attachments_root(session: Session, create: bool = False) -> Path | None:
    """This database's attachments folder (None: a server database without an id yet, unless
    `create` gives it one)."""
    url = session.get_bind().engine.url
    file = sqlite_file(url.render_as_string(hide_password=False))
    if file is not None:
        return file.resolve().parent / f"{file.name}.attachments"
    from branchdesk.core.services.settings_store import get_setting, set_setting

    ident = get_setting(session, DATABASE_ID_KEY)
    if not _is_uuid(ident):
        if not create:
            return None
        ident = uuid.uuid4().hex
        set_setting(session, DATABASE_ID_KEY, ident)
    return data_dir() / "attachments" / uuid.UUID(ident).hex


@overload
def meeting_folder(session: Session, meeting_id: int, create: Literal[True]) -> Path: ...
@overload
def meeting_folder(session: Session, meeting_id: int, create: bool = False) -> Path | None: ...
def meeting_folder(session: Session, meeting_id: int, create: bool = False) -> Path | None:
    """`<attachments folder>/<meeting id>` (not created here)."""
    root = attachments_root(session, create)
    return None if root is None else root / str(int(meeting_id))


def stored_file(session: Session, meeting_id: int, stored_path: str) -> Path | None:
    """The file of an attachment row, confined to this database's folder; None if unsafe."""
    return file_in(attachments_root(session), meeting_id, stored_path)


def file_in(root: Path | None, meeting_id: int, stored_path: str) -> Path | None:
    name = safe_name(stored_path)
    if root is None or name is None:
        return None
    folder = root / str(int(meeting_id))
    return confined(folder / name, folder)


def readable_file(root: Path | None, meeting_id: int, stored_path: str) -> Path | None:
    """The file to open for an attachment: the one in this database's folder, or, for a record
    made before attachments moved there, the file the earlier version saved under
    data_dir()/attachments/<meeting id>/. That older file is only ever opened, never deleted:
    the old folder was shared by every database."""
    current = file_in(root, meeting_id, stored_path)
    if current is not None and current.exists():
        return current
    parts = PurePosixPath(str(stored_path).replace("\\", "/")).parts
    if len(parts) == 3 and parts[0] == "attachments" and parts[1] == str(int(meeting_id)):
        legacy = file_in(data_dir() / "attachments", meeting_id, stored_path)
        if legacy is not None and legacy.is_file():
            return legacy
    return current


def safe_name(stored: str) -> str | None:
    """The last part of a stored path (either slash), or None when nothing usable is left."""
    name = PureWindowsPath(PurePosixPath(str(stored)).name).name
    if name in ("", ".", "..") or "\x00" in name:
        return None
    return name


def confined(path: Path, folder: Path) -> Path | None:
    """`path` resolved (links followed) if it is inside `folder`, else None."""
    try:
        resolved = path.resolve()
        if resolved.parent != folder.resolve():
            return None
    except (OSError, ValueError):
        return None
    return resolved


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# -- after commit / after rollback --------------------------------------------------------------


def delete_after_commit(session: Session, path: Path) -> None:
    session.info.setdefault(_DELETE_ON_COMMIT, []).append(path)


def delete_after_rollback(session: Session, path: Path) -> None:
    session.info.setdefault(_DELETE_ON_ROLLBACK, []).append(path)


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            if path.is_dir():
                path.rmdir()  # only an emptied meeting folder
            else:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # a file in use stays; its row is gone either way


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_DELETE_ON_ROLLBACK, None)
    _remove(session.info.pop(_DELETE_ON_COMMIT, []))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_DELETE_ON_COMMIT, None)
    _remove(session.info.pop(_DELETE_ON_ROLLBACK, []))
