"""Members' Party dates: 预备党员 (入党) and 转正 (no League dues from the 预备 month on).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("probationary_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("full_member_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_column("full_member_on")
        batch.drop_column("probationary_on")
