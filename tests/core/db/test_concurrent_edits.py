"""Two copies of the program saving the same member, or the same month's dues, never silently
overwrite each other: on SQLite, and with two sessions at once against a real PostgreSQL server
(CI starts one; BRANCHDESK_TEST_PG_URL)."""

import os
import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select, text

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import DuesPayment, Member
from branchdesk.core.errors import CHANGED_ELSEWHERE, UserError
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.services import dues, members
from branchdesk.core.services.demo import create_demo

PG_URL = os.environ.get("BRANCHDESK_TEST_PG_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="BRANCHDESK_TEST_PG_URL not set")
TODAY = date(2026, 11, 23)


@pytest.fixture
def pg_db():
    name = "bd_" + uuid.uuid4().hex[:10]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    db = Database.open(PG_URL.rsplit("/", 1)[0] + "/" + name)
    yield db
    db.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def _demo(db) -> tuple[int, int]:
    """(branch id, a member on the roster)"""
    with db.transaction() as s:
        branch_id = create_demo(s, today=TODAY).branch_id
    with db.session() as s:
        return branch_id, members.roster_rows(s, branch_id)[0].id


def _two_forms_save_one_member(db) -> None:
    branch_id, member_id = _demo(db)
    with db.session() as s:  # two forms open on the same member
        first = members.member_form_data(s, branch_id, member_id)
        second = members.member_form_data(s, branch_id, member_id)
    assert first.version == second.version
    record = first.record
    record.phone = "13900000001"
    with db.transaction() as s:
        members.save_member_record(s, branch_id, member_id, record, expected_version=first.version)
    record.phone = "13900000002"
    with pytest.raises(UserError) as refused, db.transaction() as s:
        members.save_member_record(s, branch_id, member_id, record, expected_version=second.version)
    assert refused.value.message == CHANGED_ELSEWHERE
    with db.session() as s:
        assert s.get(Member, member_id).phone == "13900000001"  # the first save stands


def test_sqlite_two_forms_on_one_member(db):
    _two_forms_save_one_member(db)


@needs_pg
def test_postgres_two_forms_on_one_member(pg_db):
    _two_forms_save_one_member(pg_db)


def _in_thread(fn) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run():
        try:
            result["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@needs_pg
def test_postgres_two_sessions_update_one_member_at_once(pg_db):
    """A's update holds the row; B read the member before A committed, so B's save waits,
    then finds a newer version and is refused instead of overwriting A."""
    _, member_id = _demo(pg_db)

    def b_saves():
        with pg_db.transaction() as b:
            b.get(Member, member_id).phone = "13900000002"  # read while A is not committed

    with pg_db.transaction() as a:
        a.get(Member, member_id).phone = "13900000001"
        a.flush()  # A holds the row lock, not committed yet
        thread, result = _in_thread(b_saves)
        thread.join(1.5)
        assert thread.is_alive()  # B waits for A's lock
    thread.join(20)
    assert isinstance(result.get("error"), UserError)
    assert result["error"].message == CHANGED_ELSEWHERE
    with pg_db.session() as s:
        assert s.get(Member, member_id).phone == "13900000001"


@needs_pg
def test_postgres_same_month_paid_in_two_sessions_at_once(pg_db):
    """Two copies record the same member's month at the same moment: the second waits for the
    first, sees the payment, and is refused; one payment, one receipt number."""
    branch_id, member_id = _demo(pg_db)
    with pg_db.session() as s:
        unpaid = dues.arrears(s, branch_id, TODAY)
    month = Month.of(TODAY) if not unpaid else unpaid[0].unpaid_months[0]
    member_id = unpaid[0].member_id if unpaid else member_id
    with pg_db.session() as s:
        before = s.scalar(select(func.count()).select_from(DuesPayment))

    def pay():
        with pg_db.transaction() as s:
            return dues.record_payment(s, member_id, month, month, TODAY, confirm=True)

    with pg_db.transaction() as a:
        dues.record_payment(a, member_id, month, month, TODAY, confirm=True)
        thread, result = _in_thread(pay)
        thread.join(1.0)
        assert thread.is_alive()  # B waits for A's branch lock
    thread.join(20)
    assert isinstance(result.get("error"), UserError), result
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(DuesPayment)) == before + 1
        numbers = list(
            s.scalars(select(DuesPayment.receipt_seq).where(DuesPayment.receipt_year == TODAY.year))
        )
    assert len(numbers) == len(set(numbers))
