import shutil

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard

from branchdesk.core.db.models import Member
from branchdesk.core.services.members import roster_rows
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import import_wizard
from branchdesk.ui.dialogs.import_wizard import ImportWizard
from tests.conftest import TODAY


@pytest.fixture
def messy(samples, tmp_path):
    path = tmp_path / "roster_messy.xlsx"
    shutil.copy(samples / "roster_messy.xlsx", path)
    return path


def _wizard(db, qtbot):
    wizard = ImportWizard(AppContext(db), today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.branches is not None)  # read off the UI thread
    return wizard


def _to_preview(wizard, monkeypatch, path):
    monkeypatch.setattr(
        import_wizard.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "")
    )
    wizard.file_page.browse()
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.sheet_page
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    assert ops.wait_idle() and wizard.preview_page.isComplete()  # computed off the UI thread


def _member_count(db):
    with db.session() as s:
        return s.query(Member).count()


def test_preview_counts_and_highlights_problem_rows_without_writing(
    app, qtbot, db, branch_id, messy, monkeypatch
):
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, messy)
    page = wizard.preview_page
    assert page.counts.text() == "新增 54 人，更新 0 人，无变化 0 人，有问题 6 行"
    assert "测试团支部" in page.target.text()
    page.only_problems.setChecked(True)
    model = page.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "10",
        "16",
        "25",
        "33",
        "41",
        "50",
    ]
    assert "校验位错误" in model.index(0, 4).data()
    assert model.index(0, 0).data(import_wizard.Qt.ItemDataRole.BackgroundRole) is not None
    assert _member_count(db) == 0


def test_problem_rows_are_saved_to_xlsx(app, qtbot, db, branch_id, messy, monkeypatch, tmp_path):
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, messy)
    out = tmp_path / "问题行.xlsx"
    monkeypatch.setattr(
        import_wizard.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "")
    )
    monkeypatch.setattr(import_wizard.QMessageBox, "information", lambda *a, **k: None)
    assert wizard.preview_page.save_problem_rows() == str(out)
    sheet = openpyxl.load_workbook(out).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("身份证号被存成数字" in t for t in texts)
    assert _member_count(db) == 0


def test_import_writes_the_good_rows_and_reports(app, qtbot, db, branch_id, messy, monkeypatch):
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, messy)
    wizard.next()  # the commit step: runs the import off the UI thread
    page = wizard.result_page
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert wizard.imported
    assert page.summary.text() == "新增 54 人，更新 0 人，无变化 0 人，有问题 6 行。"
    assert "第16行" in page.details.text()
    with db.session() as s:
        assert len(roster_rows(s, branch_id)) == 54
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_second_import_is_all_unchanged(app, qtbot, db, branch_id, messy, monkeypatch):
    for _ in range(2):
        wizard = _wizard(db, qtbot)
        _to_preview(wizard, monkeypatch, messy)
        counts = wizard.preview_page.counts.text()
        wizard.next()
        qtbot.waitUntil(lambda w=wizard: w.result_page.done, timeout=30000)
    assert counts == "新增 0 人，更新 0 人，无变化 54 人，有问题 6 行"
    assert _member_count(db) == 54


def test_mapping_can_be_corrected(app, qtbot, db, branch_id, samples, monkeypatch):
    wizard = _wizard(db, qtbot)
    monkeypatch.setattr(
        import_wizard.QFileDialog,
        "getOpenFileName",
        lambda *a, **k: (str(samples / "roster_clean.xlsx"), ""),
    )
    wizard.file_page.browse()
    wizard.next()
    wizard.next()
    mapping_page = wizard.mapping_page
    phone_header = next(
        mapping_page.table.item(r, 0).text()
        for r, combo in enumerate(mapping_page.combos)
        if combo.currentData() == "phone"
    )
    mapping_page.set_field(phone_header, None)  # ignore the phone column
    assert list(mapping_page.mapping().values()) == [None]
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete)
    assert wizard.preview_page.counts.text() == "新增 200 人，更新 0 人，无变化 0 人，有问题 0 行"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=30000)
    with db.session() as s:
        rows = roster_rows(s, branch_id)
    assert len(rows) == 200 and all(r.phone == "" for r in rows)


def test_unreadable_file_stays_on_the_first_step(app, qtbot, db, branch_id, tmp_path):
    bad = tmp_path / "not_a_sheet.xlsx"
    bad.write_text("hello")
    wizard = _wizard(db, qtbot)
    wizard.file_page.path.setText(str(bad))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.message.text()


def test_import_into_an_empty_database_creates_the_branch(app, qtbot, db, messy, monkeypatch):
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, messy)
    assert "（将新建）" in wizard.preview_page.target.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=30000)
    assert wizard.ctx.branch_id == wizard.result_report.branch_id
    assert _member_count(db) == 54


def test_notices_have_their_own_filter_and_the_preview_is_what_is_imported(
    app, qtbot, db, branch_id, monkeypatch, tmp_path
):
    from tests.core.io.sheets import write_xlsx
    from tests.core.services.test_roster_vocabularies import make_id

    rows = [
        ["姓名", "身份证号", "入团年月", "发展团员编号"],
        ["甲", make_id("20050101", 11), "2020-05", "202012345678"],
        ["乙", make_id("20050101", 21), "2020-05", ""],
        ["丙", "12345", "2020-05", ""],
    ]
    path = write_xlsx(tmp_path / "notices.xlsx", rows)
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, path)
    page = wizard.preview_page
    assert page.only_notices.text() == "只看有提示的行（1）"
    page.only_notices.setChecked(True)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["3"]
    assert "缺少发展团员编号" in page.model.index(0, 4).data()
    page.only_problems.setChecked(True)  # the two filters exclude each other
    assert not page.only_notices.isChecked()
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["4"]
    path.unlink()  # the import writes the preview the user saw, not a fresh read of the file
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=30000)
    assert wizard.imported and wizard.result_report.notices == [
        (3, "缺少发展团员编号（2017年起入团的团员应有）")
    ]
    assert _member_count(db) == 2


def test_nothing_to_import_writes_nothing_and_creates_no_branch(
    app, qtbot, db, monkeypatch, tmp_path
):
    from branchdesk.core.db.models import Branch
    from tests.core.io.sheets import write_xlsx

    rows = [["姓名", "身份证号"], ["张三", "440305********4409"]]
    path = write_xlsx(tmp_path / "masked.xlsx", rows)
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, path)
    told = []
    monkeypatch.setattr(import_wizard.QMessageBox, "information", lambda *a: told.append(a[2]))
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page and told == ["没有可以导入的行。"]
    with db.session() as s:
        assert s.query(Branch).count() == 0 and s.query(Member).count() == 0


def test_far_away_cells_are_said_to_be_ignored_before_the_import(
    app, qtbot, db, branch_id, tmp_path, monkeypatch
):
    from tests.core.io.sheets import HEADER, PEOPLE

    workbook = openpyxl.Workbook()
    for row in [HEADER, *PEOPLE]:
        workbook.active.append(row)
    workbook.active["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    workbook.save(path)
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, path)
    assert wizard.mapping_page.unknown.text().splitlines()[-1] == (
        "远离表格的 1 个单元格（如 XFD1048576）已忽略"
    )


def test_import_gives_new_members_the_chosen_dues_category(
    app, qtbot, db, branch_id, messy, monkeypatch
):
    from branchdesk.core.services import dues

    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, messy)
    combo = wizard.sheet_page.dues_category
    assert combo.currentData() is None  # 按表格判断 unless chosen
    combo.setCurrentIndex(combo.findData("学生"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=30000)
    with db.session() as s:
        grid = dues.dues_grid(s, branch_id, TODAY.year, TODAY)
        assert dues.arrears(s, branch_id, TODAY) == []  # day one: no false alarms
    # Party members keep 党员保留团籍 (no League dues), whatever the import chose
    assert len(grid.rows) == 54 and {r.category for r in grid.rows} == {"学生", "党员保留团籍"}


def test_a_sheet_naming_several_branches_can_be_split(app, qtbot, db, monkeypatch, tmp_path):
    from sqlalchemy import select

    from branchdesk.core.db.models import Branch
    from tests.core.io.sheets import write_xlsx
    from tests.core.services.test_roster_vocabularies import make_id

    rows = [
        ["姓名", "身份证号", "所在团支部"],
        ["甲", make_id("20000101", 11), "一班团支部"],
        ["乙", make_id("20000101", 21), "二班团支部"],
    ]
    path = write_xlsx(tmp_path / "two.xlsx", rows)
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, path)
    page = wizard.preview_page
    assert not page.split_branches.isHidden()
    assert "2个团支部（一班团支部、二班团支部）" in page.target.text()
    page.split_branches.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=30000)
    assert wizard.imported and wizard.result_report.new == 2
    with db.session() as s:
        assert sorted(s.scalars(select(Branch.name))) == ["一班团支部", "二班团支部"]


def test_the_roster_sheet_is_chosen_and_read_once_later_rosters_are_named(
    app, qtbot, db, branch_id, monkeypatch, tmp_path
):
    """A workbook with a 填表说明 sheet first and one sheet per class: the wizard opens on the
    first class's sheet (read once, when the file was chosen), says which other sheets hold
    members, and another sheet can still be chosen."""
    from tests.core.io.sheets import HEADER, PEOPLE

    workbook = openpyxl.Workbook()
    workbook.active.title = "填表说明"
    workbook.active.append(["请按下表填写，不要改动表头。"])
    for name, people in (("一班", PEOPLE[:2]), ("二班", PEOPLE[2:]), ("三班", PEOPLE[:1])):
        sheet = workbook.create_sheet(name)
        for row in [HEADER, *people]:
            sheet.append(row)
    path = tmp_path / "classes.xlsx"
    workbook.save(path)
    from branchdesk.core.io import roster_reader

    reads = []  # the sheet asked for by each read of the file
    real_read = roster_reader.read_roster

    def counting_read(path, sheet=None, mapping=None):
        reads.append(sheet)
        return real_read(path, sheet, mapping)

    monkeypatch.setattr(roster_reader, "read_roster", counting_read)
    wizard = _wizard(db, qtbot)
    _to_preview(wizard, monkeypatch, path)
    assert wizard.sheet_page.sheet.currentText() == "一班"
    assert reads == [None]  # the file's roster sheet found, and read once
    assert wizard.preview_page.counts.text() == "新增 2 人，更新 0 人，无变化 0 人，有问题 0 行"
    assert "还有2个工作表也是花名册（“二班”、“三班”）" in wizard.preview_page.target.text()
    wizard.back()
    wizard.back()
    assert wizard.currentPage() is wizard.sheet_page
    wizard.sheet_page.sheet.setCurrentText("二班")
    wizard.next()
    wizard.next()
    assert ops.wait_idle() and wizard.preview_page.isComplete()
    assert reads == [None, "二班"]
    new = len(PEOPLE) - 2
    assert (
        wizard.preview_page.counts.text() == f"新增 {new} 人，更新 0 人，无变化 0 人，有问题 0 行"
    )
