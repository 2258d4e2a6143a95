"""Members whose ID number is not known yet (资料不全) and 学号.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.alter_column("id_number", existing_type=sa.String(30), nullable=True)
        batch.add_column(sa.Column("student_no", sa.String(30), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_column("student_no")
        batch.alter_column("id_number", existing_type=sa.String(30), nullable=False)
