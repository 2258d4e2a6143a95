"""The 团支部工作手册 read back from the PDF: sections in order, contents, page footer, fonts."""

import re
from datetime import date

import pytest
from pypdf import PdfReader

from branchdesk.core.db.database import Database
from branchdesk.core.progress import Cancelled
from branchdesk.core.reports.handbook import (
    SECTION_KEYS,
    HandbookOptions,
    build_blank_forms,
    build_handbook,
)
from branchdesk.core.reports.handbook_sections import mask_phone
from branchdesk.core.rules.idcard import mask
from branchdesk.core.services.demo import create_demo
from branchdesk.core.services.members import roster_rows

TODAY = date(2026, 11, 23)
YEAR = 2026
#: the level-0 headings of a full handbook, in the book's order
HEADINGS = [
    "使用说明",
    "团支部委员职责",
    "发展团员工作程序",
    "支部基本情况",
    "团员花名册",
    "团小组",
    "发展团员",
    "推优入党",
    "年度工作计划",
    "三会两制一课",
    "主题团日",
    "组织生活会",
    "团员教育评议",
    "团籍注册",
    "团费收缴登记",
    "组织关系转接",
    "奖惩与考核",
    "团内统计",
    "年度工作总结",
    "党组织审阅意见",
    "备注",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("handbook") / "demo.db"
    db = Database.open(path)
    with db.transaction() as s:
        summary = create_demo(s, today=TODAY)
    yield db, summary.branch_id
    db.dispose()


@pytest.fixture(scope="module")
def book(demo, tmp_path_factory):
    """The demo branch's full handbook, its result, and the progress reports made."""
    db, branch_id = demo
    out = tmp_path_factory.mktemp("book") / "handbook.pdf"
    calls = []
    with db.session() as s:
        result = build_handbook(
            s, branch_id, HandbookOptions(year=YEAR), out, progress=lambda *a: calls.append(a)
        )
    reader = PdfReader(out)
    texts = [page.extract_text() for page in reader.pages]
    return result, reader, texts, calls


@pytest.fixture(scope="module")
def masked_texts(demo, tmp_path_factory):
    db, branch_id = demo
    out = tmp_path_factory.mktemp("masked") / "masked.pdf"
    with db.session() as s:
        # every section that prints ID or phone numbers
        options = HandbookOptions(YEAR, ("profile", "roster", "groups", "transfers"), mask=True)
        build_handbook(s, branch_id, options, out)
    return [page.extract_text() for page in PdfReader(out).pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def contents_text(reader, texts) -> str:
    """The text of the contents pages: from page 2 up to the first section's page."""
    first = min(page for level, _, page in outline(reader) if level == 0)
    assert first > 2
    return compact("".join(texts[1 : first - 1]))


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_page_count_and_footer_on_every_page_but_the_cover(book):
    result, reader, texts, _ = book
    total = len(reader.pages)
    assert result.pages == total > 30
    assert "第" not in texts[0] or "页共" not in compact(texts[0])
    for number, text in enumerate(texts[1:], start=2):
        assert f"第{number}页共{total}页" in compact(text), number


def test_cover_names_branch_committee_and_year(book):
    cover = compact(book[2][0])
    for text in ("团支部工作手册", "示例街道第一团支部", "示例街道团工委", f"{YEAR}年度"):
        assert text in cover


def test_branch_name_and_year_in_the_running_header(book):
    for text in book[2][1:]:
        assert "示例街道第一团支部" in text
        assert f"{YEAR}年度团支部工作手册" in compact(text)


def test_section_headings_in_order_on_their_pages(book):
    _, reader, texts, _ = book
    sections = [(title, page) for level, title, page in outline(reader) if level == 0]
    assert [t for t, _ in sections] == HEADINGS
    pages = [p for _, p in sections]
    assert pages == sorted(pages)
    for title, page in sections:
        assert title in compact(texts[page - 1])


def test_contents_page_numbers_match_the_heading_pages(book):
    _, reader, texts, _ = book
    contents = contents_text(reader, texts)
    assert "目录" in contents
    for level, title, page in outline(reader):
        if level == 0:
            match = re.search(re.escape(compact(title)) + r"[.]*(\d+)", contents)
            assert match, title
            assert int(match.group(1)) == page, title


def test_contents_of_the_full_book_fit_on_one_page(book):
    """The cover, then every section and sub-section with its page on page 2, then 使用说明."""
    _, reader, texts, _ = book
    entries = outline(reader)
    assert min(page for level, _, page in entries if level == 0) == 3
    contents = compact(texts[1])
    assert "目录" in contents
    for _, title, page in entries:
        assert re.search(re.escape(compact(title)) + rf"[.]*{page}(?!\d)", contents), title
    assert sum(1 for level, _, _ in entries if level == 1) >= 13


def test_roster_lists_the_members_with_their_numbers(demo, book):
    db, branch_id = demo
    text = compact("".join(book[2]))
    with db.session() as s:
        rows = roster_rows(s, branch_id)
    for row in rows[:5] + rows[-3:]:
        assert row.name in text
        assert row.id_number in text
        assert row.phone in text


def test_masking_hides_id_and_phone_numbers(demo, masked_texts):
    db, branch_id = demo
    text = compact("".join(masked_texts))
    with db.session() as s:
        rows = roster_rows(s, branch_id, include_archived=True)
    for row in rows:
        assert row.id_number not in text
        assert row.phone not in text
    assert mask(rows[0].id_number) in text
    assert mask_phone(rows[0].phone) in text


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


def test_every_font_is_embedded(book):
    reader = book[1]
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert seen


def test_meeting_and_dues_figures_match_the_services(demo, book):
    from branchdesk.core.rules.dues_standards import yuan
    from branchdesk.core.services import dues, meetings

    db, branch_id = demo
    text = compact("".join(book[2]))
    with db.session() as s:
        held = meetings.list_meetings(s, branch_id, YEAR, include_drafts=False)
        grid = dues.dues_grid(s, branch_id, YEAR)
    not_theme = [m for m in held if m.kind not in ("主题团日", "组织生活会")]
    assert f"共记录会议{len(not_theme)}次" in text
    assert f"已缴{yuan(grid.total_paid_fen)}元" in text


def test_the_book_reads_the_dues_book_and_each_round_once(demo, tmp_path, monkeypatch):
    """注册 (arrears), 团费 and 团内统计 share one dues book; 评议, 注册 and 团内统计 one view
    of each round. Outside a book every call reads afresh."""
    from branchdesk.core.services import dues, rounds
    from branchdesk.core.services.dues import book as dues_book

    loads = []
    load_book, view = dues_book._load_book, rounds._view
    monkeypatch.setattr(dues_book, "_load_book", lambda *a: loads.append("book") or load_book(*a))
    monkeypatch.setattr(rounds, "_view", lambda *a: loads.append(str(a[2])) or view(*a))
    db, branch_id = demo
    with db.session() as s:
        build_handbook(s, branch_id, HandbookOptions(year=YEAR), tmp_path / "x.pdf")
        assert sorted(loads) == ["book", "注册", "评议"]
        loads.clear()
        dues.dues_grid(s, branch_id, YEAR)
        rounds.round_view(s, branch_id, "评议", YEAR)
        dues.dues_grid(s, branch_id, YEAR)
        assert loads == ["book", "评议", "book"]


def test_progress_reports_each_section_and_ends_complete(book):
    calls = book[3]
    messages = [m for _, _, m in calls]
    assert any("团员花名册" in m for m in messages)
    assert any("第 3 页" in m for m in messages)
    done, total, _ = calls[-1]
    assert done == total


def test_chosen_sections_only_and_blank_forms_appendix(demo, tmp_path):
    db, branch_id = demo
    out = tmp_path / "roster.pdf"
    with db.session() as s:
        options = HandbookOptions(year=YEAR, sections=("roster",), blank_forms=True)
        result = build_handbook(s, branch_id, options, out)
    reader = PdfReader(out)
    titles = [t for level, t, _ in outline(reader) if level == 0]
    assert titles == ["团员花名册", "附：空白表格"]
    assert result.pages == len(reader.pages)


def test_blank_forms_alone(tmp_path):
    out = tmp_path / "blank.pdf"
    result = build_blank_forms(out, branch_name="某团支部")
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) >= 10
    text = compact("".join(p.extract_text() for p in reader.pages))
    for title in ("团员花名册", "会议记录", "团费收缴登记表", "发展团员登记", "推优入党登记"):
        assert title in text


def test_cancelling_stops_the_build(demo, tmp_path):
    db, branch_id = demo

    def cancel(done, total, message):
        if "排版" in message:
            raise Cancelled()

    with db.session() as s, pytest.raises(Cancelled):
        build_handbook(s, branch_id, HandbookOptions(year=YEAR), tmp_path / "x.pdf", cancel)


def test_unknown_section_is_a_user_error(demo, tmp_path):
    from branchdesk.core.errors import UserError

    db, branch_id = demo
    with db.session() as s, pytest.raises(UserError):
        build_handbook(s, branch_id, HandbookOptions(YEAR, sections=("x",)), tmp_path / "x.pdf")
    assert "roster" in SECTION_KEYS


def test_cli_handbook(demo, tmp_path, capsys):
    from branchdesk.cli import main

    db, _ = demo
    out = tmp_path / "cli.pdf"
    url = str(db.engine.url.database)
    args = ["--db", url, "handbook", "--year", str(YEAR), "-o", str(out), "--sections", "roster"]
    assert main(args) == 0, capsys.readouterr().err
    assert "工作手册" in capsys.readouterr().out
    assert len(PdfReader(out).pages) == 5  # cover, contents, 3 roster pages


def test_cli_handbook_unknown_branch_is_a_chinese_error(demo, tmp_path, capsys):
    from branchdesk.cli import main

    db, _ = demo
    url = str(db.engine.url.database)
    out = str(tmp_path / "x.pdf")
    assert main(["--db", url, "handbook", "-o", out, "--branch", "没有"]) != 0
    assert "找不到" in capsys.readouterr().err


def test_a_new_branch_gets_a_book_of_empty_registers(db, branch_id, tmp_path):
    out = tmp_path / "empty.pdf"
    with db.session() as s:
        result = build_handbook(s, branch_id, HandbookOptions(year=YEAR), out)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages)
    titles = [t for level, t, _ in outline(reader) if level == 0]
    assert titles == HEADINGS
    assert "测试团支部" in reader.pages[1].extract_text()


def test_long_minutes_wrap_inside_the_cell_and_run_over_pages(tmp_path):
    from branchdesk.core.reports.book import BookInfo, build_book
    from branchdesk.core.reports.handbook_records import meeting_form_table

    minutes = "\n".join(f"第{i}段：" + "会议认真讨论了团支部工作。" * 40 for i in range(12))
    url = "https://example.org/" + "a" * 400
    values = {"会议类别": "支部团员大会", "会议记录": minutes + "\n" + url, "议题": "一" * 900}
    out = tmp_path / "long.pdf"
    pages = build_book(out, [meeting_form_table(values)], BookInfo("左", "右"), cover=False)
    text = compact("".join(p.extract_text() for p in PdfReader(out).pages))
    assert pages >= 2
    assert "第11段" in text and "aaaa" in text


def test_round_registers_print_the_day_meeting_attendance_approval_and_every_member(demo, book):
    from branchdesk.core.services.rounds import round_view

    db, branch_id = demo
    _, _, texts, _ = book
    text = "".join(t.replace("\n", "") for t in texts)
    with db.session() as s:
        evaluation = round_view(s, branch_id, "评议", YEAR)
        registration = round_view(s, branch_id, "注册", YEAR)
    assert evaluation.meeting_id is not None and evaluation.approved_on is not None
    day = f"{evaluation.held_on:%Y年%m月%d日}"
    assert f"日期：{day}" in text
    assert f"应到 {evaluation.expected} 人，实到 {evaluation.present} 人" in text
    assert f"上级团委审批：{evaluation.approved_on:%Y年%m月%d日}" in text
    assert "上级团委审批：尚未审批" in text  # the registration is not approved yet
    counts = dict(registration.summary)
    assert sum(counts.values()) == len(registration.rows)
    assert f"未注册 {counts['未注册']} 人" in text and counts["未注册"] > 0


def test_transfer_register_counts_people_with_completed_transfers(demo, book):
    from branchdesk.core.rules.transfer_state import year_counts
    from branchdesk.core.services.transfers import register_rows

    db, branch_id = demo
    text = "".join(t.replace("\n", "") for t in book[2])
    with db.session() as s:
        rows = register_rows(s, branch_id, year=YEAR)
    out_people, in_people = year_counts(rows)
    assert len(rows) > out_people + in_people  # the demo has pending and closed letters too
    assert f"{YEAR} 年转出 {out_people} 人，转入 {in_people} 人（按已完成转接的人数计）" in text


def test_sections_follow_the_contents_page_in_order(book):
    """The contents page lists the sections in the order they appear, basics first, summary
    and the pages signed by others last."""
    _, reader, texts, _ = book
    contents = contents_text(reader, texts)
    cursor = 0
    for title in HEADINGS:  # each found after the one before it
        found = contents.find(compact(title), cursor)
        assert found >= 0, title
        cursor = found + len(compact(title))
    assert (
        HEADINGS.index("支部基本情况") < HEADINGS.index("发展团员") < HEADINGS.index("年度工作计划")
    )
    assert HEADINGS[-3:] == ["年度工作总结", "党组织审阅意见", "备注"]


def _pages_of(reader, texts, title: str) -> list[str]:
    """Texts of the pages of the section `title` (up to the next section)."""
    starts = [(t, p) for level, t, p in outline(reader) if level == 0]
    for i, (t, page) in enumerate(starts):
        if t == title:
            end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(texts)
            return [compact(x) for x in texts[page - 1 : end]]
    raise AssertionError(title)


def test_every_meeting_record_has_host_and_recorder_signatures(demo, book):
    from branchdesk.core.services.meetings import list_meetings

    db, branch_id = demo
    _, reader, texts, _ = book
    with db.session() as s:
        held = len(list_meetings(s, branch_id, YEAR, include_drafts=False))
    records = [_pages_of(reader, texts, t) for t in ("三会两制一课", "主题团日", "组织生活会")]
    text = "".join(page for pages in records for page in pages)
    assert held > 10
    assert text.count("主持人签字") == text.count("记录人签字") == held


def test_seal_boxes_on_rounds_summary_review_and_cover(book):
    _, reader, texts, _ = book
    for title in ("团员教育评议", "团籍注册", "年度工作总结"):
        pages = "".join(_pages_of(reader, texts, title))
        assert "团支部（章）" in pages and "上级团委意见（章）" in pages, title
    review = _pages_of(reader, texts, "党组织审阅意见")
    assert len(review) == 2
    assert "上半年（1—6月）" in review[0] and "下半年（7—12月）" in review[1]
    assert all("党组织（章）" in page and "审阅人签字" in page for page in review)
    cover = compact(texts[0])
    assert "上级团委（章）" in cover and "支部级别" in cover
    assert f"使用时间{YEAR}年1月至{YEAR}年12月" in cover
    assert "书记签字" in "".join(_pages_of(reader, texts, "年度工作总结"))


def test_fixed_texts_are_the_branchs_own_wording_when_it_has_one(demo, tmp_path):
    from branchdesk.core.services.handbook_texts import (
        default_text,
        handbook_text,
        is_customised,
        save_handbook_text,
    )

    db, branch_id = demo
    out = tmp_path / "texts.pdf"
    keys = ("instructions", "duties", "procedure")
    with db.session() as s:
        build_handbook(s, branch_id, HandbookOptions(YEAR, keys), out)
    text = compact("".join(p.extract_text() for p in PdfReader(out).pages))
    assert "换届时，本手册随团支部的其他档案一并移交" in text
    assert "赞成人数超过应到会团员半数的，方为通过" in text
    assert "组织委员" in text

    with db.transaction() as s:
        assert save_handbook_text(s, branch_id, "duties", "## 书记\n本团委的书记职责。") is True
    with db.session() as s:
        assert is_customised(s, branch_id, "duties")
        build_handbook(s, branch_id, HandbookOptions(YEAR, ("duties",)), out)
    text = compact("".join(p.extract_text() for p in PdfReader(out).pages))
    assert "本团委的书记职责" in text and "宣传委员" not in text

    with db.transaction() as s:  # the default again, or nothing: back to the default
        assert save_handbook_text(s, branch_id, "duties", default_text("duties")) is False
    with db.session() as s:
        assert not is_customised(s, branch_id, "duties")
        assert handbook_text(s, branch_id, "duties") == default_text("duties")


def test_fixed_text_limits_are_chinese_errors(demo):
    from branchdesk.core.errors import UserError
    from branchdesk.core.services.handbook_texts import save_handbook_text

    db, branch_id = demo
    with db.transaction() as s, pytest.raises(UserError, match="文字太长"):
        save_handbook_text(s, branch_id, "duties", "字" * 20_001)
    with db.transaction() as s, pytest.raises(UserError, match="没有名为"):
        save_handbook_text(s, branch_id, "nothing", "x")


def test_print_page_offers_every_section_in_the_books_order():
    from branchdesk.core.reports.handbook import SECTIONS
    from branchdesk.ui.pages.print_page import SECTION_CHOICES

    assert list(SECTION_CHOICES) == [(s.key, s.title) for s in SECTIONS]


def test_demo_book_prints_its_plan_summary_and_organisation_life_meeting(book):
    _, reader, texts, _ = book
    plan = "".join(_pages_of(reader, texts, "年度工作计划"))
    assert "加强思想政治引领" in plan and "支部团员大会审议通过" in plan
    summary = "".join(_pages_of(reader, texts, "年度工作总结"))
    assert "存在的不足和明年打算" in summary and "2026年11月18日支部团员大会审议通过" in summary
    life = "".join(_pages_of(reader, texts, "组织生活会"))
    assert "组织生活会（专题组织生活会）" in life and "民主评议团员" in life
    assert "主持人签字" in life and "记录人签字" in life
    assert "本届换届日期2025.06.01" in "".join(_pages_of(reader, texts, "支部基本情况"))
