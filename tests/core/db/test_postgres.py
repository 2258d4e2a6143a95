"""The same code on PostgreSQL, when a server is available (CI starts one)."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from branchdesk.core.db.database import Database
from branchdesk.core.db.migrate import HEAD_REVISION, current_revision
from branchdesk.core.services import members
from branchdesk.core.services.demo import create_demo

PG_URL = os.environ.get("BRANCHDESK_TEST_PG_URL")

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="BRANCHDESK_TEST_PG_URL not set (no PostgreSQL server)"
)


@pytest.fixture
def pg_db():
    name = "bd_" + uuid.uuid4().hex[:10]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    db = Database.open(url)
    yield db
    db.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


def test_postgres_migrates_and_holds_the_demo(pg_db):
    assert current_revision(pg_db.engine) == HEAD_REVISION
    with pg_db.transaction() as session:
        summary = create_demo(session)
    with pg_db.session() as session:
        assert len(members.roster_rows(session, summary.branch_id)) == summary.counts["团员"]
        _dues_agree_with_the_payments(session, summary.branch_id)


def _dues_agree_with_the_payments(session, branch_id):
    """The dues book reads months as the driver gives them (dates here, text on SQLite)."""
    from datetime import date

    from sqlalchemy import func, select

    from branchdesk.core.db.models import DuesPayment
    from branchdesk.core.services import dues

    year = date.today().year
    view = dues.year_view(session, branch_id, year)
    paid_in_year = session.scalar(
        select(func.coalesce(func.sum(DuesPayment.amount_fen), 0)).where(
            DuesPayment.branch_id == branch_id,
            DuesPayment.void_reason == "",
            DuesPayment.paid_on >= date(year, 1, 1),
            DuesPayment.paid_on <= date(year, 12, 31),
        )
    )
    assert view.ledger.collected_fen == paid_in_year > 0
    assert view.ledger.collected_fen == dues.handover_ledger(session, branch_id, year).collected_fen
    assert view.grid.total_paid_fen > 0


def test_postgres_imports_the_messy_sample(pg_db, samples):
    from sqlalchemy import func, select

    from branchdesk.core.db.models import Member, MemberStatusChange
    from branchdesk.core.services.roster_import import import_roster

    with pg_db.transaction() as session:
        report = import_roster(session, samples / "roster_messy.xlsx")
    assert (report.new, len(report.rejected)) == (54, 6)
    with pg_db.session() as session:
        assert session.scalar(select(func.count(Member.id))) == 54
        assert session.scalar(select(func.count(MemberStatusChange.id))) == 54
    with pg_db.transaction() as session:
        again = import_roster(session, samples / "roster_messy.xlsx")
    assert (again.new, again.unchanged) == (0, 54)
