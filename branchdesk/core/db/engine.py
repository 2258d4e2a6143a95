"""Opening a database: a SQLite file path or any SQLAlchemy URL (PostgreSQL for a committee).

SQLite runs with the driver in autocommit mode and an explicit BEGIN on every transaction
(SQLAlchemy's "serializable isolation / transactional DDL" recipe for pysqlite): without it,
pysqlite commits DDL as it goes and a schema change cannot be rolled back. A write transaction
(`writer(engine)`) starts with BEGIN IMMEDIATE, so two writers queue at the start instead of
failing half-way; a lock held too long by another program becomes a Chinese `DatabaseBusyError`.
"""

import os
import signal
from pathlib import Path, PurePath

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from branchdesk.core.errors import DatabaseBusyError, ReadOnlyDatabaseError, UserError

#: How long a statement waits for another program's write lock before giving up (seconds).
BUSY_TIMEOUT_S = 5.0

#: Test-only: SIGKILL this process after this many SQL statements (the crash tests use it).
KILL_AT_ENV = "BRANCHDESK_TEST_KILL_AFTER_STATEMENT"


def is_url(path_or_url: str | PurePath) -> bool:
    """A SQLAlchemy URL rather than a file path (`D:\\团支部\\2026.db` is a path)."""
    return "://" in str(path_or_url)


def sqlite_url(path: PurePath) -> str:
    """The URL of an absolute SQLite file path, POSIX or Windows (`D:\\团支部\\2026.db`)."""
    return "sqlite:///" + str(path)


def database_url(path_or_url: str | Path) -> str:
    """'/tmp/x.db' → 'sqlite:////tmp/x.db'; URLs pass through."""
    text = str(path_or_url)
    if is_url(text):
        return text
    return sqlite_url(Path(text).expanduser().resolve())


def describe(url: str) -> str:
    """A short, password-free description for the status bar."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(内存数据库)"
    return parsed.render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def _is_sqlite_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we say BEGIN ourselves (see the module docstring)
    for pragma in (
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}",
    ):
        dbapi_connection.execute(pragma)


def _sqlite_read_only(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def _sqlite_begin(conn) -> None:
    immediate = conn.get_execution_options().get("branchdesk_writer", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_begin_read_only(conn) -> None:
    conn.exec_driver_sql("BEGIN")  # never waits for the write lock: it never writes


def is_lock_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc) or "")
    return "database is locked" in text or "database is busy" in text


def _translate_errors(context) -> BaseException | None:
    exc = context.original_exception
    text = str(exc)
    if is_lock_error(exc):
        return DatabaseBusyError(busy_message())
    if "readonly database" in text:
        return ReadOnlyDatabaseError(READ_ONLY_MESSAGE)
    if "branch.name" in text or "uq_branch_name" in text:  # SQLite / PostgreSQL wording
        return UserError("数据库中已经有同名的团支部，团支部名称不能重复。")
    return None


READ_ONLY_MESSAGE = (
    "这个数据库是只读打开的（另一个团支部工作台正在使用它），不能修改。"
    "请关闭另一个窗口后，在“设置”中重新打开数据库。"
)


def busy_message(holder: str | None = None) -> str:
    who = f"（{holder}）" if holder else ""
    return (
        f"数据库正被另一个程序{who}写入，等待 {BUSY_TIMEOUT_S:g} 秒后仍未释放，这次操作没有保存。"
        "请稍后再试，或关闭另一个正在使用这个数据库的团支部工作台。"
    )


_statements_run = 0


def _count_and_kill(*_args) -> None:
    """Test-only hook: statements are counted across every engine of the process."""
    global _statements_run
    _statements_run += 1
    if _statements_run >= int(os.environ[KILL_AT_ENV]):
        os.kill(os.getpid(), signal.SIGKILL)


def make_engine(path_or_url: str | Path, read_only: bool = False) -> Engine:
    """An engine with BranchDesk's settings; `read_only` (SQLite): every write is refused."""
    url = database_url(path_or_url)
    file = sqlite_file(url)
    if file is not None:
        from branchdesk.core.privacy import make_private_dir

        make_private_dir(file.parent)
    # SQL parameters (names, ID numbers, phones) never appear in an error message or a log
    if _is_sqlite_memory(url):
        # One connection shared by every thread: the UI runs each operation on a worker thread
        # (ui/ops.py), and a per-thread pool would give each thread its own empty database.
        engine = create_engine(
            url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    else:
        # File SQLite: SQLAlchemy pools connections with check_same_thread=False, so a session
        # per operation may run on any thread (one thread per session at a time).
        try:
            engine = create_engine(url, hide_parameters=True)
        except ModuleNotFoundError as exc:  # the built program ships no PostgreSQL driver
            raise UserError(
                f"无法打开数据库 {describe(url)}：本程序没有附带所需的数据库驱动 {exc.name}。"
                '共用 PostgreSQL 数据库请使用源码安装（python -m pip install -e ".[postgres]"）。'
            ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        if read_only:
            event.listen(engine, "connect", _sqlite_read_only)
        event.listen(engine, "begin", _sqlite_begin_read_only if read_only else _sqlite_begin)
    event.listen(engine, "handle_error", _translate_errors)
    if os.environ.get(KILL_AT_ENV):
        event.listen(engine, "after_cursor_execute", _count_and_kill)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions take the write lock at BEGIN."""
    return engine.execution_options(branchdesk_writer=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


__all__ = ["OperationalError", "busy_message", "is_lock_error", "make_engine", "writer"]
