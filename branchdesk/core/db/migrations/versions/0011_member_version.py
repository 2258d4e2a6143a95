"""Member rows carry a version number: two copies of the program (a committee sharing one
PostgreSQL database) saving the same member do not silently overwrite each other.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops the column in place; a batch copy of `member` would have to drop
        # a table that every other table's foreign keys point at
        op.execute("ALTER TABLE member DROP COLUMN version")
    else:
        op.drop_column("member", "version")
