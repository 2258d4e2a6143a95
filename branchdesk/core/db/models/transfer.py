"""组织关系转接: one transfer (in or out) and, for a transfer out, its numbered letter."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .member import Member


class Transfer(Timestamped, Base):
    __tablename__ = "transfer"
    __table_args__ = (
        # per branch and year, one letter per sequence number (incoming rows have no sequence)
        UniqueConstraint("branch_id", "year", "letter_seq", name="uq_transfer_branch_letter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(4))  # 转出 / 转入
    #: an incoming member has no row until the transfer is accepted
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20), default="")
    #: 转往单位 for a transfer out, 转出单位 (sending organisation) for a transfer in
    other_org: Mapped[str] = mapped_column(String(100), default="")
    #: year of the letter (ours when out, theirs when in); the register filters on it
    year: Mapped[int] = mapped_column(Integer)
    letter_seq: Mapped[int | None] = mapped_column(Integer)
    #: our formatted number (out) or the sending organisation's number (in)
    letter_no: Mapped[str] = mapped_column(String(40), default="")
    validity_days: Mapped[int] = mapped_column(Integer, default=30)
    issued_on: Mapped[date] = mapped_column(Date)  # letter date (ours or theirs)
    completed_on: Mapped[date | None] = mapped_column(Date)  # 回执收到 / 已接收
    closed_on: Mapped[date | None] = mapped_column(Date)  # 撤销 / 退回
    note: Mapped[str] = mapped_column(Text, default="")
    #: JSON: the letter's fields as printed at issue (out), or the member's data (in)
    snapshot: Mapped[str] = mapped_column(Text, default="{}")

    member: Mapped[Member | None] = relationship()
