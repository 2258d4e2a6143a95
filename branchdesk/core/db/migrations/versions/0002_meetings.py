"""三会两制一课 (meetings, attendance, 评议 and 注册 rounds) and the setting table.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    ]


def _fk(column: str, target: str, nullable: bool = False, ondelete: str | None = None):
    return sa.Column(
        column, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch.id", ondelete="CASCADE"),
        sa.Column("kind", sa.String(20), nullable=False),
        _fk("group_id", "branch_group.id", nullable=True, ondelete="SET NULL"),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("place", sa.String(100), nullable=False),
        _fk("host_id", "member.id", nullable=True, ondelete="SET NULL"),
        _fk("recorder_id", "member.id", nullable=True, ondelete="SET NULL"),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("guests", sa.Text(), nullable=False),
        sa.Column("vote", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(50), nullable=False),
        sa.Column("lesson_topic", sa.String(200), nullable=False),
        sa.Column("lesson_form", sa.String(10), nullable=False),
        sa.Column("lesson_hours", sa.Float(), nullable=True),
        sa.Column("is_draft", sa.Boolean(), nullable=False),
        *_timestamps(),
    )
    op.create_index("ix_meeting_branch_held_on", "meeting", ["branch_id", "held_on"])
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("meeting_id", "meeting.id", ondelete="CASCADE"),
        _fk("member_id", "member.id"),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("absence_reason", sa.String(100), nullable=False),
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_meeting_member"),
    )
    op.create_index("ix_meeting_attendance_member_id", "meeting_attendance", ["member_id"])
    op.create_table(
        "meeting_attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("meeting_id", "meeting.id", ondelete="CASCADE"),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("stored_path", sa.String(500), nullable=False),
        sa.Column("added_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_meeting_attachment_meeting_id", "meeting_attachment", ["meeting_id"])
    op.create_table(
        "annual_round",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch.id", ondelete="CASCADE"),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("branch_id", "kind", "year", name="uq_annual_round_branch_kind_year"),
    )
    op.create_table(
        "round_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("round_id", "annual_round.id", ondelete="CASCADE"),
        _fk("member_id", "member.id"),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.UniqueConstraint("round_id", "member_id", name="uq_round_result_round_member"),
    )
    op.create_index("ix_round_result_member_id", "round_result", ["member_id"])


def downgrade() -> None:
    op.drop_table("round_result")
    op.drop_table("annual_round")
    op.drop_table("meeting_attachment")
    op.drop_table("meeting_attendance")
    op.drop_table("meeting")
    op.drop_table("setting")
