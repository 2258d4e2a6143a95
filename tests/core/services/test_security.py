"""The start-up password: a salted scrypt hash, never the password; the CLI asks for it."""

import pytest
from sqlalchemy import select

from branchdesk.cli import main
from branchdesk.core.db.models import Setting
from branchdesk.core.errors import UserError
from branchdesk.core.services import security


def test_password_is_stored_as_a_salted_hash(db):
    with db.transaction() as s:
        assert not security.password_required(s)
        security.set_password(s, "团支部2026")
    with db.session() as s:
        stored = s.scalars(
            select(Setting.value).where(Setting.key == security.PASSWORD_SETTING)
        ).one()
        assert "团支部2026" not in stored and "scrypt" in stored
        assert security.password_required(s)
        assert security.check_password(s, "团支部2026")
        assert not security.check_password(s, "团支部2025")
    with db.transaction() as s:
        security.set_password(s, "团支部2026")
    with db.session() as s:  # a new salt each time
        assert (
            s.scalars(select(Setting.value).where(Setting.key == security.PASSWORD_SETTING)).one()
            != stored
        )


def test_clearing_needs_the_current_password(db):
    with db.transaction() as s:
        security.set_password(s, "abcd")
    with pytest.raises(UserError, match="不正确"), db.transaction() as s:
        security.clear_password(s, "wrong")
    with db.transaction() as s:
        security.clear_password(s, "abcd")
        assert not security.password_required(s)


def test_too_short(db):
    with pytest.raises(UserError, match="至少"), db.transaction() as s:
        security.set_password(s, "abc")


def test_cli_needs_the_password(db, monkeypatch, capsys, tmp_path):
    with db.transaction() as s:
        security.set_password(s, "abcd")
    argv = ["--db", str(db.sqlite_path), "export", "roster", str(tmp_path / "r.xlsx")]
    monkeypatch.delenv(security.PASSWORD_ENV, raising=False)
    assert main(argv) == 1  # stdin is not a terminal under pytest
    assert security.PASSWORD_ENV in capsys.readouterr().err
    monkeypatch.setenv(security.PASSWORD_ENV, "wrong")
    assert main(argv) == 1
    assert "启动密码不正确" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()
    monkeypatch.setenv(security.PASSWORD_ENV, "abcd")
    assert main(["--db", str(db.sqlite_path), "backup", str(tmp_path / "b.db")]) == 0
    # restoring over a database with a password needs it too
    monkeypatch.setenv(security.PASSWORD_ENV, "wrong")
    assert main(["--db", str(db.sqlite_path), "restore", str(tmp_path / "b.db"), "--yes"]) == 1
