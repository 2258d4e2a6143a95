"""A database opened and migrated, ready for services: `Database.open(path_or_url)`."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.core.errors import (
    CHANGED_ELSEWHERE,
    DatabaseOpenError,
    DatabaseTooNewError,
    UserError,
)
from branchdesk.core.privacy import make_private_file

from . import engine as engine_mod
from . import instance_lock
from .audit import AuditedSession
from .instance_lock import InstanceLock
from .migrate import (
    HEAD_REVISION,
    current_revision,
    known_revisions,
    too_new_message,
    upgrade_to_head,
)
from .sqlite_files import check_existing_file, create_atomically


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_path: Path | None = field(default=None)
    #: opened read-only because another copy of BranchDesk holds it (see instance_lock.py)
    read_only: bool = False
    instance_lock: InstanceLock | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        path_or_url: str | Path,
        migrate: bool = True,
        exclusive: bool = False,
        read_only: bool = False,
    ) -> "Database":
        """Open (create, upgrade) a database.

        `exclusive` (the window): hold the database's instance lock, or raise
        DatabaseInUseError naming who holds it. `read_only`: open without upgrading, every
        write refused with a Chinese message (a second window on a database in use)."""
        url = engine_mod.database_url(path_or_url)
        file = engine_mod.sqlite_file(url)
        lock = engine = None
        try:
            if file is not None:
                check_existing_file(file)
                if read_only and not file.exists():
                    raise DatabaseOpenError(f"无法打开数据库 {file}：文件不存在。")
                if exclusive:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    lock = instance_lock.acquire(file)
                if migrate and not read_only and not file.exists():
                    create_atomically(file, _create_schema)
            engine = engine_mod.make_engine(url, read_only=read_only and file is not None)
            if read_only:
                _require_current(engine)
                backup = None
            else:
                backup = upgrade_to_head(engine) if migrate else None
        except (OperationalError, DatabaseError) as exc:
            _release(engine, lock)
            raise DatabaseOpenError(
                f"无法打开数据库 {engine_mod.describe(url)}：{_reason(exc)}"
            ) from exc
        except BaseException:
            _release(engine, lock)
            raise
        if file is not None and not read_only:
            make_private_file(file)
        return cls(url, engine, engine_mod.make_session_factory(engine), backup, read_only, lock)

    @property
    def description(self) -> str:
        return engine_mod.describe(self.url)

    @property
    def sqlite_path(self) -> Path | None:
        return engine_mod.sqlite_file(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: commit on success, roll back on any error.

        On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken at once (waiting up to
        engine.BUSY_TIMEOUT_S for another writer), so it never fails half-way for a lock."""
        try:
            with AuditedSession(engine_mod.writer(self.engine), expire_on_commit=False) as session:
                with session.begin():
                    yield session
        except StaleDataError:
            raise UserError(CHANGED_ELSEWHERE) from None

    def session(self) -> Session:
        """A read session (the caller closes it)."""
        return self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None


def _release(engine: Engine | None, lock: InstanceLock | None) -> None:
    """After a failed open: close the engine's connections now (not whenever the garbage
    collector frees the traceback that holds it) and give the instance lock back."""
    if engine is not None:
        engine.dispose()
    if lock is not None:
        lock.release()


def _require_current(engine: Engine) -> None:
    revision = current_revision(engine)
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise DatabaseTooNewError(too_new_message(revision))
    if revision != HEAD_REVISION:
        raise DatabaseOpenError(
            "这个数据库需要先升级才能打开，只读打开时不能升级。请等另一个团支部工作台关闭后再打开。"
        )


def _create_schema(path: Path) -> None:
    engine = engine_mod.make_engine(path)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()


def _reason(exc: DatabaseError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "unable to open" in text:
        return "文件无法打开（路径不存在或没有权限）"
    if "not a database" in text or "file is encrypted" in text:
        return "这不是团支部工作台的数据库文件"
    if "Connection refused" in text or "could not connect" in text:
        return "连接被拒绝，请检查数据库服务器是否运行"
    if "password authentication failed" in text:
        return "用户名或密码错误"
    return text.splitlines()[0] if text else "未知原因"
