"""Migrations: an empty database upgrades to head; old data survives; newer databases are refused."""

from datetime import date

import pytest
from sqlalchemy import create_engine, insert, select, text

from branchdesk.core.db import migrate
from branchdesk.core.db.database import Database
from branchdesk.core.db.engine import make_engine
from branchdesk.core.db.models import Base
from branchdesk.core.errors import DatabaseTooNewError
from tests.core.db.test_new_schema import migrated_from_empty


def test_head_constant_matches_alembic_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(None))
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_empty_database_upgrades_to_head(tmp_path):
    db = Database.open(tmp_path / "new.db")
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    assert db.backup_path is None  # nothing to back up in a new file


def test_migrations_match_the_models(tmp_path):
    """Built by every migration from empty: new databases are created from the models, and
    test_new_schema.py checks that the two are the same."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(migrated_from_empty(tmp_path / "m.db"))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_first_migration_rows_survive_upgrade_with_backup(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate.upgrade_to_head(engine, target="0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO branch (id, name, kind, committee_above, address, phone) "
                "VALUES (1, '老团支部', '农村', '某乡团委', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO member (branch_id, name, name_initials, gender, ethnicity, birth_date, id_type,"
                " id_number, join_date_precision, member_card_no, development_no, education, political_status,"
                " phone, league_post, work_unit, note, status) VALUES (1, '李四', 'ls', '女', '汉族',"
                " '2001-03-05', '居民身份证', '11010520010305002X', 'M', '', '', '', '共青团员', '', '', '', '',"
                " '在册')"
            )
        )
    engine.dispose()
    db = Database.open(path)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM member")).scalars().all() == ["李四"]
        assert conn.execute(text("SELECT name FROM branch")).scalar() == "老团支部"
    if migrate.HEAD_REVISION != "0001":
        assert db.backup_path is not None and db.backup_path.exists()


def test_database_from_newer_version_is_refused_untouched(tmp_path, future_db):
    path = future_db
    with pytest.raises(DatabaseTooNewError, match="更新版本"):
        Database.open(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    assert not list(tmp_path.glob("future.before-*"))


def test_backup_copies_the_file_aside(tmp_path):
    db = Database.open(tmp_path / "b.db")
    copy = migrate.backup_sqlite(db.engine, "0001")
    assert copy is not None and copy.exists() and copy.stat().st_size > 0


def test_sqlite_pragmas_are_on(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unopenable_path_gives_chinese_message(tmp_path):
    from branchdesk.core.errors import DatabaseOpenError

    not_a_db = tmp_path / "x.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseOpenError, match="无法打开数据库"):
        Database.open(not_a_db)


def test_models_roundtrip_dates(db):
    from branchdesk.core.db.models import Branch

    with db.transaction() as s:
        s.execute(
            insert(Branch).values(
                name="甲",
                kind="其他",
                committee_above="",
                address="",
                phone="",
                founded_on=date(2015, 5, 4),
            )
        )
    with db.session() as s:
        assert s.scalar(select(Branch.founded_on)) == date(2015, 5, 4)


def test_rows_that_refer_to_members_survive_a_member_table_migration(tmp_path):
    """SQLite batch migrations rebuild `member`; with foreign keys on, dropping the old table
    would delete the status history and payments that cascade from it, or fail on attendance."""
    path = tmp_path / "v4.db"
    engine = make_engine(path)
    migrate.upgrade_to_head(engine, target="0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO branch (id, name, kind, committee_above, address, phone)"
                " VALUES (1, '老团支部', '农村', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO member (id, branch_id, name, name_initials, gender, ethnicity,"
                " birth_date, id_type, id_number, join_date_precision, member_card_no,"
                " development_no, education, political_status, phone, league_post, work_unit,"
                " note, status) VALUES (1, 1, '李四', 'ls', '女', '汉族', '2001-03-05',"
                " '居民身份证', '11010520010305002X', 'M', '', '', '', '共青团员', '', '', '',"
                " '', '在册')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO member_status_change (member_id, to_status, changed_on,"
                " reason) VALUES (1, '在册', '2020-05-01', '入团')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO meeting (id, branch_id, kind, held_on, place, topics,"
                " minutes, decisions, guests, vote, speaker, lesson_topic, lesson_form,"
                " is_draft) VALUES (1, 1, '团课', '2026-03-01', '', '', '', '', '', '',"
                " '', '', '', 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO meeting_attendance (meeting_id, member_id, present,"
                " absence_reason) VALUES (1, 1, 1, '')"
            )
        )
    engine.dispose()
    db = Database.open(path)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM member_status_change")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM meeting_attendance")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
