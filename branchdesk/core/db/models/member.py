"""团员 and the dated history of their status."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.core.rules.member_status import MemberStatus

from .base import ADDED_IN_0005, ADDED_IN_0007, ADDED_IN_0011, Base, Timestamped
from .branch import Branch, Group


class Member(Timestamped, Base):
    __tablename__ = "member"
    __table_args__ = (
        UniqueConstraint("branch_id", "id_number", name="uq_member_branch_id_number"),
        Index("ix_member_branch_status", "branch_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(50))
    #: pinyin initials of the name ("zsf" for 张三丰), for search
    name_initials: Mapped[str] = mapped_column(String(50), default="")
    gender: Mapped[str] = mapped_column(String(2))
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    birth_date: Mapped[date] = mapped_column(Date)
    id_type: Mapped[str] = mapped_column(String(20), default="居民身份证")
    #: None while unknown (a school sheet with 学号 only): the member is 资料不全. No index of its
    #: own (dropped in 0013): every lookup by ID number is within a branch, which
    #: uq_member_branch_id_number's index serves
    id_number: Mapped[str | None] = mapped_column(String(30))
    student_no: Mapped[str] = mapped_column(  # 学号
        String(30), default="", server_default="", sort_order=ADDED_IN_0005
    )
    join_date: Mapped[date | None] = mapped_column(Date)
    join_date_precision: Mapped[str] = mapped_column(String(1), default="M")
    member_card_no: Mapped[str] = mapped_column(String(20), default="")  # 团员证编号
    development_no: Mapped[str] = mapped_column(String(20), default="")  # 发展团员编号
    education: Mapped[str] = mapped_column(String(20), default="")
    political_status: Mapped[str] = mapped_column(String(20), default="共青团员")
    #: 入党: the day the member became a 中共预备党员 (no League dues from that month on)
    probationary_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0007)
    #: the day the 预备党员 became a full 中共党员 (转正)
    full_member_on: Mapped[date | None] = mapped_column(Date, sort_order=ADDED_IN_0007)
    phone: Mapped[str] = mapped_column(String(20), default="")
    league_post: Mapped[str] = mapped_column(String(40), default="")  # 团内职务
    #: No index (dropped in 0014): the one query by group alone is removing a 团小组 (the
    #: foreign key's SET NULL scans the table then: ~12 ms at 50,000 members); a group's
    #: members are otherwise read within their branch, which ix_member_branch_status serves
    group_id: Mapped[int | None] = mapped_column(ForeignKey("branch_group.id", ondelete="SET NULL"))
    work_unit: Mapped[str] = mapped_column(String(100), default="")  # 工作单位/学校班级
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=MemberStatus.ACTIVE)
    status_since: Mapped[date | None] = mapped_column(Date)
    #: bumped by every update; an update of a version read earlier fails (StaleDataError), so
    #: two copies saving the same member never silently overwrite each other
    version: Mapped[int] = mapped_column(
        Integer, default=1, server_default="1", sort_order=ADDED_IN_0011
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy

    branch: Mapped[Branch] = relationship()
    group: Mapped[Group | None] = relationship(foreign_keys=[group_id])
    history: Mapped[list["MemberStatusChange"]] = relationship(
        back_populates="member",
        order_by="MemberStatusChange.changed_on, MemberStatusChange.id",
        cascade="all, delete-orphan",
    )


class MemberStatusChange(Base):
    """One step of the lifecycle: 在册 → 超龄离团 on 2026-05-04 because ..."""

    __tablename__ = "member_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    member: Mapped[Member] = relationship(back_populates="history")
