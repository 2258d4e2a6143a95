"""Foundation: branch, groups, committee posts, members and their status history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "branch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("committee_above", sa.String(100), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        *_timestamps(),
    )
    op.create_table(
        "branch_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "branch_id",
            sa.Integer(),
            sa.ForeignKey("branch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.create_index("ix_branch_group_branch_id", "branch_group", ["branch_id"])
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "branch_id",
            sa.Integer(),
            sa.ForeignKey("branch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("name_initials", sa.String(50), nullable=False),
        sa.Column("gender", sa.String(2), nullable=False),
        sa.Column("ethnicity", sa.String(20), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("id_type", sa.String(20), nullable=False),
        sa.Column("id_number", sa.String(30), nullable=False),
        sa.Column("join_date", sa.Date(), nullable=True),
        sa.Column("join_date_precision", sa.String(1), nullable=False),
        sa.Column("member_card_no", sa.String(20), nullable=False),
        sa.Column("development_no", sa.String(20), nullable=False),
        sa.Column("education", sa.String(20), nullable=False),
        sa.Column("political_status", sa.String(20), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("league_post", sa.String(40), nullable=False),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("branch_group.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("work_unit", sa.String(100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint("branch_id", "id_number", name="uq_member_branch_id_number"),
    )
    op.create_index("ix_member_branch_status", "member", ["branch_id", "status"])
    op.create_index("ix_member_id_number", "member", ["id_number"])
    op.create_index("ix_member_group_id", "member", ["group_id"])
    with op.batch_alter_table("branch_group") as batch:
        batch.create_foreign_key(
            "fk_branch_group_leader_id_member", "member", ["leader_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "committee_post",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "branch_id",
            sa.Integer(),
            sa.ForeignKey("branch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(20), nullable=False),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("member.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.create_index("ix_committee_post_branch_id", "committee_post", ["branch_id"])
    op.create_table(
        "member_status_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("member.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_status", sa.String(10), nullable=True),
        sa.Column("to_status", sa.String(10), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
    )
    op.create_index("ix_member_status_change_member_id", "member_status_change", ["member_id"])


def downgrade() -> None:
    op.drop_table("member_status_change")
    op.drop_table("committee_post")
    with op.batch_alter_table("branch_group") as batch:
        batch.drop_constraint("fk_branch_group_leader_id_member", type_="foreignkey")
    op.drop_table("member")
    op.drop_table("branch_group")
    op.drop_table("branch")
