from branchdesk.app import open_main_window
from branchdesk.core.services.branches import load_profile


def test_settings_edits_groups_and_committee(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    editor = page.editor
    assert editor.name.text() == "示例街道第一团支部"
    assert editor.groups.rowCount() == 2
    editor.add_group_row()
    editor.groups.item(2, 0).setText("第三团小组")
    editor.committee_above.setText("新的上级团委")
    assert page.save()
    with demo_db.session() as s:
        profile = load_profile(s, window.ctx.branch_id)
    assert [g.name for g in profile.groups] == ["第一团小组", "第二团小组", "第三团小组"]
    assert profile.committee_above == "新的上级团委"


def test_invalid_profile_shows_message_and_keeps_data(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    page.editor.name.setText("")
    assert not page.save()
    assert "请填写团支部名称" in page.message.text()
    with demo_db.session() as s:
        assert load_profile(s, window.ctx.branch_id).name == "示例街道第一团支部"


def test_settings_edit_the_current_branch_rules(app, qtbot, demo_db):
    from branchdesk.core.services import branch_settings

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    assert page.rules.prepay.value() == 6
    assert page.rules.combos["团课"].findData("term") == -1  # not a school branch
    page.editor.kind.setCurrentText("学校(班级)")
    assert page.save()  # the kind decides which frequencies are offered
    combo = page.rules.combos["团课"]
    combo.setCurrentIndex(combo.findData("term"))
    page.rules.prepay.setValue(12)
    page.rules.cap.setValue(20)
    assert page.save_rules()
    assert page.rules_message.text() == "已保存。"
    with demo_db.session() as s:
        saved = branch_settings.load_branch_settings(s, window.ctx.branch_id)
    assert saved.prepay_limit_months == 12 and saved.excellent_cap == 20
    assert {r.item: r.frequency.value for r in saved.requirements}["团课"] == "term"
