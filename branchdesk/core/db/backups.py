"""Backups of a SQLite database: made with SQLite's online backup API (never a file copy of a
live database), kept in a `backups` folder beside the database, rotated, listed with their
date and what they hold, and restored with the current database kept aside first.

PostgreSQL databases are backed up by their server (pg_dump); these functions refuse them.
"""

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.core.errors import UserError
from branchdesk.core.privacy import make_private_dir

from .sqlite_files import SQLITE_HEADER, copy_database

#: How many automatic backups to keep (a setting: KEEP_SETTING)
DEFAULT_KEEP = 10
KEEP_SETTING = "backup.keep"
AUTO_INTERVAL = timedelta(days=1)
STAMP = "%Y%m%d-%H%M%S"
_NAME_RE = re.compile(r"-(\d{8}-\d{6})(?:-[a-z]+)?\.db$")

#: what a backup's summary counts: label → table
COUNTED = {"团员": "member", "会议": "meeting", "团费缴费": "dues_payment"}

POSTGRES_MESSAGE = (
    "这个数据库在 PostgreSQL 服务器上，备份和恢复由数据库服务器负责"
    "（例如 pg_dump / pg_restore），请联系服务器管理员。"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    counts: dict[str, int]
    version: str | None

    def label(self) -> str:
        held = "，".join(f"{k} {v}" for k, v in self.counts.items())
        return f"{self.made_at:%Y-%m-%d %H:%M}　{held}"


def require_sqlite(db) -> Path:
    path = db.sqlite_path
    if path is None:
        raise UserError(POSTGRES_MESSAGE)
    return path


def backups_dir(db_file: Path) -> Path:
    return make_private_dir(db_file.parent / "backups")


def _stamp_of(path: Path) -> datetime | None:
    match = _NAME_RE.search(path.name)
    return datetime.strptime(match[1], STAMP) if match else None


def read_info(path: Path) -> BackupInfo:
    """Date and counts of a backup file; UserError if it is not a BranchDesk database."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            is_sqlite = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        con = sqlite3.connect(path, timeout=30) if is_sqlite else None
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"无法读取备份文件 {path}：{exc}") from exc
    if con is None:
        raise UserError(f"{path} 不是团支部工作台的数据库备份。")
    try:
        tables = {t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise UserError(f"{path} 不是团支部工作台的数据库备份。")
        if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise UserError(f"备份文件 {path} 已损坏，不能使用。")
        version = (con.execute("SELECT version_num FROM alembic_version").fetchone() or (None,))[0]
        counts = {
            label: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if table in tables
            else 0
            for label, table in COUNTED.items()
        }
    except sqlite3.DatabaseError as exc:
        raise UserError(f"备份文件 {path} 已损坏或不是数据库：{exc}") from exc
    finally:
        con.close()
    made_at = _stamp_of(path) or datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, made_at, counts, version)


def backup_to(db, out: Path) -> BackupInfo:
    """A complete, consistent copy of the open database at `out` (written aside, then renamed)."""
    source = require_sqlite(db)
    out = Path(out)
    if out.resolve() == source.resolve():
        raise UserError("备份文件不能是数据库文件本身，请换一个文件名。")
    if out.suffix.lower() != ".db":
        out = out.with_name(out.name + ".db")
    try:
        copy_database(source, out)
    except sqlite3.OperationalError as exc:
        raise UserError(f"备份失败，没有写入 {out}：{exc}") from exc
    except OSError as exc:
        raise UserError(f"备份失败，无法写入 {out}：{exc.strerror or exc}") from exc
    return read_info(out)


def list_backups(db) -> list[BackupInfo]:
    """Backups in the folder beside the database, newest first (unreadable files left out)."""
    source = require_sqlite(db)
    infos = []
    for path in backups_dir(source).glob(f"{source.stem}-*.db"):
        try:
            infos.append(read_info(path))
        except UserError:
            continue
    return sorted(infos, key=lambda i: i.made_at, reverse=True)


def auto_backup(db, keep: int | None = None, now: datetime | None = None) -> BackupInfo | None:
    """The automatic backup (at start-up or exit): at most one a day, the oldest rotated out.

    Returns the new backup, or None if the newest is less than a day old (or it is PostgreSQL)."""
    source = db.sqlite_path
    if source is None:
        return None
    now = now or datetime.now()
    folder = backups_dir(source)
    autos = sorted(folder.glob(f"{source.stem}-*-auto.db"), key=lambda p: _stamp_of(p) or now)
    if autos and now - (_stamp_of(autos[-1]) or now) < AUTO_INTERVAL:
        return None
    if keep is None:
        keep = backup_keep(db)
    info = backup_to(db, folder / f"{source.stem}-{now:{STAMP}}-auto.db")
    autos.append(info.path)
    for old in autos[: max(len(autos) - keep, 0)]:
        old.unlink(missing_ok=True)
    return info


def backup_keep(db) -> int:
    with db.session() as session:
        return keep_setting(session)


def keep_setting(session: Session) -> int:
    """How many automatic backups to keep (the 设置 page's 自动备份保留份数)."""
    from branchdesk.core.services.settings_store import get_setting

    value = get_setting(session, KEEP_SETTING, DEFAULT_KEEP)
    return value if isinstance(value, int) and value > 0 else DEFAULT_KEEP


def suggested_name(db) -> str:
    """A file name for 备份到…: 'branchdesk-备份-20261129.db'."""
    source = require_sqlite(db)
    return f"{source.stem}-备份-{datetime.now():%Y%m%d}.db"


def set_backup_keep(session: Session, keep: int) -> None:
    from branchdesk.core.services.settings_store import set_setting

    if not 1 <= keep <= 365:
        raise UserError("保留的自动备份份数应在 1 到 365 之间。")
    set_setting(session, KEEP_SETTING, keep)


def restore(target: Path, backup: Path, now: datetime | None = None) -> Path | None:
    """Replace the database file `target` with the contents of `backup`, keeping the current
    contents aside first (returned; None if there was no database yet).

    Close every engine on `target` first and open it again afterwards (which upgrades a backup
    made by an older version). A sound database is overwritten through the online backup API
    (one write transaction, safe with its WAL); a broken one (empty, foreign, damaged) is moved
    aside as it is and replaced by a fresh copy."""
    target, backup = Path(target), Path(backup)
    info = read_info(backup)  # refuses anything that is not a sound BranchDesk database
    if backup.resolve() == target.resolve():
        raise UserError("不能用数据库文件本身恢复自己。")
    now = now or datetime.now()
    aside = backups_dir(target) / f"{target.stem}-{now:{STAMP}}-before-restore.db"
    if not target.exists():
        copy_database(info.path, target)
        return None
    try:
        read_info(target)
        sound = True
    except UserError:
        sound = False
    if not sound:
        shutil.copy2(target, aside)  # not a working database: kept exactly as it is
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        copy_database(info.path, target)
        return aside
    copy_database(target, aside)
    source = sqlite3.connect(info.path, timeout=30)
    try:
        dest = sqlite3.connect(target, timeout=30)
        try:
            source.backup(dest)  # page by page, in one write transaction on the target
        except sqlite3.OperationalError as exc:
            raise UserError(
                f"恢复失败，数据库没有改动：{exc}。如有另一个团支部工作台正在使用它，请先关闭。"
            ) from exc
        finally:
            dest.close()
    finally:
        source.close()
    return aside
