from datetime import date

from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members
from branchdesk.core.services.member_history import HISTORY_SECTIONS, history_sections


def test_detail_and_status_section_list_every_change(db, branch_id):
    record = MemberRecord(name="王五", id_number="11010519491231002X", join_date=date(1964, 5, 1))
    with db.transaction() as s:
        member_id = members.add_member(s, branch_id, record, since=date(2020, 1, 1)).id
        members.change_status(s, member_id, "退团", date(2026, 3, 1), "本人申请")
    with db.session() as s:
        detail = members.member_detail(s, member_id)
        sections = history_sections(s, member_id)
    assert detail.record.name == "王五" and detail.status == "退团"
    assert [h.to_status for h in detail.history] == ["在册", "退团"]
    assert sections[0].title == "状态变动"
    assert sections[0].rows[1] == ["2026-03-01", "在册", "退团", "本人申请"]


def test_a_feature_can_add_a_section(db, branch_id, monkeypatch):
    from branchdesk.core.services.member_history import HistorySection

    record = MemberRecord(name="王五", id_number="11010519491231002X")
    with db.transaction() as s:
        member_id = members.add_member(s, branch_id, record).id
    extra = [*HISTORY_SECTIONS, lambda s, m: HistorySection("团费", ["月份"], [["2026-01"]])]
    monkeypatch.setattr("branchdesk.core.services.member_history.HISTORY_SECTIONS", extra)
    with db.session() as s:
        assert [x.title for x in history_sections(s, member_id)] == ["状态变动", "团费"]
