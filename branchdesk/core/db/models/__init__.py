"""All ORM models; importing this package registers every table on Base.metadata.

Each feature adds its module here (and an Alembic migration for its tables).
"""

from .base import Base
from .branch import Branch, CommitteePost, Group
from .member import Member, MemberStatusChange

__all__ = ["Base", "Branch", "CommitteePost", "Group", "Member", "MemberStatusChange"]
