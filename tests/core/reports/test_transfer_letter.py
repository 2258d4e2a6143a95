import random
from datetime import date

from pypdf import PdfReader

from branchdesk.core.reports.transfer_letter import print_letters
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members, transfers
from branchdesk.core.services.demo import fake_id_number


def _issue(db, branch_id, count):
    with db.transaction() as s:
        ids = []
        for i in range(count):
            birth = date(2003, 2, 1 + i)
            record = MemberRecord(
                name=f"欧阳{'一二三四五六七八九十'[i]}",
                gender="女",
                birth_date=birth,
                id_number=fake_id_number(random.Random(i), birth, "女"),
                join_date=date(2018, 5, 1),
            )
            ids.append(members.add_member(s, branch_id, record, since=date(2019, 1, 1)).id)
        rows = transfers.batch_transfer_out(
            s, branch_id, ids, "升学", "示例大学团委", date(2026, 6, 20)
        )
    return [r.id for r in rows]


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object().get("/FontDescriptor")
                embedded = desc is not None and any(
                    k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found.append((str(font["/BaseFont"]), embedded))
    return found


def test_letter_has_stub_letter_and_return_slip_with_embedded_font(db, branch_id, tmp_path):
    (transfer_id,) = _issue(db, branch_id, 1)
    out = tmp_path / "letter.pdf"
    with db.session() as s:
        print_letters(s, [transfer_id], out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "存根",
        "团员组织关系介绍信",
        "回执",
        "欧阳一",
        "（2026）第001号",
        "沿此线剪开",
        "测试团支部",
        "示例大学团委",
        "有效期",
        "30天",
        "团费交至",
        "团支部（章）",
        "测试团委",  # the committee above has its own seal box
        "团委（章）",
        "接收单位（章）",
    ):
        assert expected in text, expected
    assert "已作废" not in text  # a valid letter
    fonts = _fonts(reader)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_batch_pdf_has_one_page_per_letter(db, branch_id, tmp_path):
    ids = _issue(db, branch_id, 10)
    out = tmp_path / "batch.pdf"
    with db.session() as s:
        print_letters(s, ids, out)
    reader = PdfReader(out)
    assert len(reader.pages) == 10
    assert "（2026）第010号" in reader.pages[9].extract_text()


def test_a_cancelled_letter_is_never_printed_as_valid(db, branch_id, tmp_path):
    valid, cancelled = _issue(db, branch_id, 2)
    with db.transaction() as s:
        transfers.cancel_transfer(s, cancelled, date(2026, 6, 25), "本人放弃升学")
    out = tmp_path / "letters.pdf"
    with db.session() as s:
        print_letters(s, [valid, cancelled], out)
    first, second = (page.extract_text() for page in PdfReader(out).pages)
    assert "已作废" not in first and "欧阳一" in first
    assert second.count("已作废") == 3  # across the stub, the letter and the return slip
    assert "欧阳二" in second and "（2026）第002号" in second
