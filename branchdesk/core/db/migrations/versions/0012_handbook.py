"""Handbook: the year's plan and summary (year_text), the committee's term and 支部级别 on the
branch, the form of a 组织生活会 on the meeting.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "year_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "branch_id",
            sa.Integer(),
            sa.ForeignKey("branch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("branch_id", "year", "kind", name="uq_year_text_branch_year_kind"),
    )
    with op.batch_alter_table("branch") as batch:
        batch.add_column(sa.Column("level", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("term_started_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("term_ends_on", sa.Date(), nullable=True))
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("subkind", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("subkind")
    with op.batch_alter_table("branch") as batch:
        batch.drop_column("term_ends_on")
        batch.drop_column("term_started_on")
        batch.drop_column("level")
    op.drop_table("year_text")
