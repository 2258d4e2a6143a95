"""Member: no index on group_id. A group's members are read within their branch (branch_id AND
group_id), which ix_member_branch_status serves; by group_id alone only when a 团小组 is removed,
where the foreign key's ON DELETE SET NULL then scans the table (~12 ms at 50,000 members), yet
every member insert kept the index up to date.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_member_group_id", table_name="member")


def downgrade() -> None:
    op.create_index("ix_member_group_id", "member", ["group_id"])
