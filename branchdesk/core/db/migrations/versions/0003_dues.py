"""团费 (dues standards, categories, payments, hand-over).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(column: str, table: str) -> sa.Column:
    return sa.Column(
        column, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "dues_setting",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch"),
        sa.Column("records_from", sa.Date(), nullable=False),
        sa.Column("threshold_fen", sa.Integer(), nullable=False),
        sa.Column("low_fen", sa.Integer(), nullable=False),
        sa.Column("per_mille", sa.Integer(), nullable=False),
        sa.Column("cap_fen", sa.Integer(), nullable=False),
        sa.UniqueConstraint("branch_id", name="uq_dues_setting_branch_id"),
    )
    op.create_table(
        "dues_standard",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch"),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("fen_per_month", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.UniqueConstraint("branch_id", "category", name="uq_dues_standard_branch_category"),
    )
    op.create_index("ix_dues_standard_branch_id", "dues_standard", ["branch_id"])
    op.create_table(
        "member_dues_category",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("member_id", "member"),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("monthly_income_fen", sa.Integer(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.UniqueConstraint("member_id", "effective_from", name="uq_member_dues_category_month"),
    )
    op.create_index("ix_member_dues_category_member_id", "member_dues_category", ["member_id"])
    op.create_table(
        "dues_payment",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch"),
        _fk("member_id", "member"),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("last_month", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("proposed_fen", sa.Integer(), nullable=False),
        sa.Column("edit_reason", sa.String(200), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("collector", sa.String(50), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("receipt_year", sa.Integer(), nullable=False),
        sa.Column("receipt_seq", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("void_reason", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint(
            "branch_id", "receipt_year", "receipt_seq", name="uq_dues_payment_receipt"
        ),
    )
    op.create_index("ix_dues_payment_branch_id", "dues_payment", ["branch_id"])
    op.create_index("ix_dues_payment_member_id", "dues_payment", ["member_id"])
    op.create_table(
        "dues_exemption",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("member_id", "member"),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("last_month", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
    )
    op.create_index("ix_dues_exemption_member_id", "dues_exemption", ["member_id"])
    op.create_table(
        "dues_handover",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("branch_id", "branch"),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(40), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
    )
    op.create_index("ix_dues_handover_branch_id", "dues_handover", ["branch_id"])


def downgrade() -> None:
    for table in (
        "dues_handover",
        "dues_exemption",
        "dues_payment",
        "member_dues_category",
        "dues_standard",
        "dues_setting",
    ):
        op.drop_table(table)
