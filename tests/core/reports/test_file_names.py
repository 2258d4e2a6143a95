from datetime import date

from branchdesk.core.reports.file_names import (
    handbook_file_name,
    letters_file_name,
    receipts_file_name,
    safe_file_name,
)
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.services.transfers import TransferRow
from tests.core.reports.test_receipt import _info


def _letter(name: str, day: date) -> TransferRow:
    return TransferRow(
        1, "out", "转出中", day.year, "2026-001", 1, name, "男", "", "就业", "某团委", day, 30,
        None, None, None, "", False,
    )  # fmt: skip


def test_receipt_names_say_who_and_which_months():
    from dataclasses import replace

    one = replace(_info(1, 300), member_name="张三", first=Month(2026, 11), last=Month(2026, 11))
    assert receipts_file_name([one]) == "团费收据_张三_2026年11月.pdf"
    span = replace(one, first=Month(2026, 3), last=Month(2026, 6))
    assert receipts_file_name([span]) == "团费收据_张三_2026年3月—6月.pdf"
    same = [replace(one, receipt_no="2026-0009"), replace(one, receipt_no="2026-0002")]
    assert receipts_file_name(same) == "团费收据_张三_2026-0002至2026-0009.pdf"
    many = [replace(_info(n, 300), member_name=f"团员{n}") for n in (3, 1, 2)]
    assert receipts_file_name(many) == "团费收据_团员3等3人_2026-0001至2026-0003.pdf"


def test_letter_and_handbook_names():
    assert letters_file_name([_letter("张三", date(2026, 11, 30))]) == "介绍信_张三_2026-11-30.pdf"
    two = [_letter("张三", date(2026, 11, 30)), _letter("李四", date(2026, 12, 1))]
    assert letters_file_name(two) == "介绍信_张三、李四_2026-11-30至2026-12-01.pdf"
    assert handbook_file_name(2026) == "团支部工作手册_2026年度.pdf"


def test_unsafe_characters_never_reach_the_file_name():
    assert safe_file_name('团费/收据:张"三"?*') == "团费_收据_张_三_.pdf"
    assert safe_file_name("...") == "未命名.pdf"
    assert len(safe_file_name("名" * 300)) == 80 + len(".pdf")
