"""A kill while the handbook is written over an existing PDF: the old file is intact or the new
one complete, never a 0-byte or half-written file (issue 13)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """A demo database, last year's handbook (the old file) and the page count of this year's."""
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.demo import create_demo

    from .conftest import TODAY

    folder = tmp_path_factory.mktemp("crash")
    db = Database.open(folder / "demo.db")
    with db.transaction() as session:
        create_demo(session, today=TODAY)
    db.dispose()
    env = {**os.environ, "BRANCHDESK_HOME": str(folder / "home")}
    old = folder / "old.pdf"
    _cli(env, folder, "handbook", "--year", "2025", "--sections", "profile", "-o", str(old))
    new = folder / "new.pdf"
    _cli(env, folder, "handbook", "--year", "2026", "-o", str(new))
    return folder, env, old.read_bytes(), len(PdfReader(new).pages)


def _cli(env, folder, *args, driver: tuple[str, int] | None = None):
    base = ["--db", str(folder / "demo.db"), *args]
    if driver:
        cmd = [sys.executable, "-m", "tests.file_crash_driver", driver[0], str(driver[1]), "--"]
    else:
        cmd = [sys.executable, "-m", "branchdesk"]
    return subprocess.run(cmd + base, cwd=ROOT, env=env, capture_output=True, text=True)


def _check(target: Path, old: bytes, pages: int) -> str:
    """'old' or 'new'; fails on anything else."""
    data = target.read_bytes()
    if data == old:
        return "old"
    assert len(data) > 0, "the handbook was left at 0 bytes"
    reader = PdfReader(target)
    assert len(reader.pages) == pages, "a half-written handbook"
    assert "2026" in reader.pages[0].extract_text()
    return "new"


def _handbook_args(target: Path) -> tuple[str, ...]:
    return ("handbook", "--year", "2026", "-o", str(target))


def test_kill_at_every_file_event_of_a_handbook_write(books, tmp_path):
    folder, env, old, pages = books
    out = tmp_path / "out"
    out.mkdir()
    target = out / "手册.pdf"
    target.write_bytes(old)
    counted = _cli(env, folder, *_handbook_args(target), driver=(str(out), 0))
    assert counted.returncode == 0, counted.stderr
    events = json.loads(counted.stderr.strip().splitlines()[-1])
    assert "replace" in events and "fsync" in events
    outcomes = []
    for n in range(1, len(events) + 1):
        target.write_bytes(old)
        run = _cli(env, folder, *_handbook_args(target), driver=(str(out), n))
        assert run.returncode == -signal.SIGKILL, (n, run.stderr)
        outcomes.append(_check(target, old, pages))
    # killed before the rename: the old file; after it: the new one
    replace_at = events.index("replace")
    assert outcomes == ["old"] * (replace_at + 1) + ["new"] * (len(events) - replace_at - 1)


def test_kill_at_sampled_times_of_a_handbook_write(books, tmp_path):
    folder, env, old, pages = books
    target = tmp_path / "手册.pdf"
    target.write_bytes(old)
    start = time.monotonic()
    full = _cli(env, folder, *_handbook_args(target))
    assert full.returncode == 0, full.stderr
    duration = time.monotonic() - start
    assert _check(target, old, pages) == "new"
    for fraction in (0.5, 0.85, 0.97):
        target.write_bytes(old)
        cmd = [sys.executable, "-m", "branchdesk", "--db", str(folder / "demo.db")]
        process = subprocess.Popen(
            cmd + list(_handbook_args(target)),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _check(target, old, pages)
        # at most a temporary file beside it, never another name
        left = [p.name for p in tmp_path.iterdir() if p != target]
        assert all(name.startswith(".~手册.pdf.") for name in left), left
