"""Screenshots of every page of the real window, under Xvfb and openbox, at office screen sizes.

    python scripts/screenshots.py                       # 1366x768 and 1920x1080, display :15
    python scripts/screenshots.py --sizes 1366x768 --display :20

For each size it starts Xvfb (one screen of that size) and openbox (a real window manager, so
the window has a title bar and is placed and maximised as on a PC), opens the window on a demo
database in a temporary folder, and writes a picture of the whole screen per page:
docs/screenshots/<page>.png at 1366x768 (the README's pictures) and
docs/screenshots/<W>x<H>/<page>.png for every size, with <page>-2.png … for a page's other tabs. Needs Xvfb and openbox (apt).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README_SIZE = "1366x768"


def _wait_for_display(display: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"Xvfb did not start on {display}")


def run_size(size: str, display: str, out: Path) -> None:
    width, height = size.split("x")
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    wm = None
    try:
        _wait_for_display(display)
        wm = subprocess.Popen(
            ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(1.0)
        subprocess.run(
            [sys.executable, __file__, "--child", "--size", size, "--out", str(out)],
            env=env,
            check=True,
            cwd=ROOT,
        )
    finally:
        for process in (wm, xvfb):
            if process is not None:
                process.terminate()
                process.wait(10)


# -- inside the X session ---------------------------------------------------------------------
def child(size: str, out: Path) -> None:
    os.environ["BRANCHDESK_HOME"] = tempfile.mkdtemp(prefix="branchdesk-shots-")
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from branchdesk.app import create_application, open_main_window
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.demo import create_demo
    from branchdesk.ui import ops
    from branchdesk.ui.main_window import PAGES

    app = create_application()
    folders = [out / size]
    if size == README_SIZE:
        folders.append(out)
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 1.2) -> None:
        """Until the page's data have arrived and been drawn: no operation running for
        `seconds` (a page may start a second read when the first arrives)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not ops.idle():
                end = time.monotonic() + seconds
            ops.wait_idle()
            app.processEvents()
            time.sleep(0.05)

    def shoot(name: str, readme: bool = True) -> None:
        settle()
        picture = app.primaryScreen().grabWindow(0)
        for folder in folders if readme else folders[:1]:
            picture.save(str(folder / f"{name}.png"))
        print(f"{size} {name}: window {window.frameGeometry().getRect()}", flush=True)

    home = Path(os.environ["BRANCHDESK_HOME"])
    empty = Database.open(home / "empty.db")
    window = open_main_window(empty)
    window.showMaximized()
    shoot("welcome")
    window.close()

    db = Database.open(home / "demo.db")
    with db.transaction() as session:
        create_demo(session, today=date.today())
    window = open_main_window(db)
    window.showMaximized()
    settle(1.0)
    for key, _, _ in PAGES:
        page = window.show_page(key)
        shoot(key)
        tabs = getattr(page, "tabs", None)
        for i in range(1, tabs.count() if tabs is not None else 0):  # the other tabs
            tabs.setCurrentIndex(i)
            shoot(f"{key}-{i + 1}", readme=False)
        if tabs is not None:
            tabs.setCurrentIndex(0)
    window.close()
    QApplication.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    parser.add_argument("--display", default=":15")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.size, Path(args.out))
        return
    for size in args.sizes.split(","):
        run_size(size.strip(), args.display, Path(args.out))


if __name__ == "__main__":
    main()
