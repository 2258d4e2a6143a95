"""What the 关于 dialog and `branchdesk --version` say: the version, where the data is, the
database's schema version, and the licences of what the program bundles (resources/)."""

from dataclasses import dataclass
from pathlib import Path

from branchdesk import APP_NAME, __version__

#: licence and notice files under resources/, shown in 关于 in this order
LICENCE_FILES = (
    "fonts/LICENSE-wqy-microhei.txt",
    "LICENSE-pinyin-data.txt",
    "icons/README.txt",
    "THIRD-PARTY.txt",
)


@dataclass(frozen=True)
class Licence:
    title: str
    text: str


@dataclass(frozen=True)
class AboutInfo:
    version: str
    database: str
    schema: str | None
    newest_schema: str
    data_dir: Path
    portable: bool
    licences: list[Licence]

    def lines(self) -> list[str]:
        where = "便携模式，数据保存在程序旁的文件夹" if self.portable else "数据文件夹"
        return [
            f"{APP_NAME} {self.version}",
            f"当前数据库：{self.database}",
            f"数据库结构版本：{self.schema or '（无）'}（本程序支持到 {self.newest_schema}）",
            f"{where}：{self.data_dir}",
        ]


def version_text() -> str:
    """`branchdesk --version`."""
    from branchdesk.core.db.migrate import HEAD_REVISION

    return f"{APP_NAME} {__version__}（数据库结构版本 {HEAD_REVISION}）"


def bundled_licences() -> list[Licence]:
    from branchdesk.core.paths import resource

    licences = []
    for name in LICENCE_FILES:
        path = resource(name)
        if path.is_file():
            licences.append(Licence(name, path.read_text(encoding="utf-8")))
    return licences


def schema_revision(session) -> str | None:
    """The open database's schema version (its Alembic revision)."""
    from sqlalchemy import text

    return session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def about_info(database: str, schema: str | None) -> AboutInfo:
    """`database`: the open database's description; `schema`: its `schema_revision`."""
    from branchdesk.core.db.migrate import HEAD_REVISION
    from branchdesk.core.paths import data_dir, is_portable

    return AboutInfo(
        version=__version__,
        database=database,
        schema=schema,
        newest_schema=HEAD_REVISION,
        data_dir=data_dir(),
        portable=is_portable(),
        licences=bundled_licences(),
    )
