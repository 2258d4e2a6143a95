from datetime import date

import pytest

from branchdesk.core.rules import transfer_state as ts
from branchdesk.core.rules.transfer_state import Direction, TransferStatus


def test_out_letter_moves_only_from_pending():
    pending = TransferStatus.OUT_PENDING
    for new in (TransferStatus.OUT_DONE, TransferStatus.CANCELLED, TransferStatus.RETURNED):
        assert ts.can_change(Direction.OUT, pending, new)
        assert not ts.can_change(Direction.OUT, new, pending)
    assert not ts.can_change(Direction.OUT, pending, TransferStatus.IN_DONE)
    assert not ts.can_change(Direction.OUT, TransferStatus.CANCELLED, TransferStatus.OUT_DONE)


def test_in_letter_is_accepted_or_returned():
    assert ts.can_change(Direction.IN, TransferStatus.IN_PENDING, TransferStatus.IN_DONE)
    assert ts.can_change(Direction.IN, TransferStatus.IN_PENDING, TransferStatus.RETURNED)
    assert not ts.can_change(Direction.IN, TransferStatus.IN_PENDING, TransferStatus.CANCELLED)
    assert not ts.can_change(Direction.IN, TransferStatus.IN_DONE, TransferStatus.RETURNED)


def test_reasons_are_the_domain_list():
    assert ts.REASONS == ("升学", "就业", "出国（境）", "未就业", "参军入伍", "工作调动", "其他")


def test_next_sequence_never_reuses_a_number():
    assert ts.next_sequence([]) == 1
    assert ts.next_sequence([1, 2, 3]) == 4
    assert ts.next_sequence([1, 5]) == 6


def test_letter_number_format_and_parse():
    assert ts.format_letter_number(2026, 12) == "（2026）第012号"
    assert ts.parse_letter_number("（2026）第012号", 2025) == (2026, 12)
    assert ts.parse_letter_number("12", 2025) == (2025, 12)
    assert ts.parse_letter_number("2026-7", 2025) == (2026, 7)
    with pytest.raises(ValueError):
        ts.parse_letter_number("abc", 2026)


def test_validity_and_waiting_too_long():
    issued = date(2026, 10, 1)
    assert ts.expires_on(issued, 30) == date(2026, 10, 31)
    pending = TransferStatus.OUT_PENDING
    assert not ts.is_waiting_too_long(pending, issued, 30, date(2026, 10, 31))
    assert ts.is_waiting_too_long(pending, issued, 30, date(2026, 11, 1))
    assert not ts.is_waiting_too_long(TransferStatus.OUT_DONE, issued, 30, date(2027, 1, 1))


def test_left_without_transfer_after_six_months_of_a_returned_letter():
    returned = TransferStatus.RETURNED
    assert not ts.left_without_transfer(returned, date(2026, 5, 1), date(2026, 10, 31))
    assert ts.left_without_transfer(returned, date(2026, 5, 1), date(2026, 11, 1))
    assert not ts.left_without_transfer(
        TransferStatus.CANCELLED, date(2025, 1, 1), date(2026, 11, 1)
    )


def test_year_counts_count_people_with_completed_transfers_not_letters():
    from types import SimpleNamespace

    from branchdesk.core.rules.transfer_state import year_counts

    def row(status, member_id, id_number="", name=""):
        return SimpleNamespace(status=status, member_id=member_id, id_number=id_number, name=name)

    rows = [
        row("已撤销", 1),  # a cancelled letter, then a new one for the same person
        row("已转出", 1),
        row("已退回", 2),  # returned: not transferred
        row("转出中", 3),  # not completed yet
        row("已转出", 4),
        row("已接收", 5),
        row("已接收", None, "11010519491231002X"),  # an arrival before it became a member row
        row("待接收", 6),
    ]
    assert year_counts(rows) == (2, 2)
    assert year_counts([]) == (0, 0)
