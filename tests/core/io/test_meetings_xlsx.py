from branchdesk.cli import main
from branchdesk.core.io.meetings_xlsx import export_meetings
from branchdesk.core.services import meetings, rounds
from branchdesk.core.services.branches import require_branch
from tests.conftest import TODAY


def _data_rows(ws):
    """Rows between the header (row 3) and the 合计 footer."""
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    return [r for r in rows if r[0] != "合计"]


def test_export_has_a_sheet_per_kind_and_counts_match_the_database(demo_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "meetings.xlsx"
    with demo_db.session() as s:
        branch_id = require_branch(s).id
        written = export_meetings(s, branch_id, TODAY.year, out)
        held = meetings.list_meetings(s, branch_id, TODAY.year)
        evaluation = rounds.round_results(s, branch_id, "评议", TODAY.year)
        registration = rounds.round_results(s, branch_id, "注册", TODAY.year)
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "支部团员大会",
        "支部委员会",
        "团小组会",
        "团课",
        "主题团日",
        "组织生活会",
        "团员教育评议",
        "团员年度团籍注册",
    ]
    assert written == len(held)
    for kind in ("支部团员大会", "支部委员会", "团课", "主题团日"):
        ws = wb[kind]
        header = [c.value for c in ws[3]]
        rows = _data_rows(ws)
        db_rows = [m for m in held if m.kind == kind]
        assert len(rows) == len(db_rows) > 0
        at = {name: header.index(name) for name in ("应到", "实到", "缺席")}
        assert [(r[at["应到"]], r[at["实到"]], r[at["缺席"]]) for r in rows] == [
            (m.expected, m.present, m.expected - m.present) for m in db_rows
        ]
        footer = list(ws.iter_rows(min_row=ws.max_row, values_only=True))[0]
        assert footer[at["实到"]] == sum(m.present for m in db_rows)
    group_rows = _data_rows(wb["团小组会"])
    assert len(group_rows) == sum(1 for m in held if m.kind == "团小组会")
    assert {r[1] for r in group_rows} == {"第一团小组", "第二团小组"}
    assert "主讲人" in [c.value for c in wb["团课"][3]]
    life_header = [c.value for c in wb["组织生活会"][3]]
    life_rows = _data_rows(wb["组织生活会"])
    assert len(life_rows) == sum(1 for m in held if m.kind == "组织生活会") == 1
    assert life_rows[0][life_header.index("形式")] == "专题组织生活会"
    assert len(_data_rows(wb["团员教育评议"])) == len(evaluation) == 60
    assert [r[4] or "" for r in _data_rows(wb["团员年度团籍注册"])] == [
        r.result for r in registration
    ]


def test_cli_export_meetings(demo_db, tmp_path, capsys):
    out = tmp_path / "m.xlsx"
    code = main(
        ["--db", str(tmp_path / "test.db"), "export", "meetings", str(out), "--year", "2026"]
    )
    assert code == 0 and out.exists()
    assert "会议记录" in capsys.readouterr().out
