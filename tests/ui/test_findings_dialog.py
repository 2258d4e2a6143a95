"""记录核查: every finding listed, and each fix reachable from it (voiding, deleting, opening)."""

from datetime import date

from PySide6.QtWidgets import QInputDialog, QMessageBox

from branchdesk.core.db.models import DuesPayment
from branchdesk.core.services.consistency import FINDINGS_PAGE
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import findings_dialog
from branchdesk.ui.dialogs.findings_dialog import FindingsDialog
from tests.core.services.consistency_helpers import plant_contradictions

TODAY = date(2026, 11, 23)


def _dialog(qtbot, db) -> FindingsDialog:
    dialog = FindingsDialog(AppContext(db), today=TODAY)
    qtbot.addWidget(dialog)
    ops.wait_idle()
    return dialog


def _select(dialog: FindingsDialog, kind: str) -> None:
    dialog.table.selectRow(next(i for i, f in enumerate(dialog.findings) if f.kind == kind))


def test_lists_every_finding_and_fixes_payments_and_exemptions(
    app, qtbot, db, branch_id, monkeypatch
):
    planted = plant_contradictions(db, branch_id)
    dialog = _dialog(qtbot, db)
    assert dialog.table.rowCount() == 11
    assert dialog.summary.text().startswith("发现 11 处")
    texts = [dialog.table.item(r, 3).text() for r in range(11)]
    assert any("不能交纳这些月份的团费" in t for t in texts)

    _select(dialog, "payment_not_member")
    assert dialog.fix_button.text() == "作废这张收据…"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("不在册，作废", True))
    dialog.fix_button.click()
    ops.wait_idle()
    assert dialog.table.rowCount() == 10
    with db.session() as s:
        assert s.query(DuesPayment).one().void_reason == "不在册，作废"

    _select(dialog, "exemption_not_member")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.fix_button.click()
    ops.wait_idle()
    assert dialog.table.rowCount() == 9
    assert "exemption_not_member" not in {f.kind for f in dialog.findings}
    assert planted["leaves"] in {f.member_id for f in dialog.findings}


def test_opens_the_meeting_editor_and_the_member_form(app, qtbot, db, branch_id, monkeypatch):
    plant_contradictions(db, branch_id)
    opened = []

    class FakeEditor:
        def __init__(self, ctx, meeting_id, kind, parent):
            opened.append(("meeting", meeting_id))

        def exec(self):
            return 0

    class FakeForm:
        def __init__(self, ctx, member_id, parent):
            opened.append(("member", member_id))

        def exec(self):
            return 0

    monkeypatch.setattr("branchdesk.ui.dialogs.meeting_editor.MeetingEditor", FakeEditor)
    monkeypatch.setattr("branchdesk.ui.dialogs.member_form.MemberFormDialog", FakeForm)
    dialog = _dialog(qtbot, db)
    for kind in ("meeting_role_not_member", "party_too_young"):
        _select(dialog, kind)
        dialog.fix_selected()
        ops.wait_idle()
    meeting = next(f for f in dialog.findings if f.kind == "meeting_role_not_member")
    young = next(f for f in dialog.findings if f.kind == "party_too_young")
    assert opened == [("meeting", meeting.target.id), ("member", young.member_id)]
    assert findings_dialog.ACTION_TEXT[meeting.target.kind] == "打开会议记录"


def test_home_page_lists_the_findings_item_and_opens_the_dialog(
    app, qtbot, db, branch_id, monkeypatch
):
    from branchdesk.ui.pages.home_page import HomePage

    plant_contradictions(db, branch_id)
    shown = []
    monkeypatch.setattr(FindingsDialog, "exec", lambda self: shown.append(len(self.findings)))
    page = HomePage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    ops.wait_idle()
    items = [page.overview.alerts.item(i) for i in range(page.overview.alerts.count())]
    found = [i for i in items if "记录核查" in i.text(0)]
    assert len(found) == 1 and "等 11 处记录相互矛盾" in found[0].text(0)
    page.overview._open_alert(found[0])
    assert shown and found[0].data(0, 0x0100) == FINDINGS_PAGE


def test_a_register_finding_opens_the_registers_tab(app, qtbot, db, branch_id):
    plant_contradictions(db, branch_id)
    dialog = _dialog(qtbot, db)
    went = []
    dialog.ctx.navigate.connect(lambda page, action: went.append((page, action)))
    _select(dialog, "register_not_member")
    assert dialog.fix_button.text() == "打开组织建设"
    finding = dialog.selected()
    assert "有表彰奖励记录" in finding.message and finding.member_name == "离开"
    dialog.fix_selected()
    assert went == [("registers", "tab:awards")]
