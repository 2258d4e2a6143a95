"""Where the app keeps its data and finds its bundled resources.

Normally the data (database, backups, ui.ini settings, error.log) lives in the user's data folder.
**Portable mode** (a USB stick): a folder named `data`, or a file named `portable.txt`, beside
the program keeps all of it in that `data` folder instead, and nothing is written to the user's
folder. `BRANCHDESK_HOME` overrides both (tests, shared setups).
"""

import os
import sys
from pathlib import Path, PurePath

from branchdesk.core.errors import UserError

APP_DIR_NAME = "BranchDesk"
HOME_ENV = "BRANCHDESK_HOME"
#: the folder that counts as "beside the program" (tests; a source checkout uses its root)
PROGRAM_DIR_ENV = "BRANCHDESK_PROGRAM_DIR"
PORTABLE_DIR_NAME = "data"
PORTABLE_MARKER = "portable.txt"
HOME_CACHE_NAME = "home-cache.json"


def program_dir() -> Path | None:
    """The folder the program runs from: the built program's folder (sys.executable when
    frozen), else the source checkout's root; None for an installed package without one."""
    override = os.environ.get(PROGRAM_DIR_ENV)
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    root = Path(__file__).resolve().parent.parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def portable_data_dir(program: PurePath) -> PurePath:
    """Where a portable install keeps its data: `data` beside the program."""
    return program / PORTABLE_DIR_NAME


def portable_dir() -> Path | None:
    """The portable data folder when portable mode is in force, else None."""
    if os.environ.get(HOME_ENV):
        return None
    program = program_dir()
    if program is None:
        return None
    data = Path(portable_data_dir(program))
    if data.is_dir() or (program / PORTABLE_MARKER).is_file():
        return data
    return None


def is_portable() -> bool:
    return portable_dir() is not None


def data_dir() -> Path:
    """The data folder: `data` beside the program in portable mode, else the user's data folder
    (Windows: %APPDATA%\\BranchDesk). BRANCHDESK_HOME overrides both."""
    from branchdesk.core.privacy import make_private_dir

    override = os.environ.get(HOME_ENV)
    if override:
        return make_private_dir(Path(override))  # BRANCHDESK_HOME may be shared
    portable = portable_dir()
    if portable is not None:
        try:
            return make_private_dir(portable, existing_too=True)
        except OSError as exc:
            raise UserError(
                f"便携模式：程序旁的数据文件夹 {portable} 无法写入（U盘是否写保护或已拔出？）。"
            ) from exc
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / "branchdesk"
    return make_private_dir(base, existing_too=True)


def default_database_path() -> Path:
    return data_dir() / "branchdesk.db"


def demo_database_path() -> Path:
    return data_dir() / "demo.db"


def home_cache_file() -> Path:
    """The start-up cache of the home page (core/home_cache.py); known here so that a start
    without one does not import that module before the window's first frame."""
    return data_dir() / HOME_CACHE_NAME


def resources_dir() -> Path:
    """resources/ in a source checkout, branchdesk/resources when installed, or in a PyInstaller build."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "resources", package_dir.parent / "resources"):
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("找不到程序资源文件夹 resources，请重新安装团支部工作台。")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
