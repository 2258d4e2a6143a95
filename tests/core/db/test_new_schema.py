"""A new database is created from the models (migrate.create_schema), not by replaying every
migration: it must be the same database the migrations build from empty. PostgreSQL's side of
this is in test_postgres.py."""

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from branchdesk.core.db import migrate
from branchdesk.core.db.database import Database
from branchdesk.core.db.engine import make_engine

TABLE_CONSTRAINT = ("CONSTRAINT ", "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK")


def migrated_from_empty(path: Path) -> Path:
    """A database built the old way: every migration, from 0001 to head, on an empty file."""
    engine = make_engine(path)
    try:
        assert migrate.upgrade_to_head(engine, new_from_models=False) is None
    finally:
        engine.dispose()
    return path


def _split_top_level(body: str) -> list[str]:
    items, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(body[start:i].strip())
            start = i + 1
    items.append(body[start:].strip())
    return items


def normalised_sql(sql: str | None):
    """The schema text with only what the migrations' way of writing it changes taken out:
    - whitespace (SQLite's ALTER TABLE ADD COLUMN splices the new column into the text on the
      line of the last column);
    - quotes around a table name (a batch migration builds a new table and renames it, and
      SQLite's rename writes the new name quoted: CREATE TABLE "member");
    - DEFAULT (CURRENT_TIMESTAMP) and DEFAULT CURRENT_TIMESTAMP, the same default: a batch
      migration re-creates a table from its reflected definition, which parenthesises it;
    - the order of the table constraints (a batch rebuild emits them in set order, which varies
      from run to run); the columns keep their order.
    """
    if sql is None:
        return None
    sql = re.sub(r"\s+", " ", sql).replace('"', "")
    sql = sql.replace("DEFAULT (CURRENT_TIMESTAMP)", "DEFAULT CURRENT_TIMESTAMP")
    if not sql.startswith("CREATE TABLE"):
        return sql
    head, body = sql.split("(", 1)
    items = _split_top_level(body.rsplit(")", 1)[0])
    columns = [item for item in items if not item.startswith(TABLE_CONSTRAINT)]
    constraints = sorted(item for item in items if item.startswith(TABLE_CONSTRAINT))
    return head.strip(), columns, constraints


def _same_default(default: str | None) -> str | None:
    return default and default.replace("(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP")


def sqlite_schema(path: Path) -> dict:
    """Everything of a SQLite database's schema and contents that could tell the two apart."""
    con = sqlite3.connect(path)
    try:
        master = {
            name: (kind, table, normalised_sql(sql))
            for kind, name, table, sql in con.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        }
        tables = sorted(name for name, (kind, _, _) in master.items() if kind == "table")
        pragmas = {}
        for table in tables:
            columns = [
                (cid, name, kind, notnull, _same_default(default), pk, hidden)
                for cid, name, kind, notnull, default, pk, hidden in con.execute(
                    f"PRAGMA table_xinfo({table})"
                )
            ]
            foreign_keys = sorted(
                row[2:] for row in con.execute(f"PRAGMA foreign_key_list({table})")
            )
            indexes = sorted(
                (name, unique, origin, partial, tuple(con.execute(f"PRAGMA index_xinfo({name})")))
                for _, name, unique, origin, partial in con.execute(f"PRAGMA index_list({table})")
            )
            pragmas[table] = (columns, foreign_keys, indexes)
        rows = {table: con.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
        settings = {
            pragma: con.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in ("user_version", "application_id", "journal_mode", "encoding")
        }
    finally:
        con.close()
    return {"master": master, "pragmas": pragmas, "rows": rows, "settings": settings}


def differences(new: dict, migrated: dict) -> str:
    """What differs, table by table, and the usual cause."""
    lines = [
        f"{name}:\n  models:     {new.get(name)}\n  migrations: {migrated.get(name)}"
        for name in sorted(new.keys() | migrated.keys())
        if new.get(name) != migrated.get(name)
    ]
    return (
        "a new database (created from the models) differs from one built by the migrations. "
        "A migration that adds a column to an existing table: give the model's column "
        "sort_order=ADDED_IN_00NN (models/base.py), the same server_default and nullability; "
        "an index or constraint: the same name in the model.\n" + "\n".join(lines)
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    return migrated_from_empty(tmp_path_factory.mktemp("m") / "migrated.db")


@pytest.fixture(scope="module")
def migrated_schema(migrated):
    return sqlite_schema(migrated)


def _no_file(path: Path) -> None:
    assert not path.exists()


def _blank_sqlite_file(path: Path) -> None:
    """A SQLite file without any table (as an empty PostgreSQL database is)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.close()
    assert path.stat().st_size > 0


@pytest.mark.parametrize("make", [_no_file, _blank_sqlite_file], ids=["new file", "blank file"])
def test_a_new_database_is_the_one_the_migrations_build(tmp_path, make, migrated_schema):
    path = tmp_path / "new.db"
    make(path)
    db = Database.open(path)
    assert db.backup_path is None
    db.dispose()
    new = sqlite_schema(path)
    for part in ("master", "pragmas", "rows"):
        assert new[part] == migrated_schema[part], differences(new[part], migrated_schema[part])
    assert new["rows"]["alembic_version"] == [(migrate.HEAD_REVISION,)]
    assert new["settings"] == migrated_schema["settings"]
    # and not by accident: a table of each kind is there, with its indexes
    assert {"member", "alembic_version", "ix_member_branch_status", "uq_branch_name"} <= set(
        new["master"]
    )


@pytest.mark.parametrize(
    "change",
    [
        "ALTER TABLE member ADD COLUMN extra INTEGER",
        "DROP INDEX ix_member_branch_status",
        "CREATE INDEX ix_member_branch_status_2 ON member (branch_id, status)",
        # indexes migrations dropped (0013, 0014), back
        "CREATE INDEX ix_member_id_number ON member (id_number)",
        "CREATE INDEX ix_member_group_id ON member (group_id)",
        "INSERT INTO setting (key, value) VALUES ('x', '1')",
        # the text alone: two columns swapped, a constraint renamed, a default changed
        "UPDATE sqlite_master SET sql = replace(sql, 'probationary_on DATE, full_member_on DATE',"
        " 'full_member_on DATE, probationary_on DATE') WHERE name = 'member'",
        "UPDATE sqlite_master SET sql = replace(sql, 'uq_member_branch_id_number', 'uq_other')"
        " WHERE name = 'member'",
        "UPDATE sqlite_master SET sql = replace(sql, 'DEFAULT ''1''', 'DEFAULT ''2''')"
        " WHERE name = 'member'",
    ],
)
def test_the_comparison_sees_a_difference(tmp_path, migrated, migrated_schema, change):
    """The normalisation keeps what matters: a column out of place, a renamed constraint or
    index, a changed default, a row all show."""
    path = tmp_path / "changed.db"
    shutil.copyfile(migrated, path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA writable_schema = ON")
    schema = "SELECT group_concat(sql) FROM sqlite_master"
    before = con.execute(schema).fetchone()
    con.execute(change)
    assert change.startswith("INSERT") or con.execute(schema).fetchone() != before
    con.commit()
    con.close()
    assert sqlite_schema(path) != migrated_schema


def test_a_postgres_database_made_first_leaves_sqlite_its_foreign_keys(tmp_path, migrated_schema):
    """Creating tables where ALTER exists (PostgreSQL; here its DDL, not run) must not lose the
    member <-> group foreign keys of a SQLite database created next in the same process."""
    from sqlalchemy import create_mock_engine

    statements = []

    def execute(sql, *args, **kwargs):
        statements.append(str(sql.compile(dialect=postgres.dialect)))

    postgres = create_mock_engine("postgresql://", execute)
    migrate.create_tables(postgres)
    alter = "ALTER TABLE branch_group ADD CONSTRAINT fk_branch_group_leader_id_member"
    assert any(statement.startswith(alter) for statement in statements)
    Database.open(tmp_path / "after.db").dispose()
    assert sqlite_schema(tmp_path / "after.db")["master"] == migrated_schema["master"]


def test_alembic_agrees_with_a_new_database(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from branchdesk.core.db.models import Base

    db = Database.open(tmp_path / "new.db")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == migrate.HEAD_REVISION
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


def test_a_new_database_is_made_in_one_transaction(tmp_path):
    """A failure at the very last statement (stamping the revision) leaves no table behind."""
    path = tmp_path / "half.db"
    engine = make_engine(path)

    def fail_on_stamp(conn, cursor, statement, *args):
        if statement.startswith("INSERT INTO alembic_version"):
            raise RuntimeError("killed")

    event.listen(engine, "before_cursor_execute", fail_on_stamp)
    with pytest.raises(RuntimeError, match="killed"):
        migrate.upgrade_to_head(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar() == 0
    engine.dispose()
