"""Crash test: the CLI is SIGKILLed after SQL statement N of database creation, of every schema
upgrade and of a 10,000-row import. Every database left behind opens, passes
PRAGMA integrity_check and holds all or none of the change.

The CLI runs in children forked from one clean interpreter (tests/crash/fork_runner.py); the
engine's test-only hook (BRANCHDESK_TEST_KILL_AFTER_STATEMENT) kills it. Creation and upgrades are
killed after every statement; the import and the demo data at sampled statements.
"""

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.core.db import migrate
from branchdesk.core.db.database import Database

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
OLD_0001 = ROOT / "tests" / "fixtures" / "db" / "branchdesk-0001.db"


class Runner:
    def __init__(self, home: Path):
        env = dict(os.environ, BRANCHDESK_HOME=str(home), PYTHONPATH=str(ROOT))
        env.pop("BRANCHDESK_TEST_KILL_AFTER_STATEMENT", None)
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("fork_runner.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )

    def __call__(self, argv: list[str], kill_after: int = 0) -> dict:
        self.proc.stdin.write(json.dumps({"argv": argv, "kill_after": kill_after}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def runner(tmp_path):
    run = Runner(tmp_path / "home")
    yield run
    run.close()


def counts(path: Path) -> dict[str, int]:
    """Integrity-checked row counts per table, read with plain sqlite3 (no migration)."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = [
            t
            for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        if "alembic_version" in tables:
            result["version"] = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return result
    finally:
        con.close()


def opens(path: Path) -> None:
    Database.open(path).dispose()


def kill_points(total: int, every_up_to: int, samples: int) -> list[int]:
    sampled = {every_up_to + (total - every_up_to) * k // samples for k in range(samples)}
    return sorted(set(range(1, min(total, every_up_to) + 1)) | {n for n in sampled if n <= total})


def test_kill_during_creation_and_demo_leaves_no_half_database(runner, tmp_path):
    full = tmp_path / "full.db"
    done = runner(["--db", str(full), "demo"])
    assert done == {"killed": False, "rc": 0, "statements": done["statements"]}
    complete = counts(full)
    empty = {t: 0 for t in complete if t != "version"} | {"alembic_version": 1}
    creation = counts_of_creation(runner, tmp_path)

    for n in kill_points(done["statements"], creation + 2, 4):
        path = tmp_path / f"k{n}.db"
        result = runner(["--db", str(path), "demo"], kill_after=n)
        assert result["killed"], n
        if not path.exists():
            assert n <= creation, n  # killed while the schema was built in a temporary file
            continue
        state = counts(path)
        assert state["version"] == migrate.HEAD_REVISION
        assert state in ({**empty, "version": state["version"]}, complete), n
        opens(path)


def counts_of_creation(runner, tmp_path) -> int:
    """Statements that creating an empty database takes (the `backup` command only opens it)."""
    result = runner(["--db", str(tmp_path / "c.db"), "backup", str(tmp_path / "c-copy.db")])
    assert result["rc"] == 0
    return result["statements"]


def test_kill_during_every_upgrade_keeps_the_old_database(runner, tmp_path):
    """From the oldest schema through every migration: killed after each statement, repeatedly
    on the same file, the database stays at its old version with all its rows — and the copy
    made before upgrading is made once, not once per attempt."""
    path = tmp_path / "branchdesk.db"
    shutil.copyfile(OLD_0001, path)
    old = counts(path)
    out = str(tmp_path / "roster.xlsx")
    argv = ["--db", str(path), "export", "roster", out]
    n = 0
    while True:
        n += 1
        result = runner(argv, kill_after=n)
        state = counts(path)
        if state["version"] != old["version"]:
            break  # the upgrade committed: the rest of the run only reads
        assert result["killed"], n
        assert state == old, n
        copies = list(tmp_path.glob("branchdesk.before-upgrade-*"))
        assert len(copies) <= 1, copies  # once per version, not once per attempt
        assert all(counts(copy) == old for copy in copies)
    assert len(copies) == 1
    assert n > 10  # a real upgrade was interrupted at many points
    assert state["version"] == migrate.HEAD_REVISION
    assert all(state[t] == rows for t, rows in old.items() if t != "version")
    opens(path)


def _make_sheet(path: Path, rows: int) -> None:
    spec = importlib.util.spec_from_file_location(
        "import_bench", ROOT / "benchmarks" / "import_roster.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_sheet(path, rows)


def test_kill_during_a_10k_import_is_all_or_nothing(runner, tmp_path):
    sheet = tmp_path / "roster.xlsx"
    _make_sheet(sheet, 10_000)
    base = tmp_path / "base.db"
    opens(base)
    before = counts(base)
    full = tmp_path / "full.db"
    shutil.copyfile(base, full)
    done = runner(["--db", str(full), "import", str(sheet), "--branch", "十万团支部"])
    assert done["rc"] == 0
    after = counts(full)
    assert after["member"] == 10_000

    for n in kill_points(done["statements"], 0, 6)[1:]:
        path = tmp_path / f"k{n}.db"
        shutil.copyfile(base, path)
        result = runner(["--db", str(path), "import", str(sheet), "--branch", "十万团支部"], n)
        assert result["killed"], n
        assert counts(path) in (before, after), n
