"""Alembic migrations, run automatically when a database is opened.

Start-up stays quick: the current revision is read with one query and compared with
HEAD_REVISION; Alembic itself is imported only when there is something to upgrade.
Before upgrading a SQLite file that already holds data, the file is copied aside.
"""

import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from branchdesk.core.errors import DatabaseTooNewError

from .engine import sqlite_file

#: The newest migration's revision. tests/core/db/test_migrations.py checks it equals Alembic's head.
HEAD_REVISION = "0005"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    config = alembic_config(None)  # type: ignore[arg-type]
    return {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}


def backup_sqlite(engine: Engine, revision: str | None) -> Path | None:
    """Copy the database file aside (checkpointing the WAL first). Returns the copy's path."""
    file = sqlite_file(str(engine.url))
    if file is None or not file.exists() or file.stat().st_size == 0:
        return None
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = file.with_name(f"{file.stem}.before-{revision or 'none'}-{stamp}{file.suffix}")
    shutil.copy2(file, target)
    return target


def upgrade_to_head(engine: Engine, target: str = "head") -> Path | None:
    """Bring the schema to `target`; refuse a database made by a newer BranchDesk.

    Returns the path of the backup copy, if one was made.
    """
    revision = current_revision(engine)
    if target == "head" and revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(
            "这个数据库是由更新版本的团支部工作台创建的，请先升级软件再打开（数据库未作任何改动）。"
        )
    backup = backup_sqlite(engine, revision) if has_user_tables(engine) else None
    from alembic import command

    command.upgrade(alembic_config(engine), target)
    return backup
