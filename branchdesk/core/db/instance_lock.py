"""One copy of BranchDesk per SQLite database: the window holds an OS lock on a small file
beside the database (`.<name>.lock`) for as long as it has the database open, and writes who
holds it. A second window is told who (user, computer, since when) and may open the database
read-only; the lock goes with the process, so a crash never leaves a stale lock behind.
"""

import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from branchdesk.core.errors import DatabaseInUseError

#: Windows locks byte ranges (reads of them fail): lock one byte far past the holder text
_WIN_LOCK_OFFSET = 1 << 20


def lock_path(db_file: Path) -> Path:
    return db_file.with_name(f".{db_file.name}.lock")


@dataclass
class InstanceLock:
    """The lock on one database, shared by every Database this process opens on it."""

    path: Path
    fd: int
    users: int = 1

    def release(self) -> None:
        self.users -= 1
        if self.users > 0 or self.fd < 0:
            return
        _held.pop(self.path, None)
        try:
            _unlock(self.fd)
        finally:
            os.close(self.fd)
            self.fd = -1


#: locks this process holds, by lock file (opening the same database twice is not a conflict)
_held: dict[Path, InstanceLock] = {}


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def holder_text(path: Path) -> str:
    """'用户 张三，电脑 OFFICE-PC，11月29日 08:30 起' from the lock file (best effort)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
        since = datetime.fromisoformat(info["since"])
        return f"用户 {info['user']}，电脑 {info['host']}，{since:%m月%d日 %H:%M} 起"
    except (OSError, ValueError, KeyError, TypeError):
        return "用户未知"


def acquire(db_file: Path) -> InstanceLock:
    """Hold the database's instance lock, or raise DatabaseInUseError saying who holds it."""
    path = lock_path(db_file.resolve())
    if path in _held:
        _held[path].users += 1
        return _held[path]
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if not _try_lock(fd):
        os.close(fd)
        raise DatabaseInUseError(
            f"另一个团支部工作台（{holder_text(path)}）正在使用这个数据库。"
            "两个窗口同时修改会互相覆盖，可以只读打开（可查看、打印、导出，不能修改）。",
            holder_text(path),
        )
    info = {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.now().isoformat(timespec="seconds"),
    }
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
    lock = _held[path] = InstanceLock(path, fd)
    return lock


def holder(db_file: Path) -> str | None:
    """Who holds the database's instance lock ('用户 …'), or None if nobody does."""
    path = lock_path(db_file.resolve())
    if path in _held or not path.exists():
        return None
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
        return holder_text(path)
    finally:
        os.close(fd)
