"""Database files: new ones are built aside and linked into place; empty, foreign and damaged
files are refused untouched; a lock held by another process is a Chinese message, not a hang."""

import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from branchdesk.cli import main
from branchdesk.core.db import engine as engine_mod
from branchdesk.core.db import migrate
from branchdesk.core.db.database import Database
from branchdesk.core.errors import DatabaseBusyError, DatabaseOpenError


def test_zero_byte_file_is_refused_untouched(tmp_path):
    path = tmp_path / "branchdesk.db"
    path.write_bytes(b"")
    with pytest.raises(DatabaseOpenError, match="空文件"):
        Database.open(path)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branchdesk.db"]


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "photos.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO photo (name) VALUES ('a.jpg')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="别的程序的数据库.*photo"):
        Database.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("团员名单", encoding="utf-8")
    with pytest.raises(DatabaseOpenError, match="不是团支部工作台的数据库"):
        Database.open(path)
    assert path.read_text(encoding="utf-8") == "团员名单"


def test_cli_says_so_in_chinese(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    assert main(["--db", str(path), "export", "roster", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "空文件" in err and "意外" not in err


def test_new_database_is_created_whole_and_private(tmp_path):
    path = tmp_path / "data" / "branchdesk.db"
    db = Database.open(path)
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    db.dispose()
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700


def test_temporary_files_of_killed_runs_are_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    left = tmp_path / f".branchdesk.db.new-{int(dead.stdout)}"
    left.write_bytes(b"half")
    Database.open(tmp_path / "branchdesk.db").dispose()
    assert not left.exists()


def test_a_failing_upgrade_changes_nothing(tmp_path, monkeypatch):
    """Every migration of a run is in one transaction: an error in the last one undoes all."""
    path = tmp_path / "old.db"
    engine = engine_mod.make_engine(path)
    migrate.upgrade_to_head(engine, target="0001")
    engine.dispose()
    before = path.read_bytes()

    import alembic.command

    real_upgrade = alembic.command.upgrade

    def upgrade_then_fail(config, target):
        real_upgrade(config, target)  # every migration ran inside the transaction …
        conn = config.attributes["connection"]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
        raise RuntimeError("disk unplugged")  # … and then the run fails

    monkeypatch.setattr(alembic.command, "upgrade", upgrade_then_fail)
    with pytest.raises(DatabaseOpenError, match="未作任何改动.*before-upgrade-from-0001"):
        Database.open(path)
    monkeypatch.undo()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert {t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")} == {
        t
        for (t,) in sqlite3.connect(tmp_path / "old.before-upgrade-from-0001.db").execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    con.close()
    assert len(before) > 0
    # the next attempt keeps the copy already made and upgrades, though the write-ahead log
    # went with the last connection and opening the database makes a new (empty) one
    assert not (tmp_path / "old.db-wal").exists()
    copy = tmp_path / "old.before-upgrade-from-0001.db"
    made = copy.stat().st_mtime_ns
    db = Database.open(path)
    assert db.backup_path == copy and copy.stat().st_mtime_ns == made
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION


HOLD_LOCK = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO setting (key, value) VALUES ('held', '1')")
print("locked", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")
"""


@pytest.fixture
def locked_db(tmp_path, monkeypatch):
    """A database whose write lock another process holds."""
    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_S", 0.3)
    path = tmp_path / "locked.db"
    Database.open(path).dispose()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    yield path
    holder.stdin.close()
    holder.wait(timeout=10)


def test_a_write_waits_then_fails_with_a_chinese_message(locked_db):
    db = Database.open(locked_db)
    started = time.monotonic()
    with pytest.raises(DatabaseBusyError, match="另一个程序"):
        with db.transaction() as session:
            session.execute(text("INSERT INTO setting (key, value) VALUES ('x', '1')"))
    assert time.monotonic() - started < 5
    with db.session() as session:  # reading still works meanwhile
        assert session.execute(text("SELECT count(*) FROM setting")).scalar() == 0
    db.dispose()


def test_cli_import_under_a_held_lock_is_a_clear_error(locked_db, tmp_path, capsys):
    from tests.core.io.sheets import HEADER, PEOPLE, write_xlsx

    sheet = write_xlsx(tmp_path / "r.xlsx", [HEADER, *PEOPLE])
    code = main(["--db", str(locked_db), "import", str(sheet)])
    err = capsys.readouterr().err
    assert code == DatabaseBusyError.exit_code
    assert "另一个程序" in err and "意外" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_database_in_a_shared_folder_leaves_the_folder_alone(tmp_path):
    shared = tmp_path / "common"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    Database.open(shared / "branchdesk.db").dispose()
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert (shared / "branchdesk.db").stat().st_mode & 0o777 == 0o600
