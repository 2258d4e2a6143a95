"""`branchdesk export development / recommendations / awards` against the demo branch."""

from openpyxl import load_workbook

from branchdesk.cli import main
from branchdesk.core.services import awards, development, recommendations


def _path(tmp_path) -> str:
    return str(tmp_path / "test.db")  # the file behind the demo_db fixture


def _cells(path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def test_export_development(demo_db, tmp_path, capsys):
    out = tmp_path / "dev.xlsx"
    assert main(["--db", _path(tmp_path), "export", "development", str(out)]) == 0
    assert "发展团员登记 5 人" in capsys.readouterr().out
    rows = _cells(out, "发展团员")
    header = rows[2]
    assert header[:3] == ("序号", "姓名", "性别") and "发展团员编号" in header
    with demo_db.session() as s:
        expected = development.register_rows(s, 1)
    body = rows[3:]
    assert [r[1] for r in body] == [a.name for a in expected]
    joined = next(r for r in body if r[header.index("状态")] == "已入团")
    number = joined[header.index("发展团员编号")]
    assert isinstance(number, str) and len(number) == 12
    ws = load_workbook(out)["发展团员"]
    assert ws.cell(row=4, column=header.index("身份证号") + 1).number_format == "@"
    # set up for printing like every export: A4 landscape, one page wide, header repeated
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3"


def test_export_recommendations_and_awards(demo_db, tmp_path, capsys):
    out = tmp_path / "rec.xlsx"
    assert main(["--db", _path(tmp_path), "export", "recommendations", str(out)]) == 0
    rows = _cells(out, "推优入党")
    header = rows[2]
    with demo_db.session() as s:
        candidates = recommendations.register_rows(s, 1)
    assert [r[1] for r in rows[3:]] == [c.name for c in candidates]
    results = [r[header.index("推荐结果")] for r in rows[3:]]
    assert results.count("推荐") == 2 and results.count("未通过") == 1

    out = tmp_path / "awards.xlsx"
    assert main(["--db", _path(tmp_path), "export", "awards", str(out)]) == 0
    assert "奖惩记录 3 条" in capsys.readouterr().out.splitlines()[-1]
    book = load_workbook(out)
    assert book.sheetnames == ["表彰奖励", "帮教", "处分", "考核"]
    with demo_db.session() as s:
        discipline = awards.award_rows(s, 1, kind="处分")
        assessed = awards.assessment_rows(s, 1)
    (row,) = _cells(out, "处分")[3:]
    assert row[2] == discipline[0].name and row[5] == "警告"
    assert len(_cells(out, "考核")[3:]) == len(assessed) == 12
