"""Tables use a wide screen's width, and keep the column widths the user dragged.

At 1920×1080 the roster's columns share out the window's spare width and the transfer and
register tables give it to their last, textual column (备注, 提示); at 1366×768 columns are as
wide as their contents and the table scrolls sideways. A column whose edge the user drags keeps
that width in the next window, per table; widths the program sets (on a resize) are not kept.
"""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from branchdesk.app import open_main_window
from branchdesk.ui import ops
from branchdesk.ui.columns import ColumnFit
from tests.conftest import TODAY

WIDE, NARROW = (1920 - 16, 1080 - 40 - 32), (1366 - 16, 728 - 32)


def _members(window, qtbot, size):
    window.resize(*size)
    page = window.show_page("members")
    page.today = TODAY
    qtbot.waitUntil(lambda: page.is_loaded and page.model.rowCount() > 0)
    ops.wait_idle()
    qtbot.wait(20)
    return page


def _widths(table) -> list[int]:
    return [table.columnWidth(c) for c in range(table.model().columnCount())]


def _contents(table, column: int) -> int:
    """The width the longest text of the column (or its header) needs."""
    model, metrics = table.model(), table.fontMetrics()
    texts = [str(model.headerData(column, Qt.Orientation.Horizontal))]
    texts += [str(model.index(r, column).data() or "") for r in range(model.rowCount())]
    return max(metrics.horizontalAdvance(t) for t in texts)


def test_at_1920_the_roster_fills_the_width_and_every_text_shows_whole(window, qtbot):
    page = _members(window, qtbot, WIDE)
    table = page.table
    widths = _widths(table)
    assert sum(widths) == table.viewport().width() > 1600
    assert not table.horizontalScrollBar().isVisible()
    for column, width in enumerate(widths):
        assert width >= _contents(table, column), table.model().headerData(column, 1)
    # no column took it all: the spare width is shared out
    assert max(widths) < 2 * sorted(widths)[len(widths) // 2] + 200


def test_at_1366_columns_fit_their_contents_and_the_roster_scrolls(window, qtbot):
    page = _members(window, qtbot, NARROW)
    table = page.table
    contents = page.columns.contents
    assert all(w >= _contents(table, c) for c, w in enumerate(_widths(table)))
    if sum(contents) + 4 * len(contents) > table.viewport().width():  # too many columns
        assert _widths(table) == [w + 4 for w in contents]
        assert table.horizontalScrollBar().maximum() > 0
    else:  # the padding gives way first: the whole roster shows without scrolling
        assert sum(_widths(table)) == table.viewport().width()
        assert table.horizontalScrollBar().maximum() == 0
    window.resize(*WIDE)  # made wider: the columns take the new room
    qtbot.waitUntil(lambda: sum(_widths(table)) == table.viewport().width())


def test_transfers_and_registers_give_the_spare_width_to_their_last_column(window, qtbot):
    window.resize(*WIDE)
    transfers = window.show_page("transfers")
    ops.wait_idle()
    qtbot.waitUntil(lambda: transfers.model.rowCount() > 0)
    qtbot.wait(20)
    fit = transfers.table.findChild(ColumnFit)
    widths = _widths(transfers.table)
    assert sum(widths) == transfers.table.viewport().width()
    assert widths[:-1] == fit.fitted[:-1]
    assert widths[-1] > fit.fitted[-1] + 300  # 备注
    registers = window.show_page("registers")
    ops.wait_idle()
    table = registers.findChild(type(transfers.table), "AwardTable")
    registers.tabs.setCurrentWidget(registers.tabs.widget(2))
    qtbot.waitUntil(lambda: table.model().rowCount() > 0 and table.isVisible())
    qtbot.wait(20)
    assert sum(_widths(table)) == table.viewport().width()
    assert _widths(table)[-1] > table.findChild(ColumnFit).fitted[-1]


def _drag(table, column: int, by: int) -> None:
    """Drag the right edge of `column`'s header by `by` pixels, as a user does."""
    header = table.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    viewport = header.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for step in range(1, 5):
        QTest.mouseMove(viewport, QPoint(edge + by * step // 4, y))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge + by, y))


def test_a_width_the_user_dragged_is_kept_per_table(app, qtbot, demo_db):
    first = open_main_window(demo_db)
    qtbot.addWidget(first)
    first.show()
    page = _members(first, qtbot, NARROW)
    id_column = 4
    before = page.table.columnWidth(id_column)
    _drag(page.table, id_column, 60)
    assert page.table.columnWidth(id_column) == before + 60
    page.table.setColumnWidth(2, 300)  # the program's doing: not kept
    transfers = first.show_page("transfers")
    ops.wait_idle()
    qtbot.waitUntil(lambda: transfers.model.rowCount() > 0)
    transfer_widths = _widths(transfers.table)

    again = open_main_window(demo_db)
    qtbot.addWidget(again)
    again.show()
    other = _members(again, qtbot, NARROW)
    assert other.table.columnWidth(id_column) == before + 60
    assert other.table.columnWidth(2) == other.columns.widths()[2] < 300
    other_transfers = again.show_page("transfers")
    ops.wait_idle()
    qtbot.waitUntil(lambda: other_transfers.model.rowCount() > 0)
    qtbot.wait(20)
    assert _widths(other_transfers.table) == transfer_widths  # another table: not changed
    first.close()


def test_the_dues_months_share_a_wide_window(window, qtbot):
    page = window.show_page("dues")
    ops.wait_idle()
    qtbot.waitUntil(lambda: page.grid_model.rowCount() > 0)
    table = page.grid_view
    months = range(2, 14)

    def month_widths() -> set[int]:
        return {table.columnWidth(c) for c in months}

    window.resize(*NARROW)
    qtbot.waitUntil(lambda: month_widths() == {58})  # the least; the grid scrolls
    window.resize(*WIDE)
    qtbot.waitUntil(lambda: len(month_widths()) == 1 and min(month_widths()) > 80)
    assert sum(_widths(table)) <= table.viewport().width()
    assert table.viewport().width() - sum(_widths(table)) < 12  # the room is used
