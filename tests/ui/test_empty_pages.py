"""An empty page says what to do first, with a button for it that opens the right dialog."""

import pytest
from PySide6.QtWidgets import QDialog, QWizard

from branchdesk.app import open_main_window
from branchdesk.ui import ops


@pytest.fixture
def window(app, qtbot, db, branch_id, monkeypatch):
    """A branch with no members, meetings or transfers yet; dialogs record that they opened."""
    window = open_main_window(db)
    qtbot.addWidget(window)
    window.show()
    window.opened = []
    record = lambda self: window.opened.append(type(self).__name__) or 0  # noqa: E731
    monkeypatch.setattr(QDialog, "exec", record)
    monkeypatch.setattr(QWizard, "exec", record)
    return window


def _shown(window, key: str):
    page = window.show_page(key)
    ops.wait_idle()
    return page


def test_the_empty_roster_offers_import_and_new(window, qtbot):
    page = _shown(window, "members")
    qtbot.waitUntil(lambda: page.is_loaded)
    assert page.empty.isVisible() and not page.table.isVisible()
    assert "还没有团员" in page.empty.title.text()
    page.empty_import.click()
    page.empty_add.click()
    ops.wait_idle()
    assert window.opened == ["ImportWizard", "MemberFormDialog"]


def test_the_roster_with_members_shows_the_table(app, qtbot, demo_db):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = _shown(window, "members")
    qtbot.waitUntil(lambda: page.is_loaded)
    assert page.table.isVisible() and not page.empty.isVisible()


def test_no_meetings_offers_a_new_record(window):
    page = _shown(window, "meetings").list_tab
    assert page.empty.isVisible() and not page.table.isVisible()
    page.search.setText("团课")  # a search that finds nothing is not an empty page
    ops.wait_idle()
    assert not page.empty.isVisible() and page.table.isVisible()
    page.search.clear()
    ops.wait_idle()
    page.empty_new.click()
    ops.wait_idle()
    assert window.opened == ["MeetingEditor"]


def test_no_dues_members_leads_to_the_roster_import(window):
    page = _shown(window, "dues")
    assert page.empty.isVisible() and not page.grid_view.isVisible()
    page.empty_import.click()
    ops.wait_idle()
    assert window.current_key() == "members" and window.opened == ["ImportWizard"]
    window.show_page("dues")
    page.empty_add.click()
    ops.wait_idle()
    assert window.opened == ["ImportWizard", "MemberFormDialog"]


def test_no_transfers_offers_transfer_out_and_in(window):
    page = _shown(window, "transfers")
    assert page.empty.isVisible() and not page.table.isVisible()
    page.empty_out.click()
    ops.wait_idle()
    page.empty_in.click()
    ops.wait_idle()
    assert window.opened == ["TransferOutDialog", "TransferInDialog"]
