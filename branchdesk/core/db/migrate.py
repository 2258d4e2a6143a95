"""Alembic migrations, run automatically when a database is opened.

Start-up stays quick: the current revision is read with one query and compared with
HEAD_REVISION; Alembic itself is imported only when there is something to upgrade.

A brand-new, empty database (a SQLite file being created, a PostgreSQL database without any
table) is not built by replaying every migration: `create_schema` creates the models' tables and
stamps HEAD_REVISION in `alembic_version`, as Alembic would, in one transaction and without
importing Alembic. tests/core/db/test_new_schema.py checks that such a database is the same as
one built by running every migration from empty (and the migrations still run for every
database that has a revision).

A migration run is all-or-nothing: every migration of the run executes in ONE transaction
(SQLite's DDL is transactional once pysqlite stops committing on its own, see engine.py), with
foreign keys off for the run (so a batch table rebuild cannot cascade) and checked before COMMIT.
A kill or an error anywhere leaves the database exactly as it was. Before an upgrade of a SQLite
file that holds data, a copy is made with the online backup API — once per schema version, not
once per attempt.
"""

from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)

from branchdesk.core.errors import DatabaseOpenError, DatabaseTooNewError, UserError

from .engine import describe, sqlite_file
from .sqlite_files import copy_database

#: The newest migration's revision. tests/core/db/test_migrations.py checks it equals Alembic's head.
HEAD_REVISION = "0014"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


#: Alembic's version table, as alembic.ddl.impl.DefaultImpl.version_table_impl defines it.
VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def alembic_config(engine: Engine | None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    config = alembic_config(None)
    return {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}


def too_new_message(revision: str) -> str:
    """Why a database whose schema this program does not know is refused, with both versions."""
    from branchdesk import APP_NAME, __version__

    return (
        f"这个数据库是由更新版本的{APP_NAME}创建的（数据库结构版本 {revision}），"
        f"本程序（{APP_NAME} {__version__}）只能打开结构版本 {HEAD_REVISION} 及以前的数据库。"
        "请先升级软件再打开（数据库未作任何改动）。"
    )


def pre_upgrade_copy_path(file: Path, revision: str) -> Path:
    return file.with_name(f"{file.stem}.before-upgrade-from-{revision}{file.suffix}")


def backup_sqlite(engine: Engine, revision: str | None) -> Path | None:
    """The copy of the database as it was at `revision`, made before upgrading it.

    One copy per schema version: a second attempt (after a failed or killed upgrade) keeps the
    copy already made, unless the database was changed after it (by an older BranchDesk). An
    empty write-ahead log is no change: SQLite makes a new one whenever the database is opened
    after its last connection closed."""
    file = sqlite_file(str(engine.url))
    if file is None or not file.exists() or file.stat().st_size == 0:
        return None
    target = pre_upgrade_copy_path(file, revision or "none")
    if target.exists():
        stats = [p.stat() for p in (file, Path(f"{file}-wal")) if p.exists()]
        changed = max((s.st_mtime for s in stats if s.st_size > 0), default=0)
        if target.stat().st_mtime >= changed:
            return target
    return copy_database(file, target)


def _run_upgrade(engine: Engine, target: str) -> None:
    """All migrations up to `target` in one transaction (BEGIN IMMEDIATE on SQLite)."""
    from alembic import command

    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:  # can only be changed outside a transaction
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            conn.execution_options(branchdesk_writer=True)
            with conn.begin():
                config = alembic_config(engine)
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise DatabaseOpenError(
                        "升级数据库时发现记录之间的关联不一致，升级已撤销，数据库未作任何改动。"
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def create_schema(engine: Engine) -> None:
    """A new database's schema: the models' tables and `alembic_version` at HEAD_REVISION, in
    one transaction (BEGIN IMMEDIATE on SQLite). For an empty database only."""
    with engine.connect() as conn:
        conn.execution_options(branchdesk_writer=True)
        with conn.begin():
            create_tables(conn)
            VERSION_TABLE.create(conn, checkfirst=False)
            conn.execute(VERSION_TABLE.insert().values(version_num=HEAD_REVISION))


def create_tables(bind) -> None:
    """`Base.metadata.create_all`, leaving the models' metadata as it was.

    On a database with ALTER (PostgreSQL) create_all adds the foreign keys of the member ↔ group
    cycle (use_alter) afterwards, and marks them, in the shared metadata, never to be written
    inside a CREATE TABLE again: a SQLite database created later in the same process would lack
    them (SQLite has no ALTER to add them). The marks are put back as they were."""
    from .models import Base

    constraints = [
        fk for table in Base.metadata.tables.values() for fk in table.foreign_key_constraints
    ]
    rules = [fk._create_rule for fk in constraints]
    try:
        Base.metadata.create_all(bind, checkfirst=False)
    finally:
        for fk, rule in zip(constraints, rules, strict=True):
            fk._create_rule = rule


def upgrade_to_head(
    engine: Engine, target: str = "head", *, new_from_models: bool = True
) -> Path | None:
    """Bring the schema to `target`; refuse a database made by a newer BranchDesk or by another
    program. Returns the path of the copy made before the upgrade, if any.

    An empty database brought to head is created from the models (`create_schema`) unless
    `new_from_models` is False (the tests that build one through every migration)."""
    revision = current_revision(engine)
    if target == "head" and revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(too_new_message(revision))
    if revision is None and has_user_tables(engine):
        raise DatabaseOpenError(
            f"无法打开数据库 {describe(str(engine.url))}：其中已有别的程序的数据表，"
            "不是团支部工作台的数据库，程序没有改动它。"
        )
    if revision is None and target == "head" and new_from_models:
        create_schema(engine)
        return None
    backup = backup_sqlite(engine, revision) if revision is not None else None
    try:
        _run_upgrade(engine, target)
    except UserError:
        raise
    except Exception as exc:
        if backup is None:
            raise
        raise DatabaseOpenError(
            f"升级数据库失败，数据库未作任何改动，仍是旧版本；升级前的副本保存在 {backup}。"
            f"（原因：{str(exc).splitlines()[0]}）"
        ) from exc
    return backup
