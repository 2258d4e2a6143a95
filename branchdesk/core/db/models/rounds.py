"""The yearly 团员教育评议 and 团籍注册 rounds and each member's result.

A round is held on a day, at a 支部团员大会; its list is the members on the roster that day.
The committee above approves it on a later day.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import ADDED_IN_0006, Base, Timestamped
from .member import Member


class AnnualRound(Timestamped, Base):
    """One round a year per kind: 评议 (evaluation) or 注册 (registration)."""

    __tablename__ = "annual_round"
    __table_args__ = (
        UniqueConstraint("branch_id", "kind", "year", name="uq_annual_round_branch_kind_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    opened_on: Mapped[date] = mapped_column(Date)
    #: the day of the round (the 支部团员大会 that held it); its list is who was in the branch
    held_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0006)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True, sort_order=ADDED_IN_0006
    )
    #: 上级团委 approval
    approved_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0006)

    results: Mapped[list["RoundResult"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundResult.id"
    )


class RoundResult(Base):
    __tablename__ = "round_result"
    __table_args__ = (
        UniqueConstraint("round_id", "member_id", name="uq_round_result_round_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("annual_round.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    #: "" until recorded
    result: Mapped[str] = mapped_column(String(10), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    round: Mapped[AnnualRound] = relationship(back_populates="results")
    member: Mapped[Member] = relationship()
