"""Command-line arguments are read in one place, branchdesk/cli.py: no other module imports
argparse or looks at sys.argv, except for Qt's program name (`sys.argv[:1]`) handed to the
QApplication."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "branchdesk"


def argument_uses(source: str) -> list[str]:
    tree = ast.parse(source)
    program_name = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and ast.unparse(node) == "sys.argv[:1]"
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            found += [f"import {n}" for n in names if n.split(".")[0] in {"argparse", "getopt"}]
        elif isinstance(node, ast.Attribute) and ast.unparse(node) == "sys.argv":
            if id(node) not in program_name:
                found.append(f"line {node.lineno}: sys.argv")
    return found


def test_the_check_sees_argument_handling():
    assert argument_uses("import argparse\nimport sys\nx = sys.argv[1]") == [
        "import argparse",
        "line 3: sys.argv",
    ]
    assert argument_uses("import sys\nQApplication(sys.argv[:1])") == []


def test_only_cli_reads_command_line_arguments():
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in PACKAGE.rglob("*.py")
        if path != PACKAGE / "cli.py" and (uses := argument_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
