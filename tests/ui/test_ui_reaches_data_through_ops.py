"""Widgets never open sessions or transactions: only ui/ops.py does (in a worker thread)."""

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "branchdesk" / "ui"
SESSION_USE = re.compile(
    r"\.session\(|\.transaction\(|\.sessions\b|sessionmaker|\bSession\(|\.begin\(\)|\.connect\(\)\s*as"
)


def _uses() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        if name == "ops.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SESSION_USE.search(line.split("#")[0]):
                found.setdefault(name, []).append(f"{number}: {line.strip()}")
    return found


def test_only_ops_opens_sessions_or_transactions():
    assert _uses() == {}


def test_the_pattern_finds_session_use():
    for line in (
        "with self.ctx.db.session() as s:",
        "with db.transaction() as session:",
        "factory = sessionmaker(engine)",
        "session = Session(engine)",
    ):
        assert SESSION_USE.search(line), line
    assert not SESSION_USE.search("ops.run_query(self, lambda s: f(s), on_done=g)")
