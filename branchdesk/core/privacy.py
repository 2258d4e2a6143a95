"""Private by default: the owner alone may read the data folder, the database, backups and logs,
and no ID number or phone number is ever written to a log or shown in an error message."""

import os
import re
import sys
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600

#: 18-character ID numbers (last may be X), 15-digit old ones, 11-digit mobile numbers; not
#: parts of longer digit runs (团员证编号 are 8 digits, 发展团员编号 12: left alone).
_ID_RE = r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])"
_OLD_ID_RE = r"(?<!\d)(\d{6})\d{6}(\d{3})(?!\d)"
_PHONE_RE = r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)"


def mask_phone(phone: str) -> str:
    """138****5678: keep the first three and the last four digits."""
    phone = phone.strip()
    if len(phone) < 8:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_personal(text: str) -> str:
    """`11010519491231002X` → `110105********002X`; `13812345678` → `138****5678`."""
    # patterns compiled at first use (re caches them): this module is imported before the
    # window's first frame (the data folder's permissions), masking is needed much later
    text = re.sub(_ID_RE, lambda m: f"{m[1]}********{m[2]}", text)
    text = re.sub(_OLD_ID_RE, lambda m: f"{m[1]}******{m[2]}", text)
    return re.sub(_PHONE_RE, lambda m: f"{m[1]}****{m[2]}", text)


def _owner_only(path: Path, mode: int) -> None:
    if sys.platform == "win32":  # %APPDATA% is already per-user; chmod only sets read-only
        return
    try:
        os.chmod(path, mode)
    except OSError:
        pass  # a file system without permissions (FAT, some network shares)


def make_private_dir(path: Path, existing_too: bool = False) -> Path:
    """Create `path` (and parents) readable by its owner only.

    A folder that already exists keeps its permissions unless `existing_too` (the app's own data
    folder): a database or backup put in a shared folder (/tmp, 文档) never changes that folder."""
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if not existed or existing_too:
        _owner_only(path, DIR_MODE)
    return path


def make_private_file(path: Path) -> Path:
    """Make an existing file readable by its owner only (and its SQLite -wal/-shm siblings)."""
    path = Path(path)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            _owner_only(candidate, FILE_MODE)
    return path
