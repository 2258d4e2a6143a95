"""Build tests/fixtures/db/branchdesk-<rev>.db: one database per earlier schema version, made by
the code AT that version (a detached git worktree of a commit whose schema head was that
version), holding that code's demo branch. tests/core/db/test_old_databases.py upgrades copies.

Version 0013 is made by this checkout's code and downgraded by migration 0014's downgrade();
0012 from it by 0013's downgrade(), 0011 from that by 0012's downgrade(), 0010 from that by
0011's downgrade(), 0009 from that by 0010's downgrade().
Version 0008 never was the head of a commit (0008 and 0009 landed together): it is made from
the 0009 file with 0009's own downgrade().
Versions 0002 and 0003 never were the head of a working commit (their migrations landed as
empty slots first, and the features' commits did not yet register their demo steps), so they
are made from the 0004 file with those migrations' own downgrade(): the meetings and rounds
that 0004's demo holds stay, the tables of later migrations go.

    python scripts/make_db_fixtures.py            # all versions
    python scripts/make_db_fixtures.py 0004       # one version

When a migration lands, add its revision and commit to VERSIONS and run this script.
"""

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "db"

#: schema revision → a commit whose schema head it was (built with that commit's code)
VERSIONS = {
    "0001": "0c12da0806c5acd6f3ecf9c9085dc5b00d9d32f6",
    "0004": "a8986ff4bf7458fcbcae6814f415f68529298e03",
    "0005": "ba1d2df86d5ed41ff0509792b0a8ba88f04080f0",
    "0006": "2db9dc59dc1566f27b0e141c3b6a460ddc9e09e6",
    "0007": "77877775b21d58b381e74c193845bcb0aa7f163c",
}
#: schema revision → the built version it is downgraded from ("head": a database made by this
#: checkout's code, for the version just before a migration this checkout adds)
#: (in the order they are built: each from one built before it)
DOWNGRADED = {
    "0002": "0004",
    "0003": "0004",
    "0013": "head",
    "0012": "0013",
    "0011": "0012",
    "0010": "0011",
    "0009": "0010",
    "0008": "0009",
}

#: Runs inside the old worktree, with that commit's code.
BUILD = """
import sys
from datetime import date
from branchdesk.core.db.database import Database
from branchdesk.core.db.engine import make_engine, make_session_factory
from branchdesk.core.db.migrate import upgrade_to_head
from branchdesk.core.services import demo

# At these commits each feature's demo step existed but was not yet registered: add the ones
# this version has, so that every table of the version holds rows.
import importlib
for module, step in (
    ("meetings_demo", "demo_meetings_step"),
    ("dues_demo", "dues_demo_step"),
    ("transfer_demo", "demo_transfers_step"),
):
    try:
        function = getattr(importlib.import_module(f"branchdesk.core.services.{module}"), step)
    except ImportError:
        continue
    if function not in demo.DEMO_STEPS:
        demo.DEMO_STEPS.append(function)

path, revision = sys.argv[1], sys.argv[2]
engine = make_engine(path)
upgrade_to_head(engine, target=revision)
db = Database(str(engine.url), engine, make_session_factory(engine))
with db.transaction() as session:
    demo.create_demo(session, today=date(2026, 11, 23))
engine.dispose()
"""


#: Old code read initials with pypinyin (no longer a dependency): a stand-in from today's table.
PYPINYIN_STUB = """
from pathlib import Path

TABLE = Path({!r}).read_text(encoding="ascii").split()
STARTS = (0x3400, 0x4E00)


class Style:
    FIRST_LETTER = "first_letter"


def _letter(char):
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    for start, letters in zip(STARTS, TABLE):
        if start <= ord(char) < start + len(letters):
            return letters[ord(char) - start].replace("-", "")
    return ""


def lazy_pinyin(text, style=None, errors=None):
    return [_letter(c) for c in text]
""".format(str(ROOT / "resources" / "pinyin_initials.txt"))


def build(revision: str, commit: str) -> Path:
    target = OUT / f"branchdesk-{revision}.db"
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit],
            check=True,
            capture_output=True,
        )
        try:
            db = Path(tmp) / "old.db"
            stub = Path(tmp) / "stub" / "pypinyin"
            stub.mkdir(parents=True)
            (stub / "__init__.py").write_text(PYPINYIN_STUB, encoding="utf-8")
            env = {
                "PYTHONPATH": f"{tree}:{stub.parent}",
                "BRANCHDESK_HOME": tmp,
                "PATH": "/usr/bin:/bin",
            }
            subprocess.run(
                [sys.executable, "-c", BUILD, str(db), revision], cwd=tree, env=env, check=True
            )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True
            )
        con = sqlite3.connect(db)
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version == revision, (version, revision)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
        con.close()
        OUT.mkdir(parents=True, exist_ok=True)
        target.write_bytes(db.read_bytes())
    return target


def downgrade(revision: str, source: str) -> Path:
    sys.path.insert(0, str(ROOT))
    from alembic import command

    from branchdesk.core.db.engine import make_engine
    from branchdesk.core.db.migrate import alembic_config

    target = OUT / f"branchdesk-{revision}.db"
    if source == "head":
        from datetime import date

        from branchdesk.core.db.database import Database
        from branchdesk.core.services.demo import create_demo

        target.unlink(missing_ok=True)
        db = Database.open(target)
        with db.transaction() as session:
            create_demo(session, today=date(2026, 11, 23))
        db.dispose()
    else:
        target.write_bytes((OUT / f"branchdesk-{source}.db").read_bytes())
    engine = make_engine(target)
    with engine.connect() as conn, conn.begin():
        config = alembic_config(engine)
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()
    return target


def main(argv: list[str]) -> None:
    for revision in argv or [*VERSIONS, *DOWNGRADED]:
        if revision in VERSIONS:
            path = build(revision, VERSIONS[revision])
        else:
            path = downgrade(revision, DOWNGRADED[revision])
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
