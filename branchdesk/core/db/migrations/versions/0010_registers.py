"""组织建设 registers: 发展团员 applicants, 推优入党 rounds and candidates, 奖惩, 考核.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    ]


def _branch() -> sa.Column:
    return sa.Column(
        "branch_id", sa.Integer(), sa.ForeignKey("branch.id", ondelete="CASCADE"), nullable=False
    )


def _member(name: str = "member_id", nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("member.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "applicant",
        sa.Column("id", sa.Integer(), primary_key=True),
        _branch(),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("gender", sa.String(2), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("id_number", sa.String(30), nullable=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("work_unit", sa.String(100), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("activist_on", sa.Date(), nullable=True),
        sa.Column("training_hours", sa.Float(), nullable=True),
        sa.Column("training", sa.String(200), nullable=False),
        sa.Column("candidate_on", sa.Date(), nullable=True),
        _member("introducer1_id", nullable=True),
        _member("introducer2_id", nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("development_no", sa.String(20), nullable=False),
        sa.Column("ceremony_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        _member(nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        *_stamps(),
    )
    for column in ("branch_id", "introducer1_id", "introducer2_id", "member_id"):
        op.create_index(f"ix_applicant_{column}", "applicant", [column])

    op.create_table(
        "recommendation_round",
        sa.Column("id", sa.Integer(), primary_key=True),
        _branch(),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("secret_ballot", sa.Boolean(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("party_branch", sa.String(100), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_recommendation_round_branch_id", "recommendation_round", ["branch_id"])
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer(),
            sa.ForeignKey("recommendation_round.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _member(),
        sa.Column("party_application_on", sa.Date(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.UniqueConstraint("round_id", "member_id", name="uq_recommendation_round_member"),
    )
    op.create_index("ix_recommendation_round_id", "recommendation", ["round_id"])
    op.create_index("ix_recommendation_member_id", "recommendation", ["member_id"])

    op.create_table(
        "award_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        _branch(),
        _member(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("issuer", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_award_record_branch_id", "award_record", ["branch_id"])
    op.create_index("ix_award_record_member_id", "award_record", ["member_id"])

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        _branch(),
        _member(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        *_stamps(),
        sa.UniqueConstraint(
            "branch_id", "member_id", "year", name="uq_assessment_branch_member_year"
        ),
    )
    op.create_index("ix_assessment_member_id", "assessment", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_assessment_member_id", table_name="assessment")
    op.drop_table("assessment")
    op.drop_index("ix_award_record_member_id", table_name="award_record")
    op.drop_index("ix_award_record_branch_id", table_name="award_record")
    op.drop_table("award_record")
    op.drop_index("ix_recommendation_member_id", table_name="recommendation")
    op.drop_index("ix_recommendation_round_id", table_name="recommendation")
    op.drop_table("recommendation")
    op.drop_index("ix_recommendation_round_branch_id", table_name="recommendation_round")
    op.drop_table("recommendation_round")
    for column in ("member_id", "introducer2_id", "introducer1_id", "branch_id"):
        op.drop_index(f"ix_applicant_{column}", table_name="applicant")
    op.drop_table("applicant")
