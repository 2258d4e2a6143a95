"""The 团费 grid + arrears for a large branch, against a bare sqlite3 sum of the same payments.

  page     : `dues.year_view` = grid + arrears + ledger (every cell's state: roster periods, category
             history, exemptions, payments split over months)
  baseline : raw sqlite3 fetch of every payment, summed per member and month in a dict

MEMBERS members (default 2000), each paying monthly for a year (MEMBERS × 11 payments).
"""

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

MEMBERS = int(os.environ.get("MEMBERS", "2000"))
RUNS = int(os.environ.get("RUNS", "5"))
TODAY = date(2026, 11, 23)


def build_database(path: Path) -> int:
    from sqlalchemy import insert, select

    from branchdesk.core.db.database import Database
    from branchdesk.core.db.models import (
        DuesPayment,
        Member,
        MemberDuesCategory,
        MemberStatusChange,
    )
    from branchdesk.core.rules.dues_standards import Month
    from branchdesk.core.services import dues
    from branchdesk.core.services.branches import create_branch

    db = Database.open(path)
    with db.transaction() as session:
        branch_id = create_branch(session, "基准团支部").id
        dues.setup_dues(session, branch_id, Month(2026, 1))
        session.execute(
            insert(Member),
            [
                {
                    "branch_id": branch_id,
                    "name": f"团员{n}",
                    "gender": "男",
                    "birth_date": date(2000, 1, 1),
                    "id_number": f"ID{n:08d}",
                    "status": "在册",
                }
                for n in range(MEMBERS)
            ],
        )
        ids = session.scalars(select(Member.id).where(Member.branch_id == branch_id)).all()
        session.execute(
            insert(MemberStatusChange),
            [{"member_id": i, "to_status": "在册", "changed_on": date(2024, 1, 1)} for i in ids],
        )
        session.execute(
            insert(MemberDuesCategory),
            [
                {"member_id": i, "category": "在职", "monthly_income_fen": 520_000,
                 "effective_from": date(2026, 1, 1)}
                for i in ids
            ],
        )  # fmt: skip
        seq = 0
        rows = []
        for i in ids:
            for m in range(1, 12 if i % 7 else 5):
                seq += 1
                rows.append(
                    {"branch_id": branch_id, "member_id": i, "first_month": date(2026, m, 1),
                     "last_month": date(2026, m, 1), "amount_fen": 1000, "proposed_fen": 1000,
                     "paid_on": date(2026, m, 5), "receipt_year": 2026, "receipt_seq": seq}
                )  # fmt: skip
        session.execute(insert(DuesPayment), rows)
    db.dispose()
    return branch_id


def page_run(path: Path, branch_id: int) -> float:
    from branchdesk.core.db.database import Database
    from branchdesk.core.services import dues

    db = Database.open(path)
    start = time.perf_counter()
    with db.session() as session:
        grid = dues.year_view(session, branch_id, 2026, TODAY).grid
    elapsed = (time.perf_counter() - start) * 1000
    assert grid.total_paid_fen > 0
    db.dispose()
    return elapsed


def baseline_run(path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for member_id, month, amount in conn.execute(
        "SELECT member_id, first_month, amount_fen FROM dues_payment"
    ):
        totals[(member_id, month)] += amount
    conn.close()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        branch_id = build_database(path)
        page = statistics.median(page_run(path, branch_id) for _ in range(RUNS))
        base = statistics.median(baseline_run(path) for _ in range(RUNS))
    print(f"{MEMBERS} members, one year of monthly payments")
    print(f"baseline (sqlite3 sum per member-month): {base:7.1f} ms")
    print(f"year_view (grid + arrears + ledger)    : {page:7.1f} ms   ratio {page / base:5.1f}x")
    print(f"(median of {RUNS} runs)")


if __name__ == "__main__":
    main()
