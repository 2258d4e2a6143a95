"""The fixed texts of the 团支部工作手册 (使用说明, 委员职责, 发展团员工作程序).

Each has a default in resources/handbook/; a branch may keep its own wording (its 团委's
edition), stored in the settings under ``branch.<id>.handbook.text.<name>``. Saving the default
text again, or an empty text, goes back to the default.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.core.errors import UserError
from branchdesk.core.paths import resource
from branchdesk.core.services.settings_store import branch_key, get_setting, set_setting

MAX_TEXT_LENGTH = 20_000


@dataclass(frozen=True)
class FixedText:
    name: str
    title: str
    file: str


FIXED_TEXTS: tuple[FixedText, ...] = (
    FixedText("instructions", "使用说明", "instructions.txt"),
    FixedText("duties", "团支部委员职责", "duties.txt"),
    FixedText("procedure", "发展团员工作程序", "development_procedure.txt"),
)
_BY_NAME = {t.name: t for t in FIXED_TEXTS}


def fixed_text(name: str) -> FixedText:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UserError(f"没有名为“{name}”的手册文字。") from None


def default_text(name: str) -> str:
    return resource("handbook", fixed_text(name).file).read_text(encoding="utf-8").strip()


def _key(branch_id: int, name: str) -> str:
    return branch_key(branch_id, f"handbook.text.{name}")


def handbook_text(session: Session, branch_id: int, name: str) -> str:
    """The branch's own wording of the text, else the default."""
    own = get_setting(session, _key(branch_id, fixed_text(name).name))
    return own if isinstance(own, str) and own.strip() else default_text(name)


def is_customised(session: Session, branch_id: int, name: str) -> bool:
    own = get_setting(session, _key(branch_id, fixed_text(name).name))
    return isinstance(own, str) and bool(own.strip())


def save_handbook_text(session: Session, branch_id: int, name: str, text: str) -> bool:
    """Keep the branch's wording; returns False when it went back to the default."""
    fixed_text(name)
    text = (text or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise UserError(f"文字太长（{len(text)} 字），请不要超过 {MAX_TEXT_LENGTH} 字。")
    own = text if text and text != default_text(name) else None
    set_setting(session, _key(branch_id, name), own)
    return own is not None
