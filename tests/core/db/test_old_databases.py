"""Every earlier schema version, as a real file made by the code of that version (see
scripts/make_db_fixtures.py), opens in today's BranchDesk with every row it held."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from branchdesk.core.db import migrate
from branchdesk.core.db.database import Database
from branchdesk.core.services import members
from branchdesk.core.services.branches import list_branches

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "db"
OLD_FILES = sorted(FIXTURES.glob("branchdesk-*.db"))


def snapshot(path: Path) -> dict[str, dict[tuple, dict]]:
    """table → primary key → row (column → value), read with plain sqlite3."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    tables = [
        name
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
        if name != "alembic_version"
    ]
    data = {}
    for table in tables:
        keys = [r["name"] for r in con.execute(f"PRAGMA table_info({table})") if r["pk"]]
        data[table] = {
            tuple(row[k] for k in keys): dict(row) for row in con.execute(f"SELECT * FROM {table}")
        }
    con.close()
    return data


def test_a_fixture_for_every_earlier_version():
    revisions = {p.stem.split("-")[1] for p in OLD_FILES}
    assert revisions == {
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0011",
        "0012",
        "0013",
    } | (migrate.known_revisions() - {migrate.HEAD_REVISION})


@pytest.mark.parametrize("old", OLD_FILES, ids=lambda p: p.stem)
def test_old_database_upgrades_with_every_row(old, tmp_path):
    path = tmp_path / "branchdesk.db"
    shutil.copyfile(old, path)
    before = snapshot(path)
    assert sum(len(rows) for rows in before.values()) > 100  # a real branch's records

    db = Database.open(path)
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    after = snapshot(path)
    for table, rows in before.items():
        assert table in after, table
        for key, row in rows.items():
            new = after[table].get(key)
            assert new is not None, (table, key)
            assert {c: new[c] for c in row if c in new} == row, (table, key)

    # the copy made before the upgrade holds the old version, untouched
    revision = old.stem.split("-")[1]
    if revision != migrate.HEAD_REVISION:
        assert db.backup_path == migrate.pre_upgrade_copy_path(path, revision)
        assert snapshot(db.backup_path) == before
    # and today's services read the old records
    with db.session() as session:
        (branch,) = list_branches(session)
        assert len(members.roster_rows(session, branch.id)) == len(before["member"])
    db.dispose()
