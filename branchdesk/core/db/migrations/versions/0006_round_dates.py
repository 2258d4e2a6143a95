"""评议/注册 rounds: the day held, the meeting that held them, the 上级 approval date.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annual_round") as batch:
        batch.add_column(sa.Column("held_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            "fk_annual_round_meeting_id_meeting",
            "meeting",
            ["meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_annual_round_meeting_id", ["meeting_id"])
    # rounds opened before had no day of their own: the day they were opened stands in for it
    op.execute("UPDATE annual_round SET held_on = opened_on")


def downgrade() -> None:
    with op.batch_alter_table("annual_round") as batch:
        batch.drop_index("ix_annual_round_meeting_id")
        batch.drop_constraint("fk_annual_round_meeting_id_meeting", type_="foreignkey")
        batch.drop_column("approved_on")
        batch.drop_column("meeting_id")
        batch.drop_column("held_on")
