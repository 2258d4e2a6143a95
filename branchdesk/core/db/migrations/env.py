"""Alembic environment: the connection, already inside the run's one transaction, comes from
branchdesk.core.db.migrate (Alembic sees an external transaction and leaves it alone). There,
on SQLite, foreign keys are off for the run and checked before COMMIT: a batch migration copies
a table and drops the old one, and with foreign keys on, dropping `member` would delete every
row that cascades from it (status history, dues) or fail on the others (attendance)."""

from alembic import context

from branchdesk.core.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
