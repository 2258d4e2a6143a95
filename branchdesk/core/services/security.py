"""The optional start-up password: a salted scrypt hash in the database's settings, never the
password itself. It keeps a passer-by out of the app on a shared office PC; it does not encrypt
the database file (the 设置 page says so)."""

import hashlib
import hmac
import os

from sqlalchemy.orm import Session

from branchdesk.core import home_cache
from branchdesk.core.errors import UserError
from branchdesk.core.services.settings_store import get_setting, set_setting

PASSWORD_SETTING = "security.password"
PASSWORD_ENV = "BRANCHDESK_PASSWORD"
#: scrypt cost (2^14, r=8: ~16 MB, ~50 ms): slow for guessing, quick for one check
N, R, P = 2**14, 8, 1
MIN_LENGTH = 4


def _hash(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def password_required(session: Session) -> bool:
    return bool(get_setting(session, PASSWORD_SETTING))


def set_password(session: Session, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError(f"启动密码至少 {MIN_LENGTH} 个字符。")
    salt = os.urandom(16)
    set_setting(
        session,
        PASSWORD_SETTING,
        {"scrypt": _hash(password, salt).hex(), "salt": salt.hex(), "n": N, "r": R, "p": P},
    )
    # the home page kept for the next start (names, alerts) goes now, not at the window's close
    home_cache.forget()


def clear_password(session: Session, current: str) -> None:
    require_password(session, current)
    set_setting(session, PASSWORD_SETTING, None)


def check_password(session: Session, password: str) -> bool:
    stored = get_setting(session, PASSWORD_SETTING)
    if not stored:
        return True
    try:
        expected = bytes.fromhex(stored["scrypt"])
        actual = _hash(
            password, bytes.fromhex(stored["salt"]), stored["n"], stored["r"], stored["p"]
        )
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(expected, actual)


def require_password(session: Session, password: str | None) -> None:
    if not check_password(session, password or ""):
        raise UserError("启动密码不正确。")


def database_password_required(db) -> bool:
    """Whether the open database `db` asks for a start-up password."""
    with db.session() as session:
        return password_required(session)


def database_password_ok(db, password: str) -> bool:
    with db.session() as session:
        return check_password(session, password)
