"""操作记录: who changed what, when — table, action and record id only, never the content."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    #: the operating-system user who ran BranchDesk
    user: Mapped[str] = mapped_column(String(100))
    table_name: Mapped[str] = mapped_column(String(50))
    #: 新增 / 修改 / 删除 (批量… for one statement over many rows)
    action: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[str] = mapped_column(String(100))
