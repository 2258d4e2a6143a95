"""The 团支部, its 团小组 and its 支部委员会."""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import ADDED_IN_0012, Base, Timestamped

if TYPE_CHECKING:
    from .member import Member


class Branch(Timestamped, Base):
    __tablename__ = "branch"
    #: one branch per name in a database (migration 0008)
    __table_args__ = (Index("uq_branch_name", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="其他")
    committee_above: Mapped[str] = mapped_column(String(100), default="")
    founded_on: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: 支部级别 as the committee above names it (printed on the handbook's cover)
    level: Mapped[str] = mapped_column(
        String(20), default="", server_default="", sort_order=ADDED_IN_0012
    )
    #: the committee's term: elected (换届) on, and the next 换届 due
    term_started_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0012)
    term_ends_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0012)

    groups: Mapped[list["Group"]] = relationship(
        back_populates="branch", order_by="Group.sort_order, Group.id", cascade="all, delete-orphan"
    )
    posts: Mapped[list["CommitteePost"]] = relationship(
        back_populates="branch",
        order_by="CommitteePost.sort_order, CommitteePost.id",
        cascade="all, delete-orphan",
    )


class Group(Base):
    """A 团小组 of a large branch, with its 组长."""

    __tablename__ = "branch_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    branch: Mapped[Branch] = relationship(back_populates="groups")
    leader: Mapped["Member | None"] = relationship(foreign_keys=[leader_id])


class CommitteePost(Base):
    """One seat of the 支部委员会: 书记, 副书记, 组织委员, 宣传委员, ..."""

    __tablename__ = "committee_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )
    started_on: Mapped[date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    branch: Mapped[Branch] = relationship(back_populates="posts")
    member: Mapped["Member | None"] = relationship(foreign_keys=[member_id])
