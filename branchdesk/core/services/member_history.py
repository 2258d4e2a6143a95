"""What a member's detail view lists under their fields: one section per kind of record.

Features append a provider to HISTORY_SECTIONS (meetings attended, dues paid, transfers...);
each returns a titled table, or None when it has nothing to say about this member.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from branchdesk.core.rules.partial_date import format_partial
from branchdesk.core.services.members import MemberDetail, member_detail


@dataclass
class HistorySection:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty_text: str = "暂无记录"


HistoryProvider = Callable[[Session, int], HistorySection | None]


def status_section(session: Session, member_id: int) -> HistorySection:
    detail = member_detail(session, member_id)
    return HistorySection(
        title="状态变动",
        headers=["日期", "原状态", "新状态", "原因"],
        rows=[
            [format_partial(h.changed_on, "D"), h.from_status or "—", h.to_status, h.reason]
            for h in detail.history
        ],
    )


#: Later features append their providers (meetings, dues, transfers); shown in this order.
HISTORY_SECTIONS: list[HistoryProvider] = [status_section]


def history_sections(session: Session, member_id: int) -> list[HistorySection]:
    sections = (provider(session, member_id) for provider in HISTORY_SECTIONS)
    return [s for s in sections if s is not None]


@dataclass
class MemberView:
    """Everything the member detail dialog shows."""

    detail: MemberDetail
    sections: list[HistorySection]


def member_view(session: Session, member_id: int) -> MemberView:
    return MemberView(member_detail(session, member_id), history_sections(session, member_id))
