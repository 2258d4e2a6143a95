"""All ORM models; importing this package registers every table on Base.metadata.

Each feature adds its module here (and an Alembic migration for its tables).
"""

from .audit import AuditEntry
from .base import Base
from .branch import Branch, CommitteePost, Group
from .dues import (
    DuesExemption,
    DuesHandover,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    MemberDuesCategory,
)
from .handbook import YearText
from .meeting import Meeting, MeetingAttachment, MeetingAttendance
from .member import Member, MemberStatusChange
from .registers import Applicant, Assessment, AwardRecord, Recommendation, RecommendationRound
from .rounds import AnnualRound, RoundResult
from .setting import Setting
from .transfer import Transfer

__all__ = [
    "Applicant",
    "Assessment",
    "AwardRecord",
    "Recommendation",
    "RecommendationRound",
    "AuditEntry",
    "AnnualRound",
    "Meeting",
    "MeetingAttachment",
    "MeetingAttendance",
    "RoundResult",
    "Setting",
    "Base",
    "Branch",
    "CommitteePost",
    "DuesExemption",
    "DuesHandover",
    "DuesPayment",
    "DuesSetting",
    "DuesStandard",
    "MemberDuesCategory",
    "Group",
    "Member",
    "MemberStatusChange",
    "Transfer",
    "YearText",
]
