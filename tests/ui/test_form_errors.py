"""Every form opens without error messages; 保存 with something wrong says what, outlines the
wrong fields, and puts the cursor in the first wrong one (scrolled into view)."""

from PySide6.QtWidgets import QDialogButtonBox, QScrollArea, QWidget

from branchdesk.core.rules.dues_standards import Month
from branchdesk.ui import ops
from tests.conftest import TODAY


def _marked(form: QWidget) -> list[QWidget]:
    return [w for w in form.findChildren(QWidget) if w.property("invalid")]


def _is_focused(form: QWidget, field: QWidget) -> bool:
    return form.focusWidget() in (field, getattr(field, "edit", None), field.focusProxy())


def _opens_clean(form: QWidget, message) -> None:
    form.show()
    ops.wait_idle()
    assert message.objectName() != "ErrorText" or message.text() == "", message.text()
    assert _marked(form) == []


def _save(form: QWidget) -> None:
    form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    ops.wait_idle()


def _refused(form, message, first: QWidget, *texts: str) -> None:
    assert form.isVisible() and form.result() == 0  # still open
    assert message.objectName() == "ErrorText"
    for text in texts:
        assert text in message.text(), message.text()
    assert _is_focused(form, first), form.focusWidget()
    outlined = getattr(first, "edit", first)
    assert outlined.property("invalid")


def test_meeting_editor(window):
    from branchdesk.ui.dialogs.meeting_editor import MeetingEditor

    editor = MeetingEditor(window.ctx, None, "支部委员会", window)
    assert ops.wait_idle() and editor.ready
    _opens_clean(editor, editor.error)
    editor.end_time.setText("25:61")  # typed: no message yet beyond the field's own outline
    assert editor.error.text() == ""
    editor.save_button.click()
    ops.wait_idle()
    _refused(editor, editor.error, editor.end_time, "结束时间", "请填写会议议题")
    assert editor.topics.property("invalid")
    editor.end_time.setText("21:00")  # the marks follow the edits
    assert not editor.end_time.property("invalid") and "结束时间" not in editor.error.text()
    editor.topics.setPlainText("学习团章")
    assert editor.error.text() == "" and _marked(editor) == []


def test_payment_exemption_and_handover(window):
    from branchdesk.core.services.dues import dues_choices
    from branchdesk.ui.dialogs.dues_dialogs import ExemptionDialog, HandoverDialog, PaymentDialog

    with window.ctx.db.session() as session:
        choices = dues_choices(session, window.ctx.branch_id, 2026)
    month = Month(2026, 7)
    payment = PaymentDialog(window.ctx, choices, month, None, False, TODAY, window)
    _opens_clean(payment, payment.error)
    _save(payment)
    _refused(payment, payment.error, payment.member, "请选择团员")
    payment.close()

    exemption = ExemptionDialog(window.ctx, choices, month, None, window)
    _opens_clean(exemption, exemption.error)
    _save(exemption)
    _refused(exemption, exemption.error, exemption.member, "请选择团员")
    exemption.close()

    handover = HandoverDialog(window.ctx, 1000, TODAY, window)
    _opens_clean(handover, handover.error)
    handover.amount.setText("十元")
    _save(handover)
    _refused(handover, handover.error, handover.amount, "请填写正确的金额")


def test_transfer_out_and_in(window):
    from branchdesk.core.services.transfers import out_candidates
    from branchdesk.ui.pages.transfers_page import TransferInDialog, TransferOutDialog

    with window.ctx.db.session() as session:
        people = out_candidates(session, window.ctx.branch_id)
    out = TransferOutDialog(people, False, window)
    _opens_clean(out, out.error)
    out.issued_on.setText("2026-02-30")
    _save(out)
    _refused(out, out.error, out.member, "请选择要转出的团员", "请填写转往单位", "开具日期")
    assert out.destination.property("invalid")
    out.close()

    incoming = TransferInDialog(window)
    _opens_clean(incoming, incoming.error)
    incoming.sending_org.setText("某某大学团委")
    _save(incoming)
    _refused(incoming, incoming.error, incoming.name, "请填写姓名", "请填写身份证号")
    assert not incoming.sending_org.property("invalid")


def test_settings_scrolls_to_the_first_wrong_field(window, app):
    page = window.show_page("settings")
    ops.wait_idle()
    assert page.message.text() == "" and _marked(page) == []
    page.editor.name.setText("")
    scroll = page.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the page is taller than the window
    bar.setValue(bar.maximum())
    page.save_button.click()
    app.processEvents()
    assert "请填写团支部名称" in page.message.text()
    assert page.editor.name.property("invalid") and _is_focused(page, page.editor.name)
    top = page.editor.name.mapTo(scroll.widget(), page.editor.name.rect().topLeft()).y()
    assert bar.value() <= top < bar.value() + scroll.viewport().height()
