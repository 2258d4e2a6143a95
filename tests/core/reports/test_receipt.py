from datetime import date

import pytest
from pypdf import PdfReader

from branchdesk.core.errors import UserError
from branchdesk.core.reports.receipt import write_receipts
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.services.dues import PaymentInfo


def _info(seq: int, amount: int, reason: str = "") -> PaymentInfo:
    return PaymentInfo(
        id=seq,
        receipt_no=f"2026-{seq:04d}",
        branch_name="测试团支部",
        member_id=1,
        member_name=f"张三{seq}",
        first=Month(2026, 3),
        last=Month(2026, 6),
        amount_fen=amount,
        proposed_fen=4000,
        edit_reason=reason,
        paid_on=date(2026, 6, 1),
        collector="李四",
        method="微信",
    )


def test_receipts_three_to_a_page_with_embedded_cjk_font(tmp_path):
    infos = [_info(n, 4000) for n in range(1, 5)] + [_info(5, 1205, "困难减免")]
    path = write_receipts(tmp_path / "r.pdf", infos)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    for n in range(1, 6):
        assert f"No. 2026-{n:04d}" in text
    assert "人民币肆拾元整" in text and "人民币壹拾贰元零伍分" in text
    assert "2026年3月—6月（共4个月）" in text and "困难减免" in text and "收款人：李四" in text
    fonts = {
        f["/BaseFont"]
        for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all("WenQuanYi" in str(f) for f in fonts)
    font_file = next(
        f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if "/DescendantFonts" in f.get_object()
        else f.get_object()["/FontDescriptor"]
        for f in reader.pages[0]["/Resources"]["/Font"].get_object().values()
    )
    assert "/FontFile2" in font_file


def test_no_receipts_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        write_receipts(tmp_path / "r.pdf", [])
