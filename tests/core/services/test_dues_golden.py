"""The whole dues computation of a varied branch against what it computed before the speed work
(tests/fixtures/dues_golden.json): every grid cell, 团费交至, the arrears, the ledger, and
团费交至 as of a day (the letters' reading, which ignores later payments).

The branch is built from a fixed seed straight into the tables, so it holds what the services
would refuse too (payments for months off the roster, before the records start, far ahead):
the computation must stay the same for whatever a database holds.

After a deliberate change of a dues rule, regenerate the file and review its diff:
    python -m tests.core.services.test_dues_golden
"""

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from branchdesk.core.db.database import Database
from branchdesk.core.db.models import (
    Branch,
    CommitteePost,
    DuesExemption,
    DuesHandover,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    Group,
    Member,
    MemberDuesCategory,
    MemberStatusChange,
)
from branchdesk.core.rules.dues_standards import DEFAULT_CATEGORIES, Month, month_range
from branchdesk.core.services import dues

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "dues_golden.json"
MEMBERS = 48
#: (year shown, today)
VIEWS = [
    (2025, date(2026, 11, 23)),
    (2026, date(2026, 11, 23)),
    (2026, date(2026, 1, 1)),
    (2027, date(2026, 11, 23)),
    (2024, date(2024, 6, 30)),
]
AS_OF = [date(2025, 6, 30), date(2026, 3, 1), date(2026, 11, 23)]
CATEGORIES = [
    "学生",
    "在职",
    "失业",
    "年薪制/个体",
    "党员保留团籍",
    "退休返聘",
]  # last: not a standard


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _month(rng: random.Random, first: Month, last: Month) -> Month:
    return first.plus(rng.randrange(last - first + 1))


def build_branch(db: Database) -> int:
    rng = random.Random(20261123)
    with db.transaction() as s:
        s.add(Branch(name="对照团支部"))
        s.flush()
        branch_id = s.query(Branch.id).filter_by(name="对照团支部").scalar()
        s.execute(
            insert(DuesSetting),
            [{"branch_id": branch_id, "records_from": date(2025, 3, 1), "per_mille": 3}],
        )
        s.execute(
            insert(DuesStandard),
            [
                {"branch_id": branch_id, "category": c.name, "kind": c.kind,
                 "fen_per_month": 30 if c.name == "学生" else c.fen_per_month, "sort_order": i}
                for i, c in enumerate(DEFAULT_CATEGORIES)
            ],
        )  # fmt: skip
        s.execute(insert(Group), [{"branch_id": branch_id, "name": f"第{n}组"} for n in (1, 2)])
        groups = [g.id for g in s.query(Group).filter_by(branch_id=branch_id)]
        member_ids = []
        for n in range(MEMBERS):
            birth = _day(rng, date(1996, 1, 1), date(2008, 12, 31))
            if n % 11 == 3:
                birth = date(1998, 2, 28) if n % 2 else date(1998, 11, 29)  # 28 in range
            party = rng.random() < 0.2
            probation = _day(rng, date(2024, 1, 1), date(2027, 6, 1)) if party else None
            member = Member(
                branch_id=branch_id,
                name=f"成员{n:02d}",
                gender="男" if n % 2 else "女",
                birth_date=birth,
                id_number=f"G{n:08d}",
                join_date=(
                    None if n % 13 == 5 else _day(rng, date(2015, 1, 1), date(2026, 10, 31))
                ),
                political_status=(
                    "中共预备党员" if party and n % 2 else "中共党员" if party else "共青团员"
                ),
                probationary_on=probation,
                full_member_on=probation + timedelta(days=365) if probation and n % 3 else None,
                league_post="组织委员" if n % 17 == 3 else " " if n % 17 == 4 else "",
                group_id=rng.choice([None, *groups]),
            )
            s.add(member)
            s.flush()
            member_ids.append(member.id)
            # status history: on, sometimes off (transfer, 退团) and back, same-day changes
            day = _day(rng, date(2023, 1, 1), date(2026, 9, 30))
            history = [(day, "在册")]
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                day = day + timedelta(days=rng.choice([0, 1, 27, 45, 200]))
                status = {
                    "在册": rng.choice(["转出中", "退团", "已转出", "超龄离团"]),
                    "转出中": rng.choice(["已转出", "在册"]),
                }.get(history[-1][1], "在册")
                history.append((day, status))
            s.execute(
                insert(MemberStatusChange),
                [{"member_id": member.id, "to_status": st, "changed_on": d} for d, st in history],
            )
            starts = {_month(rng, Month(2024, 6), Month(2026, 12)) for _ in range(n % 4)}
            for start in sorted(starts):
                s.add(
                    MemberDuesCategory(
                        member_id=member.id,
                        category=rng.choice(CATEGORIES),
                        monthly_income_fen=rng.choice([None, 150_000, 520_000, 1_200_000]),
                        effective_from=start.first_day,
                    )
                )
            if n % 10 == 0:  # exempt throughout
                first = Month(2024, 1) if n % 20 else Month(2026, 2)
                s.add(
                    DuesExemption(
                        member_id=member.id,
                        first_month=first.first_day,
                        last_month=date(2027, 12, 1),
                        reason="家庭困难",
                    )
                )
            elif rng.random() < 0.25:
                first = _month(rng, Month(2025, 1), Month(2026, 12))
                s.add(
                    DuesExemption(
                        member_id=member.id,
                        first_month=first.first_day,
                        last_month=first.plus(rng.randrange(8)).first_day,
                        reason=f"困难{n}",
                    )
                )
        # unpaid from the current month only (…起交纳), and exempt until then (免缴至…)
        for name, since, exempt_to in [
            ("新成员", date(2026, 11, 5), None),
            ("免缴后", date(2025, 1, 1), date(2026, 10, 1)),
        ]:
            member = Member(
                branch_id=branch_id,
                name=name,
                gender="女",
                birth_date=date(2005, 5, 5),
                id_number=name,
            )
            s.add(member)
            s.flush()
            s.add(MemberStatusChange(member_id=member.id, to_status="在册", changed_on=since))
            if exempt_to:
                s.add(
                    DuesExemption(
                        member_id=member.id,
                        first_month=date(2024, 1, 1),
                        last_month=exempt_to,
                        reason="困难",
                    )
                )
        s.execute(
            insert(CommitteePost),
            [{"branch_id": branch_id, "title": "书记", "member_id": member_ids[3]},
             {"branch_id": branch_id, "title": "宣传委员", "member_id": None}],
        )  # fmt: skip
        s.query(Group).filter_by(id=groups[0]).update({"leader_id": member_ids[14]})
        payments, seq = [], {}
        for n, member_id in enumerate(member_ids):
            # none, regular until some month, or with long gaps
            month = _month(rng, Month(2024, 10), Month(2025, 6))
            stop = [Month(2024, 1), _month(rng, Month(2025, 1), Month(2027, 3))][n % 5 > 0]
            while month <= stop:
                length = rng.choice([1, 1, 1, 2, 3, 6, 12])
                last = month.plus(length - 1)
                paid_on = min(last.first_day + timedelta(days=rng.randrange(-40, 20)),
                              date(2026, 11, 20))  # fmt: skip
                year = paid_on.year
                seq[year] = seq.get(year, 0) + 1
                payments.append(
                    {"branch_id": branch_id, "member_id": member_id,
                     "first_month": month.first_day, "last_month": last.first_day,
                     "amount_fen": rng.choice([1000 * length, 30 * length, 7, 0, 2000]),
                     "proposed_fen": 1000 * length, "paid_on": paid_on, "receipt_year": year,
                     "receipt_seq": seq[year],
                     "void_reason": "录错" if rng.random() < 0.08 else ""}
                )  # fmt: skip
                month = last.plus(rng.choice([1, 1, 1, 2, 4, 9]))
        s.execute(insert(DuesPayment), payments)
        s.execute(
            insert(DuesHandover),
            [{"branch_id": branch_id, "handed_on": d, "amount_fen": a, "receipt_no": r}
             for d, a, r in [(date(2025, 1, 5), 500, "S1"), (date(2025, 7, 1), 3000, ""),
                             (date(2026, 2, 28), 4000, "S3"), (date(2026, 12, 1), 100, "")]],
        )  # fmt: skip
    return branch_id


def _cells(cells) -> list:
    return [[c.state, c.paid_fen, c.owed_fen, c.note] for c in cells]


def snapshot(db: Database, branch_id: int) -> dict:
    out: dict = {}
    with db.session() as s:
        for year, today in VIEWS:
            view = dues.year_view(s, branch_id, year, today)
            grid, ledger = view.grid, view.ledger
            out[f"year_view {year} {today}"] = {
                "grid": [
                    grid.branch_name, grid.year, [str(m) for m in grid.months],
                    grid.month_paid_fen, grid.month_unpaid_fen,
                    grid.total_paid_fen, grid.total_unpaid_fen,
                    [[r.member_id, r.name, r.group_name, r.category, r.paid_fen, r.unpaid_fen,
                      r.paid_up_to, _cells(r.cells)] for r in grid.rows],
                ],
                "arrears": [
                    [r.member_id, r.name, r.group_name, [str(m) for m in r.unpaid_months],
                     r.owed_fen, r.longest_run]
                    for r in view.arrears
                ],
                "ledger": [
                    ledger.year, ledger.opening_fen, ledger.collected_fen, ledger.handed_fen,
                    ledger.closing_fen,
                    [[str(r.day), r.kind, r.text, r.collected_fen, r.handed_fen, r.balance_fen,
                      r.receipt_no] for r in ledger.rows],
                ],
            }  # fmt: skip
        ids = sorted(dues.load_book(s, branch_id).members)
        for day in AS_OF:
            out[f"paid_up_to {day}"] = {
                str(m): [str(p.month), p.text, [str(u) for u in p.unpaid], p.unpaid_fen]
                for m, p in dues.paid_up_to_many(s, branch_id, ids, day).items()
            }
        # the book's own cells (the dialogs' reading), before the records start too
        book, span = dues.load_book(s, branch_id), month_range(Month(2024, 9), Month(2027, 4))
        out["cells"] = {
            str(m): _cells(book.cells(m, span, Month(2026, 11), records=m % 4 > 0)) for m in ids
        }
    return out


def test_year_view_of_a_varied_branch_is_unchanged(db):
    branch_id = build_branch(db)
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(snapshot(db, branch_id), ensure_ascii=False))
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key


def test_the_branch_is_varied(db):
    """The snapshot covers what it should: every state, split payments, arrears, 上缴."""
    branch_id = build_branch(db)
    data = snapshot(db, branch_id)
    view = data["year_view 2026 2026-11-23"]
    grids = [data[key]["grid"] for key in data if key.startswith("year_view")]
    states = {c[0] for grid in grids for row in grid[7] for c in row[7]}
    assert states == set(dues.STATE_LABELS)
    texts = {row[6] for grid in grids for row in grid[7]}
    texts |= {p[1] for key in data if key.startswith("paid_up_to") for p in data[key].values()}
    assert {re.sub(r"\d+", "N", t) for t in texts} == {
        "N年N月", "N年N月（此后免缴）", "N年N月（此后不需缴纳）", "未缴（自N年N月起）",
        "免缴", "免缴至N年N月", "N年N月起交纳", "不需缴纳",
    }  # fmt: skip
    assert view["arrears"] and view["ledger"][5]
    notes = [[c[3] for c in row[7] if c[0] == "paid"] for row in view["grid"][7]]
    assert all(re.fullmatch(r"20\d\d-\d{4,}", n) for row in notes for n in row)
    assert any(len(set(row)) < len(row) for row in notes)  # a payment split over months


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        database = Database.open(Path(tmp) / "golden.db")
        data = snapshot(database, build_branch(database))
        database.dispose()
    GOLDEN.write_text(
        "{\n"
        + ",\n".join(
            f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            for k, v in data.items()
        )
        + "\n}\n",
        encoding="utf-8",
    )
    print(f"wrote {GOLDEN} ({GOLDEN.stat().st_size} bytes)")
