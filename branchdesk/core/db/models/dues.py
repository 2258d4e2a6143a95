"""团费: the branch's standards, members' categories (with history), payments, exemptions, 上缴.

Months are stored as the 1st of the month (a `date`); money as integer fen.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.core.rules.dues_standards import receipt_number

from .base import Base, Timestamped


class DuesSetting(Base):
    """Per-branch dues settings: where the records start and the salaried formula."""

    __tablename__ = "dues_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), unique=True)
    #: months before this are not counted as owed (the branch's records start here)
    records_from: Mapped[date] = mapped_column(Date)
    threshold_fen: Mapped[int] = mapped_column(Integer, default=200_000)
    low_fen: Mapped[int] = mapped_column(Integer, default=300)
    per_mille: Mapped[int] = mapped_column(Integer, default=2)
    cap_fen: Mapped[int] = mapped_column(Integer, default=2_000)


class DuesStandard(Base):
    """One row of the branch's standards table: category → fen per month (or the formula)."""

    __tablename__ = "dues_standard"
    __table_args__ = (
        UniqueConstraint("branch_id", "category", name="uq_dues_standard_branch_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # rules.dues_standards.Kind
    fen_per_month: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(100), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MemberDuesCategory(Base):
    """From `effective_from` on, the member pays as `category` (e.g. a student who starts work)."""

    __tablename__ = "member_dues_category"
    __table_args__ = (
        UniqueConstraint("member_id", "effective_from", name="uq_member_dues_category_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    monthly_income_fen: Mapped[int | None] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")


class DuesPayment(Timestamped, Base):
    """One payment by one member for the months first_month..last_month, with its receipt."""

    __tablename__ = "dues_payment"
    __table_args__ = (
        UniqueConstraint(
            "branch_id", "receipt_year", "receipt_seq", name="uq_dues_payment_receipt"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    first_month: Mapped[date] = mapped_column(Date)
    last_month: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(Integer)
    proposed_fen: Mapped[int] = mapped_column(Integer)
    #: why the amount differs from the standard's proposal (required then)
    edit_reason: Mapped[str] = mapped_column(String(200), default="")
    paid_on: Mapped[date] = mapped_column(Date)
    collector: Mapped[str] = mapped_column(String(50), default="")
    method: Mapped[str] = mapped_column(String(10), default="现金")
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_seq: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    #: 作废: a wrong entry is voided with a reason, never deleted (its receipt number stays used)
    void_reason: Mapped[str] = mapped_column(String(200), default="")

    @property
    def receipt_no(self) -> str:
        return receipt_number(self.receipt_year, self.receipt_seq)


class DuesExemption(Base):
    """Months a member is exempt (hardship, approved above), with the reason."""

    __tablename__ = "dues_exemption"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    first_month: Mapped[date] = mapped_column(Date)
    last_month: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))


class DuesHandover(Base):
    """上缴: money handed over to the committee above, with its receipt number."""

    __tablename__ = "dues_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    handed_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
