"""Membership dates drive dues, and 团费交至 is the last month of unbroken payment: the grid,
the Excel export, the handbook PDF and the transfer letter agree with the rule."""

import random
from datetime import date

import pytest
from pypdf import PdfReader

from branchdesk.core.db.models import Member
from branchdesk.core.errors import NeedsConfirmation, UserError
from branchdesk.core.io.dues_out import grid_table
from branchdesk.core.reports.handbook import HandbookOptions, build_handbook
from branchdesk.core.reports.transfer_letter import print_letters
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import branch_settings, dues, members, transfers
from branchdesk.core.services.demo import fake_id_number
from branchdesk.core.services.dues import State

TODAY = date(2026, 1, 10)  # the 2025 register is complete: every month is over
YEAR = 2025


def m(month: int, year: int = YEAR) -> Month:
    return Month(year, month)


def add(s, branch_id, name, *, birth=date(2001, 3, 5), since=date(2020, 1, 1), **fields):
    rng = random.Random(name)
    record = MemberRecord(
        name=name,
        id_number=fake_id_number(rng, birth, "男"),
        join_date=date(birth.year + 15, 5, 1),
        **fields,
    )
    return members.add_member(s, branch_id, record, since=since, today=TODAY).id


def pay(s, member_id, first, last, paid_on=date(YEAR, 12, 20)):
    return dues.record_payment(s, member_id, first, last, paid_on, confirm=True)


@pytest.fixture
def year(db, branch_id):
    """One member per edge case, the whole of 2025 recorded."""
    ids = {}
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, m(1))
        salaried = ("在职", m(1), 520_000)  # 10 元 a month
        ids["late"] = add(s, branch_id, "张一")  # pays one month late
        ids["only_nov"] = add(s, branch_id, "王二")  # paid only November
        ids["changes"] = add(s, branch_id, "李三")  # 学生, then 在职 from July
        ids["party"] = add(
            s,
            branch_id,
            "赵四",
            political_status="中共预备党员",
            probationary_on=date(YEAR, 6, 10),
        )
        ids["july"] = add(s, branch_id, "钱五", since=date(YEAR, 7, 15))
        ids["march"] = add(s, branch_id, "孙六")
        ids["turns_28"] = add(s, branch_id, "周七", birth=date(1997, 6, 15))
        ids["exempt"] = add(s, branch_id, "吴八")
        for key in ids:
            dues.set_member_category(s, ids[key], *salaried)
        dues.set_member_category(s, ids["changes"], "学生", m(1))
        dues.set_member_category(s, ids["changes"], "在职", m(7), 520_000)
        members.change_status(s, ids["march"], "退团", date(YEAR, 3, 10), "本人申请")
        dues.add_exemption(s, ids["exempt"], m(1), m(12), "家庭困难，经批准免缴")
        pay(s, ids["late"], m(1), m(3))
        pay(s, ids["late"], m(5), m(12))
        pay(s, ids["only_nov"], m(11), m(11))
        pay(s, ids["party"], m(1), m(5))
        pay(s, ids["july"], m(7), m(12))
        pay(s, ids["march"], m(1), m(3))
        pay(s, ids["turns_28"], m(1), m(6))
        pay(s, ids["changes"], m(1), m(6))
    return db, ids


EXPECTED = {
    "late": "2025年3月",  # April unpaid: May–December paid later do not move it
    "only_nov": "未缴（自2025年1月起）",  # ten unpaid months, then November: paid up to nothing
    "changes": "2025年6月",
    "party": "2025年5月（此后不需缴纳）",  # 预备党员 from June: no League dues
    "july": "2025年12月",
    "march": "2025年3月",
    "turns_28": "2025年6月（此后不需缴纳）",  # 28 on 15 June: June owed, July on not
    "exempt": "免缴",
}


def view(db, branch_id):
    with db.session() as s:
        return dues.year_view(s, branch_id, YEAR, TODAY)


def test_each_edge_case_by_the_rule(year, branch_id):
    db, ids = year
    grid = view(db, branch_id).grid
    rows = {r.member_id: r for r in grid.rows}
    got = {key: rows[ids[key]].paid_up_to for key in ids if ids[key] in rows}
    assert got == EXPECTED

    def states(key):
        return [c.state for c in rows[ids[key]].cells]

    # a category change mid-year: each month at the category in force then
    changes = rows[ids["changes"]]
    assert [c.owed_fen for c in changes.cells] == [20] * 6 + [1000] * 6
    assert changes.category == "学生／7月起在职" and changes.unpaid_fen == 6 * 1000
    # 预备党员 mid-year: owed through May only, whatever the category says
    assert states("party")[5:] == [State.NOT_OWED] * 7 and rows[ids["party"]].unpaid_fen == 0
    # a join in July, a leave in March (March owed, nothing after)
    assert states("july")[:6] == [State.NOT_MEMBER] * 6
    assert states("march")[:3] == [State.PAID] * 3 and states("march")[3:] == [State.NOT_MEMBER] * 9
    # the 28th birthday mid-month: June owed, July on not
    assert states("turns_28")[6:] == [State.NOT_OWED] * 6 and rows[ids["turns_28"]].unpaid_fen == 0
    assert rows[ids["late"]].unpaid_fen == 1000 and rows[ids["only_nov"]].unpaid_fen == 11 * 1000


def test_paying_the_late_month_moves_paid_up_to(year, branch_id):
    db, ids = year
    with db.transaction() as s:
        pay(s, ids["late"], m(4), m(4), date(2026, 1, 5))
    with db.session() as s:
        assert dues.paid_up_to(s, ids["late"], date(2026, 1, 10)).text == "2025年12月"
        # a letter issued before the late payment still says March
        before = dues.paid_up_to(s, ids["late"], date(2025, 12, 31))
    assert before.text == "2025年3月" and before.unpaid == (m(4),)


def test_grid_export_and_handbook_print_the_same_paid_up_to(year, branch_id, tmp_path):
    db, ids = year
    grid = view(db, branch_id).grid
    table = grid_table(grid)
    column = [c.header for c in table.columns].index("团费交至")
    exported = {row[1]: row[column] for row in table.rows}
    assert exported == {r.name: r.paid_up_to for r in grid.rows}
    assert "" not in exported.values()
    out = tmp_path / "dues.pdf"
    with db.session() as s:
        build_handbook(s, branch_id, HandbookOptions(year=YEAR, sections=("dues",)), out)
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    for value in ("2025年3月", "免缴", "2025年5月（此后不需缴纳）", "未缴（自2025年1月起）"):
        assert value in text
    assert "学生／7月起在职" in text


def test_prepaying_past_the_28th_birthday_or_the_party_date_is_refused(db, branch_id):
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, Month(2026, 1))
        old = add(s, branch_id, "郑九", birth=date(1998, 8, 15))  # 28 on 15 August 2026
        party = add(
            s,
            branch_id,
            "冯十",
            political_status="中共预备党员",
            probationary_on=date(2025, 12, 1),
        )
    with db.transaction() as s, pytest.raises(UserError, match="郑九自2026年9月起不再交纳团费"):
        dues.record_payment(s, old, Month(2026, 7), Month(2026, 12), date(2026, 7, 1))
    with db.transaction() as s:
        info = dues.record_payment(s, old, Month(2026, 7), Month(2026, 8), date(2026, 7, 1))
        assert info.amount_fen == 2 * 300
        with pytest.raises(UserError, match="冯十自2026年2月起不再交纳团费"):
            dues.record_payment(s, party, Month(2026, 1), Month(2026, 3), date(2026, 1, 5))
        assert dues.propose_amount(s, party, Month(2026, 1), Month(2026, 1)).amount_fen == 0


def test_paying_more_than_the_limit_ahead_asks_first(db, branch_id):
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, Month(2026, 1))
        member = add(s, branch_id, "陈十一")
        other = add(s, branch_id, "褚十二")
    with db.transaction() as s, pytest.raises(NeedsConfirmation, match="超过本支部设定的6个月"):
        dues.record_payment(s, member, Month(2026, 1), Month(2026, 12), date(2026, 1, 5))
    with db.transaction() as s, pytest.raises(NeedsConfirmation, match="陈十一、褚十二"):
        dues.record_batch(s, branch_id, [member, other], Month(2026, 1), Month(2026, 8),
                          date(2026, 1, 5))  # fmt: skip
    with db.transaction() as s:
        dues.record_payment(s, member, Month(2026, 1), Month(2026, 7), date(2026, 1, 5))
        dues.record_payment(
            s, member, Month(2026, 8), Month(2026, 12), date(2026, 1, 5), confirm=True
        )
        branch_settings.set_prepay_limit_months(s, branch_id, 12)
        dues.record_payment(s, other, Month(2026, 1), Month(2026, 12), date(2026, 1, 5))
    with db.session() as s:
        assert dues.paid_through(s, member) == date(2026, 12, 1)


def test_transfer_of_a_member_in_arrears_warns_and_the_letter_agrees(year, branch_id, tmp_path):
    db, ids = year
    with db.transaction() as s:
        owing = transfers.transfer_out(
            s, branch_id, ids["only_nov"], "就业", "某公司团委", date(2026, 1, 10)
        )
        exempt, party = transfers.batch_transfer_out(
            s, branch_id, [ids["exempt"], ids["party"]], "升学", "某大学团委", date(2026, 1, 10)
        )
    assert "王二欠缴团费11个月（2025年1月起，共110.00元）" in owing.dues_warning
    assert exempt.dues_warning == "" and party.dues_warning == ""
    with db.session() as s:
        letters = transfers.letter_data(s, [owing.id, exempt.id, party.id])
        assert [x.dues_paid_through for x in letters] == [
            "未缴（自2025年1月起）",
            "免缴至2025年12月",  # January 2026 is due, not yet arrears
            "2025年5月（此后不需缴纳）",
        ]
        out = print_letters(s, [owing.id, exempt.id], tmp_path / "letters.pdf")
    pages = [p.extract_text().replace("\n", "") for p in PdfReader(out).pages]
    assert "未缴（自2025年1月起）" in pages[0] and "免缴至2025年12月" in pages[1]


def test_the_checker_reads_the_probationary_date(db, branch_id):
    from branchdesk.core.rules.consistency import FindingKind
    from branchdesk.core.services.consistency import check_branch

    with db.transaction() as s:
        member_id = add(s, branch_id, "蒋十三", political_status="中共预备党员")
        # born 5 March 2001: 17 then (the form refuses it, so it is planted past the form)
        s.get(Member, member_id).probationary_on = date(2018, 6, 1)
    with db.session() as s:
        findings = check_branch(s, branch_id, TODAY)
    young = [f for f in findings if f.kind == FindingKind.PARTY_TOO_YOUNG]
    assert len(young) == 1 and "2018年6月1日" in young[0].message
