"""The same code on PostgreSQL, when a server is available (CI starts one)."""

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, inspect, text

from branchdesk.core.db.database import Database
from branchdesk.core.db.engine import make_engine
from branchdesk.core.db.migrate import HEAD_REVISION, current_revision, upgrade_to_head
from branchdesk.core.services import members
from branchdesk.core.services.demo import create_demo

PG_URL = os.environ.get("BRANCHDESK_TEST_PG_URL")

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="BRANCHDESK_TEST_PG_URL not set (no PostgreSQL server)"
)


@contextmanager
def empty_pg_database():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    name = "bd_" + uuid.uuid4().hex[:10]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name}"))
        admin.dispose()


@pytest.fixture
def pg_db():
    with empty_pg_database() as url:
        db = Database.open(url)
        yield db
        db.dispose()


def pg_schema(engine) -> dict:
    """The inspector's full view of every table, and the rows of alembic_version."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        tables = {}
        for table in sorted(inspector.get_table_names()):
            tables[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c["default"])
                    for c in inspector.get_columns(table)
                ],
                "primary key": inspector.get_pk_constraint(table),
                "foreign keys": sorted(
                    (
                        fk["name"],
                        fk["constrained_columns"],
                        fk["referred_table"],
                        fk["referred_columns"],
                        sorted(fk["options"].items()),
                    )
                    for fk in inspector.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (i["name"], i["column_names"], i["unique"])
                    for i in inspector.get_indexes(table)
                ),
                "unique": sorted(
                    (u["name"], u["column_names"]) for u in inspector.get_unique_constraints(table)
                ),
                "checks": sorted(
                    (c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table)
                ),
            }
        return {
            "tables": tables,
            "sequences": sorted(inspector.get_sequence_names()),
            "views": sorted(inspector.get_view_names()),
            "version": conn.execute(text("SELECT version_num FROM alembic_version")).all(),
        }


def test_a_new_postgres_database_is_the_one_the_migrations_build():
    with empty_pg_database() as new_url, empty_pg_database() as migrated_url:
        db = Database.open(new_url)  # created from the models
        new = pg_schema(db.engine)
        db.dispose()
        engine = make_engine(migrated_url)
        upgrade_to_head(engine, new_from_models=False)  # every migration from empty
        migrated = pg_schema(engine)
        engine.dispose()
    assert new == migrated
    assert new["version"] == [(HEAD_REVISION,)]
    member = new["tables"]["member"]
    assert (
        "fk_member_branch_id_branch",
        ["branch_id"],
        "branch",
        ["id"],
        [("ondelete", "CASCADE")],
    ) in member["foreign keys"]
    assert member["primary key"]["name"] == "pk_member"


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
