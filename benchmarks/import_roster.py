"""Importing a 10,000-row roster, against a raw python-calamine read of the same file.

Generates the sheet (valid fake ID numbers), then times, in the same run, the median of RUNS
raw reads (`CalamineWorkbook.from_path(...).get_sheet_by_index(0).to_python()`) and of RUNS full
imports (read, header detection, normalising, validating every row, bulk insert, commit) into a
fresh SQLite database each time, interleaved. Prints medians and bests and the ratios
(aim: ≤ 3×); on a busy machine the best-of ratio is the steadier one.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROWS = int(os.environ.get("ROWS", "10000"))
RUNS = int(os.environ.get("RUNS", "5"))
HEADERS = (
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "入团时间",
    "团员证编号",
    "学历",
    "政治面貌",
    "手机号码",
    "团小组",
    "工作单位",
)


def make_sheet(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from branchdesk.core.services.demo import GIVEN, SURNAMES, fake_id_number

    rng = random.Random(10000)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("团员花名册")
    sheet.append(["基准测试团支部团员花名册"])
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        gender = rng.choice("男女")
        birth = date(1999, 1, 1) + timedelta(days=rng.randrange(3650))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        joined = f"{birth.year + 15}.{rng.randrange(1, 13)}"
        sheet.append(
            [
                n,
                name,
                gender,
                rng.choice(("汉族", "汉族", "汉族", "回族", "满族")),
                birth,
                fake_id_number(rng, birth, gender),
                joined,
                f"{rng.randrange(10**7, 10**8)}",
                rng.choice(("高中", "大专", "本科")),
                "共青团员",
                f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                f"第{rng.randrange(1, 6)}团小组",
                "示例单位",
            ]
        )
    workbook.save(path)


def raw_read(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    elapsed = time.perf_counter() - start
    assert len(rows) == ROWS + 2
    return elapsed


def full_import(path: Path, folder: Path, run: int) -> float:
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.roster_import import import_roster

    db = Database.open(folder / f"bench{run}.db")
    try:
        start = time.perf_counter()
        with db.transaction() as session:
            report = import_roster(session, path)
        elapsed = time.perf_counter() - start
    finally:
        db.dispose()
    assert report.new == ROWS and not report.rejected, report.rejected[:3]
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "roster10k.xlsx"
        make_sheet(path, ROWS)
        full_import(path, folder, -1)  # warm-up: lazy imports (calamine), file cache
        raw, ours = [], []
        for run in range(RUNS):
            raw.append(raw_read(path))
            ours.append(full_import(path, folder, run))
    r, o = statistics.median(raw), statistics.median(ours)
    print(f"rows                  : {ROWS}")
    print(
        f"raw calamine read     : {r * 1000:7.0f} ms median, {min(raw) * 1000:5.0f} ms best of {RUNS}"
    )
    print(
        f"BranchDesk full import: {o * 1000:7.0f} ms median, {min(ours) * 1000:5.0f} ms best of {RUNS}"
    )
    print(
        f"ratio                 : {o / r:7.2f}x median, {min(ours) / min(raw):5.2f}x best  (aim ≤ 3x)"
    )


if __name__ == "__main__":
    sys.exit(main())
