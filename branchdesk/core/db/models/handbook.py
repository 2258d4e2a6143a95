"""The year's 工作计划 and 工作总结 as the secretary writes them, printed in the handbook."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .meeting import Meeting


class YearText(Timestamped, Base):
    """One text of a year (kind: 'plan' = 年度工作计划, 'summary' = 年度工作总结), with the
    meeting that approved it (a 支部团员大会 or 支部委员会)."""

    __tablename__ = "year_text"
    __table_args__ = (
        UniqueConstraint("branch_id", "year", "kind", name="uq_year_text_branch_year_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    #: approved on (the meeting's day when a meeting is chosen; kept for a text approved
    #: at a meeting not recorded here)
    approved_on: Mapped[date | None] = mapped_column(Date)

    meeting: Mapped[Meeting | None] = relationship()
