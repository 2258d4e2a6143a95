"""Meeting records of a big branch: `list_meetings` and the year calendar, against raw sqlite3.

A branch with MEMBERS members (all on the roster) and a year of MEETINGS meetings, each with a
full attendance list, inserted in bulk. Measured in the same run:
  list     : meetings.list_meetings(year) (details with attendance names) vs. one raw sqlite3
             SELECT of the same meeting rows and their attendance joined to member names
  counts   : list_meetings(year, with_attendance=False) (what the list on screen uses) vs. the
             raw meeting rows + a GROUP BY count of attendance
  calendar : meeting_calendar.branch_calendar(year) vs. a raw SELECT of the year's meeting dates
"""

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

MEMBERS = int(os.environ.get("MEMBERS", "400"))
MEETINGS = int(os.environ.get("MEETINGS", "150"))
RUNS = int(os.environ.get("RUNS", "5"))
YEAR = 2026


def build_database(path: Path) -> int:
    from sqlalchemy import insert

    from branchdesk.core.db.database import Database
    from branchdesk.core.db.models import Meeting, MeetingAttendance, Member, MemberStatusChange
    from branchdesk.core.services.branches import create_branch

    db = Database.open(path)
    rng = random.Random(MEETINGS)
    kinds = ("支部团员大会", "支部委员会", "团课", "主题团日")
    with db.transaction() as s:
        branch_id = create_branch(s, "基准团支部").id
        s.execute(
            insert(Member),
            [
                {
                    "branch_id": branch_id,
                    "name": f"团员{n:04d}",
                    "name_initials": f"ty{n:04d}",
                    "gender": "男",
                    "birth_date": date(2000, 1, 1),
                    "id_number": f"X{n:017d}",
                    "status": "在册",
                }
                for n in range(MEMBERS)
            ],
        )
        ids = list(s.scalars(Member.__table__.select().with_only_columns(Member.id)))
        s.execute(
            insert(MemberStatusChange),
            [{"member_id": i, "to_status": "在册", "changed_on": date(2020, 1, 1)} for i in ids],
        )
        for n in range(MEETINGS):
            day = date(YEAR, 1, 1) + timedelta(days=n * 364 // MEETINGS)
            meeting = Meeting(
                branch_id=branch_id, kind=kinds[n % 4], held_on=day, topics=f"议题{n}"
            )
            s.add(meeting)
            s.flush()
            s.execute(
                insert(MeetingAttendance),
                [
                    {"meeting_id": meeting.id, "member_id": i, "present": rng.random() < 0.9}
                    for i in ids
                ],
            )
    db.dispose()
    return branch_id


def timed(func) -> float:
    func()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    from branchdesk.core.db.database import Database
    from branchdesk.core.services import meeting_calendar, meetings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        branch_id = build_database(path)
        db = Database.open(path)
        raw = sqlite3.connect(path)

        def raw_list():
            raw.execute(
                "SELECT * FROM meeting WHERE branch_id = ? AND held_on BETWEEN ? AND ?",
                (branch_id, f"{YEAR}-01-01", f"{YEAR}-12-31"),
            ).fetchall()
            raw.execute(
                "SELECT a.meeting_id, a.member_id, m.name, a.present, a.absence_reason"
                " FROM meeting_attendance a JOIN member m ON m.id = a.member_id"
                " JOIN meeting g ON g.id = a.meeting_id WHERE g.branch_id = ?"
                " ORDER BY m.name_initials",
                (branch_id,),
            ).fetchall()

        def raw_counts():
            raw.execute(
                "SELECT * FROM meeting WHERE branch_id = ? AND held_on BETWEEN ? AND ?",
                (branch_id, f"{YEAR}-01-01", f"{YEAR}-12-31"),
            ).fetchall()
            raw.execute(
                "SELECT meeting_id, count(*), sum(present) FROM meeting_attendance"
                " GROUP BY meeting_id"
            ).fetchall()

        def raw_calendar():
            raw.execute(
                "SELECT kind, held_on, id, group_id FROM meeting WHERE branch_id = ?", (branch_id,)
            ).fetchall()

        with db.session() as s:
            app_list = timed(lambda: meetings.list_meetings(s, branch_id, YEAR))
            app_counts = timed(
                lambda: meetings.list_meetings(s, branch_id, YEAR, with_attendance=False)
            )
            app_calendar = timed(
                lambda: meeting_calendar.branch_calendar(s, branch_id, YEAR, date(YEAR, 11, 23))
            )
        base_list, base_calendar = timed(raw_list), timed(raw_calendar)
        base_counts = timed(raw_counts)
        raw.close()
        db.dispose()
    rows = MEMBERS * MEETINGS
    print(f"{MEETINGS} meetings × {MEMBERS} members = {rows} attendance rows, median of {RUNS}")
    print(
        f"list     : {app_list * 1000:8.1f} ms vs raw {base_list * 1000:7.1f} ms"
        f"  ratio {app_list / base_list:5.1f}×"
    )
    print(
        f"counts   : {app_counts * 1000:8.1f} ms vs raw {base_counts * 1000:7.1f} ms"
        f"  ratio {app_counts / base_counts:5.1f}×"
    )
    print(
        f"calendar : {app_calendar * 1000:8.1f} ms vs raw {base_calendar * 1000:7.1f} ms"
        f"  ratio {app_calendar / base_calendar:5.1f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
