"""Private by default: owner-only files, no ID numbers, phones or SQL parameters in error
messages and error.log, literal % and _ in search, and no network connection at all."""

import socket
import sys
from datetime import date

import pytest
from sqlalchemy import insert

from branchdesk.cli import main
from branchdesk.core.db.models import Member
from branchdesk.core.errorlog import log_path
from branchdesk.core.paths import data_dir
from branchdesk.core.privacy import mask_personal

ID = "11010519491231002X"
PHONE = "13912345678"


def test_masking():
    text = f"身份证 {ID}，手机 {PHONE}，旧号 110105491231002，团员证 12345678，编号 201912345678"
    masked = mask_personal(text)
    assert ID not in masked and PHONE not in masked and "110105491231002" not in masked
    assert "110105********002X" in masked and "139****5678" in masked
    assert "12345678" in masked and "201912345678" in masked  # not personal: left alone


def test_provoked_failures_leak_nothing(db, branch_id, monkeypatch, capsys):
    """A database error carrying personal data as SQL parameters, and a bug whose message
    holds them: neither the message nor error.log contains them."""
    from branchdesk.core.io import roster_export

    def failing_insert(*_args, **_kwargs):
        with db.transaction() as s:  # NOT NULL violated, with an ID number and phone as parameters
            s.execute(
                insert(Member).values(branch_id=branch_id, name=None, id_number=ID, phone=PHONE)
            )

    monkeypatch.setattr(roster_export, "roster_table", failing_insert)
    out = str(data_dir() / "x.xlsx")
    assert main(["--db", str(db.sqlite_path), "export", "roster", out]) == 1

    def buggy(*_args, **_kwargs):
        raise ValueError(f"cannot handle {ID} / {PHONE}")

    monkeypatch.setattr(roster_export, "roster_table", buggy)
    assert main(["--db", str(db.sqlite_path), "export", "roster", out]) == 1
    err = capsys.readouterr().err
    log = log_path().read_text(encoding="utf-8")
    assert "IntegrityError" in log and "ValueError" in log  # both failures were logged
    for text in (err, log):
        assert ID not in text and PHONE not in text
        assert "110105********002X" in text
    assert "parameters hidden" in log  # SQLAlchemy's hide_parameters
    if sys.platform != "win32":
        assert log_path().stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_data_folder_database_and_backups_are_owner_only(demo_db, tmp_path):
    from branchdesk.core.db import backups

    assert data_dir().stat().st_mode & 0o777 == 0o700
    assert demo_db.sqlite_path.stat().st_mode & 0o777 == 0o600
    assert demo_db.sqlite_path.parent.stat().st_mode & 0o777 == 0o700
    info = backups.auto_backup(demo_db)
    assert info.path.stat().st_mode & 0o777 == 0o600
    assert info.path.parent.stat().st_mode & 0o777 == 0o700


def test_search_treats_percent_and_underscore_as_text(db, branch_id):
    from branchdesk.core.services import meetings
    from branchdesk.core.services.meetings import MeetingData

    with db.transaction() as s:
        ids = {
            topic: meetings.save_meeting(
                s, branch_id, MeetingData(kind="支部委员会", held_on=date(2026, 3, d), topics=topic)
            )
            for d, topic in enumerate(("完成率100%", "a_b 讨论", "ab 讨论", "普通议题"), start=1)
        }
    with db.session() as s:

        def found(needle: str) -> set[str]:
            rows = meetings.list_meetings(s, branch_id, 2026, search=needle)
            return {topic for topic, mid in ids.items() if mid in {m.id for m in rows}}

        assert found("%") == {"完成率100%"}
        assert found("_") == {"a_b 讨论"}
        assert found("a_b") == {"a_b 讨论"}
        assert found("讨论") == {"a_b 讨论", "ab 讨论"}


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to connect anywhere is recorded (and refused)."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


def test_cli_commands_open_no_network_connection(no_network, tmp_path, capsys):
    db = str(tmp_path / "n.db")
    for argv in (
        ["demo"],
        ["export", "roster", str(tmp_path / "r.xlsx")],
        ["export", "dues", str(tmp_path / "d.xlsx")],
        ["handbook", "-o", str(tmp_path / "h.pdf"), "--sections", "profile,roster"],
        ["receipts", "-o", str(tmp_path / "receipts.pdf")],
        ["backup", str(tmp_path / "b.db")],
        ["restore", str(tmp_path / "b.db"), "--yes"],
    ):
        assert main(["--db", db, *argv]) in (0, 1), (argv, capsys.readouterr().err)
    assert no_network == []


def test_gui_start_up_and_every_page_open_no_network_connection(no_network, demo_db, qtbot):
    from branchdesk.app import create_application, open_main_window
    from branchdesk.ui import ops
    from branchdesk.ui.main_window import PAGES

    create_application()
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    for row in range(len(PAGES)):
        window.nav.setCurrentRow(row)
        ops.wait_idle()
    assert no_network == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_database_in_a_shared_folder_leaves_the_folder_alone(tmp_path):
    from branchdesk.core.db.database import Database

    common = tmp_path / "common"
    common.mkdir()
    common.chmod(0o1777)  # like /tmp
    db = Database.open(common / "branchdesk.db")
    from branchdesk.core.db import backups

    backups.auto_backup(db)
    db.dispose()
    assert common.stat().st_mode & 0o7777 == 0o1777
    assert (common / "branchdesk.db").stat().st_mode & 0o777 == 0o600
    assert (common / "backups").stat().st_mode & 0o777 == 0o700  # made by us: private
