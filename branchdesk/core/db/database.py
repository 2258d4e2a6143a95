"""A database opened and migrated, ready for services: `Database.open(path_or_url)`."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from branchdesk.core.errors import DatabaseOpenError
from branchdesk.core.privacy import make_private_file

from . import engine as engine_mod
from .migrate import upgrade_to_head
from .sqlite_files import check_existing_file, create_atomically


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_path: Path | None = field(default=None)

    @classmethod
    def open(cls, path_or_url: str | Path, migrate: bool = True) -> "Database":
        url = engine_mod.database_url(path_or_url)
        file = engine_mod.sqlite_file(url)
        try:
            if file is not None:
                check_existing_file(file)
                if migrate and not file.exists():
                    create_atomically(file, _create_schema)
            engine = engine_mod.make_engine(url)
            backup = upgrade_to_head(engine) if migrate else None
        except (OperationalError, DatabaseError) as exc:
            raise DatabaseOpenError(
                f"无法打开数据库 {engine_mod.describe(url)}：{_reason(exc)}"
            ) from exc
        if file is not None:
            make_private_file(file)
        return cls(url, engine, engine_mod.make_session_factory(engine), backup)

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
        with Session(engine_mod.writer(self.engine), expire_on_commit=False) as session:
            with session.begin():
                yield session

    def session(self) -> Session:
        """A read session (the caller closes it)."""
        return self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()


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
