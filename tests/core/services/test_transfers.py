import random
from datetime import date

import pytest

from branchdesk.core.db.models import Member, Transfer
from branchdesk.core.errors import UserError
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.rules.transfer_state import TransferStatus
from branchdesk.core.services import members, transfers
from branchdesk.core.services.demo import fake_id_number

ISSUED = date(2026, 6, 20)


def _record(i: int) -> MemberRecord:
    birth = date(2004, 1, 1 + i)
    gender = "男" if i % 2 else "女"
    return MemberRecord(
        name=f"学生{i:02d}",
        gender=gender,
        birth_date=birth,
        id_number=fake_id_number(random.Random(i), birth, gender),
        join_date=date(2019, 5, 1),
        development_no=f"2019{i:08d}",
    )


def _add(db, branch_id, count: int) -> list[int]:
    with db.transaction() as s:
        return [
            members.add_member(s, branch_id, _record(i), since=date(2020, 1, 1)).id
            for i in range(count)
        ]


def _out(db, branch_id, member_id, on=ISSUED):
    with db.transaction() as s:
        return transfers.transfer_out(s, branch_id, member_id, "升学", "示例大学团委", on)


def test_batch_out_of_ten_gives_ten_letters_and_roster_shows_transferring(db, branch_id):
    ids = _add(db, branch_id, 10)
    with db.transaction() as s:
        rows = transfers.batch_transfer_out(s, branch_id, ids, "升学", "示例大学团委", ISSUED)
    assert [r.letter_no for r in rows] == [f"（2026）第{i:03d}号" for i in range(1, 11)]
    with db.session() as s:
        roster = members.roster_rows(s, branch_id)
        assert {r.status for r in roster} == {"转出中"}
        assert len(roster) == 10
        assert len(transfers.register_rows(s, branch_id, direction="转出")) == 10


def test_batch_out_is_one_transaction(db, branch_id):
    ids = _add(db, branch_id, 3)
    with db.transaction() as s:
        members.change_status(s, ids[2], "去世", date(2026, 1, 1))
    with pytest.raises(UserError, match="只有在册团员"), db.transaction() as s:
        transfers.batch_transfer_out(s, branch_id, ids, "升学", "某大学", ISSUED)
    with db.session() as s:
        assert transfers.register_rows(s, branch_id) == []
        assert s.get(Member, ids[0]).status == "在册"


def test_numbering_has_no_gaps_across_cancellations_and_years(db, branch_id):
    ids = _add(db, branch_id, 4)
    first = _out(db, branch_id, ids[0])
    with db.transaction() as s:
        transfers.cancel_transfer(s, first.id, date(2026, 6, 21), "填写有误")
    second = _out(db, branch_id, ids[0], date(2026, 6, 22))
    third = _out(db, branch_id, ids[1], date(2026, 12, 30))
    next_year = _out(db, branch_id, ids[2], date(2027, 1, 2))
    assert [first.letter_no, second.letter_no, third.letter_no] == [
        "（2026）第001号",
        "（2026）第002号",
        "（2026）第003号",
    ]
    assert next_year.letter_no == "（2027）第001号"
    with db.session() as s:
        assert s.query(Transfer).filter_by(letter_seq=1, year=2026).one().status == "已撤销"


def test_return_slip_archives_and_hides_from_roster(db, branch_id):
    (mid,) = _add(db, branch_id, 1)
    row = _out(db, branch_id, mid)
    with db.transaction() as s:
        done = transfers.receive_return_slip(s, row.id, date(2026, 7, 10))
    assert done.status == TransferStatus.OUT_DONE and done.completed_on == date(2026, 7, 10)
    with db.session() as s:
        assert members.roster_rows(s, branch_id) == []
        member = s.get(Member, mid)
        assert member.status == "已转出"
        assert [h.to_status for h in member.history] == ["在册", "转出中", "已转出"]
    with pytest.raises(UserError, match="不能改为"), db.transaction() as s:
        transfers.cancel_transfer(s, row.id, date(2026, 7, 11))


def test_cancel_and_return_put_member_back_with_history(db, branch_id):
    a, b = _add(db, branch_id, 2)
    row_a, row_b = _out(db, branch_id, a), _out(db, branch_id, b)
    with db.transaction() as s:
        transfers.cancel_transfer(s, row_a.id, date(2026, 6, 25))
        transfers.return_transfer(s, row_b.id, date(2026, 7, 1), "对方无团组织")
    with db.session() as s:
        for mid in (a, b):
            member = s.get(Member, mid)
            assert member.status == "在册"
            assert [h.to_status for h in member.history] == ["在册", "转出中", "在册"]
        statuses = {r.letter_no: r.status for r in transfers.register_rows(s, branch_id)}
    assert statuses == {"（2026）第001号": "已撤销", "（2026）第002号": "已退回"}


def test_transfer_in_adds_a_new_member_on_acceptance(db, branch_id):
    with db.transaction() as s:
        row = transfers.register_transfer_in(
            s, branch_id, _record(5), "外省某中学团委", "（2026）第088号", date(2026, 9, 1), "升学"
        )
        assert row.status == "待接收" and row.name == "学生05"
        assert members.roster_rows(s, branch_id) == []
        done = transfers.accept_transfer_in(s, row.id, date(2026, 9, 5))
    with db.session() as s:
        member = s.get(Member, done.member_id)
        assert member.status == "在册" and member.status_since == date(2026, 9, 5)
        assert "外省某中学团委" in member.history[-1].reason


def test_transfer_in_restores_an_archived_member_keeping_history(db, branch_id):
    (mid,) = _add(db, branch_id, 1)
    row = _out(db, branch_id, mid)
    with db.transaction() as s:
        transfers.receive_return_slip(s, row.id, date(2026, 7, 1))
    back = _record(0)
    back.phone = "13800000000"
    with db.transaction() as s:
        done = transfers.transfer_in(
            s,
            branch_id,
            back,
            "示例大学团委",
            "校团〔2026〕9号",
            date(2026, 10, 1),
            accepted_on=date(2026, 10, 8),
            reason="就业",
        )
    assert done.member_id == mid
    with db.session() as s:
        member = s.get(Member, mid)
        assert member.status == "在册" and member.phone == "13800000000"
        assert [h.to_status for h in member.history] == ["在册", "转出中", "已转出", "在册"]


def test_transfer_in_of_someone_on_the_roster_is_refused(db, branch_id):
    _add(db, branch_id, 1)
    with pytest.raises(UserError, match="已在本团支部"), db.transaction() as s:
        transfers.register_transfer_in(s, branch_id, _record(0), "某团委", "1", date(2026, 9, 1))


def test_register_filters(db, branch_id):
    ids = _add(db, branch_id, 3)
    _out(db, branch_id, ids[0], date(2025, 3, 1))
    _out(db, branch_id, ids[1])
    with db.transaction() as s:
        transfers.transfer_in(
            s, branch_id, _record(7), "某团委", "x", date(2026, 2, 1), accepted_on=date(2026, 2, 3)
        )
        assert len(transfers.register_rows(s, branch_id)) == 3
        assert len(transfers.register_rows(s, branch_id, direction="转入")) == 1
        assert len(transfers.register_rows(s, branch_id, year=2026)) == 2
        assert len(transfers.register_rows(s, branch_id, status="转出中", year=2025)) == 1
        assert transfers.register_years(s, branch_id) == [2026, 2025]


def test_alert_for_letter_past_validity(db, branch_id):
    (mid,) = _add(db, branch_id, 1)
    _out(db, branch_id, mid, date(2026, 9, 1))
    with db.session() as s:
        assert transfers.transfer_alerts(s, branch_id, date(2026, 10, 1)) == []
        (alert,) = transfers.transfer_alerts(s, branch_id, date(2026, 10, 2))
    assert alert.level == "overdue" and "尚未收到回执" in alert.text


def test_alert_for_returned_letter_not_redone_in_six_months(db, branch_id):
    (mid,) = _add(db, branch_id, 1)
    row = _out(db, branch_id, mid, date(2026, 1, 5))
    with db.transaction() as s:
        transfers.return_transfer(s, row.id, date(2026, 2, 1))
    with db.session() as s:
        (alert,) = transfers.transfer_alerts(s, branch_id, date(2026, 8, 2))
    assert "自行脱团" in alert.text


def test_letter_data_snapshot(db, branch_id):
    (mid,) = _add(db, branch_id, 1)
    row = _out(db, branch_id, mid)
    with db.session() as s:
        (letter,) = transfers.letter_data(s, [row.id])
        assert transfers.find_letter(s, branch_id, "1", 2026) == row.id
    assert letter.name == "学生00" and letter.age == 22 and letter.join_month == "2019年5月"
    assert letter.from_branch == "测试团支部" and letter.to_org == "示例大学团委"
    assert letter.member_no == "201900000000"


def test_transfer_in_from_a_spreadsheet_row(db, branch_id, samples):
    people = transfers.sheet_people(samples / "roster_clean.xlsx")
    person = people[0]
    assert person.record.name and person.record.id_number
    with db.transaction() as s:
        row = transfers.transfer_in(
            s, branch_id, person.record, "某团委", "1号", date(2026, 9, 1), date(2026, 9, 2)
        )
    assert row.status == "已接收" and row.name == person.record.name
