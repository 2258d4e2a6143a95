"""三会两制一课: a meeting, who attended it, and the files linked to it."""

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import ADDED_IN_0012, Base, Timestamped
from .branch import Branch, Group
from .member import Member


class Meeting(Timestamped, Base):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_branch_held_on", "branch_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    #: the form of a 组织生活会: 专题组织生活会 or 民主评议
    subkind: Mapped[str] = mapped_column(
        String(20), default="", server_default="", sort_order=ADDED_IN_0012
    )
    #: the 团小组 of a 团小组会
    group_id: Mapped[int | None] = mapped_column(ForeignKey("branch_group.id", ondelete="SET NULL"))
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    topics: Mapped[str] = mapped_column(Text, default="")  # 议题
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")  # 决议
    guests: Mapped[str] = mapped_column(Text, default="")  # 列席
    vote: Mapped[str] = mapped_column(Text, default="")  # 表决情况
    # 团课 only
    speaker: Mapped[str] = mapped_column(String(50), default="")
    lesson_topic: Mapped[str] = mapped_column(String(200), default="")
    lesson_form: Mapped[str] = mapped_column(String(10), default="")
    lesson_hours: Mapped[float | None] = mapped_column(Float)
    is_draft: Mapped[bool] = mapped_column(Boolean, default=False)

    branch: Mapped[Branch] = relationship()
    group: Mapped[Group | None] = relationship()
    host: Mapped[Member | None] = relationship(foreign_keys=[host_id])
    recorder: Mapped[Member | None] = relationship(foreign_keys=[recorder_id])
    attendance: Mapped[list["MeetingAttendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttendance.id"
    )
    attachments: Mapped[list["MeetingAttachment"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttachment.id"
    )


class MeetingAttendance(Base):
    """One member who should attend: present, or absent with a reason."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_meeting_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    absence_reason: Mapped[str] = mapped_column(String(100), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[Member] = relationship()


class MeetingAttachment(Base):
    """A photo or scan copied into the data folder (path relative to it)."""

    __tablename__ = "meeting_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")
