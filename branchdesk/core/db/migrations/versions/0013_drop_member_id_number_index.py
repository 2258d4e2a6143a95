"""Member: no index on id_number alone. Every lookup of a member by ID number is within a branch
(branch_id AND id_number), which the index of uq_member_branch_id_number serves; the index on
id_number alone served no query, yet every member insert kept it up to date.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_member_id_number", table_name="member")


def downgrade() -> None:
    op.create_index("ix_member_id_number", "member", ["id_number"])
