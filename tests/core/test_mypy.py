"""mypy over branchdesk/core (settings in pyproject.toml) finds no errors.

Runs inside the suite so README's test command and CI check the types; the cache beside the
project (.mypy_cache) makes a second run take a second or two."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_errors_in_core():
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "--no-error-summary",
            str(ROOT / "branchdesk" / "core"),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert (errors, stderr, status) == ([], "", 0), stdout
