"""`branchdesk import` and `branchdesk export roster|template` on the command line."""

import json
import subprocess
import sys
from pathlib import Path

from branchdesk.cli import main
from tests.core.io.sheets import write_xlsx

ROOT = Path(__file__).resolve().parents[1]


def test_import_json_is_exactly_the_documented_shape(tmp_path, samples, capsys):
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(samples / "roster_messy.xlsx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"new", "updated", "unchanged", "rejected", "notices"} <= set(data)
    assert all(set(n) == {"row", "message"} for n in data["notices"])
    assert (data["new"], data["updated"], data["unchanged"]) == (54, 0, 0)
    assert data["rejected"][0] == {"row": 10, "reason": "身份证号校验位错误"}
    assert [r["row"] for r in data["rejected"]] == [10, 16, 25, 33, 41, 50]
    # the first occurrence's sheet row (序号 3 is row 6), numbered as the row column
    assert data["rejected"][-1]["reason"] == "身份证号与第6行重复"


def test_import_human_report_in_chinese(tmp_path, samples, capsys):
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(samples / "roster_messy.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "新增 54 人" in out and "有问题 6 行" in out
    assert "第10行：身份证号校验位错误" in out
    assert "第16行：身份证号被存成数字" in out
    assert main(["--db", db, "import", str(samples / "roster_messy.xlsx"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 54


def test_dry_run_writes_nothing(tmp_path, samples, capsys):
    db = str(tmp_path / "x.db")
    args = ["--db", db, "import", str(samples / "roster_clean.xlsx"), "--json"]
    assert main([*args, "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 200
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 200


def test_unreadable_file_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("this is not a spreadsheet", encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.db"), "import", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "无法读取" in err and "Traceback" not in err
    assert main(["--db", str(tmp_path / "x.db"), "import", str(tmp_path / "none.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()  # nothing created for a file that cannot be read


def test_a_sheet_without_a_roster_header_fails_before_a_database_is_created(tmp_path, capsys):
    path = write_xlsx(tmp_path / "notes.xlsx", [["会议记录"], ["2026年3月5日", "团课"]])
    assert main(["--db", str(tmp_path / "x.db"), "import", str(path), "--json"]) == 2
    assert "找不到花名册的表头行" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()  # the sheet is read before the database is opened
    assert main(["--db", str(tmp_path / "x.db"), "import", str(path), "--sheet", "无此表"]) == 1
    assert "不存在" in capsys.readouterr().err and not (tmp_path / "x.db").exists()


def test_several_branches_need_branch_option(tmp_path, samples, capsys):
    db = str(tmp_path / "x.db")
    sample = str(samples / "roster_messy.xlsx")
    assert main(["--db", db, "import", sample, "--branch", "甲团支部"]) == 0
    assert main(["--db", db, "import", sample, "--branch", "乙团支部"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "import", sample]) == 1
    assert "--branch" in capsys.readouterr().err


def test_export_roster_and_template(tmp_path, samples, capsys):
    from openpyxl import load_workbook

    db = str(tmp_path / "x.db")
    main(["--db", db, "import", str(samples / "roster_messy.xlsx")])
    out = tmp_path / "out.xlsx"
    assert main(["--db", db, "export", "roster", str(out)]) == 0
    assert "54 人" in capsys.readouterr().out
    assert load_workbook(out).active["A1"].value == "示例社区团支部团员花名册"
    assert main(["--db", db, "import", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 54
    template = tmp_path / "template.xlsx"
    assert main(["--db", db, "export", "template", str(template)]) == 0
    assert template.exists()


def test_import_into_a_new_database_loads_only_what_it_uses(tmp_path, samples):
    """`branchdesk --db NEW.db import FILE` pays for no module it does not run: not Alembic
    (a new database is created from the models), not the 团费 grid, book or payments (the
    import gives new members their category with dues.standards alone), not the meeting
    calendar."""
    code = (
        "import sys\n"
        "from branchdesk.cli import main\n"
        "assert main(sys.argv[1:]) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    args = [
        "--db",
        str(tmp_path / "new.db"),
        "import",
        str(samples / "roster_messy.xlsx"),
        "--json",
    ]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.splitlines()[-1].split())
    assert "branchdesk.core.services.dues.standards" in loaded  # the check itself works
    unused = {
        "alembic",
        "branchdesk.core.services.dues.book",
        "branchdesk.core.services.dues.grid",
        "branchdesk.core.services.dues.payment",
        "branchdesk.core.services.dues.ledger",
        "branchdesk.core.services.dues.view",
        "branchdesk.core.rules.meeting_calendar",
    }
    assert not unused & loaded
