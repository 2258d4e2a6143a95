"""Every Excel export prints on A4: orientation by width, one page wide, headers repeated."""

import pytest
from openpyxl import load_workbook

from branchdesk.core.io.dues_out import export_dues
from branchdesk.core.io.meetings_xlsx import export_meetings
from branchdesk.core.io.roster_export import export_roster, export_template, export_zhtj
from branchdesk.core.io.transfers_out import export_register
from branchdesk.core.io.xlsx_out import (
    A4_PORTRAIT_WIDTH_PT,
    Column,
    Table,
    column_width_pt,
    new_workbook,
    save_workbook,
    write_table,
)
from branchdesk.core.services.branches import require_branch
from branchdesk.core.services.demo import DEMO_BRANCH_NAME
from branchdesk.core.services.roster_import import preview_import, save_problem_rows
from tests.conftest import TODAY


def _header_row(ws) -> int:
    """The first row whose cells are all filled across the used width (the column headers)."""
    for row in ws.iter_rows(min_row=1, max_row=8):
        values = [c.value for c in row]
        if values and all(v not in (None, "") for v in values):
            return row[0].row
    raise AssertionError(f"{ws.title}: no header row")


def _check(ws) -> str:
    setup = ws.page_setup
    assert int(setup.paperSize) == 9, ws.title  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title
    header = _header_row(ws)
    assert ws.print_title_rows == f"${header}:${header}", ws.title
    # openpyxl saves neighbouring columns of one width as one <col min max> element
    total = sum(
        column_width_pt(d.width) * (d.max - d.min + 1) for d in ws.column_dimensions.values()
    )
    wide = total > A4_PORTRAIT_WIDTH_PT
    assert setup.orientation == ("landscape" if wide else "portrait"), ws.title
    assert "&P" in ws.oddFooter.center.text
    return setup.orientation


@pytest.fixture
def exports(demo_db, tmp_path, samples):
    with demo_db.session() as s:
        branch_id = require_branch(s, DEMO_BRANCH_NAME).id
        year = TODAY.year
        files = {
            "roster": export_roster(s, branch_id, tmp_path / "roster.xlsx", today=TODAY)
            and tmp_path / "roster.xlsx",
            "zhtj": export_zhtj(s, branch_id, tmp_path / "zhtj.xlsx", TODAY)
            and tmp_path / "zhtj.xlsx",
            "template": export_template(tmp_path / "template.xlsx"),
            "dues": export_dues(s, branch_id, year, tmp_path / "dues.xlsx", TODAY),
            "meetings": export_meetings(s, branch_id, year, tmp_path / "meetings.xlsx")
            and tmp_path / "meetings.xlsx",
            "transfers": (
                export_register(s, branch_id, tmp_path / "transfers.xlsx"),
                tmp_path / "transfers.xlsx",
            )[1],
        }
    with demo_db.transaction() as s:
        preview = preview_import(s, samples / "roster_messy.xlsx", today=TODAY)
    files["problems"] = save_problem_rows(preview, tmp_path / "problems.xlsx")
    return files


def test_every_export_is_set_up_for_a4(exports):
    orientations = {}
    for name, path in exports.items():
        workbook = load_workbook(path)
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        assert sheets, name
        for ws in sheets:
            orientations[f"{name}/{ws.title}"] = _check(ws)
    # the checks above are not vacuous: both orientations occur among the real exports
    assert orientations["dues/收缴登记表"] == "landscape"
    assert orientations["roster/团员花名册"] == "landscape"
    assert "portrait" in orientations.values(), orientations


def test_a_narrow_table_prints_portrait_and_a_wide_one_landscape(tmp_path):
    workbook = new_workbook()
    narrow = write_table(
        workbook, "窄", Table("窄表", [Column("姓名", 10), Column("金额", 10)], [])
    )
    wide = write_table(
        workbook,
        "宽",
        Table("宽表", [Column(f"列{n}", 12) for n in range(12)], [], subtitle_lines=["说明"]),
    )
    assert (narrow.page_setup.orientation, wide.page_setup.orientation) == (
        "portrait",
        "landscape",
    )
    path = save_workbook(workbook, tmp_path / "t.xlsx")
    back = load_workbook(path)
    assert back["窄"].print_title_rows == "$2:$2" and back["宽"].print_title_rows == "$3:$3"
