"""The 团支部工作手册 of a 1,000-member branch against plain reportlab, in the same run.

The branch is the demo branch grown to 1,000 members (a year of meetings, dues, transfers),
made with the real services once and kept in a cache file (`--db PATH` to choose it,
`--fresh` to make it anew after a schema change; it takes about a minute to make).
Two documents are timed, best of RUNS:

- ours: `build_handbook` (reads the database, cover, contents, headers and footers,
  portrait and landscape pages, meeting records);
- plain: the same tables (the same cell values and column widths, reportlab's own
  `Table` and `Paragraph`) in `SimpleDocTemplate`s (default margins) with the same font (A4
  portrait, and landscape for the wide ones), a plain heading before each table, nothing else.

The plain document's tables are collected outside its timer from every section's flowables
(the registers, meeting records, seal boxes and 团内统计 too); each is drawn in the grid style
alone (no spans or fills of its own) and measured row by row. Its pages have 1-inch margins, so
it has more of them than the book (263 against 208 at 1,000 members), and the book has pages
without tables (cover, contents, fixed texts, plan, summary, signature and 备注 pages).

Pages per second are printed for both, and the ratio (aim: end to end within 1.2x of plain,
with every section of the book: the fixed texts, plan, summary and signature pages too), then
the plain ratio of the times (lower than the pages-per-second one: the book has fewer pages).
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's branchdesk, as the CLI run from ROOT imports it
RUNS = int(os.environ.get("RUNS", "3"))
MEMBERS = 1000
TODAY = date(2026, 11, 23)
YEAR = TODAY.year


def make_branch(path: Path) -> None:
    from branchdesk.core.db.database import Database
    from branchdesk.core.services import demo

    demo.DEMO_MEMBER_COUNT = MEMBERS
    db = Database.open(path)
    with db.transaction() as session:
        demo.create_demo(session, today=TODAY)
    db.dispose()


def ours(db, branch_id: int, out: Path) -> int:
    from branchdesk.core.reports.handbook import HandbookOptions, build_handbook

    with db.session() as session:
        return build_handbook(session, branch_id, HandbookOptions(year=YEAR), out).pages


def composed(db, branch_id: int):
    from branchdesk.core.reports.handbook import HandbookOptions, compose_handbook

    with db.session() as session:
        return compose_handbook(session, branch_id, HandbookOptions(year=YEAR))


def tables_of(db, branch_id: int) -> list[tuple[str, list, list]]:
    """(title, cell values, column widths) of every table of the handbook; a cell that is a
    paragraph becomes reportlab's own Paragraph of the same text and style (ours break lines
    and draw bold their own way: the baseline stays plain reportlab)."""
    from reportlab.platypus import Paragraph

    from branchdesk.core.reports.handbook import SECTIONS, HandbookOptions, load_context

    found: list = []

    def plain_cell(cell):
        if isinstance(cell, Paragraph) and type(cell) is not Paragraph:
            return Paragraph(cell.text, cell.style)
        return cell

    def walk(flowables, title):
        for f in flowables:
            if hasattr(f, "toc_entry"):
                title = f.toc_entry[1]
            if hasattr(f, "_cellvalues"):
                values = [[plain_cell(c) for c in row] for row in f._cellvalues]
                found.append((title, values, f._colWidths))
            inner = getattr(f, "_content", None)
            if isinstance(inner, list):
                walk(inner, title)
        return title

    with db.session() as session:
        ctx = load_context(session, branch_id, HandbookOptions(year=YEAR))
        for section in SECTIONS:
            walk(section.build(ctx), section.title)
    return found


def plain(tables: list, out: Path) -> int:
    """Portrait tables in one SimpleDocTemplate, wide ones in a landscape one; total pages."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from branchdesk.core.reports.styles import grid_table_style, styles

    pages = 0
    for size, wide in ((A4, False), (landscape(A4), True)):
        story = []
        for title, values, widths in tables:
            if (sum(widths) > 520) == wide:
                story.append(Paragraph(title, styles()["h2"]))
                story.append(
                    Table(values, colWidths=widths, repeatRows=1, style=grid_table_style())
                )
        doc = SimpleDocTemplate(str(out), pagesize=size)
        doc.build(story)
        pages += doc.page
    return pages


def timed(make, run) -> tuple[float, int]:
    """Best of RUNS of run(make()); make() (fresh flowables, layout consumes them) is not timed."""
    times, pages = [], 0
    for _ in range(RUNS):
        prepared = make()
        start = time.perf_counter()
        pages = run(prepared)
        times.append(time.perf_counter() - start)
    return min(times), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(tempfile.gettempdir()) / f"branchdesk-bench-{MEMBERS}.db"
    parser.add_argument("--db", type=Path, default=default, help="the cached branch")
    parser.add_argument("--fresh", action="store_true", help="make the branch anew")
    args = parser.parse_args()
    if args.fresh:
        args.db.unlink(missing_ok=True)
    if not args.db.exists():
        print(f"making a {MEMBERS}-member branch in {args.db} ...", file=sys.stderr)
        make_branch(args.db)

    from branchdesk.core.db.database import Database
    from branchdesk.core.reports.fonts import register_fonts
    from branchdesk.core.reports.handbook import layout_handbook

    register_fonts()
    db = Database.open(args.db)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours(db, 1, out / "warm.pdf")
        total, pages = timed(lambda: None, lambda _: ours(db, 1, out / "ours.pdf"))
        layout, _ = timed(lambda: composed(db, 1), lambda c: layout_handbook(c, out / "l.pdf"))
        base, base_pages = timed(lambda: tables_of(db, 1), lambda t: plain(t, out / "plain.pdf"))
        size = (out / "ours.pdf").stat().st_size // 1024
    db.dispose()
    rate, layout_rate, base_rate = pages / total, pages / layout, base_pages / base
    print(f"handbook, {MEMBERS} members: {pages} pages, {size} KB (best of {RUNS})")
    print(f"  end to end (reading the records too): {total:.2f} s = {rate:.1f} pages/s")
    print(f"  layout only:                          {layout:.2f} s = {layout_rate:.1f} pages/s")
    print(
        f"plain reportlab, same tables: {base_pages} pages in {base:.2f} s = {base_rate:.1f} pages/s"
    )
    print(f"ratio, layout only:  {base_rate / layout_rate:.2f}x")
    print(f"ratio, end to end:   {base_rate / rate:.2f}x (aim <= 1.2x)")
    print(f"time alone, end to end / plain: {total / base:.2f}x ({pages} and {base_pages} pages)")


if __name__ == "__main__":
    main()
