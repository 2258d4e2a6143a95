"""组织关系转接 (transfers and letters).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "branch_id",
            sa.Integer(),
            sa.ForeignKey("branch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("direction", sa.String(4), nullable=False),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("member.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("other_org", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("letter_seq", sa.Integer(), nullable=True),
        sa.Column("letter_no", sa.String(40), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("branch_id", "year", "letter_seq", name="uq_transfer_branch_letter"),
    )
    op.create_index("ix_transfer_branch_id", "transfer", ["branch_id"])
    op.create_index("ix_transfer_member_id", "transfer", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_transfer_member_id", table_name="transfer")
    op.drop_index("ix_transfer_branch_id", table_name="transfer")
    op.drop_table("transfer")
