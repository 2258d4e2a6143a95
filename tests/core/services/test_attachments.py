"""Meeting attachments live in their own database's folder, paths read back from the database are
never followed outside it, and files go only when the transaction commits (issue 13)."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import MeetingAttachment
from branchdesk.core.errors import UserError
from branchdesk.core.io import attachment_store
from branchdesk.core.services import meetings
from branchdesk.core.services.branches import create_branch
from branchdesk.core.services.meetings import MeetingData


def _draft_with_photo(db: Database, photo: Path) -> tuple[int, Path]:
    with db.transaction() as s:
        branch_id = create_branch(s, "测试团支部").id
        meeting_id = meetings.save_meeting(
            s, branch_id, MeetingData("支部委员会", date(2026, 2, 2)), draft=True
        )
        row = meetings.add_attachment(s, meeting_id, photo)
    return meeting_id, row.full_path


@pytest.fixture
def photo(tmp_path) -> Path:
    path = tmp_path / "会场.jpg"
    path.write_bytes(b"photo")
    return path


@pytest.fixture
def two_databases(tmp_path):
    """Two databases in one folder (as a committee secretary keeps them), both with meeting 1."""
    a = Database.open(tmp_path / "data" / "a.db")
    b = Database.open(tmp_path / "data" / "b.db")
    yield a, b
    a.dispose()
    b.dispose()


def test_each_database_keeps_its_attachments_beside_itself(two_databases, photo, tmp_path):
    a, b = two_databases
    meeting_a, file_a = _draft_with_photo(a, photo)
    meeting_b, file_b = _draft_with_photo(b, photo)
    assert meeting_a == meeting_b == 1  # the same meeting id in both
    data = (tmp_path / "data").resolve()
    assert file_a == data / "a.db.attachments" / "1" / "会场.jpg"
    assert file_b == data / "b.db.attachments" / "1" / "会场.jpg"
    with a.session() as s:
        assert meetings.meeting_detail(s, meeting_a).attachments[0].full_path == file_a


def test_deleting_a_draft_in_one_database_never_touches_another_databases_files(
    two_databases, photo
):
    a, b = two_databases
    meeting_a, file_a = _draft_with_photo(a, photo)
    _, file_b = _draft_with_photo(b, photo)
    with a.transaction() as s:
        meetings.delete_draft(s, meeting_a)
    assert not file_a.exists() and not file_a.parent.exists()
    assert file_b.read_bytes() == b"photo"


def test_files_are_removed_only_when_the_transaction_commits(db, photo):
    meeting_id, file = _draft_with_photo(db, photo)
    with pytest.raises(RuntimeError):
        with db.transaction() as s:
            meetings.delete_draft(s, meeting_id)
            assert file.exists()  # still there inside the transaction
            raise RuntimeError("something later in the same action fails")
    assert file.read_bytes() == b"photo"
    with db.session() as s:
        assert meetings.meeting_detail(s, meeting_id).attachments[0].full_path == file
    with db.transaction() as s:
        attachment_id = meetings.meeting_detail(s, meeting_id).attachments[0].id
        meetings.remove_attachment(s, attachment_id)
        assert file.exists()
    assert not file.exists()


def test_a_copy_made_by_a_transaction_that_rolls_back_is_removed(db, photo):
    meeting_id, first = _draft_with_photo(db, photo)
    with pytest.raises(UserError):
        with db.transaction() as s:
            copy = meetings.add_attachment(s, meeting_id, photo).full_path
            assert copy.exists() and copy != first
            raise UserError("保存失败")
    assert not copy.exists() and first.exists()


@pytest.mark.parametrize(
    "stored",
    ["../../../outside.txt", "/tmp/../outside.txt", "..\\..\\outside.txt", "..", ""],
)
def test_a_stored_path_pointing_outside_is_never_followed(db, photo, tmp_path, stored):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not yours")
    meeting_id, file = _draft_with_photo(db, photo)
    with db.transaction() as s:
        s.execute(update(MeetingAttachment).values(stored_path=stored))
    with db.session() as s:
        shown = meetings.meeting_detail(s, meeting_id).attachments[0].full_path
    assert shown is None or shown.parent == file.parent  # only a name inside the folder is used
    with db.transaction() as s:
        meetings.delete_draft(s, meeting_id)
    assert outside.read_bytes() == b"not yours"


def test_a_link_out_of_the_folder_is_not_followed(db, photo, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not yours")
    meeting_id, file = _draft_with_photo(db, photo)
    link = file.parent / "link.txt"
    link.symlink_to(outside)
    with db.transaction() as s:
        s.execute(update(MeetingAttachment).values(stored_path="link.txt"))
    with db.session() as s:
        assert meetings.meeting_detail(s, meeting_id).attachments[0].full_path is None
        assert s.scalar(select(MeetingAttachment.stored_path)) == "link.txt"
    with db.transaction() as s:
        meetings.delete_draft(s, meeting_id)
    assert outside.read_bytes() == b"not yours"


def test_a_server_database_uses_its_own_id_under_the_data_folder(db):
    """A database without a file (PostgreSQL) is addressed by a random id kept in its settings."""
    from sqlalchemy.orm import Session

    from branchdesk.core.paths import data_dir

    memory = Database.open("sqlite://")
    try:
        with memory.transaction() as s:
            assert attachment_store.attachments_root(s) is None
            root = attachment_store.attachments_root(s, create=True)
        with memory.session() as s:
            assert attachment_store.attachments_root(s) == root
        assert root.parent == data_dir() / "attachments" and len(root.name) == 32
        with Session(db.engine) as s:
            assert attachment_store.attachments_root(s) != root
    finally:
        memory.dispose()


def test_attachments_saved_by_the_earlier_version_still_open_and_are_never_deleted(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    old = tmp_path / "home" / "attachments" / "1" / "会场.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old photo")
    db = Database.open(tmp_path / "data" / "a.db")
    try:
        with db.transaction() as s:
            branch_id = create_branch(s, "测试团支部").id
            meeting_id = meetings.save_meeting(
                s, branch_id, MeetingData("支部委员会", date(2026, 2, 2)), draft=True
            )
            s.add(
                MeetingAttachment(
                    meeting_id=meeting_id,
                    original_name="会场.jpg",
                    stored_path="attachments/1/会场.jpg",
                )
            )
        with db.session() as s:
            shown = meetings.meeting_detail(s, meeting_id).attachments[0].full_path
        assert shown == old.resolve() and shown.read_bytes() == b"old photo"
        with db.transaction() as s:
            meetings.delete_draft(s, meeting_id)
        assert old.read_bytes() == b"old photo"  # the old folder was shared: never deleted
    finally:
        db.dispose()
