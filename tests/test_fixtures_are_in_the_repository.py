"""A fresh clone runs every test but the PostgreSQL ones: the fixtures live in tests/fixtures."""

import subprocess
from pathlib import Path

from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]


def test_sample_rosters_are_tracked_by_git():
    tracked = subprocess.run(
        ["git", "ls-files", str(SAMPLES.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if tracked.returncode != 0:  # not a git checkout (an sdist): the files are still here
        names = {p.name for p in SAMPLES.iterdir()}
    else:
        names = {Path(line).name for line in tracked.stdout.split()}
    assert {"roster_clean.xlsx", "roster_messy.xlsx", "expected.json"} <= names


def test_no_test_reads_files_outside_the_repository():
    outside = ('"shared"', "../shared", "/work/")
    for path in (ROOT / "tests").rglob("*.py"):
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        assert not any(s in text for s in outside), path
