"""The command line: --db before the command, Chinese errors, no tracebacks."""

import subprocess
import sys

from branchdesk.cli import main
from branchdesk.core.db.database import Database
from branchdesk.core.services.members import roster_rows


def test_demo_command_fills_the_named_database(tmp_path, capsys):
    path = tmp_path / "x.db"
    assert main(["--db", str(path), "demo"]) == 0
    assert "已创建演示团支部" in capsys.readouterr().out
    db = Database.open(path)
    with db.session() as s:
        assert len(roster_rows(s, 1)) == 60


def test_second_demo_fails_with_one_chinese_sentence(tmp_path, capsys):
    path = str(tmp_path / "x.db")
    main(["--db", path, "demo"])
    capsys.readouterr()
    assert main(["--db", path, "demo"]) == 1
    err = capsys.readouterr().err
    assert "已经有演示团支部" in err and "Traceback" not in err


def test_unknown_command_is_a_chinese_error(capsys):
    assert main(["nonsense"]) != 0
    assert "命令行参数有误" in capsys.readouterr().err


def test_python_dash_m_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 200)
    result = subprocess.run(
        [sys.executable, "-m", "branchdesk", "--db", str(bad), "demo"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 1
    assert "无法打开数据库" in result.stderr
    assert "Traceback" not in result.stderr
