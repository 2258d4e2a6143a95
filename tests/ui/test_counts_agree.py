"""Counts agree everywhere: the handbook cover, 首页, the 团员 page and the roster export give the
same 在册 number for the same day, on the demo branch after members left during the year."""

import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from branchdesk.app import open_main_window
from branchdesk.core.db.models import Branch, Member
from branchdesk.core.io.roster_export import export_roster
from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.services import members
from branchdesk.core.services.membership import roster_count
from branchdesk.ui import ops
from tests.conftest import TODAY


def _cover_count(db, branch_id, tmp_path) -> int:
    options = HandbookOptions(year=TODAY.year, sections=("profile",), today=TODAY)
    with db.session() as s:
        build_handbook(s, branch_id, options, tmp_path / "cover.pdf")
    cover = PdfReader(tmp_path / "cover.pdf").pages[0].extract_text()
    day = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    found = re.search(r"在册团员\s*(\d+)\s*人（" + day + "）", cover)
    assert found, cover
    return int(found.group(1))


def _export_count(db, branch_id, tmp_path) -> int:
    path = tmp_path / "roster.xlsx"
    with db.session() as s:
        written = export_roster(s, branch_id, path, today=TODAY)
    ws = load_workbook(path).active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]]
    assert f"共 {len(rows)} 人" in ws["A2"].value
    assert written == len(rows)
    return len(rows)


def _home_count(window) -> int:
    home = window.show_page("home")
    home.refresh()
    ops.wait_idle()
    cards = home.overview.cards
    for i in range(cards.count()):
        frame = cards.itemAt(i).widget()
        labels = {w.objectName(): w.text() for w in frame.children() if hasattr(w, "text")}
        if labels.get("StatLabel") == "在册团员":
            return int(labels["StatValue"])
    raise AssertionError("no 在册团员 card on the home page")


def _roster_page_count(window, qtbot) -> int:
    page = window.show_page("members")
    page.today = TODAY
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded)
    count = page.model.rowCount()
    assert page.count_label.text() == f"在册 {count} 人"
    return count


def test_cover_home_roster_page_and_export_agree(app, qtbot, demo_db, tmp_path):
    db = demo_db
    with db.transaction() as s:
        branch_id = s.scalar(select(Branch.id))
        # two members leave during the year: the year's roster is longer than today's
        leaving = s.scalars(
            select(Member.id).where(
                Member.branch_id == branch_id,
                Member.league_post == "",
                Member.status_since < date(TODAY.year, 3, 1),
            )
        ).all()[-2:]
        members.change_status(s, leaving[0], "退团", date(TODAY.year, 3, 10), "本人申请")
        members.change_status(s, leaving[1], "去世", date(TODAY.year, 9, 1), "")
    with db.session() as s:
        expected = roster_count(s, branch_id, TODAY)
    window = open_main_window(db)
    qtbot.addWidget(window)
    counts = {
        "cover": _cover_count(db, branch_id, tmp_path),
        "home": _home_count(window),
        "roster page": _roster_page_count(window, qtbot),
        "export": _export_count(db, branch_id, tmp_path),
    }
    assert counts == dict.fromkeys(counts, expected)
    assert expected == 58  # the demo's 60 (two came in, nobody left for good) less the two
