"""Backups: online backup API copies, rotation, listing with counts, restore keeping the
current database aside; the CLI's backup and restore; PostgreSQL is the server's job."""

import shutil
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from branchdesk.cli import main
from branchdesk.core.db import backups
from branchdesk.core.db.database import Database
from branchdesk.core.db.models import DuesPayment, Meeting, Member
from branchdesk.core.errors import UserError
from tests.core.db.test_old_databases import FIXTURES, snapshot


def test_backup_is_a_complete_private_copy(demo_db, tmp_path):
    info = backups.backup_to(demo_db, tmp_path / "out" / "copy.db")
    assert snapshot(info.path) == snapshot(demo_db.sqlite_path)
    with demo_db.session() as s:
        assert info.counts == {
            "团员": s.scalar(select(func.count(Member.id))),
            "会议": s.scalar(select(func.count(Meeting.id))),
            "团费缴费": s.scalar(select(func.count(DuesPayment.id))),
        }
    assert info.counts["团员"] > 0
    if sys.platform != "win32":
        assert info.path.stat().st_mode & 0o777 == 0o600


def test_automatic_backups_at_most_daily_and_rotated(demo_db):
    day = datetime(2026, 11, 1, 18, 0)
    made = [backups.auto_backup(demo_db, keep=3, now=day)]
    assert backups.auto_backup(demo_db, keep=3, now=day + timedelta(hours=5)) is None
    for n in range(1, 5):
        made.append(backups.auto_backup(demo_db, keep=3, now=day + timedelta(days=n)))
    listed = backups.list_backups(demo_db)
    assert [i.path for i in listed] == [i.path for i in reversed(made[-3:])]
    assert listed[0].made_at == day + timedelta(days=4)
    assert "团员 60" in listed[0].label()


def test_keep_setting(demo_db):
    assert backups.backup_keep(demo_db) == backups.DEFAULT_KEEP
    with demo_db.transaction() as s:
        backups.set_backup_keep(s, 4)
    assert backups.backup_keep(demo_db) == 4
    with pytest.raises(UserError, match="1 到 365"), demo_db.transaction() as s:
        backups.set_backup_keep(s, 0)


def test_restore_of_yesterdays_backup_gives_yesterdays_records_exactly(demo_db, tmp_path, capsys):
    path = demo_db.sqlite_path
    yesterday = tmp_path / "yesterday.db"
    assert main(["--db", str(path), "backup", str(yesterday)]) == 0
    assert "已备份到" in capsys.readouterr().out
    expected = snapshot(yesterday)
    with demo_db.transaction() as s:  # today's work
        s.execute(delete(DuesPayment))
        s.execute(Member.__table__.update().values(note="今天改过"))
    demo_db.dispose()
    assert snapshot(path) != expected

    assert main(["--db", str(path), "restore", str(yesterday), "--yes"]) == 0
    out = capsys.readouterr().out
    assert snapshot(path) == expected
    (aside,) = path.parent.glob("backups/*-before-restore.db")
    assert str(aside) in out
    assert all(
        row["note"] == "今天改过" for row in snapshot(aside)["member"].values()
    )  # today's records kept aside
    assert not snapshot(aside)["dues_payment"]


def test_restore_asks_unless_yes(demo_db, tmp_path, capsys, monkeypatch):
    copy = backups.backup_to(demo_db, tmp_path / "b.db").path
    monkeypatch.setattr(sys, "stdin", open(__file__))  # not a terminal
    assert main(["--db", str(demo_db.sqlite_path), "restore", str(copy)]) == 1
    assert "--yes" in capsys.readouterr().err


def test_restore_replaces_a_broken_database_and_keeps_it(tmp_path, demo_db):
    good = backups.backup_to(demo_db, tmp_path / "good.db").path
    broken = tmp_path / "home" / "branchdesk.db"
    broken.parent.mkdir()
    broken.write_bytes(b"")
    aside = backups.restore(broken, good)
    assert aside is not None and aside.stat().st_size == 0
    db = Database.open(broken)
    with db.session() as s:
        assert s.scalar(select(func.count(Member.id))) == 60
    db.dispose()


def test_restore_of_an_old_version_backup_is_upgraded(tmp_path, capsys):
    old = tmp_path / "old-backup.db"
    shutil.copyfile(FIXTURES / "branchdesk-0002.db", old)
    target = tmp_path / "branchdesk.db"
    Database.open(target).dispose()
    assert main(["--db", str(target), "restore", str(old), "--yes"]) == 0
    db = Database.open(target)
    with db.session() as s:
        assert s.scalar(select(func.count(Meeting.id))) > 0
    db.dispose()


@pytest.mark.parametrize("content", [b"", b"not a database at all"])
def test_restore_refuses_what_is_not_a_backup(tmp_path, demo_db, content, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = snapshot(demo_db.sqlite_path)
    demo_db.dispose()
    assert main(["--db", str(demo_db.sqlite_path), "restore", str(bad), "--yes"]) == 1
    assert "不是团支部工作台的数据库备份" in capsys.readouterr().err
    assert snapshot(demo_db.sqlite_path) == before


def test_postgres_backups_are_the_servers_job(capsys):
    url = "postgresql+psycopg2://u:p@127.0.0.1:1/none"
    assert main(["--db", url, "restore", "x.db", "--yes"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err

    class PgDb:
        sqlite_path = None

    with pytest.raises(UserError, match="服务器"):
        backups.backup_to(PgDb(), "x.db")
    assert backups.auto_backup(PgDb()) is None
