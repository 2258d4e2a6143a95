"""The command line. No sub-command opens the window; every sub-command is a thin call into core.

    branchdesk [--db PATH|URL] [COMMAND ...]

Errors print one Chinese sentence and exit non-zero; the traceback goes to the log file only.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from branchdesk import APP_NAME
from branchdesk.core.errors import DatabaseOpenError, UserError


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English
        self.print_usage(sys.stderr)
        raise UserError(f"命令行参数有误：{message}。用 --help 查看用法。")


class VersionAction(argparse.Action):
    """--version, worked out only when asked (it reads the migrations' newest revision)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from branchdesk.core.about import version_text

        print(version_text())
        parser.exit()


def _open_db(args):
    from branchdesk.core.db.database import Database
    from branchdesk.core.paths import default_database_path

    db = Database.open(args.db or default_database_path())
    if db.sqlite_path is not None:
        from branchdesk.core.db.instance_lock import holder

        who = holder(db.sqlite_path)
        if who:
            print(
                f"注意：另一个团支部工作台（{who}）正在使用这个数据库；"
                "本命令与它轮流写入，它显示的内容要刷新后才会更新。",
                file=sys.stderr,
            )
    if db.backup_path is not None:
        print(f"数据库已升级到新版本，升级前的副本保存在 {db.backup_path}", file=sys.stderr)
    _check_password(db)
    return db


def _check_password(db) -> None:
    """The start-up password, if the database has one: from BRANCHDESK_PASSWORD or a prompt."""
    import os

    from branchdesk.core.services import security

    with db.session() as session:
        if not security.password_required(session):
            return
        password = os.environ.get(security.PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                db.dispose()
                raise UserError(
                    f"这个数据库设置了启动密码：请用环境变量 {security.PASSWORD_ENV} 给出，"
                    "或在终端中运行以输入密码。"
                )
            import getpass

            password = getpass.getpass("启动密码：")
        try:
            security.require_password(session, password)
        except UserError:
            db.dispose()
            raise


def _branch_id(session, args) -> int:
    from branchdesk.core.services.branches import require_branch

    return require_branch(session, args.branch).id


def _year(args) -> int:
    from datetime import date

    return args.year or date.today().year


def _add_branch_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--branch", help="团支部名称（数据库中只有一个团支部时可省略）")


def _add_year_argument(
    parser: argparse.ArgumentParser, help_text: str = "年度（默认今年）"
) -> None:
    parser.add_argument("--year", type=int, help=help_text)


def cmd_gui(args) -> int:
    from branchdesk.app import run_gui

    return run_gui(args.db, smoke=args.smoke_window)


def cmd_demo(args) -> int:
    from branchdesk.core.services.demo import create_demo

    db = _open_db(args)
    with db.transaction() as session:
        summary = create_demo(session)
    counts = "，".join(f"{k}{v}" for k, v in summary.counts.items())
    print(f"已创建演示团支部“{summary.branch_name}”（{counts}），数据库：{db.description}")
    return 0


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        metavar="KIND",
        help="导出内容：" + "、".join(EXPORTERS) if EXPORTERS else "导出内容",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="输出的 Excel 文件")
    _add_year_argument(parser)
    _add_branch_argument(parser)


def cmd_export(args) -> int:
    if args.kind not in EXPORTERS:
        raise UserError(f"不能导出“{args.kind}”，可导出：{'、'.join(EXPORTERS) or '（暂无）'}。")
    exporter, _ = EXPORTERS[args.kind]
    print(exporter(args, _open_db(args)))
    return 0


# -- 团员花名册：导入与导出 ------------------------------------------------------------------


def _add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="花名册文件（.xlsx、.xls、.ods 或 .csv）")
    parser.add_argument("--branch", help="导入到哪个团支部（不存在则新建）")
    parser.add_argument("--sheet", help="工作表名称（默认：第一个有花名册表头的工作表）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument(
        "--split-branches",
        action="store_true",
        help="表中有“组织全称/所在团支部”列且有多个团支部时，按团支部分开导入（不存在则新建）",
    )
    parser.add_argument(
        "--dues-category",
        metavar="类别",
        help="新导入团员的团费类别（如 学生、在职）；不指定时按表中的职业/收入列判断，"
        "学校团支部默认为学生",
    )


def cmd_import(args) -> int:
    from branchdesk.core.gc_pause import cyclic_gc_paused
    from branchdesk.core.io.roster_reader import read_roster
    from branchdesk.core.services.roster_import import import_roster, report_lines

    with cyclic_gc_paused():  # the sheet's rows are freed before the collector wakes
        # read once, before a database is created or opened: an unreadable file fails first
        roster = read_roster(args.file, args.sheet)
        with _open_db(args).transaction() as session:
            result = import_roster(
                session,
                roster,
                args.branch,
                dry_run=args.dry_run,
                split_branches=args.split_branches,
                dues_category=args.dues_category,
            )
        del roster
    if args.json:
        print_json(result.to_json())
    else:
        print("\n".join(report_lines(result)))
    return 0


def _add_import_dues_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="团费收缴登记表（.xlsx、.xls、.ods 或 .csv）")
    _add_branch_argument(parser)
    parser.add_argument("--sheet", help="工作表名称（默认：第一个有团费登记表表头的工作表）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def cmd_import_dues(args) -> int:
    from branchdesk.core.io.roster_reader import list_sheets
    from branchdesk.core.services.dues_import import import_dues, report_lines

    list_sheets(args.file)  # an unreadable file fails before a database is created or opened
    with _open_db(args).transaction() as session:
        branch_id = _branch_id(session, args)
        result = import_dues(session, args.file, branch_id, args.sheet, dry_run=args.dry_run)
    if args.json:
        print_json(result.to_json())
    else:
        print("\n".join(report_lines(result)))
    return 0


def export_roster(args, db) -> str:
    from branchdesk.core.io.roster_export import export_roster as write_roster

    with db.session() as session:
        count = write_roster(session, _branch_id(session, args), args.out)
    return f"已导出团员花名册 {count} 人到 {args.out}"


def export_zhtj(args, db) -> str:
    from branchdesk.core.io.roster_export import export_zhtj as write_zhtj

    with db.session() as session:
        result = write_zhtj(session, _branch_id(session, args), args.out)
    message = f"已按智慧团建团员批量导入模板导出 {result.written} 人到 {args.out}"
    if result.incomplete:
        names = "、".join(result.incomplete[:10]) + ("等" if len(result.incomplete) > 10 else "")
        message += f"；{len(result.incomplete)} 人缺少身份证号（资料不全），未导出：{names}"
    return message


def export_template(args, db) -> str:
    from branchdesk.core.io.roster_export import export_template as write_template

    return f"已生成空白花名册导入模板：{write_template(args.out)}"


# -- 三会两制一课 -----------------------------------------------------------------------------


def export_meetings(args, db) -> str:
    from branchdesk.core.io.meetings_xlsx import export_meetings as write_meetings

    year = _year(args)
    with db.session() as session:
        count = write_meetings(session, _branch_id(session, args), year, args.out)
    return f"已导出{year}年会议记录 {count} 条（含教育评议、团籍注册）到 {args.out}"


# -- 团费 -------------------------------------------------------------------------------------


def export_dues(args, db) -> str:
    from branchdesk.core.io.dues_out import export_dues as write_dues

    year = _year(args)
    with db.session() as session:
        path = write_dues(session, _branch_id(session, args), year, args.out)
    return f"已导出{year}年团费收缴登记表、欠缴名单和上缴台账到 {path}"


def _add_receipts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--out", required=True, metavar="OUT.pdf", help="输出的 PDF 文件")
    _add_year_argument(parser, "收据年度（默认今年）")
    _add_branch_argument(parser)


def cmd_receipts(args) -> int:
    from branchdesk.core.reports.receipt import write_receipts
    from branchdesk.core.services import dues

    year = _year(args)
    with _open_db(args).session() as session:
        infos = dues.payments(session, _branch_id(session, args), year)
    write_receipts(args.out, infos)
    print(f"已生成{year}年团费收据 {len(infos)} 张：{args.out}")
    return 0


# -- 组织关系转接 -----------------------------------------------------------------------------


def export_transfers(args, db) -> str:
    from branchdesk.core.io.transfers_out import export_register

    with db.session() as session:
        branch_id = _branch_id(session, args)
        count = export_register(session, branch_id, args.out, args.year)
    return f"已导出组织关系转接登记 {count} 条到 {args.out}"


# -- 组织建设：发展团员、推优入党、奖惩与考核 ---------------------------------------------------


def export_development(args, db) -> str:
    from branchdesk.core.io.registers_out import export_development as write

    with db.session() as session:
        count = write(session, _branch_id(session, args), args.out, args.year)
    return f"已导出发展团员登记 {count} 人到 {args.out}"


def export_recommendations(args, db) -> str:
    from branchdesk.core.io.registers_out import export_recommendations as write

    with db.session() as session:
        count = write(session, _branch_id(session, args), args.out, args.year)
    return f"已导出推优入党登记 {count} 人到 {args.out}"


def export_awards(args, db) -> str:
    from branchdesk.core.io.registers_out import export_awards as write

    with db.session() as session:
        awards, assessments = write(session, _branch_id(session, args), args.out, args.year)
    return f"已导出奖惩记录 {awards} 条、考核记录 {assessments} 条到 {args.out}"


def _add_letter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("numbers", metavar="NUMBER", nargs="*", help="介绍信编号，如 12、2026-12")
    parser.add_argument("-o", "--out", required=True, metavar="OUT.pdf", help="输出的 PDF 文件")
    _add_year_argument(parser, "编号所属年度（默认今年）")
    parser.add_argument("--all", action="store_true", help="打印该年度的全部介绍信（批量）")
    _add_branch_argument(parser)


def cmd_letter(args) -> int:
    from branchdesk.core.reports.transfer_letter import print_letters
    from branchdesk.core.services import transfers

    year = _year(args)
    with _open_db(args).session() as session:
        branch_id = _branch_id(session, args)
        if args.all:
            ids = transfers.letters_of_year(session, branch_id, year)
        elif args.numbers:
            ids = [transfers.find_letter(session, branch_id, n, year) for n in args.numbers]
        else:
            raise UserError("请给出介绍信编号，或用 --all 打印整年的介绍信。")
        print_letters(session, ids, args.out)
    print(f"已生成 {len(ids)} 份团员组织关系介绍信：{args.out}")
    return 0


# -- 团支部工作手册 ---------------------------------------------------------------------------


def _add_handbook_arguments(parser: argparse.ArgumentParser) -> None:
    _add_year_argument(parser)
    parser.add_argument("-o", "--out", required=True, metavar="OUT.pdf", help="输出的 PDF 文件")
    _add_branch_argument(parser)
    parser.add_argument("--mask", action="store_true", help="隐去身份证号和手机号码的中间几位")
    parser.add_argument("--blank-forms", action="store_true", help="附上各登记表的空白表格")
    parser.add_argument(
        "--double-sided",
        action="store_true",
        help="双面打印：装订边在奇数页左侧、偶数页右侧（横向页在上侧、下侧）",
    )
    parser.add_argument("--sections", help="只打印这些章节（逗号分隔的章节代号）")


def cmd_handbook(args) -> int:
    from branchdesk.core.reports.handbook import handbook_command

    print(handbook_command(_open_db(args), args))
    return 0


# -- 数据核查 ---------------------------------------------------------------------------------


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    _add_branch_argument(parser)
    parser.add_argument("--json", action="store_true", help="以 JSON 列表输出发现的问题")


def cmd_check(args) -> int:
    from branchdesk.core.services.consistency import check_branch, report_lines

    with _open_db(args).session() as session:
        findings = check_branch(session, _branch_id(session, args))
    if args.json:
        print_json([f.to_json() for f in findings])
    else:
        print("\n".join(report_lines(findings)))
    return 1 if findings else 0


# -- 团内统计 ------------------------------------------------------------------------------------


def _add_stats_arguments(parser: argparse.ArgumentParser) -> None:
    _add_year_argument(parser)
    parser.add_argument(
        "--branch", help="统计哪些团支部，多个用顿号或逗号分隔（默认：数据库中的全部团支部）"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def _statistics(args, db):
    from branchdesk.core.services.branches import require_branches
    from branchdesk.core.services.statistics import statistics_by_branch

    with db.session() as session:
        return statistics_by_branch(session, require_branches(session, args.branch), _year(args))


def cmd_stats(args) -> int:
    from branchdesk.core.rules.statistics import stat_tables, statistics_json

    total, _ = _statistics(args, _open_db(args))
    if args.json:
        print_json(statistics_json(total))
        return 0
    print(f"{total.year}年团内统计：{'、'.join(total.branches)}（在册人数统计日 {total.day}）")
    for table in stat_tables(total):
        print(f"{table.title}：{table.text()}")
    return 0


def export_stats(args, db) -> str:
    from branchdesk.core.io.stats_out import export_statistics

    total, parts = _statistics(args, db)
    path = export_statistics(total, parts, args.out)
    return f"已导出{total.year}年团内统计（{len(parts)} 个团支部）到 {path}"


def _add_overview_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 列表输出")


def cmd_overview(args) -> int:
    from branchdesk.core.rules.dues_standards import yuan
    from branchdesk.core.services.committee import committee_overview

    with _open_db(args).session() as session:
        rows = committee_overview(session)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print("数据库中还没有团支部。")
        return 0
    print("团支部\t在册\t逾期会议\t欠缴人数\t欠缴金额\t待回执介绍信\t超龄\t评议\t注册")
    for r in rows:
        done = (
            "已完成" if r.evaluation_done else "未完成",
            "已完成" if r.registration_done else "未完成",
        )
        print(
            f"{r.name}\t{r.members}\t{r.overdue_meetings}\t{r.arrears_members}\t"
            f"{yuan(r.arrears_fen)}\t{r.letters_waiting}\t{r.age_out}\t{done[0]}\t{done[1]}"
        )
    return 0


# -- 数据包 ---------------------------------------------------------------------------------------


def _add_pack_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.bdpkg", help="输出的数据包文件")
    _add_year_argument(parser, "只包含这一年的会议、团费和转接记录（默认：全部年份）")
    _add_branch_argument(parser)
    parser.add_argument("--mask", action="store_true", help="隐去身份证号和手机号码（只供统计）")


def cmd_pack(args) -> int:
    from branchdesk.core.io.package_file import SUFFIX, write_package
    from branchdesk.core.services.packages import pack_branch

    out = Path(args.out)
    if not out.suffix:
        out = out.with_suffix(SUFFIX)
    with _open_db(args).session() as session:
        manifest, data = pack_branch(session, _branch_id(session, args), args.year, args.mask)
    write_package(out, manifest, data)
    masked = "（已隐去身份证号和手机号码）" if args.mask else ""
    print(f"已导出“{manifest['branch']}”的数据包（{manifest['members']} 名团员）{masked}：{out}")
    return 0


def _add_unpack_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="IN.bdpkg", help="团支部导出的数据包")
    parser.add_argument("--dry-run", action="store_true", help="只显示将发生的变化，不写入")
    parser.add_argument(
        "--prefer",
        choices=("local", "package"),
        default="local",
        help="两边都改过的团员：local 保留本机（默认），package 采用数据包",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def cmd_unpack(args) -> int:
    from branchdesk.core.io.package_file import read_package
    from branchdesk.core.services.packages import merge_package, preview_merge

    package = read_package(args.file)
    db = _open_db(args)
    if args.dry_run:
        with db.session() as session:
            report = preview_merge(session, package, default_choice=args.prefer)
    else:
        with db.transaction() as session:
            report = merge_package(session, package, default_choice=args.prefer)
    if args.json:
        print_json({**report.to_json(), "dry_run": args.dry_run})
    else:
        head = "（试运行，数据库没有改动）" if args.dry_run else ""
        print("\n".join([f"合并数据包 {args.file}{head}", *report.lines()]))
    return 0


# -- 备份与恢复 ------------------------------------------------------------------------------


def _add_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.db", help="备份文件")


def cmd_backup(args) -> int:
    from branchdesk.core.db.backups import backup_to

    info = backup_to(_open_db(args), Path(args.out))
    print(f"已备份到 {info.path}（{info.label()}）")
    return 0


def _add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="IN.db", help="要恢复的备份文件")
    parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")


def cmd_restore(args) -> int:
    from branchdesk.core.db import backups
    from branchdesk.core.db.engine import database_url, sqlite_file
    from branchdesk.core.paths import default_database_path

    target = sqlite_file(database_url(args.db or default_database_path()))
    if target is None:
        raise UserError(backups.POSTGRES_MESSAGE)
    info = backups.read_info(Path(args.backup))
    try:
        _open_db(args).dispose()  # the current database's start-up password, if it has one
    except DatabaseOpenError:
        pass  # a broken database: restoring is the remedy
    print(f"备份 {info.path}：{info.label()}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("恢复会替换当前数据库的全部内容。确认无误后请加 --yes 再运行。")
        answer = input(f"用这个备份替换 {target} 的全部内容？当前内容会先另存一份。[y/N] ")
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消，数据库没有改动。")
            return 1
    aside = backups.restore(target, info.path)
    _open_db(args).dispose()  # a backup made by an older version is upgraded now
    kept = f"恢复前的数据库已另存为 {aside}" if aside else "此前没有数据库"
    print(f"已从备份恢复 {target}（{kept}）")
    return 0


# -- the registry: every sub-command and export kind, in one place ----------------------------

#: name → (handler, function that adds the sub-command's own arguments, help text)
COMMANDS: dict[str, tuple[Callable, Callable[[argparse.ArgumentParser], None] | None, str]] = {
    "demo": (cmd_demo, None, "创建一个演示团支部（约60名虚构团员，一年的会议、团费和转接记录）"),
    "import": (
        cmd_import,
        _add_import_arguments,
        "导入团员花名册：branchdesk import FILE [--branch 名称] [--dry-run] [--json]",
    ),
    "import-dues": (
        cmd_import_dues,
        _add_import_dues_arguments,
        "导入旧的团费收缴登记表：branchdesk import-dues FILE [--json] [--dry-run]",
    ),
    "export": (cmd_export, _add_export_arguments, "导出到 Excel：branchdesk export KIND OUT.xlsx"),
    "receipts": (
        cmd_receipts,
        _add_receipts_arguments,
        "打印一年的团费收据：branchdesk receipts -o OUT.pdf [--year Y]",
    ),
    "letter": (
        cmd_letter,
        _add_letter_arguments,
        "打印团员组织关系介绍信：branchdesk letter NUMBER... -o OUT.pdf",
    ),
    "check": (
        cmd_check,
        _add_check_arguments,
        "核查记录之间的矛盾（不在册时的出勤、缴费等）：branchdesk check [--json]",
    ),
    "handbook": (
        cmd_handbook,
        _add_handbook_arguments,
        "生成团支部工作手册 PDF：branchdesk handbook --year 2026 -o 手册.pdf",
    ),
    "stats": (
        cmd_stats,
        _add_stats_arguments,
        "团内统计（性别、民族、年龄、学历、会议、团费、评议注册）：branchdesk stats [--year Y] [--json]",
    ),
    "overview": (
        cmd_overview,
        _add_overview_arguments,
        "全部团支部一览（在册、逾期会议、欠缴、待回执、超龄、评议注册）：branchdesk overview [--json]",
    ),
    "pack": (
        cmd_pack,
        _add_pack_arguments,
        "把团支部的记录导出为数据包，交给上级团委：branchdesk pack OUT.bdpkg [--year Y] [--mask]",
    ),
    "unpack": (
        cmd_unpack,
        _add_unpack_arguments,
        "把团支部的数据包合并到本数据库：branchdesk unpack IN.bdpkg [--dry-run] [--prefer local|package]",
    ),
    "backup": (cmd_backup, _add_backup_arguments, "备份数据库：branchdesk backup OUT.db"),
    "restore": (
        cmd_restore,
        _add_restore_arguments,
        "从备份恢复数据库（当前内容先另存）：branchdesk restore IN.db [--yes]",
    ),
}

#: kind → (function(args, db) -> message, what it holds)
EXPORTERS: dict[str, tuple[Callable, str]] = {
    "roster": (export_roster, "团员花名册"),
    "template": (export_template, "空白花名册导入模板"),
    "zhtj": (export_zhtj, "智慧团建团员批量导入模板格式的团员名单"),
    "meetings": (export_meetings, "三会两制一课记录、教育评议、团籍注册"),
    "dues": (export_dues, "团费收缴登记表、欠缴名单、上缴台账"),
    "transfers": (export_transfers, "组织关系转接登记表"),
    "development": (export_development, "发展团员登记表"),
    "recommendations": (export_recommendations, "推优入党登记表"),
    "awards": (export_awards, "奖惩（表彰奖励、帮教、处分）与考核登记表"),
    "stats": (export_stats, "团内统计（可多个团支部，--branch 不填则为全部团支部）"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="branchdesk",
        description=f"{APP_NAME}：团支部花名册、三会两制一课、团费、组织关系转接与工作手册。",
    )
    _add_window_options(parser)
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


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    """The options before any command (the window's)."""
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="数据库文件路径或数据库URL（默认：用户数据文件夹中的 branchdesk.db）",
    )
    parser.add_argument(
        "--version", action=VersionAction, help="显示版本号（及数据库结构版本）并退出"
    )
    parser.add_argument(
        "--smoke-window",
        action="store_true",
        help="打开主窗口，载入首页后立即关闭（检查安装是否完好）",
    )


class _NotTheWindow(Exception):
    """What `window_args` leaves to the full parser."""


class _WindowArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _NotTheWindow(message)


def window_args(argv: Sequence[str] | None = None) -> argparse.Namespace | None:
    """The arguments of a start without a command (the window: the usual start) as the full
    parser reads them, read by the options before any command alone: building every command's
    parser first cost each start of the window some 6 ms. None when anything else is there (a
    command, --help, a mistake): the full parser answers that."""
    parser = _WindowArgumentParser(prog="branchdesk", add_help=False)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    except _NotTheWindow:
        return None
    if rest:
        return None
    args.command, args.handler = None, cmd_gui
    return args


def print_json(data) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = window_args(argv)
        if args is None:
            args = build_parser().parse_args(argv)
        return args.handler(args)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in front of a user
        from branchdesk.core.errorlog import log_exception, unexpected_message

        print(unexpected_message(exc, log_exception(exc, "cli")), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
