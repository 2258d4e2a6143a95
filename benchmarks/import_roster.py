"""Importing a 10,000-row roster, against a raw python-calamine read of the same file.

Generates the sheet (valid fake ID numbers), then times, in the same run, the median of RUNS
raw reads (`CalamineWorkbook.from_path(...).get_sheet_by_index(0).to_python()`) and of RUNS full
imports (read, header detection, normalising, validating every row, bulk insert, commit) into a
fresh SQLite database each time, interleaved. Prints medians and bests and the ratios
(aim: ≤ 3×); on a busy machine the best-of ratio is the steadier one.

End to end: `python -m branchdesk --db NEW.db import FILE --json` in a subprocess (interpreter
start, imports, creating the database, the import, the JSON report), timed against the same
run's raw read in this process and against a raw read in a subprocess (interpreter start and
the calamine import included). CPU times (this process's, or the child's) are printed too:
on a machine shared with other work they are steadier than wall times.
"""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's branchdesk, as the CLI run from ROOT imports it
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


class Clock:
    """Wall time and CPU time (this process's, or its finished children's) of a block."""

    def __init__(self, children: bool = False):
        self.children = children

    def _cpu(self) -> float:
        if not self.children:
            return time.process_time()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, self._cpu() - self.cpu


def raw_read(path: Path) -> Clock:
    from python_calamine import CalamineWorkbook

    with Clock() as clock:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == ROWS + 2
    return clock


def full_import(path: Path, folder: Path, run: int) -> Clock:
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.roster_import import import_roster

    db = Database.open(folder / f"bench{run}.db")
    try:
        with Clock() as clock, db.transaction() as session:
            report = import_roster(session, path)
    finally:
        db.dispose()
    assert report.new == ROWS and not report.rejected, report.rejected[:3]
    return clock


RAW_READ_CODE = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
)


def _run(command: list[str]) -> tuple[Clock, str]:
    with Clock(children=True) as clock:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return clock, done.stdout


def cli_import(path: Path, folder: Path, run: int) -> Clock:
    """`branchdesk import --json` on a new database, in its own process."""
    database = folder / f"cli{run}.db"
    command = [sys.executable, "-m", "branchdesk", "--db", str(database), "import", str(path)]
    clock, out = _run([*command, "--json"])
    report = json.loads(out)
    assert report["new"] == ROWS and not report["rejected"], report["rejected"][:3]
    return clock


def raw_read_process(path: Path) -> Clock:
    return _run([sys.executable, "-c", RAW_READ_CODE, str(path)])[0]


def _line(label: str, clocks: list[Clock]) -> str:
    wall = [c.wall * 1000 for c in clocks]
    cpu = min(c.cpu for c in clocks) * 1000
    return (
        f"{label:24s}: {statistics.median(wall):6.0f} ms median, {min(wall):5.0f} ms best "
        f"of {RUNS}; {cpu:5.0f} ms CPU best"
    )


def _ratio(label: str, ours: list[Clock], base: list[Clock]) -> str:
    median = statistics.median(c.wall for c in ours) / statistics.median(c.wall for c in base)
    best = min(c.wall for c in ours) / min(c.wall for c in base)
    cpu = min(c.cpu for c in ours) / min(c.cpu for c in base)
    return f"{label:24s}: {median:6.2f}x median, {best:5.2f}x best, {cpu:5.2f}x CPU  (aim ≤ 3x)"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "roster10k.xlsx"
        make_sheet(path, ROWS)
        full_import(path, folder, -1)  # warm-up: lazy imports (calamine), file cache
        cli_import(path, folder, -1)  # warm-up: .pyc files
        raw, ours, cli, raw_process = [], [], [], []
        for run in range(RUNS):
            raw.append(raw_read(path))
            ours.append(full_import(path, folder, run))
            cli.append(cli_import(path, folder, run))
            raw_process.append(raw_read_process(path))
    print(f"rows                    : {ROWS}")
    print(_line("raw calamine read", raw))
    print(_line("BranchDesk full import", ours))
    print(_ratio("ratio", ours, raw))
    print(_line("raw read, own process", raw_process))
    print(_line("CLI import --json", cli))
    print(_ratio("CLI / raw read", cli, raw))
    print(_ratio("CLI / raw read process", cli, raw_process))


if __name__ == "__main__":
    sys.exit(main())
