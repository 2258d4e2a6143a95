from datetime import date

from branchdesk.app import open_main_window
from branchdesk.core.services.branches import load_profile
from branchdesk.ui import ops
from tests.conftest import TODAY


def _settings(qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(ops.idle)
    return window, page


def test_settings_edits_groups_and_committee(app, qtbot, demo_db):
    window, page = _settings(qtbot, demo_db)
    editor = page.editor
    assert editor.name.text() == "示例街道第一团支部"
    assert editor.groups.rowCount() == 2
    editor.add_group_row()
    editor.groups.item(2, 0).setText("第三团小组")
    editor.committee_above.setText("新的上级团委")
    assert editor.level.text() == "基层团支部"  # the demo's
    assert editor.term_started_on.value() == date(TODAY.year - 1, 6, 1)
    editor.level.setText("四星级团支部")
    editor.term_started_on.setValue(date(2026, 6, 1))
    editor.term_ends_on.setValue(date(2028, 5, 31))
    op = page.save()
    qtbot.waitUntil(ops.idle)
    assert op.ok and page.message.text() == "已保存。"
    with demo_db.session() as s:
        profile = load_profile(s, window.ctx.branch_id)
    assert [g.name for g in profile.groups] == ["第一团小组", "第二团小组", "第三团小组"]
    assert profile.committee_above == "新的上级团委"
    assert (profile.level, profile.term_started_on, profile.term_ends_on) == (
        "四星级团支部",
        date(2026, 6, 1),
        date(2028, 5, 31),
    )
    assert editor.groups.rowCount() == 3  # reloaded from the database


def test_invalid_profile_shows_message_and_keeps_data(app, qtbot, demo_db):
    window, page = _settings(qtbot, demo_db)
    page.editor.name.setText("")
    assert page.message.text() == ""
    assert page.save() is None  # refused before the database is asked
    assert "请填写团支部名称" in page.message.text()
    assert page.editor.name.property("invalid") and page.focusWidget() is page.editor.name
    with demo_db.session() as s:
        assert load_profile(s, window.ctx.branch_id).name == "示例街道第一团支部"


def test_settings_edit_the_current_branch_rules(app, qtbot, demo_db):
    from branchdesk.core.services import branch_settings

    window, page = _settings(qtbot, demo_db)
    assert page.rules.prepay.value() == 6
    assert page.rules.combos["团课"].findData("term") == -1  # not a school branch
    page.editor.kind.setCurrentText("学校(班级)")
    page.save()  # the kind decides which frequencies are offered
    qtbot.waitUntil(ops.idle)
    combo = page.rules.combos["团课"]
    combo.setCurrentIndex(combo.findData("term"))
    page.rules.prepay.setValue(12)
    page.rules.cap.setValue(20)
    assert page.save_rules() is not None
    qtbot.waitUntil(ops.idle)
    assert page.rules_message.text() == "已保存。"
    with demo_db.session() as s:
        saved = branch_settings.load_branch_settings(s, window.ctx.branch_id)
    assert saved.prepay_limit_months == 12 and saved.excellent_cap == 20
    assert {r.item: r.frequency.value for r in saved.requirements}["团课"] == "term"


def test_opening_another_database_switches_every_page(app, qtbot, demo_db, tmp_path):
    from branchdesk.core.db.database import Database
    from branchdesk.core.services.branches import create_branch
    from branchdesk.ui import tasks

    window, page = _settings(qtbot, demo_db)
    other_path = str(tmp_path / "other.db")
    other = Database.open(other_path)
    with other.transaction() as s:
        create_branch(s, "另一个团支部")
    other.dispose()
    page._switch_to(other_path)
    qtbot.waitUntil(lambda: not tasks._running and window.ctx.db is not demo_db)
    qtbot.waitUntil(ops.idle)
    assert page.editor.name.text() == "另一个团支部"
    assert window.branch_combo.currentText() == "另一个团支部"
    assert other_path in page.db_path.text()
