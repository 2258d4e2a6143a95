"""Writing a file so that the old one survives a full disk, a crash or a kill.

Every PDF and xlsx the app writes goes through `atomic_target`: the writer fills a temporary file
beside the target, the file is flushed to disk (fsync) and only then renamed over the target
(`os.replace`, atomic on one file system). Until the rename the old file is untouched; after it
the new one is complete. Any failure removes the temporary file and becomes a Chinese `UserError`
that says the old file was kept.
"""

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from branchdesk.core.errors import UserError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


@contextmanager
def atomic_target(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one step.

    ``with atomic_target(out) as tmp: workbook.save(tmp)``
    """
    target = Path(target)
    existed = target.exists()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".~{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(target, exc, existed) from None
    tmp = Path(name)
    try:
        yield tmp
        _keep_mode(target, tmp)
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(target, exc, existed) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: str | Path, data: bytes) -> Path:
    with atomic_target(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def copy_file_atomic(source: str | Path, target: str | Path) -> Path:
    """Copy `source` over `target` (e.g. a finished PDF to where the user chose to save it)."""
    with atomic_target(target) as tmp:
        shutil.copyfile(source, tmp)
    return Path(target)


def write_error(target: Path, exc: OSError, existed: bool) -> UserError:
    """The Chinese message for a failed write; the old file (if any) is kept."""
    kept = "原来的文件没有改动。" if existed else "没有生成文件。"
    if exc.errno in _DISK_FULL:
        return UserError(f"磁盘空间不足，无法写入 {target}；{kept}请腾出空间后重试。")
    if isinstance(exc, PermissionError):
        return UserError(
            f"无法写入 {target}：文件可能正在被其他程序（如 Excel）打开，或没有写入权限；{kept}"
        )
    return UserError(f"无法写入 {target}：{exc.strerror or exc}；{kept}")


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_mode(target: Path, tmp: Path) -> None:
    """An overwritten file keeps its permissions; a new one stays private (mkstemp's 0600)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)
