"""The handbook as a bound book: gutter on the bound edge, names whole, roster order.

Text positions are read back from the PDF with pypdf's visitor_text (the text matrix times the
current transformation matrix), so the tests see where the text was really put on the page.
"""

from datetime import date

import pytest
from pypdf import PdfReader

from branchdesk.core.db.models import Group
from branchdesk.core.reports.book import GUTTER_MARGIN, MARGIN, OUTER_MARGIN
from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members
from branchdesk.core.services.demo import create_demo, fake_id_number

TODAY = date(2026, 11, 23)
YEAR = 2026


def runs(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn on the page, in page coordinates."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def is_landscape(page) -> bool:
    return float(page.mediabox.width) > float(page.mediabox.height)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from branchdesk.core.db.database import Database

    db = Database.open(tmp_path_factory.mktemp("print") / "demo.db")
    with db.transaction() as s:
        branch_id = create_demo(s, today=TODAY).branch_id
    yield db, branch_id
    db.dispose()


def _book(demo, tmp_path, mirrored: bool) -> PdfReader:
    db, branch_id = demo
    out = tmp_path / "book.pdf"
    with db.session() as s:
        options = HandbookOptions(YEAR, mirrored=mirrored, today=TODAY)
        build_handbook(s, branch_id, options, out)
    return PdfReader(out)


def _edges(page) -> tuple[float, float, float, float]:
    """Leftmost x, lowest y, rightmost start x and highest y of the page's text."""
    found = runs(page)
    xs, ys = [x for x, _, _ in found], [y for _, y, _ in found]
    return min(xs), min(ys), max(xs), max(ys)


def test_single_sided_gutter_on_the_left_of_portrait_and_the_top_of_landscape(demo, tmp_path):
    reader = _book(demo, tmp_path, mirrored=False)
    portrait = landscape = 0
    for page in reader.pages[1:]:  # the cover is centred text
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        left, bottom, _, top = _edges(page)
        if is_landscape(page):
            landscape += 1
            # header 6 pt above the body; nothing nearer the bound (top) edge than the gutter
            assert height - top == pytest.approx(GUTTER_MARGIN - 6, abs=0.5)
            assert left >= MARGIN - 0.5
            assert bottom >= OUTER_MARGIN - 20 - 0.5  # the footer, in the outer margin
        else:
            portrait += 1
            assert left == pytest.approx(GUTTER_MARGIN, abs=0.5), page.extract_text()[:60]
            assert width - left > width - GUTTER_MARGIN - 1
    assert portrait > 10 and landscape >= 3


def test_double_sided_gutter_alternates_with_the_page_number(demo, tmp_path):
    reader = _book(demo, tmp_path, mirrored=True)
    seen = set()
    for number, page in enumerate(reader.pages, start=1):
        if number == 1:
            continue
        height = float(page.mediabox.height)
        left, bottom, _, top = _edges(page)
        odd = number % 2 == 1
        if is_landscape(page):
            bound_top = GUTTER_MARGIN if odd else OUTER_MARGIN
            assert height - top == pytest.approx(bound_top - 6, abs=0.5)
            bound_bottom = OUTER_MARGIN if odd else GUTTER_MARGIN
            assert bottom == pytest.approx(bound_bottom - 20, abs=0.5)  # the footer
            seen.add(("landscape", odd))
        else:
            assert left == pytest.approx(GUTTER_MARGIN if odd else OUTER_MARGIN, abs=0.5)
            seen.add(("portrait", odd))
    assert seen == {
        ("portrait", True),
        ("portrait", False),
        ("landscape", True),
        ("landscape", False),
    }


def test_cli_double_sided(demo, tmp_path, capsys):
    from branchdesk.cli import main

    db, _ = demo
    out = tmp_path / "cli.pdf"
    argv = ["--db", str(db.engine.url.database), "handbook", "--year", str(YEAR), "-o", str(out)]
    assert main([*argv, "--double-sided", "--sections", "profile,groups"]) == 0
    pages = PdfReader(out).pages
    assert _edges(pages[1])[0] == pytest.approx(OUTER_MARGIN, abs=0.5)  # page 2: a left-hand page
    assert _edges(pages[2])[0] == pytest.approx(GUTTER_MARGIN, abs=0.5)


LONG_NAMES = ("阿卜杜热合曼·买买提明", "欧阳娜娜娜娜", "司马相如")


@pytest.fixture
def grouped(db, branch_id):
    """Two groups kept in the order 第二小组, 第一小组; members entered in a code-point-unsorted
    order, some with names too long for the column."""
    with db.transaction() as s:
        second = Group(branch_id=branch_id, name="第二小组", sort_order=0)
        first = Group(branch_id=branch_id, name="第一小组", sort_order=1)
        s.add_all([second, first])
        s.flush()
        people = [
            ("张三", first.id),
            ("阿卜杜热合曼·买买提明", second.id),
            ("李四", None),
            ("欧阳娜娜娜娜", first.id),
            ("王五", second.id),
            ("司马相如", None),
        ]
        numbers = {}
        for i, (name, group_id) in enumerate(people):
            number = fake_id_number(__import__("random").Random(i), date(2000, 1, 1 + i), "男")
            record = MemberRecord(
                name=name,
                gender="男",
                birth_date=date(2000, 1, 1 + i),
                id_number=number,
                join_date=date(2014, 5, 1),
                group_id=group_id,
            )
            members.add_member(s, branch_id, record, since=date(2025, 1, 1))
            numbers[name] = number
    return numbers


def lines(pages) -> list[str]:
    """The text on each baseline of the landscape pages, left to right, top to bottom.

    A cell's text may come in several pieces (the embedded font is split into subsets), so
    the pieces on a baseline are joined: a name broken across lines is on no single line."""
    out: list[str] = []
    for page in pages:
        if not is_landscape(page):
            continue
        # pieces within 3 pt of each other are one line (cells of a row in smaller type sit a
        # little lower); rows of a register are 15 pt apart
        line: list[tuple[float, str]] = []
        last = None
        for x, y, text in sorted(runs(page), key=lambda r: -r[1]):
            if last is not None and last - y > 3:
                out.append("".join(t for _, t in sorted(line, key=lambda p: p[0])))
                line = []
            line.append((x, text))
            last = y
        if line:
            out.append("".join(t for _, t in sorted(line, key=lambda p: p[0])))
    return out


def _roster_rows(db, branch_id, tmp_path) -> list[str]:
    out = tmp_path / "roster.pdf"
    with db.session() as s:
        build_handbook(s, branch_id, HandbookOptions(YEAR, ("roster",), today=TODAY), out)
    return lines(PdfReader(out).pages)


def test_roster_names_whole_in_their_rows_in_the_secretarys_order(db, branch_id, grouped, tmp_path):
    rows = _roster_rows(db, branch_id, tmp_path)
    listed = []
    for name, number in grouped.items():
        row = next((r for r in rows if number in r), None)
        assert row is not None, number
        assert name in row, (name, row)  # whole, on the ID number's line
        listed.append((rows.index(row), name))
    order = [name for _, name in sorted(listed)]
    # 第二小组 first (the branch's order), then 第一小组, then no group; each by 序号
    assert order == ["阿卜杜热合曼·买买提明", "王五", "张三", "欧阳娜娜娜娜", "李四", "司马相如"]


def test_a_name_too_long_for_its_column_is_shrunk_and_its_column_widened():
    from branchdesk.core.reports.handbook_tables import (
        CELL_PADDING,
        MIN_FONT_SIZE,
        grid,
        one_line,
        text_width,
    )
    from branchdesk.core.reports.rl_internals import SizedText

    assert type(one_line("张三", 56)) is str
    shrunk = one_line(LONG_NAMES[1], 56)
    assert isinstance(shrunk, SizedText) and MIN_FONT_SIZE <= shrunk.size < 9
    assert text_width(str(shrunk), shrunk.size) <= 56 - 2 * CELL_PADDING
    # too long even at the smallest size: the name's column takes room from a wrapping one
    table = grid(["姓名", "备注"], [[LONG_NAMES[0], "说明"]], [56, 100], wrap_columns=(1,))
    name_w, note_w = table._colWidths
    assert name_w > 56 and name_w + note_w == 156
    cell = table._cellvalues[1][0]
    assert text_width(str(cell), cell.size) <= name_w - 2 * CELL_PADDING


def test_roster_prints_each_members_attendance_for_the_year(demo, tmp_path):
    from branchdesk.core.reports.handbook import load_context
    from branchdesk.core.reports.handbook_records import year_attendance

    db, branch_id = demo
    with db.session() as s:
        ctx = load_context(s, branch_id, HandbookOptions(YEAR, today=TODAY))
        counts = year_attendance(ctx)
        first = ctx.year_member_ids[0]
        name, (present, expected) = ctx.members[first].name, counts[first]
    assert expected > 0
    rows = _roster_rows(db, branch_id, tmp_path)
    row = next(r for r in rows if name in r)
    assert row.endswith(f"{present}/{expected}")


def test_dues_register_keeps_names_and_paid_up_to_whole(demo, tmp_path):
    """团费交至 ("2026年11月", "未缴（自2026年9月起）") and names are single pieces of text."""
    from branchdesk.core.services import dues

    db, branch_id = demo
    out = tmp_path / "dues.pdf"
    with db.session() as s:
        build_handbook(s, branch_id, HandbookOptions(YEAR, ("dues",), today=TODAY), out)
        grid = dues.dues_grid(s, branch_id, YEAR)
    rows = lines(PdfReader(out).pages)
    long_ones = [r.paid_up_to for r in grid.rows if len(r.paid_up_to) > 8]
    assert long_ones  # the demo has members in arrears
    for row in grid.rows:
        line = next((t for t in rows if row.name in t), "")
        assert row.paid_up_to in line, (row.name, row.paid_up_to, line)
