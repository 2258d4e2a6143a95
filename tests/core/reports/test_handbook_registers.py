"""The handbook's 发展团员, 推优入党 and 奖惩与考核 sections, read back from the PDF."""

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branchdesk.core.db.database import Database
from branchdesk.core.io.registers_out import export_development, export_recommendations
from branchdesk.core.reports import handbook_registers as hr
from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.services import awards, development, recommendations
from branchdesk.core.services.demo import create_demo

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("registers")
    db = Database.open(folder / "demo.db")
    with db.transaction() as s:
        branch_id = create_demo(s, today=TODAY).branch_id
    out = folder / "book.pdf"
    options = HandbookOptions(
        year=2026, sections=("development", "recommendation", "awards"), today=TODAY
    )
    with db.session() as s:
        build_handbook(s, branch_id, options, out)
        data = (
            development.register_rows(s, branch_id, 2026),
            recommendations.register_rows(s, branch_id, 2026),
            awards.award_rows(s, branch_id, 2026),
            awards.assessment_rows(s, branch_id, 2026),
        )
        export_development(s, branch_id, folder / "development.xlsx", 2026)
        export_recommendations(s, branch_id, folder / "recommendations.xlsx", 2026)
    pages = [p.extract_text() for p in PdfReader(out).pages]
    yield pages, data, folder
    db.dispose()


def _section(pages: list[str], title: str, until: str | None) -> str:
    """The text of the section `title` up to the section `until` (the contents left out)."""
    text = "\n".join(p for p in pages if " . . . ." not in p)
    start = text.index(f"\n{title}\n")
    end = text.index(f"\n{until}\n", start) if until else len(text)
    return text[start:end]


def test_development_section_lists_every_applicant_with_the_vote(book):
    pages, (applicants, *_), _ = book
    text = _section(pages, "发展团员", "推优入党")
    assert applicants
    for a in applicants:
        assert a.name in text
    joined = next(a for a in applicants if a.status == "已入团")
    assert joined.development_no in text and joined.vote_text in text
    assert "入团积极分子团课（团校）学习及考察" in text
    assert "团课学习6学时，不足8学时" in text  # the demo's 发展对象 with 6 学时
    assert re.search(r"登记入团申请人 \d+ 人，其中经上级团委批准入团 \d+ 人", text)


def test_recommendation_section_has_the_meeting_and_every_candidate(book):
    pages, (_, candidates, *_), _ = book
    text = _section(pages, "推优入党", "奖惩与考核")
    assert candidates
    for c in candidates:
        assert c.name in text
    assert "无记名投票" in text and f"应到 {candidates[0].expected} 人" in text
    assert "推荐 2 人" in text


def test_awards_section_has_each_register_and_the_assessments(book):
    pages, (_, _, award_rows, assessments), _ = book
    text = _section(pages, "奖惩与考核", None)
    for title in ("表彰奖励登记", "帮教登记", "处分登记", "团员考核登记"):
        assert title in text
    for r in award_rows:
        assert r.name in text and r.level in text
    assert assessments and all(a.name in text for a in assessments)
    assert "处分种类" in text and "授予单位" in text


def test_registers_fit_the_page():
    from reportlab.lib.pagesizes import A4, landscape

    from branchdesk.core.reports.book import MARGIN

    for register in (hr.DEVELOPMENT, hr.TRAINING, hr.RECOMMENDATION):
        assert sum(register.widths) <= landscape(A4)[0] - 2 * MARGIN
    for register in (*hr.AWARD_REGISTERS, hr.ASSESSMENT):
        assert sum(register.widths) <= A4[0] - 2 * MARGIN


def test_the_names_in_the_exports_are_in_the_handbook(book):
    pages, _, folder = book
    for file, sheet, title, until in (
        ("development.xlsx", "发展团员", "发展团员", "推优入党"),
        ("recommendations.xlsx", "推优入党", "推优入党", "奖惩与考核"),
    ):
        rows = list(load_workbook(folder / file)[sheet].iter_rows(min_row=4, values_only=True))
        names = [r[1] for r in rows]
        assert len(names) >= 3
        text = _section(pages, title, until)
        assert [n for n in names if n not in text] == []
