"""团费 services: owed months follow the roster, categories have history, payments, arrears, ledger."""

import random
from datetime import date

import pytest
from sqlalchemy import select

from branchdesk.core.db.models import DuesPayment
from branchdesk.core.db.models.dues import receipt_number
from branchdesk.core.errors import UserError
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import dues, members
from branchdesk.core.services.demo import fake_id_number
from branchdesk.core.services.dues import State

TODAY = date(2026, 11, 23)
JAN, DEC = Month(2026, 1), Month(2026, 12)


@pytest.fixture
def rng():
    return random.Random(5)


def add(db, branch_id, rng, name, since=date(2025, 5, 1), political="共青团员", **category):
    birth = date(2001, 3, 5)
    record = MemberRecord(
        name=name,
        id_number=fake_id_number(rng, birth, "男"),
        join_date=date(2018, 5, 1),
        development_no="201812345678",
        political_status=political,
    )
    with db.transaction() as s:
        member = members.add_member(s, branch_id, record, since=since, today=TODAY)
        if category:
            dues.set_member_category(
                s, member.id, category["category"], JAN, category.get("income")
            )
        return member.id


@pytest.fixture
def book(db, branch_id):
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, JAN)
    return db


def grid_row(db, branch_id, member_id, year=2026):
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, year, TODAY)
    return next(r for r in grid.rows if r.member_id == member_id)


def test_owed_months_follow_the_roster(book, branch_id, rng):
    db = book
    member_id = add(
        db, branch_id, rng, "张三", since=date(2026, 3, 15), category="在职", income=520_000
    )
    with db.transaction() as s:
        members.change_status(s, member_id, "退团", date(2026, 8, 10), "本人申请")
    states = [c.state for c in grid_row(db, branch_id, member_id).cells]
    assert states[:2] == [State.NOT_MEMBER] * 2
    assert states[2:8] == [State.UNPAID] * 6
    assert states[8:] == [State.NOT_MEMBER] * 4
    with db.session() as s:
        assert dues.owed_fen(s, member_id, Month(2026, 3)) == 1000
        assert dues.owed_fen(s, member_id, Month(2026, 9)) is None
        proposal = dues.propose_amount(s, member_id, Month(2026, 2), Month(2026, 4))
    assert proposal.amount_fen == 2000 and "不在册" in proposal.problems[0]
    with db.transaction() as s, pytest.raises(UserError, match="2026年2月不在册"):
        dues.record_payment(s, member_id, Month(2026, 2), Month(2026, 4), date(2026, 4, 1))


def test_category_change_from_a_month(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "李四", category="学生")
    with db.transaction() as s:
        dues.set_member_category(s, member_id, "在职", Month(2026, 7), 520_000, "参加工作")
        proposal = dues.propose_amount(s, member_id, JAN, DEC)
        history = dues.category_history(s, member_id)
    assert proposal.amount_fen == 6 * 20 + 6 * 1000
    assert [(e.category, e.effective_from) for e in history] == [
        ("学生", JAN),
        ("在职", Month(2026, 7)),
    ]
    with db.transaction() as s:
        dues.record_payment(s, member_id, JAN, Month(2026, 6), date(2026, 1, 10))
        dues.record_payment(s, member_id, Month(2026, 7), DEC, date(2026, 7, 10))
    row = grid_row(db, branch_id, member_id)
    assert [c.paid_fen for c in row.cells] == [20] * 6 + [1000] * 6
    assert row.paid_fen == 6120


def test_amount_edit_requires_a_reason(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "王五", category="在职", income=300_000)
    with db.transaction() as s, pytest.raises(UserError, match="请填写原因"):
        dues.record_payment(s, member_id, JAN, Month(2026, 3), date(2026, 3, 1), amount_fen=1000)
    with db.transaction() as s:
        info = dues.record_payment(
            s, member_id, JAN, Month(2026, 3), date(2026, 3, 1), "赵六", "微信", 1000, "只交了10元"
        )
    assert (info.amount_fen, info.proposed_fen, info.edit_reason) == (1000, 1800, "只交了10元")
    assert [c.paid_fen for c in grid_row(db, branch_id, member_id).cells[:3]] == [334, 333, 333]
    with db.transaction() as s, pytest.raises(UserError, match="已登记"):
        dues.record_payment(s, member_id, Month(2026, 3), Month(2026, 4), date(2026, 4, 1))


def test_batch_payment_is_one_transaction_with_a_receipt_each(book, branch_id, rng):
    db = book
    ids = [add(db, branch_id, rng, f"团员{i}", category="在职", income=520_000) for i in range(3)]
    party = add(db, branch_id, rng, "党员", political="中共党员")
    with db.transaction() as s:
        dues.record_payment(s, ids[2], Month(2026, 4), Month(2026, 4), date(2026, 4, 2))
    with db.transaction() as s, pytest.raises(UserError, match="团员2的2026年4月团费已登记"):
        dues.record_batch(s, branch_id, ids, Month(2026, 3), Month(2026, 6), date(2026, 6, 1))
    with db.session() as s:
        assert len(dues.payments(s, branch_id, 2026)) == 1
    with db.transaction() as s:
        infos = dues.record_batch(
            s, branch_id, ids[:2] + [party], Month(2026, 3), Month(2026, 6), date(2026, 6, 1)
        )
    assert [i.member_id for i in infos] == ids[:2]  # the party member owes nothing: skipped
    assert [i.receipt_no for i in infos] == ["2026-0002", "2026-0003"]
    assert all(i.amount_fen == 4000 for i in infos)


def test_receipt_numbers_have_no_gaps_and_restart_each_year(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "周七", category="学生")
    with db.transaction() as s:
        for m in range(1, 6):
            dues.record_payment(s, member_id, Month(2026, m), Month(2026, m), date(2026, m, 5))
        with pytest.raises(UserError):
            dues.record_payment(s, member_id, Month(2026, 5), Month(2026, 5), date(2026, 5, 6))
    with db.transaction() as s:
        dues.record_payment(s, member_id, Month(2027, 1), Month(2027, 1), date(2027, 1, 5))
        seqs = s.execute(
            select(DuesPayment.receipt_year, DuesPayment.receipt_seq).order_by(DuesPayment.id)
        ).all()
    assert seqs == [(2026, n) for n in range(1, 6)] + [(2027, 1)]


def test_exemption_party_and_voluntary_payment(book, branch_id, rng):
    db = book
    poor = add(db, branch_id, rng, "吴八", category="低保/救济")
    party = add(db, branch_id, rng, "郑九", political="中共预备党员")
    with db.transaction() as s:
        with pytest.raises(UserError, match="免缴原因"):
            dues.add_exemption(s, poor, JAN, DEC, " ")
        dues.add_exemption(s, poor, JAN, Month(2026, 6), "家庭困难，经批准免缴")
        assert dues.propose_amount(s, poor, JAN, DEC).amount_fen == 6 * 20
        dues.record_payment(
            s, party, JAN, DEC, date(2026, 2, 1), amount_fen=1200, reason="自愿交纳", confirm=True
        )
    states = [c.state for c in grid_row(db, branch_id, poor).cells]
    assert states[:6] == [State.EXEMPT] * 6 and states[6:10] == [State.UNPAID] * 4
    assert states[10] == State.DUE  # November, the current month, is not arrears yet
    assert grid_row(db, branch_id, party).paid_fen == 1200
    with db.session() as s:
        assert dues.paid_through(s, party) == date(2026, 12, 1)
        assert dues.paid_through(s, poor) is None


def test_paid_through_as_of_a_day_ignores_later_payments(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "钱十")
    with db.transaction() as s:
        dues.record_payment(s, member_id, JAN, Month(2026, 3), date(2026, 1, 10))
        dues.record_payment(s, member_id, Month(2026, 4), DEC, date(2026, 5, 10), confirm=True)
    with db.session() as s:
        assert dues.paid_through(s, member_id) == date(2026, 12, 1)
        assert dues.paid_through(s, member_id, as_of=date(2026, 2, 1)) == date(2026, 3, 1)
        assert dues.paid_through(s, member_id, as_of=date(2026, 1, 9)) is None


def test_arrears_flags_six_consecutive_months_on_the_home_page(book, branch_id, rng):
    from branchdesk.core.services.alerts import branch_alerts

    db = book
    late = add(db, branch_id, rng, "钱十", category="在职", income=520_000)
    fine = add(db, branch_id, rng, "孙十一", category="在职", income=520_000)
    with db.transaction() as s:
        dues.record_payment(s, late, JAN, Month(2026, 4), date(2026, 1, 5))
        dues.record_payment(s, fine, JAN, Month(2026, 8), date(2026, 1, 5), confirm=True)
    with db.session() as s:
        rows = dues.arrears(s, branch_id, TODAY)
        flagged = dues.members_in_arrears(s, branch_id, TODAY)
        three = dues.members_in_arrears(s, branch_id, TODAY, min_months=2)
        alerts = [a for a in branch_alerts(s, branch_id, TODAY) if "未交团费" in a.text]
    by_id = {r.member_id: r for r in rows}
    assert by_id[late].since == Month(2026, 5) and by_id[late].owed_fen == 6 * 1000
    assert by_id[late].flagged and not by_id[fine].flagged
    assert [r.member_id for r in flagged] == [late]
    assert {r.member_id for r in three} == {late, fine}
    # one warning per member (自行脱团), pointing at the 团费 page where the arrears are fixed
    assert len(alerts) == 1 and "钱十已连续6个月未交团费" in alerts[0].text
    assert (alerts[0].category, alerts[0].page, alerts[0].ref_id) == ("自行脱团", "dues", late)


def test_ledger_running_balance_and_handover_limit(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "冯十二", category="在职", income=1_000_000)
    with db.transaction() as s:
        dues.record_payment(s, member_id, Month(2025, 12), Month(2025, 12), date(2025, 12, 5))
        dues.record_payment(s, member_id, JAN, Month(2026, 3), date(2026, 1, 5))
        with pytest.raises(UserError, match="超过当时结存"):
            dues.record_handover(s, branch_id, date(2026, 1, 4), 3000)
        dues.record_handover(s, branch_id, date(2026, 4, 8), 6000, "收字01号")
    with db.session() as s:
        ledger = dues.handover_ledger(s, branch_id, 2026)
    assert ledger.opening_fen == 300  # before the category history: the lowest band
    assert (ledger.collected_fen, ledger.handed_fen, ledger.closing_fen) == (6000, 6000, 300)
    assert [r.balance_fen for r in ledger.rows] == [6300, 300]


def test_standards_are_editable_but_used_categories_stay(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "陈十三", category="务农")
    with db.transaction() as s:
        standards = dues.list_standards(s, branch_id)
        changed = [
            type(c)(c.name, c.kind, 30 if c.name == "务农" else c.fen_per_month, c.note)
            for c in standards
        ]
        dues.save_standards(s, branch_id, changed)
        assert dues.propose_amount(s, member_id, JAN, JAN).amount_fen == 30
        with pytest.raises(UserError, match="已有团员使用"):
            dues.save_standards(s, branch_id, [c for c in changed if c.name != "务农"])


def test_cli_exports_the_grid_arrears_and_ledger(book, branch_id, rng, tmp_path, capsys):
    from openpyxl import load_workbook

    from branchdesk.cli import main

    db = book
    member_id = add(db, branch_id, rng, "褚十四", category="在职", income=520_000)
    with db.transaction() as s:
        dues.record_payment(s, member_id, JAN, Month(2026, 2), date(2026, 2, 3))
    out = tmp_path / "dues.xlsx"
    code = main(["--db", str(tmp_path / "test.db"), "export", "dues", str(out), "--year", "2026"])
    assert code == 0 and "已导出2026年团费" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == ["收缴登记表", "欠缴名单", "上缴台账"]
    grid = [r for r in wb["收缴登记表"].iter_rows(values_only=True)]
    assert grid[-1][0] == "合计" and grid[-1][-3] == 20.0
    assert grid[-2][1] == "褚十四" and grid[-2][4:7] == (10.0, 10.0, "未缴")
    assert [r for r in wb["上缴台账"].iter_rows(values_only=True)][-1][2] == 20.0


def test_void_keeps_the_number_and_reopens_the_months(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "卫十五", category="在职", income=520_000)
    with db.transaction() as s:
        wrong = dues.record_payment(s, member_id, JAN, Month(2026, 2), date(2026, 2, 3))
        with pytest.raises(UserError, match="作废原因"):
            dues.void_payment(s, wrong.id, "")
        dues.void_payment(s, wrong.id, "登记错了人")
        with pytest.raises(UserError, match="已经作废"):
            dues.void_payment(s, wrong.id, "再次")
        again = dues.record_payment(s, member_id, JAN, Month(2026, 3), date(2026, 3, 3))
    assert (wrong.receipt_no, again.receipt_no) == ("2026-0001", "2026-0002")
    with db.session() as s:
        assert [p.receipt_no for p in dues.payments(s, branch_id, 2026)] == ["2026-0002"]
        assert len(dues.payments(s, branch_id, 2026, include_void=True)) == 2
        assert dues.handover_ledger(s, branch_id, 2026).collected_fen == 3000
        assert dues.find_payment(s, member_id, Month(2026, 2)).receipt_no == "2026-0002"
    assert grid_row(db, branch_id, member_id).paid_fen == 3000


def test_grid_cells_show_the_receipt_number(book, branch_id, rng):
    db = book
    member_id = add(db, branch_id, rng, "蒋十六", category="在职", income=520_000)
    with db.transaction() as s:
        payment = dues.record_payment(s, member_id, JAN, Month(2026, 2), date(2026, 2, 3))
        s.get(DuesPayment, payment.id).receipt_seq = 12345  # past four digits: printed whole
    cells = grid_row(db, branch_id, member_id).cells
    assert [c.note for c in cells[:3]] == ["2026-12345", "2026-12345", ""]
    with db.session() as s:
        assert s.get(DuesPayment, payment.id).receipt_no == "2026-12345"
    assert receipt_number(2027, 7) == "2027-0007"
