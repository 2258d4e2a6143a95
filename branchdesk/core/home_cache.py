"""The home page at start-up before the database is open: what it showed at the last close.

Opening the database costs the window some 400 ms (importing SQLAlchemy and the models, setting
up the mappers, checking the schema) before the home page's own reads. So when the window closes,
the home page of the branch it opens on is computed once more, for today and the next days
(`save`), and kept as plain data with a key (`home-cache.json` in the data folder). At the next
start, before SQLAlchemy is imported, `load` takes it if the key still holds; the window shows it
at once while the database opens, and the page's real load then replaces it.

The key makes the cached summary equal to a fresh computation:

- the database file as it was when the summary was computed: its resolved path, size, inode,
  modification and change times (ns), with no `-wal` or `-journal` beside it (while one exists
  the file alone does not hold the data: a window or the command line has it open, or a crash
  left transactions there). At close the summary is computed after SQLite has moved the WAL into
  the file, and kept only if the file is the same before and after (nothing wrote meanwhile);
- the day: alerts depend on the date, so each cached summary is for one day (`DAYS_AHEAD`);
- the program: its version and, in a source checkout, the size and time of every module of
  `branchdesk/core` (the rules, services and migrations that compute it; the schema head is one
  of them); a built program: its executable;
- the format of this file.

No cache is kept for a database with a start-up password (it would show the data before the
password is asked), opened read-only (another window may write it), or not a file (PostgreSQL).
On a FAT-formatted USB stick file times are kept to 2 s: a write by another program within 2 s
of the window's close that leaves the size alone is not seen by the key (the database's own load
still follows at start-up and puts the right page in its place).
A missing, unreadable or corrupt cache file is ignored without a message: the page loads as
without it. With no cache file this module is not imported before the first frame at all (app
looks for the file through paths.home_cache_file); with one, only the standard library and
core.paths are imported here at start-up: JSON and the page's types once there is a file to read.
"""

from __future__ import annotations

import os
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from branchdesk import __version__
from branchdesk.core.paths import HOME_CACHE_NAME

if TYPE_CHECKING:
    from branchdesk.core.db.database import Database
    from branchdesk.core.rules.home import HomeSummary

CACHE_NAME = HOME_CACHE_NAME
FORMAT = 1
#: at close, today's and tomorrow's summary (the next morning's start), then the next days'
#: (after a weekend, ...) while computing them has taken less than BUDGET_S (a 60-member
#: branch: some 25 ms a day, all DAYS_AHEAD; 2,000 members: 200-300 ms a day, two or three)
DAYS_AHEAD = 7
BUDGET_S = 0.5
#: see _settle
SETTLE_S = 0.02


class CachedHome(NamedTuple):
    """What the window shows before the database is open."""

    #: the status bar's database description (engine.describe)
    description: str
    #: (id, name) of every branch in list order; the window opens on the first
    branches: list[tuple[int, str]]
    #: the first branch's home page on the day asked
    summary: HomeSummary
    #: the database file the key was checked against (database_file of the argument)
    database: Path


def cache_file(folder: Path | None = None) -> Path:
    from branchdesk.core.paths import home_cache_file

    return folder / CACHE_NAME if folder is not None else home_cache_file()


def database_file(path_or_url: str | os.PathLike[str]) -> Path | None:
    """The SQLite file a database argument names (as engine.database_url resolves it); None for
    a URL (PostgreSQL, or SQLite given as a URL: not cached)."""
    text = str(path_or_url)
    if "://" in text:
        return None
    return Path(text).expanduser().resolve()


def file_key(db_file: Path) -> dict[str, Any] | None:
    """The database file as it is now; None if it is missing or its data are not all in it."""

    def beside() -> bool:
        return any(os.path.exists(f"{db_file}{s}") for s in ("-wal", "-journal"))

    try:
        if beside():
            return None
        st = os.stat(db_file)
        if beside():  # appeared meanwhile
            return None
    except OSError:
        return None
    return {
        "database": str(db_file),
        "size": st.st_size,
        "inode": st.st_ino,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
    }


def code_key() -> str:
    """The program that computes the summary (see the module docstring)."""
    if getattr(sys, "frozen", False):
        files = [Path(sys.executable)]
    else:
        files = sorted(_modules(Path(__file__).parent))
    stamp = "\n".join(f"{f}|{f.stat().st_size}|{f.stat().st_mtime_ns}" for f in files)
    return f"{__version__}:{len(files)}:{zlib.crc32(stamp.encode()):08x}"


def _modules(folder: Path) -> list[Path]:
    found = []
    for entry in os.scandir(folder):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _modules(Path(entry.path))
        elif entry.name.endswith(".py"):
            found.append(Path(entry.path))
    return found


def _key(db_file: Path) -> dict[str, Any] | None:
    key = file_key(db_file)
    return None if key is None else {**key, "format": FORMAT, "code": code_key()}


def load(
    path_or_url: str | os.PathLike[str], today: date | None = None, folder: Path | None = None
) -> CachedHome | None:
    """The cached home page of the database at `path_or_url` on `today`, if the key holds."""
    try:
        db_file = database_file(path_or_url)
        if db_file is None:
            return None
        file = cache_file(folder)
        if not file.exists():
            return None
        import json

        data = json.loads(file.read_text(encoding="utf-8"))
        if data["key"] != _key(db_file):
            return None
        day = (today or date.today()).isoformat()
        return CachedHome(
            description=_str(data["description"]),
            branches=[(_int(i), _str(name)) for i, name in data["branches"]],
            summary=summary_from_json(data["days"][day]),
            database=db_file,
        )
    except Exception:  # noqa: BLE001 - a cache that cannot be used is no cache
        return None


def save(
    db: Database,
    today: date | None = None,
    folder: Path | None = None,
    budget_s: float = BUDGET_S,
) -> bool:
    """At close, the database still open in this window: compute and keep the home page of the
    branch the window opens on next time. Returns whether a cache was written (else any old one
    is removed). Call before `db.dispose()` (the instance lock is still held)."""
    from branchdesk.core.services import security, workspace
    from branchdesk.core.services.overview import home_summary

    file = cache_file(folder)
    db_file = db.sqlite_path
    if db_file is None or db.read_only:
        forget(folder)
        return False
    db.engine.dispose()  # the last connection closes: SQLite moves the WAL into the file
    _settle(db_file)
    before = _key(db_file)
    if before is None:
        forget(folder)
        return False
    today = today or date.today()
    days: dict[str, Any] = {}
    with db.session() as session:
        if security.password_required(session):
            forget(folder)
            return False
        branches = workspace.branch_names(session)
    if not branches:
        forget(folder)
        return False
    started = time.perf_counter()
    for n in range(DAYS_AHEAD + 1):
        day = today + timedelta(days=n)
        with db.session() as session:  # one read per day, as the page reads
            days[day.isoformat()] = summary_json(home_summary(session, branches[0][0], day))
        if n >= 1 and time.perf_counter() - started > budget_s:
            break  # today and tomorrow (the next morning) always
    db.engine.dispose()
    if _key(db_file) != before:  # something wrote meanwhile: what was read may be gone
        forget(folder)
        return False
    data = {"key": before, "description": db.description, "branches": branches, "days": days}
    import json

    from branchdesk.core.io.atomic_write import write_bytes_atomic

    write_bytes_atomic(file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return True


def _settle(db_file: Path) -> None:
    """Wait until the file's last write is SETTLE_S old: a file system stamps writes with a
    clock that ticks (Linux every 4-10 ms), so a write by another program in the same tick as
    this window's last one, leaving the size alone, would keep the modification time the key
    holds; after the wait any later write gets a later time."""
    try:
        age = time.time() - os.stat(db_file).st_mtime
    except OSError:
        return
    if 0 <= age < SETTLE_S:
        time.sleep(SETTLE_S - age)


def forget(folder: Path | None = None) -> None:
    try:
        cache_file(folder).unlink(missing_ok=True)
    except OSError:
        pass


# -- plain data <-> JSON ------------------------------------------------------------------------
def summary_json(summary: HomeSummary) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "overview": asdict(summary.overview),
        "alerts": [
            {**asdict(a), "due": a.due.isoformat() if a.due else None} for a in summary.alerts
        ],
    }


def summary_from_json(data: dict[str, Any]) -> HomeSummary:
    from branchdesk.core.rules.alert import Alert
    from branchdesk.core.rules.home import BranchOverview, HomeSummary

    o = data["overview"]
    overview = BranchOverview(
        name=_str(o["name"]),
        kind=_str(o["kind"]),
        committee_above=_str(o["committee_above"]),
        active_members=_int(o["active_members"]),
        archived_members=_int(o["archived_members"]),
        party_members=_int(o["party_members"]),
        groups=_int(o["groups"]),
        committee_posts=_int(o["committee_posts"]),
    )
    alerts = [
        Alert(
            level=_str(a["level"]),
            category=_str(a["category"]),
            text=_str(a["text"]),
            page=_str(a["page"]),
            ref_id=None if a["ref_id"] is None else _int(a["ref_id"]),
            due=None if a["due"] is None else date.fromisoformat(a["due"]),
            subject=_str(a["subject"]),
            group=_str(a["group"]),
        )
        for a in data["alerts"]
    ]
    return HomeSummary(overview, alerts)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value
