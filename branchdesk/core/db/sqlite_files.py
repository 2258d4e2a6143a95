"""SQLite files on disk: recognising our own, creating one atomically, copying one safely.

A new database is built in a hidden temporary file beside the target and linked into place only
when its schema is complete, so a kill during creation leaves no half-made database. A file that
is empty or belongs to another program is refused with a Chinese message, never initialised over.
Copies are made with SQLite's online backup API (never a file copy of a live database), written
to a temporary file and renamed over the target when complete.
"""

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from branchdesk.core.errors import DatabaseOpenError
from branchdesk.core.privacy import make_private_file

SQLITE_HEADER = b"SQLite format 3\x00"
_STALE_TEMP_S = 600


def check_existing_file(path: Path) -> None:
    """Raise DatabaseOpenError unless `path` is missing, a blank SQLite file or one of ours."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseOpenError(f"无法打开数据库 {path}：这是一个文件夹，不是数据库文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError(f"无法打开数据库 {path}：文件无法读取（{exc.strerror}）。") from exc
    if size == 0:
        raise DatabaseOpenError(
            f"无法打开数据库 {path}：这是一个空文件（0 字节），里面没有任何记录，可能已损坏。"
            "为免覆盖，程序没有改动它。请从备份恢复（branchdesk restore），"
            "或确认无用后删除这个文件再打开，程序会新建一个数据库。"
        )
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"无法打开数据库 {path}：这不是团支部工作台的数据库文件，程序没有改动它。"
            "请检查路径是否选错。"
        )
    tables = table_names(path)
    if tables and "alembic_version" not in tables:
        raise DatabaseOpenError(
            f"无法打开数据库 {path}：这是别的程序的数据库（其中有数据表 "
            f"{'、'.join(sorted(tables)[:3])}{'等' if len(tables) > 3 else ''}），"
            "不是团支部工作台的数据库，程序没有改动它。请检查路径是否选错。"
        )


def table_names(path: Path) -> set[str]:
    try:
        con = sqlite3.connect(path, timeout=5)
        try:
            rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(
            f"无法打开数据库 {path}：文件已损坏或不是数据库文件（{exc}），程序没有改动它。"
        ) from exc
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def _remove_with_journal(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # there: judged by age alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _temp_beside(target: Path, tag: str) -> Path:
    """A temporary path beside `target`; removes ones left by runs that were killed."""
    for old in target.parent.glob(f".{target.name}.{tag}-*"):
        pid = old.name.rsplit("-", 1)[-1] if old.name[-1].isdigit() else ""
        try:
            if not (pid and _pid_alive(int(pid))) or (
                time.time() - old.stat().st_mtime > _STALE_TEMP_S
            ):
                _remove_with_journal(old)
        except (OSError, ValueError):
            pass
    temp = target.with_name(f".{target.name}.{tag}-{os.getpid()}")
    _remove_with_journal(temp)
    return temp


def create_atomically(target: Path, build: Callable[[Path], None]) -> None:
    """Build a database at a temporary path with `build(path)` and link it into place.

    If another process created `target` meanwhile, that one wins and ours is discarded."""
    temp = _temp_beside(target, "new")
    try:
        build(temp)
        make_private_file(temp)
        try:
            os.link(temp, target)  # never replaces: a database created meanwhile is kept
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not target.exists():
                os.replace(temp, target)
    finally:
        _remove_with_journal(temp)


def copy_database(source: Path | str, target: Path) -> Path:
    """A consistent copy of a (possibly live) SQLite database via the online backup API."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_beside(target, "copy")
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        make_private_file(temp)
        os.replace(temp, target)
    finally:
        _remove_with_journal(temp)
    return target
