"""One writer at a time: the window's instance lock names who holds the database, a second
window opens it read-only, branch names are unique, two imports at once make one branch."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from branchdesk.core.db import instance_lock
from branchdesk.core.db.database import Database
from branchdesk.core.db.models import Branch, Setting
from branchdesk.core.errors import DatabaseInUseError, ReadOnlyDatabaseError, UserError
from branchdesk.core.services.branches import create_branch

ROOT = Path(__file__).resolve().parents[3]
OLD_0005 = ROOT / "tests" / "fixtures" / "db" / "branchdesk-0005.db"

HOLD_INSTANCE = """
import sys
from branchdesk.core.db.database import Database
db = Database.open(sys.argv[1], exclusive=True)
print("open", flush=True)
sys.stdin.read()
db.dispose()
"""


@pytest.fixture
def held(tmp_path):
    """A database another BranchDesk window (another process) has open."""
    path = tmp_path / "branchdesk.db"
    Database.open(path).dispose()
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_INSTANCE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert other.stdout.readline().strip() == "open"
    yield path, other
    if other.poll() is None:
        other.stdin.close()
        other.wait(timeout=20)


def test_second_window_is_told_who_holds_it_and_may_read(held):
    import getpass

    path, _ = held
    with pytest.raises(DatabaseInUseError, match=f"用户 {getpass.getuser()}.*只读打开") as exc:
        Database.open(path, exclusive=True)
    assert exc.value.holder.startswith("用户")
    db = Database.open(path, read_only=True)
    assert db.read_only
    with db.session() as s:  # reading works
        assert s.scalar(select(func.count(Branch.id))) == 0
    with pytest.raises(ReadOnlyDatabaseError, match="只读"):  # writing is refused in Chinese
        with db.transaction() as s:
            s.add(Setting(key="x", value="1"))
    db.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM setting").fetchone() == (0,)
    con.close()


def test_lock_goes_with_the_process(held):
    path, other = held
    other.kill()  # a crash leaves no stale lock behind
    other.wait(timeout=20)
    db = Database.open(path, exclusive=True)
    assert instance_lock.holder(path) is None  # our own lock is not "another copy"
    db.dispose()


def test_the_same_process_may_open_its_database_twice(tmp_path):
    path = tmp_path / "b.db"
    first = Database.open(path, exclusive=True)
    second = Database.open(path, exclusive=True)  # e.g. 设置 → 回到默认数据库
    first.dispose()
    probe = subprocess.run(
        [sys.executable, "-c", HOLD_INSTANCE, str(path)],
        input="",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "DatabaseInUseError" in probe.stderr  # still held by `second`
    second.dispose()
    probe = subprocess.run(
        [sys.executable, "-c", HOLD_INSTANCE, str(path)],
        input="",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert probe.returncode == 0, probe.stderr


def test_cli_beside_an_open_window_says_so(held, capsys):
    from branchdesk.cli import main

    path, _ = held
    assert main(["--db", str(path), "backup", str(path.with_name("copy.db"))]) == 0
    assert "另一个团支部工作台" in capsys.readouterr().err


def test_branch_names_are_unique(db):
    with db.transaction() as s:
        create_branch(s, "一班团支部")
    with pytest.raises(UserError, match="已经有名为“一班团支部”"), db.transaction() as s:
        create_branch(s, "一班团支部")
    # the database refuses it too, in Chinese, whatever the code path
    with pytest.raises(UserError, match="同名的团支部"), db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO branch (name, kind, committee_above, address, phone)"
                " VALUES ('一班团支部', '其他', '', '', '')"
            )
        )


def test_upgrade_renames_branches_that_share_a_name(tmp_path):
    path = tmp_path / "old.db"
    path.write_bytes(OLD_0005.read_bytes())
    con = sqlite3.connect(path)
    (name,) = con.execute("SELECT name FROM branch").fetchone()
    for _ in range(2):
        con.execute(
            "INSERT INTO branch (name, kind, committee_above, address, phone)"
            " VALUES (?, '其他', '', '', '')",
            (name,),
        )
    con.commit()
    con.close()
    db = Database.open(path)
    with db.session() as s:
        names = s.scalars(select(Branch.name).order_by(Branch.id)).all()
    assert names == [name, f"{name}（2）", f"{name}（3）"]
    db.dispose()


def test_two_imports_at_once_make_one_branch(tmp_path):
    from tests.core.io.sheets import HEADER, PEOPLE, write_xlsx

    path = tmp_path / "b.db"
    Database.open(path).dispose()
    sheets = []
    for n, people in enumerate((PEOPLE[:2], PEOPLE[2:])):
        sheets.append(write_xlsx(tmp_path / f"r{n}.xlsx", [HEADER, *people]))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "branchdesk", "--db", str(path), "import", str(sheet)]
            + ["--branch", "新团支部"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for sheet in sheets
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM branch").fetchall() == [("新团支部",)]
    assert con.execute("SELECT count(*) FROM member").fetchone() == (len(PEOPLE),)
    con.close()
