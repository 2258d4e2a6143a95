"""Where the app keeps its data and finds its bundled resources."""

import os
import sys
from pathlib import Path

APP_DIR_NAME = "BranchDesk"


def data_dir() -> Path:
    """The user's data folder (Windows: %APPDATA%\\BranchDesk). BRANCHDESK_HOME overrides it."""
    override = os.environ.get("BRANCHDESK_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / "branchdesk"
    from branchdesk.core.privacy import make_private_dir

    return make_private_dir(base, existing_too=not override)  # BRANCHDESK_HOME may be shared


def default_database_path() -> Path:
    return data_dir() / "branchdesk.db"


def demo_database_path() -> Path:
    return data_dir() / "demo.db"


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
