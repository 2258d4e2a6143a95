"""编写手册文字 (from 打印): the year's plan/summary with their meeting, the fixed texts."""

from branchdesk.app import open_main_window
from branchdesk.core.services import handbook_texts, year_texts
from branchdesk.ui import ops
from branchdesk.ui.dialogs import handbook_texts as handbook_texts_dialog
from branchdesk.ui.dialogs.handbook_texts import NO_MEETING, HandbookTextsDialog
from tests.conftest import TODAY


def _dialog(qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("print")
    assert page.texts_button.isEnabled()
    dialog = HandbookTextsDialog(page.ctx, page.ctx.branch_id, TODAY.year, page)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    return window, dialog


def test_plan_is_written_with_its_meeting_and_saved(app, qtbot, demo_db):
    window, dialog = _dialog(qtbot, demo_db)
    assert dialog.key() == "plan" and not dialog.meeting.isHidden()
    assert "加强思想政治引领" in dialog.text.toPlainText()  # the demo's plan
    assert dialog.meeting.currentText().endswith("支部团员大会")
    dialog.text.setPlainText("一、新的计划\n按月召开支委会。")
    dialog.meeting.setCurrentIndex(dialog.meeting.findText(NO_MEETING))
    assert dialog.dirty
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.dirty and ops.idle())
    with demo_db.session() as s:
        plan = year_texts.load_year_text(s, window.ctx.branch_id, TODAY.year, "plan")
    assert (plan.text, plan.meeting_id) == ("一、新的计划\n按月召开支委会。", None)


def test_a_bad_meeting_choice_is_a_message_not_a_crash(app, qtbot, demo_db):
    _, dialog = _dialog(qtbot, demo_db)
    dialog.which.setCurrentIndex(dialog.which.findData("summary"))
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and dialog._shown[0] == "summary")
    dialog.text.setPlainText("")
    dialog.meeting.setCurrentIndex(1)  # a meeting, but no text
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert "请先填写年度工作总结" in dialog.error.text()


def test_fixed_text_in_the_branchs_words_and_back_to_the_default(app, qtbot, demo_db, monkeypatch):
    window, dialog = _dialog(qtbot, demo_db)
    branch_id = window.ctx.branch_id
    dialog.text.setPlainText("改过的计划")  # unsaved: switching asks first
    monkeypatch.setattr(handbook_texts_dialog, "confirm_discard", lambda parent: False)
    dialog.which.setCurrentIndex(dialog.which.findData("duties"))
    assert dialog.key() == "plan" and dialog.text.toPlainText() == "改过的计划"
    monkeypatch.setattr(handbook_texts_dialog, "confirm_discard", lambda parent: True)
    dialog.which.setCurrentIndex(dialog.which.findData("duties"))
    qtbot.waitUntil(lambda: dialog._shown[0] == "duties")
    assert dialog.year.isHidden() and "当前为默认文字" in dialog.hint.text()
    dialog.text.setPlainText("## 书记\n本团委版本的职责。")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.dirty and ops.idle())
    dialog.load()
    qtbot.waitUntil(lambda: ops.idle() and "自己的文字" in dialog.hint.text())
    with demo_db.session() as s:
        assert handbook_texts.handbook_text(s, branch_id, "duties").endswith("本团委版本的职责。")
    dialog.restore_default()
    qtbot.waitUntil(lambda: ops.idle() and "当前为默认文字" in dialog.hint.text())
    with demo_db.session() as s:
        assert not handbook_texts.is_customised(s, branch_id, "duties")
    assert dialog.text.toPlainText() == handbook_texts.default_text("duties")
