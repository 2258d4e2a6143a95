"""团内统计 as an Excel workbook: the blocks of the statistics, and one row per branch when
several branches are counted together."""

from pathlib import Path

from branchdesk.core.rules.statistics import Statistics, stat_tables

from .xlsx_out import Column, Table, new_workbook, save_workbook, write_table

BLOCK_COLUMNS = [Column("项目", 26), Column("类别", 22), Column("数量", 12)]
BRANCH_COLUMNS = [
    Column("团支部", 28),
    Column("在册团员", 9),
    Column("男", 6),
    Column("女", 6),
    Column("少数民族", 9),
    Column("党员（含预备）", 12),
    Column("本年入团", 9),
    Column("团干部", 8),
    Column("本年转入", 9),
    Column("本年转出", 9),
    Column("本年离团", 9),
    Column("团费收缴（元）", 13, number_format="0.00"),
    Column("团费上缴（元）", 13, number_format="0.00"),
]


def _subtitle(stats: Statistics) -> list[str]:
    names = "、".join(stats.branches)
    return [
        f"统计范围：{names}（共 {len(stats.branches)} 个团支部）",
        f"在册人数统计日：{stats.day}",
    ]


def block_rows(stats: Statistics) -> list[list]:
    rows = []
    for table in stat_tables(stats):
        for i, (label, value) in enumerate(table.rows or [("（无）", "")]):
            rows.append([table.title if i == 0 else "", label, value])
    return rows


def branch_row(stats: Statistics) -> list:
    party = sum(n for k, n in stats.by_political_status.items() if k != "共青团员")
    return [
        "、".join(stats.branches),
        stats.members,
        stats.by_gender.get("男", 0),
        stats.by_gender.get("女", 0),
        stats.by_ethnicity.get("少数民族", 0),
        party,
        stats.joined,
        stats.cadres,
        stats.transferred_in,
        stats.transferred_out,
        stats.left,
        stats.dues_collected_fen / 100,
        stats.dues_handed_fen / 100,
    ]


def export_statistics(total: Statistics, parts: list[Statistics], out: str | Path) -> Path:
    """Write the statistics (`total`) and, for several branches, each branch's row."""
    workbook = new_workbook()
    write_table(
        workbook,
        "团内统计",
        Table(f"{total.year}年团内统计", BLOCK_COLUMNS, block_rows(total), _subtitle(total)),
    )
    if len(parts) > 1:
        write_table(
            workbook,
            "各团支部",
            Table(
                f"{total.year}年各团支部情况",
                BRANCH_COLUMNS,
                [branch_row(p) for p in parts],
                _subtitle(total),
                footer=["合计", *branch_row(total)[1:]],
            ),
        )
    return save_workbook(workbook, out)
