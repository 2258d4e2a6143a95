"""Portable mode (a USB stick): `data` or `portable.txt` beside the program keeps the database,
backups, settings and error log there, and nothing is written to the user's folder."""

import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from branchdesk.cli import main
from branchdesk.core import paths
from branchdesk.core.db.engine import describe, is_url, sqlite_file, sqlite_url
from branchdesk.core.db.migrate import pre_upgrade_copy_path


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_data_folder_beside_the_program_keeps_everything_and_the_user_folder_stays_empty(
    user_home, portable_program, capsys
):
    from branchdesk.core.db.backups import auto_backup
    from branchdesk.core.db.database import Database
    from branchdesk.core.errorlog import log_exception

    (portable_program / "data").mkdir()
    assert paths.is_portable()
    assert main(["demo"]) == 0
    assert "团支部工作台/data/branchdesk.db" in capsys.readouterr().out.replace("\\", "/")
    db = Database.open(paths.default_database_path())
    made = auto_backup(db)
    db.dispose()
    log = log_exception(ValueError("测试"), "test")

    data = portable_program / "data"
    assert made is not None and made.path.parent == data / "backups"
    assert log == data / "error.log"
    stored = files_under(data)
    assert "branchdesk.db" in stored and "error.log" in stored
    assert any(name.startswith("backups/branchdesk-") for name in stored)
    assert files_under(user_home) == []


def test_a_marker_file_makes_the_data_folder(user_home, portable_program):
    (portable_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert not (portable_program / "data").exists()
    assert paths.data_dir() == portable_program / "data"
    assert (portable_program / "data").is_dir()
    assert main(["demo"]) == 0
    assert (portable_program / "data" / "branchdesk.db").is_file()
    assert files_under(user_home) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux user data folder")
def test_without_data_folder_or_marker_the_user_folder_is_used(user_home, portable_program):
    assert not paths.is_portable()
    assert paths.data_dir() == user_home / ".local" / "share" / "branchdesk"
    assert main(["demo"]) == 0
    assert (user_home / ".local" / "share" / "branchdesk" / "branchdesk.db").is_file()
    assert files_under(portable_program) == ["BranchDesk"]


def test_branchdesk_home_overrides_portable_mode(
    user_home, portable_program, tmp_path, monkeypatch
):
    (portable_program / "data").mkdir()
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "elsewhere"))
    assert not paths.is_portable()
    assert paths.data_dir() == tmp_path / "elsewhere"


def test_the_built_program_looks_beside_its_executable(portable_program, monkeypatch):
    monkeypatch.delenv(paths.PROGRAM_DIR_ENV)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(portable_program / "BranchDesk"))
    assert paths.program_dir() == portable_program.resolve()


def test_an_unwritable_portable_folder_is_explained(user_home, portable_program, monkeypatch):
    from branchdesk.core.errors import UserError

    (portable_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(UserError, match="便携模式.*无法写入"):
        paths.data_dir()


# -- Windows-style paths ----------------------------------------------------------------------


def test_windows_program_folder_gets_its_data_folder_beside_it():
    program = PureWindowsPath(r"D:\团支部\团支部工作台")
    assert paths.portable_data_dir(program) == PureWindowsPath(r"D:\团支部\团支部工作台\data")
    assert str(paths.portable_data_dir(PurePosixPath("/media/u/BranchDesk"))) == (
        "/media/u/BranchDesk/data"
    )


def test_a_windows_database_path_is_a_file_not_a_url():
    path = PureWindowsPath(r"D:\团支部\2026.db")
    assert not is_url(r"D:\团支部\2026.db")
    assert is_url("postgresql+psycopg2://u@h/db")
    url = sqlite_url(path)
    assert describe(url) == r"D:\团支部\2026.db"
    assert str(sqlite_file(url)) == r"D:\团支部\2026.db"


def test_the_copy_before_an_upgrade_sits_beside_a_windows_database():
    copy = pre_upgrade_copy_path(PureWindowsPath(r"D:\团支部\2026.db"), "0008")
    assert copy == PureWindowsPath(r"D:\团支部\2026.before-upgrade-from-0008.db")


def test_a_missing_database_driver_is_a_chinese_message(monkeypatch):
    """The built program ships no PostgreSQL driver: `--db postgresql://...` says so."""
    import builtins

    from branchdesk.core.db.engine import make_engine
    from branchdesk.core.errors import UserError

    real_import = builtins.__import__

    def no_psycopg2(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] == "psycopg2":
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_psycopg2)
    with pytest.raises(UserError, match="没有附带所需的数据库驱动 psycopg2") as refused:
        make_engine("postgresql+psycopg2://u:secret@127.0.0.1/db")
    assert "secret" not in refused.value.message
