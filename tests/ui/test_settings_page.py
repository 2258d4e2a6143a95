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
