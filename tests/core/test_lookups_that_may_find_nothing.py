"""A branch deleted meanwhile (another window, a shared database) gives a sentence, not a
traceback: lookups that may find nothing raise UserError, never AttributeError."""

from datetime import date

import pytest

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UserError
from branchdesk.core.io.meetings_xlsx import export_meetings
from branchdesk.core.io.transfers_out import export_register
from branchdesk.core.services.branch_settings import load_branch_settings
from branchdesk.core.services.branches import load_profile
from branchdesk.core.services.overview import branch_overview, home_summary
from tests.conftest import TODAY

MISSING = 9999


def test_get_or_fail_returns_the_row_or_raises_the_sentence(db, branch_id):
    with db.session() as session:
        assert get_or_fail(session, Branch, branch_id, "x").id == branch_id
        with pytest.raises(UserError, match="没有这个团员"):
            get_or_fail(session, Member, MISSING, "没有这个团员。")
        with pytest.raises(UserError):
            get_or_fail(session, Member, None, "没有这个团员。")


@pytest.mark.parametrize(
    "call",
    [
        lambda s, tmp: branch_overview(s, MISSING, TODAY),
        lambda s, tmp: home_summary(s, MISSING, TODAY),
        lambda s, tmp: load_profile(s, MISSING),
        lambda s, tmp: load_branch_settings(s, MISSING),
        lambda s, tmp: export_meetings(s, MISSING, 2026, tmp / "m.xlsx"),
        lambda s, tmp: export_register(s, MISSING, tmp / "t.xlsx", 2026),
    ],
)
def test_a_missing_branch_is_a_user_error(db, branch_id, tmp_path, call):
    with db.session() as session, pytest.raises(UserError):
        call(session, tmp_path)


def test_a_result_for_a_member_who_is_not_there_is_a_user_error(db, branch_id):
    from branchdesk.core.services import rounds

    with db.transaction() as s:
        rounds.open_round(s, branch_id, "评议", 2026, date(2026, 12, 1))
    with pytest.raises(UserError, match="找不到这名团员"), db.transaction() as s:
        rounds.record_results(s, branch_id, "评议", 2026, {MISSING: ("优秀", "")})


def test_closing_a_letter_whose_member_record_is_gone_is_a_user_error(db, branch_id):
    from branchdesk.core.db.models import Transfer
    from branchdesk.core.rules.member_record import MemberRecord
    from branchdesk.core.services import members, transfers

    record = MemberRecord(name="张三", gender="男", birth_date=date(2004, 1, 1))
    with db.transaction() as s:
        member = members.add_member(s, branch_id, record, since=date(2020, 1, 1))
        row = transfers.transfer_out(s, branch_id, member.id, "升学", "示例大学团委", TODAY)
        s.get(Transfer, row.id).member_id = None  # (the ORM's ondelete="SET NULL")
    for close in (transfers.receive_return_slip, transfers.cancel_transfer):
        with pytest.raises(UserError, match="团员记录已不存在"), db.transaction() as s:
            close(s, row.id, TODAY)


@pytest.mark.parametrize("blank", ["   ", "\u3000"])
def test_a_blank_payment_date_in_a_dues_book_is_not_a_crash(blank):
    from branchdesk.core.io.dues_book_reader import _row

    row = _row(3, ["张三", blank], {"name": "张三", "paid_on": blank})
    assert row.name == "张三" and row.paid_on is None
    assert not any("缴费日期" in p for p in row.problems)
