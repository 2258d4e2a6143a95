from datetime import datetime

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: A column a migration added to an existing table comes after the table's columns (and after
#: Timestamped's, which SQLAlchemy places after the class's own): ALTER TABLE ... ADD COLUMN
#: appends it there. With these sort orders a new database, created from the models
#: (migrate.create_schema), has its columns in the same order as one built by the migrations;
#: tests/core/db/test_new_schema.py compares the two.
ADDED_IN_0005 = 5
ADDED_IN_0006 = 6
ADDED_IN_0007 = 7
ADDED_IN_0011 = 11
ADDED_IN_0012 = 12


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
