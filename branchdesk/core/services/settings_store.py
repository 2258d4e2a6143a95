"""Small settings kept in the database (`setting` table), as JSON under a dotted key.

Settings where committees differ are kept per branch: `get_branch_setting` reads the branch's
own value (key ``branch.<id>.<key>``), else the database-wide value (the plain key, where
earlier versions kept it), else the default in BRANCH_SETTING_DEFAULTS.
"""

import json
from typing import Any

from sqlalchemy.orm import Session

from branchdesk.core.db.models import Setting

#: keys of per-branch settings
MEETING_MINIMUMS = "meetings.minimums"
EXCELLENT_CAP = "rounds.excellent_cap_percent"
PREPAY_LIMIT_MONTHS = "dues.prepay_limit_months"
RECOMMEND_CAP = "recommendation.cap_percent"

#: per-branch settings and their defaults (DOMAIN.md)
BRANCH_SETTING_DEFAULTS: dict[str, Any] = {
    MEETING_MINIMUMS: {},  # item → Frequency value, only where it differs from the default
    EXCELLENT_CAP: 30,  # 优秀 at most this % of those evaluated
    PREPAY_LIMIT_MONTHS: 6,  # paying further ahead than this asks for confirmation
    RECOMMEND_CAP: 20,  # 推优入党: recommended at most this % of the branch's members (a warning)
}


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def set_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()


def branch_key(branch_id: int, key: str) -> str:
    return f"branch.{branch_id}.{key}"


def _known(key: str) -> None:
    if key not in BRANCH_SETTING_DEFAULTS:
        raise KeyError(f"unknown branch setting {key!r}")


def get_branch_setting(session: Session, branch_id: int, key: str) -> Any:
    """The branch's value of a per-branch setting, else the database-wide one, else the default."""
    _known(key)
    missing = object()
    value = get_setting(session, branch_key(branch_id, key), missing)
    if value is missing:
        value = get_setting(session, key, missing)
    return BRANCH_SETTING_DEFAULTS[key] if value is missing else value


def set_branch_setting(session: Session, branch_id: int, key: str, value: Any) -> None:
    """Store a per-branch setting for this branch only (other branches keep theirs)."""
    _known(key)
    set_setting(session, branch_key(branch_id, key), value)
