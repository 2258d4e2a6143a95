"""组织建设 page: the demo's registers shown; add, convert, refuse, record through the runner."""

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from branchdesk.app import open_main_window
from branchdesk.core.db.models import Applicant, Member
from branchdesk.core.services import awards, recommendations
from branchdesk.ui import ops


@pytest.fixture
def page(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("registers")
    qtbot.waitUntil(lambda: ops.idle() and page.development.model.rowCount() > 0)
    yield page


def _settle(qtbot):
    qtbot.waitUntil(ops.idle)


def _select(tab, predicate):
    tab.table.clearSelection()
    row = next(i for i, r in enumerate(tab.model.rows) if predicate(r))
    tab.table.selectRow(row)
    return tab.model.rows[row]


def test_demo_registers_are_shown(page):
    rows = page.development.model.rows
    assert len(rows) == 5
    assert [r.status for r in rows].count("已入团") == 1
    assert any(r.warnings for r in rows)  # the 积极分子 short of 8 学时
    assert "已转为团员 1 人" in page.development.count.text()
    assert page.recommendation.model.rowCount() == 3
    assert "推荐 2 人" in page.recommendation.count.text()
    kinds = {r.kind for r in page.awards.model.rows}
    assert kinds == {"表彰奖励", "帮教", "处分"}
    assert page.assessment.model.rowCount() == 6


def test_new_applicant_errors_show_only_on_save_and_the_form_stays_open(page, qtbot, demo_db):
    page.development.edit(None)
    qtbot.waitUntil(
        lambda: page.development.dialog is not None and page.development.dialog.isVisible()
    )
    dialog = page.development.dialog
    assert dialog.error.text() == ""
    dialog.name.setText("测试申请人")
    dialog.id_number.setText("110105201501010017")  # 11 years old
    dialog.applied_on.setText("2026-03-01")
    assert dialog.error.text() == ""  # nothing is judged while typing
    dialog.save()
    _settle(qtbot)
    assert "未满14周岁" in dialog.error.text() and dialog.isVisible()
    dialog.id_number.setText("110105200801010014")
    dialog.save()
    _settle(qtbot)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: ops.idle() and page.development.model.rowCount() == 6)
    with demo_db.session() as s:
        added = s.query(Applicant).filter_by(name="测试申请人").one()
        assert added.gender == "男" and added.birth_date == date(2008, 1, 1)


def test_convert_an_approved_applicant(page, qtbot, demo_db, monkeypatch):
    with demo_db.session() as s:
        candidate = s.query(Applicant).filter_by(status="进行中", name="顾思琪").one()
        applicant_id = candidate.id
    row = _select(page.development, lambda r: r.id == applicant_id)
    assert not page.development.convert_button.isEnabled()  # not approved yet
    page.development.edit(row)
    qtbot.waitUntil(
        lambda: page.development.dialog is not None and page.development.dialog.isVisible()
    )
    dialog = page.development.dialog
    day = row.candidate_on
    dialog.meeting_on.setValue(day)
    dialog.expected.setText("50")
    dialog.present.setText("40")
    dialog.votes_for.setText("25")  # 25 of 50 应到 is not more than half
    dialog.approved_on.setValue(day)
    dialog.development_no.setText(f"{day.year}00000001")
    dialog.save()
    _settle(qtbot)
    assert "未通过" in dialog.error.text()
    dialog.votes_for.setText("26")
    dialog.save()
    _settle(qtbot)
    assert not dialog.isVisible()
    qtbot.waitUntil(ops.idle)
    _select(page.development, lambda r: r.id == applicant_id)
    assert page.development.convert_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.development.convert()
    _settle(qtbot)
    with demo_db.session() as s:
        made = s.get(Applicant, applicant_id)
        assert made.status == "已入团"
        member = s.get(Member, made.member_id)
        assert member.join_date == day and member.development_no == f"{day.year}00000001"


def test_recommendation_refuses_a_party_member_with_the_reason(page, qtbot, demo_db):
    with demo_db.session() as s:
        party = s.query(Member).filter_by(political_status="中共党员", status="在册").first()
        party_name = party.name
        party_id = party.id
    page.recommendation.edit(None)
    tab = page.recommendation
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    dialog = tab.dialog
    dialog.expected.setValue(50)
    dialog.present.setValue(40)
    dialog.picker.setValue(party_id)
    dialog._add_picked()
    dialog.set_votes(party_id, "30")
    dialog.save()
    _settle(qtbot)
    assert f"{party_name}已是中共党员" in dialog.error.text() and dialog.isVisible()
    with demo_db.session() as s:
        assert len(recommendations.rounds(s, 1)) == 1


def test_award_and_assessment_are_recorded(page, qtbot, demo_db):
    tab = page.awards
    tab.edit(None)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    dialog = tab.dialog
    dialog.kind.setCurrentText("表彰奖励")
    with demo_db.session() as s:
        member_id = s.query(Member.id).filter_by(status="在册").order_by(Member.id).first()[0]
    dialog.member.setValue(member_id)
    dialog.reason.setText("")
    dialog.save()
    _settle(qtbot)
    assert "请填写事由" in dialog.error.text()
    dialog.reason.setText("抗洪志愿服务")
    dialog.save()
    _settle(qtbot)
    assert not dialog.isVisible()
    with demo_db.session() as s:
        assert "抗洪志愿服务" in {r.reason for r in awards.award_rows(s, 1)}

    assessment = page.assessment
    assessment.save()
    assert "请先选择团员" in assessment.error.text()
    assessment.member.setValue(member_id)
    assessment.result.setCurrentText("不合格")
    assessment.save()
    _settle(qtbot)
    with demo_db.session() as s:
        found = {a.member_id: a.result for a in awards.assessment_rows(s, 1, date.today().year)}
    assert found[member_id] == "不合格"


def test_actions_open_a_tab(page):
    page.run_action("tab:awards")
    assert page.tabs.currentWidget() is page.awards
    page.run_action("tab:assessment")
    assert page.tabs.currentWidget() is page.assessment
