"""Batch 超龄离团: members who are, or soon will be, 28 and hold no League post (DOMAIN.md)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Group, Member
from branchdesk.core.errors import UserError
from branchdesk.core.rules import ages
from branchdesk.core.rules.member_status import MemberStatus
from branchdesk.core.services import members
from branchdesk.core.services.branches import committee_member_ids

DEFAULT_REASON = "年满28周岁，超龄离团"


@dataclass(frozen=True)
class AgeOutCandidate:
    member_id: int
    name: str
    id_number: str
    birth_date: date
    turns_28_on: date
    political_status: str
    group_name: str


def age_out_candidates(
    session: Session, branch_id: int, today: date, months: int = ages.AGE_OUT_WARNING_MONTHS
) -> list[AgeOutCandidate]:
    """在册 members 28 or older, or turning 28 within `months` months, without any post."""
    posted = committee_member_ids(session, branch_id)
    query = (
        select(Member, Group.name)
        .outerjoin(Group, Member.group_id == Group.id)
        .where(Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE)
    )
    found = []
    for member, group_name in session.execute(query):
        if member.id in posted or member.league_post.strip():
            continue
        if not ages.reaches_max_age_within(member.birth_date, today, months):
            continue
        found.append(
            AgeOutCandidate(
                member_id=member.id,
                name=member.name,
                id_number=member.id_number or "",
                birth_date=member.birth_date,
                turns_28_on=ages.age_out_date(member.birth_date),
                political_status=member.political_status,
                group_name=group_name or "",
            )
        )
    return sorted(found, key=lambda c: (c.turns_28_on, c.name))


def archive_aged_out(
    session: Session, branch_id: int, member_ids: list[int], on: date, reason: str = DEFAULT_REASON
) -> int:
    """Mark the chosen members 超龄离团 with one date and reason (caller's transaction)."""
    if not member_ids:
        raise UserError("请至少选择一名团员。")
    if not reason.strip():
        raise UserError("请填写离团原因。")
    for member_id in member_ids:
        member = members.change_status(
            session, member_id, MemberStatus.AGED_OUT, on, reason.strip()
        )
        if member.branch_id != branch_id:
            raise UserError(f"{member.name}不属于当前团支部。")
    return len(member_ids)
