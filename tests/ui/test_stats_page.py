"""The 统计 page: the numbers and charts of one branch or all, Excel export, and the committee's
table of branches opening a branch on double-click."""

import openpyxl
from PySide6.QtWidgets import QLabel

from branchdesk.app import open_main_window
from branchdesk.core.db.models import Branch
from branchdesk.core.services.demo import create_demo
from branchdesk.ui import ops
from tests.conftest import TODAY
from tests.ui.save_dialog import SaveDialog


def _two_branches(db):
    with db.transaction() as s:
        s.get(Branch, create_demo(s, today=TODAY).branch_id).name = "一班团支部"
    with db.transaction() as s:
        s.get(Branch, create_demo(s, today=TODAY, seed=5).branch_id).name = "二班团支部"
    return db


def _open_stats(qtbot, db):
    window = open_main_window(db)
    qtbot.addWidget(window)
    page = window.show_page("stats")
    qtbot.waitUntil(lambda: ops.idle() and page.stats_tab.view is not None, timeout=30_000)
    return window, page


def _count(table, label: str) -> str:
    for row in range(table.rowCount()):
        if table.item(row, 1).text() == label:
            return table.item(row, 2).text()
    raise AssertionError(f"no row {label}")


def test_branch_statistics_with_charts_then_all_branches(app, qtbot, db):
    window, page = _open_stats(qtbot, _two_branches(db))
    tab = page.stats_tab
    assert tab.table.item(0, 0).text() == "基本情况"
    assert _count(tab.table, "在册团员") == "60"
    assert int(_count(tab.table, "男")) + int(_count(tab.table, "女")) == 60
    charts = tab.findChildren(QLabel, "StatsChart")
    assert len(charts) == 7 and all(c.pixmap().width() >= 250 for c in charts)
    image = charts[0].pixmap().toImage()  # 性别: a red and a blue slice on white
    pixels = [image.pixelColor(x, y).getRgb()[:3]
              for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]  # fmt: skip
    assert (255, 255, 255) in pixels
    assert any(r > 170 and g < 80 and b < 70 for r, g, b in pixels)  # 男
    assert any(b > 140 and r < 70 for r, g, b in pixels)  # 女
    assert [c.toolTip() for c in charts][:3] == ["性别", "民族", "年龄"]

    tab.scope.setCurrentText("全部团支部")
    qtbot.waitUntil(lambda: ops.idle() and "二班团支部" in tab.summary.text(), timeout=30_000)
    assert _count(tab.table, "在册团员") == "120"


def test_export_writes_each_branch_and_the_total(app, qtbot, db, tmp_path, monkeypatch):
    out = tmp_path / "统计.xlsx"
    monkeypatch.setattr("branchdesk.ui.dialogs.roster_files._save_path", lambda *a: str(out))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *a: None)
    window, page = _open_stats(qtbot, _two_branches(db))
    page.stats_tab.scope.setCurrentText("全部团支部")
    qtbot.waitUntil(
        lambda: ops.idle() and "二班团支部" in page.stats_tab.summary.text(), timeout=30_000
    )
    page.stats_tab.export_button.click()
    qtbot.waitUntil(lambda: ops.idle() and out.exists(), timeout=30_000)
    rows = list(openpyxl.load_workbook(out)["各团支部"].iter_rows(values_only=True))
    assert [r[1] for r in rows if r[0] in ("一班团支部", "二班团支部", "合计")] == [60, 60, 120]


def test_committee_table_sorts_and_opens_a_branch(app, qtbot, db):
    window, page = _open_stats(qtbot, _two_branches(db))
    page.tabs.setCurrentWidget(page.committee_tab)
    table = page.committee_tab.table
    qtbot.waitUntil(lambda: ops.idle() and table.rowCount() == 2, timeout=30_000)
    table.sortItems(0)
    names = [table.item(r, 0).text() for r in range(2)]
    assert sorted(names) == ["一班团支部", "二班团支部"]
    assert table.item(0, 1).text() == "60"
    second = [r for r in range(2) if table.item(r, 0).text() == "二班团支部"][0]
    table.itemActivated.emit(table.item(second, 3))
    assert window.ctx.branch_id == 2
    assert window.stack.currentWidget() is window.page("home")


def test_pack_in_one_window_merge_in_another(app, qtbot, db, tmp_path, monkeypatch, docs):
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from branchdesk.core.db.database import Database
    from branchdesk.ui.dialogs.package_dialog import PackagePreviewDialog

    with db.transaction() as s:
        create_demo(s, today=TODAY)
    save = SaveDialog(tmp_path / "一班")  # a name typed without the suffix
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    out = tmp_path / "一班.bdpkg"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    window, page = _open_stats(qtbot, db)
    page.tabs.setCurrentWidget(page.committee_tab)
    page.committee_tab.mask.setChecked(True)
    page.committee_tab.pack_button.click()
    qtbot.waitUntil(lambda: ops.idle() and out.exists(), timeout=30_000)
    # proposed in the Documents folder under the branch's name and today's date
    assert save.proposed[0].parent == docs
    assert (
        save.proposed[0].name.endswith("_隐去身份证号.bdpkg") and "数据包" in save.proposed[0].name
    )

    shown = []

    def accept(dialog):
        shown.append((len(dialog.report.added), dialog.table.isHidden(), dialog.choices()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PackagePreviewDialog, "exec", accept)
    committee = Database.open(tmp_path / "committee.db")
    other = open_main_window(committee)
    qtbot.addWidget(other)
    stats = other.show_page("stats")
    stats.tabs.setCurrentWidget(stats.committee_tab)
    stats.committee_tab.unpack_button.click()
    table = stats.committee_tab.table
    qtbot.waitUntil(lambda: ops.idle() and table.rowCount() == 1, timeout=30_000)
    assert shown == [(60, True, {})]  # previewed: 60 new members, no conflicts
    assert table.item(0, 0).text() == "示例街道第一团支部" and table.item(0, 1).text() == "60"
    committee.dispose()


def test_conflict_choices_come_from_the_dialog(app, qtbot):
    from branchdesk.core.services.packages import Conflict, MergeReport
    from branchdesk.ui.dialogs.package_dialog import PackagePreviewDialog

    report = MergeReport("一班团支部", False, False, unchanged=2)
    report.conflicts += [
        Conflict("身份证号:1", "张三", [("手机号码", "139", "138")]),
        Conflict("身份证号:2", "李四", [("学历", "本科", "")]),
    ]
    dialog = PackagePreviewDialog(report, "一班.bdpkg")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and "139 → 138" in dialog.table.item(0, 1).text()
    dialog.combos[1].setCurrentIndex(1)
    assert dialog.choices() == {"身份证号:1": "local", "身份证号:2": "package"}
