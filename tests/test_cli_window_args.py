"""A start without a command (the window) is read by the options before any command alone
(cli.window_args), without building every command's parser: it must read exactly what the full
parser reads, and leave everything else to it."""

import pytest

from branchdesk import cli

WINDOW_STARTS = [
    [],
    ["--db", "team.db"],
    ["--db=team.db"],
    ["--db", "import"],  # a database file named like a command is still a database
    ["--smoke-window"],
    ["--smoke-window", "--db", "/tmp/团支部.db"],
    ["--smoke"],  # argparse's abbreviation, as the full parser allows it
    ["--db", "a.db", "--db", "b.db"],
]


@pytest.mark.parametrize("argv", WINDOW_STARTS, ids=lambda argv: " ".join(argv) or "(none)")
def test_a_window_start_reads_as_the_full_parser_reads_it(argv):
    fast = cli.window_args(argv)
    assert fast is not None
    assert vars(fast) == vars(cli.build_parser().parse_args(argv))
    assert fast.handler is cli.cmd_gui


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],
        ["--db", "team.db", "import", "roster.xlsx"],
        ["-h"],
        ["--help"],
        ["--db"],  # a mistake: the full parser explains it
        ["--smoke-window", "extra"],
        ["--no-such-option"],
    ],
)
def test_anything_else_is_left_to_the_full_parser(argv):
    assert cli.window_args(argv) is None


def test_version_is_answered_either_way(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.window_args(["--version"])
    assert stop.value.code == 0
    assert cli.APP_NAME in capsys.readouterr().out
