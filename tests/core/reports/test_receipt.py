import math
import re
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


@pytest.mark.parametrize("count", [1, 3, 4, 7])
def test_each_receipt_has_its_stub_three_to_a_page(tmp_path, count):
    from dataclasses import replace

    infos = [
        replace(_info(n, 100 * n + 5), member_name=f"团员{chr(0x4E00 + n)}甲")
        for n in range(1, count + 1)
    ]
    reader = PdfReader(write_receipts(tmp_path / "r.pdf", infos))
    assert len(reader.pages) == math.ceil(count / 3)
    for number, page in enumerate(reader.pages):
        text = page.extract_text()
        on_page = infos[number * 3 : number * 3 + 3]
        # one 存根 and one 收据 per receipt on the page, nothing of the other pages
        assert text.count("存根") == len(on_page) == text.count("团 费 收 据")
        assert text.count("团支部留存") == len(on_page)
        for info in infos:
            yuan_text = f"¥{info.amount_fen // 100}.{info.amount_fen % 100:02d}"
            expected = 2 if info in on_page else 0  # name: stub and receipt
            assert text.count(info.member_name) == expected, info.member_name
            assert text.count(f"No. {info.receipt_no}") == expected
            # the amount: on the stub, and 金额（小写） on the receipt
            amount = re.escape(yuan_text)
            stub = re.search(rf"存根.*?金额\s*{amount}（4个月）.*?团支部留存", text, re.S)
            receipt = re.search(rf"金额（小写）\s*{amount}\s", text)
            assert bool(stub) == bool(receipt) == (info in on_page), info.member_name
