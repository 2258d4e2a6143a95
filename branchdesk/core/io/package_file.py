"""The branch data package file (.bdpkg): a zip of `manifest.json` and `data.json`.

The manifest names the format and its version, the program and schema that wrote it, the
branch, and the SHA-256 of data.json; a later version reads every earlier format version.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from branchdesk.core.errors import UserError
from branchdesk.core.io.atomic_write import atomic_target

FORMAT = "branchdesk-package"
#: the newest format this program writes; it reads 1 … FORMAT_VERSION
FORMAT_VERSION = 1
SUFFIX = ".bdpkg"


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    data: dict[str, Any]

    @property
    def branch_name(self) -> str:
        return self.manifest.get("branch", "")

    @property
    def masked(self) -> bool:
        return bool(self.manifest.get("masked"))


def write_package(path: str | Path, manifest: dict[str, Any], data: dict[str, Any]) -> Path:
    """Write the package through a temporary file renamed over `path` when complete."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    manifest = {
        **manifest,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    path = Path(path)
    with atomic_target(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        zf.writestr("data.json", body)
    return path


def read_package(path: str | Path) -> Package:
    """Read and check a package; a Chinese message for anything that is not a sound package."""
    path = Path(path)
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            body = zf.read("data.json")
    except FileNotFoundError:
        raise UserError(f"找不到数据包文件：{path}") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise UserError(f"“{name}”不是团支部工作台的数据包，或文件已损坏。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UserError(f"“{name}”不是团支部工作台的数据包。")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise UserError(
            f"数据包“{name}”由较新版本的程序生成（格式版本 {version}，"
            f"本程序可读到版本 {FORMAT_VERSION}），请先升级本程序。"
        )
    if hashlib.sha256(body).hexdigest() != manifest.get("sha256"):
        raise UserError(f"数据包“{name}”的校验值不符，文件可能在传递中损坏，请让团支部重新导出。")
    try:
        data = json.loads(body)
    except ValueError:
        raise UserError(f"数据包“{name}”的内容无法读取，文件已损坏。") from None
    return Package(manifest, data)
