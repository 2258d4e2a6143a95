"""Build the one-folder program with PyInstaller and run the BUILT program, with no Python on
PATH, the way a secretary's PC would: --version, demo, handbook, an import and an export on a
temporary database, portable mode, a newer version's database refused, and the main window
opened offscreen. Exits non-zero on the first thing that fails (CI runs it: a broken build
fails CI).

    python scripts/build_and_smoke.py               # build into dist/BranchDesk, then check it
    python scripts/build_and_smoke.py --no-build    # check an existing dist/BranchDesk
    python scripts/build_and_smoke.py --program /usr/bin/branchdesk --no-build   # an installed one

Needs PyInstaller in the running Python (`python -m pip install "pyinstaller>=6.10,<7"`).
Prints the folder's size and the start-up times (README quotes them).
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
FOLDER = DIST / "BranchDesk"
WINDOWS = sys.platform == "win32"
#: the folder may not grow past this without someone deciding so (README gives the real size)
MAX_FOLDER_MB = 160
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "roster_clean.xlsx"


class SmokeError(Exception):
    pass


def version() -> str:
    text = (ROOT / "branchdesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text)[1]


def build() -> None:
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "build_installer.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    print(f"built {FOLDER} in {time.monotonic() - started:.0f} s")


def folder_size_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1024 / 1024


def check_libraries(folder: Path) -> None:
    """Every bundled shared library finds the libraries it needs (Linux: ldd)."""
    if WINDOWS or shutil.which("ldd") is None:
        return
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    missing = []
    for lib in sorted(internal.rglob("*.so*")):
        if not lib.is_file() or lib.is_symlink():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, env=env).stdout
        missing += [
            f"{lib.relative_to(folder)}: {line.strip()}"
            for line in out.splitlines()
            if "not found" in line
        ]
    if missing:
        raise SmokeError("bundled libraries miss libraries:\n" + "\n".join(missing))


class Program:
    """The built program, run as a user would: no Python on PATH, a temporary home."""

    #: commands that ran as expected (the closing line counts them)
    passed = 0

    def __init__(self, command: list[str], work: Path):
        self.command = command
        self.work = work
        empty_bin = work / "bin"
        empty_bin.mkdir(exist_ok=True)
        keep = {"LANG", "LC_ALL", "TZ", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "DISPLAY"}
        self.env = {k: v for k, v in os.environ.items() if k in keep}
        self.env.update(
            PATH=str(empty_bin),  # no python, no pip: the program must carry what it needs
            HOME=str(work / "home"),
            USERPROFILE=str(work / "home"),
            APPDATA=str(work / "home" / "AppData"),
            BRANCHDESK_HOME=str(work / "data"),
            QT_QPA_PLATFORM="offscreen",
        )
        if WINDOWS:  # the system DLLs; output in UTF-8 through the pipe (not the ANSI code page)
            self.env["PATH"] += os.pathsep + os.path.join(os.environ["SYSTEMROOT"], "System32")
            self.env["PYTHONUTF8"] = "1"

    def run(self, *args: str, expect: int | tuple = 0, env: dict | None = None) -> str:
        started = time.monotonic()
        done = subprocess.run(
            [*self.command, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            cwd=self.work,
            env=env or self.env,
            timeout=300,
        )
        self.seconds = time.monotonic() - started
        shown = " ".join(args)
        if done.returncode not in (expect if isinstance(expect, tuple) else (expect,)):
            raise SmokeError(
                f"`{shown}` exited {done.returncode} (expected {expect})\n"
                f"stdout: {done.stdout}\nstderr: {done.stderr}"
            )
        if "Traceback" in done.stderr:
            raise SmokeError(f"`{shown}` printed a traceback:\n{done.stderr}")
        Program.passed += 1
        print(f"ok  {shown}  ({self.seconds:.1f} s)")
        return done.stdout + done.stderr


def stamp_future(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()


def smoke(command: list[str], program_folder: Path | None) -> dict:
    """Run the checks; the measurements for README."""
    measured = {}
    with tempfile.TemporaryDirectory(prefix="branchdesk-smoke-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        program = Program(command, work)
        db = str(work / "smoke.db")

        out = program.run("--version")
        if version() not in out:
            raise SmokeError(f"--version does not name {version()}: {out}")
        measured["version_s"] = program.seconds

        out = program.run("--db", db, "demo")
        if "已创建演示团支部" not in out:
            raise SmokeError(f"demo: {out}")
        program.run("--db", db, "handbook", "--year", "2026", "-o", str(work / "手册.pdf"))
        pdf = (work / "手册.pdf").read_bytes()
        if not pdf.startswith(b"%PDF") or len(pdf) < 20_000:
            raise SmokeError("the handbook PDF is missing or too small")
        program.run("--db", db, "receipts", "--year", "2026", "-o", str(work / "收据.pdf"))
        program.run("--db", db, "export", "roster", str(work / "花名册.xlsx"))
        program.run("--db", db, "export", "dues", str(work / "团费.xlsx"), "--year", "2026")

        # an import into a new database: the exported roster, then a sample sheet
        other = str(work / "import.db")
        result = json.loads(
            program.run("--db", other, "import", str(work / "花名册.xlsx"), "--json")
        )
        if result["new"] < 50 or result["rejected"]:
            raise SmokeError(f"importing the exported roster: {result}")
        if SAMPLE.is_file():
            sample = json.loads(
                program.run("--db", str(work / "sample.db"), "import", str(SAMPLE), "--json")
            )
            if sample["new"] < 1:
                raise SmokeError(f"importing {SAMPLE.name}: {sample}")
        program.run("--db", other, "check", "--json", expect=(0, 1))  # 1: findings listed

        out = program.run("--db", db, "--smoke-window")
        if not re.search(r"窗口已打开：.*当前页面：\w+Page", out):  # a page, not "opening..."
            raise SmokeError(f"--smoke-window: {out}")
        measured["window_s"] = program.seconds

        future = work / "future.db"
        shutil.copy(db, future)
        stamp_future(future)
        out = program.run("--db", str(future), "demo", expect=1)
        if "9999" not in out or version() not in out:
            raise SmokeError(f"a newer version's database was not refused by name: {out}")

        if program_folder is not None:
            portable(program, program_folder)
        if any((work / "home").iterdir()):
            raise SmokeError(
                f"the program wrote into the user folder: {list((work / 'home').rglob('*'))}"
            )
    return measured


def portable(program: Program, folder: Path) -> None:
    """A `data` folder beside the built program keeps the database there."""
    data = folder / "data"
    if data.exists():
        raise SmokeError(f"{data} exists before the portable check")
    data.mkdir()
    try:
        env = {k: v for k, v in program.env.items() if k != "BRANCHDESK_HOME"}
        out = program.run("demo", env=env)
        if not (data / "branchdesk.db").is_file() or str(data) not in out:
            raise SmokeError(f"portable mode: no database in {data}: {out}")
    finally:
        shutil.rmtree(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="check the existing build")
    parser.add_argument("--program", help="run this installed program instead of the build")
    args = parser.parse_args()
    try:
        if args.program:
            smoke([args.program], None)
            print(f"smoke: {Program.passed} passed, 0 failed", flush=True)
            return 0
        if not args.no_build:
            build()
        exe = FOLDER / ("branchdesk-cli.exe" if WINDOWS else "BranchDesk")
        if not exe.is_file():
            raise SmokeError(f"no built program at {exe}")
        size = folder_size_mb(FOLDER)
        print(f"folder size: {size:.0f} MB")
        if size > MAX_FOLDER_MB:
            raise SmokeError(f"{FOLDER} is {size:.0f} MB, more than {MAX_FOLDER_MB} MB")
        check_libraries(FOLDER)
        measured = smoke([str(exe)], FOLDER)
        print(
            f"measured: folder {size:.0f} MB; --version {measured['version_s']:.2f} s; "
            f"window open and home page loaded {measured['window_s']:.2f} s"
        )
    except (SmokeError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        print(f"smoke: {Program.passed} passed, 1 failed", flush=True)
        return 1
    print(f"smoke: {Program.passed} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
