"""A graduating class out at once: batch transfer (one letter each) and the letters' PDF.

Baseline: a reportlab canvas that draws the same amount of text (about 70 strings a page) on
the same number of pages with the same embedded font, without tables or wrapped paragraphs.
The issue's goal: a class transferred out and its letters printed in well under a minute.
"""

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CLASS_SIZE = int(os.environ.get("CLASS_SIZE", "45"))
TODAY = date(2026, 11, 23)


def baseline(pages: int, path: Path) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from branchdesk.core.reports.fonts import register_fonts

    font = register_fonts()
    start = time.perf_counter()
    canvas = Canvas(str(path), pagesize=A4, initialFontName=font)
    for page in range(pages):
        for line in range(70):
            canvas.setFont(font, 10)
            canvas.drawString(
                50, 800 - line * 11, f"团员组织关系介绍信 第{page}页 第{line}行 示例大学团委"
            )
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import random

    from branchdesk.core.db.database import Database
    from branchdesk.core.reports.transfer_letter import print_letters
    from branchdesk.core.rules.member_record import MemberRecord
    from branchdesk.core.services import members, transfers
    from branchdesk.core.services.branches import create_branch
    from branchdesk.core.services.demo import fake_id_number

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.db")
        rng = random.Random(1)
        with db.transaction() as s:
            branch_id = create_branch(s, "示例中学高三(1)班团支部").id
            ids = []
            for i in range(CLASS_SIZE):
                birth = date(2006, 1 + i % 12, 1 + i % 28)
                record = MemberRecord(
                    name=f"学生{i:02d}",
                    gender="男",
                    birth_date=birth,
                    id_number=fake_id_number(rng, birth, "男"),
                    join_date=date(2022, 5, 1),
                )
                ids.append(members.add_member(s, branch_id, record, since=date(2022, 5, 1)).id)
        start = time.perf_counter()
        with db.transaction() as s:
            rows = transfers.batch_transfer_out(s, branch_id, ids, "升学", "示例大学团委", TODAY)
        batch = time.perf_counter() - start
        from branchdesk.core.reports.fonts import register_fonts

        register_fonts()  # load the font file once, outside both timings
        start = time.perf_counter()
        with db.session() as s:
            print_letters(s, [r.id for r in rows], Path(tmp) / "letters.pdf")
        pdf = time.perf_counter() - start
        base = baseline(CLASS_SIZE, Path(tmp) / "baseline.pdf")
    print(f"batch transfer out, {CLASS_SIZE} letters : {batch * 1000:7.0f} ms")
    print(f"letters PDF, {CLASS_SIZE} pages          : {pdf * 1000:7.0f} ms")
    print(f"baseline text-only PDF            : {base * 1000:7.0f} ms   ratio {pdf / base:5.2f}x")
    print(f"class out + letters printed       : {batch + pdf:7.1f} s    (goal: well under 60 s)")


if __name__ == "__main__":
    main()
