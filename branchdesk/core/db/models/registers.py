"""The 组织建设 registers: 发展团员 (applicants), 推优入党 (rounds and candidates), 奖惩 and 考核.

An applicant is not a member: they become one ("转为团员") once the committee above has
approved them, and the register keeps the link to the member it made.
"""

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .member import Member


class Applicant(Timestamped, Base):
    """One person on the way into the League, with the date of every step."""

    __tablename__ = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str] = mapped_column(String(20), default="")
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    #: 递交入团申请书
    applied_on: Mapped[date] = mapped_column(Date)
    #: 确定为入团积极分子 (by the 支委会)
    activist_on: Mapped[date | None] = mapped_column(Date)
    #: 团课 / 团校 training: 学时 and what was attended
    training_hours: Mapped[float | None] = mapped_column(Float)
    training: Mapped[str] = mapped_column(String(200), default="")
    #: 确定为发展对象
    candidate_on: Mapped[date | None] = mapped_column(Date)
    introducer1_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    introducer2_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    #: the 支部团员大会 that voted: day, 应到, 实到, 赞成
    meeting_on: Mapped[date | None] = mapped_column(Date)
    expected: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    #: 上级团委 approval and the 发展团员编号 it issued
    approved_on: Mapped[date | None] = mapped_column(Date)
    development_no: Mapped[str] = mapped_column(String(20), default="")
    #: 入团仪式
    ceremony_on: Mapped[date | None] = mapped_column(Date)
    #: 进行中 / 已入团 / 已终止 (see rules/development.py)
    status: Mapped[str] = mapped_column(String(10), default="进行中")
    closed_on: Mapped[date | None] = mapped_column(Date)
    #: the member made by 转为团员
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    introducer1: Mapped[Member | None] = relationship(foreign_keys=[introducer1_id])
    introducer2: Mapped[Member | None] = relationship(foreign_keys=[introducer2_id])
    member: Mapped[Member | None] = relationship(foreign_keys=[member_id])


class RecommendationRound(Timestamped, Base):
    """One 推优 at a 支部团员大会 (无记名投票): 应到, 实到, the day sent to the Party branch."""

    __tablename__ = "recommendation_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    expected: Mapped[int] = mapped_column(Integer)
    present: Mapped[int] = mapped_column(Integer)
    secret_ballot: Mapped[bool] = mapped_column(Boolean, default=True)
    #: 报送党组织
    sent_on: Mapped[date | None] = mapped_column(Date)
    party_branch: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    candidates: Mapped[list["Recommendation"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Recommendation.id"
    )


class Recommendation(Base):
    """A member put to the vote in a 推优 round, and the votes for them."""

    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("round_id", "member_id", name="uq_recommendation_round_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_round.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    #: 递交入党申请书
    party_application_on: Mapped[date | None] = mapped_column(Date)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    #: "" until the votes are counted; 推荐 / 未通过
    result: Mapped[str] = mapped_column(String(10), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    round: Mapped[RecommendationRound] = relationship(back_populates="candidates")
    member: Mapped[Member] = relationship()


class AwardRecord(Timestamped, Base):
    """表彰/奖励, 帮教 or 处分 of one member."""

    __tablename__ = "award_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[date] = mapped_column(Date)
    #: 级别 (校级, 区级, ...) or the kind of 处分 (警告, 严重警告, ...)
    level: Mapped[str] = mapped_column(String(40), default="")
    #: 授予 / 决定单位
    issuer: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    member: Mapped[Member] = relationship()


class Assessment(Timestamped, Base):
    """A member's 考核 result for a year."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("branch_id", "member_id", "year", name="uq_assessment_branch_member_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")

    member: Mapped[Member] = relationship()
