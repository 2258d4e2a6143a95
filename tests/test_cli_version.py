"""`branchdesk --version`, and a database made by a newer version refused by the command line."""

import pytest

from branchdesk import __version__
from branchdesk.cli import main
from branchdesk.core.db.database import Database
from branchdesk.core.db.migrate import HEAD_REVISION


def test_version_names_the_program_and_schema_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert (
        capsys.readouterr().out.strip()
        == f"团支部工作台 {__version__}（数据库结构版本 {HEAD_REVISION}）"
    )


def test_a_newer_versions_database_is_refused_with_both_versions_and_left_untouched(
    future_db, capsys
):
    path = future_db
    before = path.read_bytes()

    assert main(["--db", str(path), "demo"]) == 1
    message = capsys.readouterr().err
    assert "9999" in message and HEAD_REVISION in message and __version__ in message
    assert "更新版本" in message and "Traceback" not in message
    assert path.read_bytes() == before
    with pytest.raises(Exception, match="9999"):
        Database.open(path, read_only=True)
