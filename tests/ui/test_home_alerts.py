"""The home page's 需要处理的事项: grouped lines that open to names, each a click from its fix."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from branchdesk.app import open_main_window
from branchdesk.core.services.alerts import branch_alerts
from branchdesk.ui import ops
from tests.conftest import TODAY


@pytest.fixture
def window(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    home = window.show_page("home")
    ops.wait_idle()
    with demo_db.session() as session:  # the alerts of the demo's day, not of the clock's
        home.overview.alerts.show_alerts(branch_alerts(session, window.ctx.branch_id, TODAY))
    return window


def _lines(tree) -> list[str]:
    return [tree.item(i).text(0) for i in range(tree.count())]


def _click(tree, item, qtbot) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_kind_is_one_line_that_opens_to_names_in_pinyin_order(window, qtbot):
    tree = window.page("home").overview.alerts
    lines = _lines(tree)
    assert lines[0].startswith("【已逾期】")
    soon = next(i for i, t in enumerate(lines) if t.endswith("人将在6个月内年满28周岁 ▸"))
    assert lines[soon].startswith("【将到期】超龄：3 人")
    group = tree.item(soon)
    assert group.childCount() == 3 and not group.isExpanded()
    _click(tree, group, qtbot)  # one click opens the line
    assert group.isExpanded() and group.text(0).endswith("▾")
    names = [group.child(i).text(0).split("将于")[0] for i in range(3)]
    assert names == ["尹桐然", "闫远若", "邹梅"]  # ytr, yyr, zm: by pinyin initials


def test_a_click_on_a_name_opens_that_member(window, qtbot, monkeypatch):
    from branchdesk.ui.dialogs import member_detail

    opened = []

    class Detail:  # records which member's record was opened
        wants_edit = False

        def __init__(self, ctx, member_id, parent=None):
            opened.append(member_id)

        def exec(self):
            return 0

    monkeypatch.setattr(member_detail, "MemberDetailDialog", Detail)
    tree = window.page("home").overview.alerts
    group = next(tree.item(i) for i in range(tree.count()) if "人将在" in tree.item(i).text(0))
    assert group.childCount() == 3
    group.setExpanded(True)
    first = group.child(0)
    _click(tree, first, qtbot)
    assert window.current_key() == "members"
    assert opened == [4]  # 尹桐然 (ref_id 4 in the demo)


def test_a_single_alert_opens_its_letter_or_the_calendar(window, qtbot):
    tree = window.page("home").overview.alerts
    letter = next(tree.item(i) for i in range(tree.count()) if "介绍信" in tree.item(i).text(0))
    _click(tree, letter, qtbot)
    assert window.current_key() == "transfers"
    page = window.page("transfers")
    qtbot.waitUntil(lambda: bool(page.selected_rows()), timeout=5000)
    chosen = page.selected_rows()
    assert len(chosen) == 1 and f"{chosen[0].name}的介绍信{chosen[0].letter_no}" in letter.text(0)
    window.show_page("home")
    meetings = next(tree.item(i) for i in range(tree.count()) if "会议" in tree.item(i).text(0))
    if meetings.childCount():
        meetings.setExpanded(True)
        meetings = meetings.child(0)
    _click(tree, meetings, qtbot)
    assert window.current_key() == "meetings"
    assert window.page("meetings").tabs.currentWidget() is window.page("meetings").calendar_tab


def test_enter_opens_the_current_alert(window, qtbot, monkeypatch):
    tree = window.page("home").overview.alerts
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    aged = next(
        tree.item(i) for i in range(tree.count()) if "可办理超龄离团" in tree.item(i).text(0)
    )
    tree.setCurrentItem(aged)
    tree.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: tree.hasFocus(), timeout=3000)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened == ["MemberDetailDialog"]
