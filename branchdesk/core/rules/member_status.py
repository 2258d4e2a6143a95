"""A member's status is a lifecycle, not a delete (DOMAIN.md)."""

from enum import StrEnum


class MemberStatus(StrEnum):
    ACTIVE = "在册"
    TRANSFERRING_OUT = "转出中"
    TRANSFERRED_OUT = "已转出"
    AGED_OUT = "超龄离团"
    WITHDRAWN = "退团"
    REMOVED = "除名"
    EXPELLED = "开除团籍"
    DECEASED = "去世"


#: Statuses a secretary may archive an active member with directly.
ARCHIVE_STATUSES = (
    MemberStatus.AGED_OUT,
    MemberStatus.WITHDRAWN,
    MemberStatus.REMOVED,
    MemberStatus.EXPELLED,
    MemberStatus.DECEASED,
)

#: Statuses that count as "on the roster" (owe dues, attend meetings).
ON_ROSTER = frozenset({MemberStatus.ACTIVE, MemberStatus.TRANSFERRING_OUT})

ALLOWED_TRANSITIONS: dict[MemberStatus, frozenset[MemberStatus]] = {
    MemberStatus.ACTIVE: frozenset({MemberStatus.TRANSFERRING_OUT, *ARCHIVE_STATUSES}),
    MemberStatus.TRANSFERRING_OUT: frozenset(
        {MemberStatus.ACTIVE, MemberStatus.TRANSFERRED_OUT, *ARCHIVE_STATUSES}
    ),
    # Restoring an archived member (a mistake undone, a transfer back in) returns them to 在册.
    **{s: frozenset({MemberStatus.ACTIVE}) for s in ARCHIVE_STATUSES},
    MemberStatus.TRANSFERRED_OUT: frozenset({MemberStatus.ACTIVE}),
}


def can_change(current: str, new: str) -> bool:
    return MemberStatus(new) in ALLOWED_TRANSITIONS[MemberStatus(current)]


def is_archived(status: str) -> bool:
    return MemberStatus(status) not in ON_ROSTER
