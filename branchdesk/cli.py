"""The command line. No sub-command opens the window; every sub-command is a thin call into core.

    branchdesk [--db PATH|URL] [COMMAND ...]

Errors print one Chinese sentence and exit non-zero; the traceback goes to the log file only.
"""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from branchdesk import APP_NAME, __version__
from branchdesk.core.errors import UserError


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English
        self.print_usage(sys.stderr)
        raise UserError(f"命令行参数有误：{message}。用 --help 查看用法。")


def _open_db(args):
    from branchdesk.core.db.database import Database
    from branchdesk.core.paths import default_database_path

    return Database.open(args.db or default_database_path())


def cmd_gui(args) -> int:
    from branchdesk.app import run_gui

    return run_gui(args.db)


def cmd_demo(args) -> int:
    from branchdesk.core.services.demo import create_demo

    db = _open_db(args)
    with db.transaction() as session:
        summary = create_demo(session)
    counts = "，".join(f"{k}{v}" for k, v in summary.counts.items())
    print(f"已创建演示团支部“{summary.branch_name}”（{counts}），数据库：{db.description}")
    return 0


#: kind → (function(args, db) -> message, help text). Each feature registers what it exports.
EXPORTERS: dict[str, tuple[Callable, str]] = {}


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        metavar="KIND",
        help="导出内容：" + "、".join(EXPORTERS) if EXPORTERS else "导出内容",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="输出的 Excel 文件")
    parser.add_argument("--year", type=int, help="年度（默认今年）")
    parser.add_argument("--branch", help="团支部名称（数据库中只有一个团支部时可省略）")


def cmd_export(args) -> int:
    if args.kind not in EXPORTERS:
        raise UserError(f"不能导出“{args.kind}”，可导出：{'、'.join(EXPORTERS) or '（暂无）'}。")
    exporter, _ = EXPORTERS[args.kind]
    print(exporter(args, _open_db(args)))
    return 0


#: name → (handler, function that adds the sub-command's own arguments, help text).
#: Each feature registers its commands here.
COMMANDS: dict[str, tuple[Callable, Callable[[argparse.ArgumentParser], None] | None, str]] = {
    "demo": (cmd_demo, None, "创建一个演示团支部（约60名虚构团员）"),
    "export": (cmd_export, _add_export_arguments, "导出到 Excel：branchdesk export KIND OUT.xlsx"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="branchdesk",
        description=f"{APP_NAME}：团支部花名册、三会两制一课、团费、组织关系转接与工作手册。",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="数据库文件路径或数据库URL（默认：用户数据文件夹中的 branchdesk.db）",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ChineseArgumentParser
    )
    for name, (handler, add_arguments, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if add_arguments:
            add_arguments(command_parser)
        command_parser.set_defaults(handler=handler)
    parser.set_defaults(handler=cmd_gui)
    return parser


def _log_unexpected(exc: BaseException) -> Path | None:
    import traceback

    try:
        from branchdesk.core.paths import data_dir

        log = data_dir() / "error.log"
        with log.open("a", encoding="utf-8") as fh:
            traceback.print_exception(exc, file=fh)
        return log
    except OSError:
        return None


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in front of a user
        log = _log_unexpected(exc)
        where = f"详细信息已写入 {log}" if log else "无法写入日志"
        print(f"发生意外错误：{exc}（{where}）", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
