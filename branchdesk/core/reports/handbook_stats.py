"""The handbook's 团内统计 section: the year's counts as tables and the same charts as the app."""

from datetime import date

from branchdesk.core.rules.statistics import MEETINGS_NOTE, stat_tables

from . import handbook_tables as tables
from .fonts import register_fonts
from .handbook_sections import PORTRAIT_WIDTH, BookContext, note, section_head, spacer
from .stat_charts import WIDTH, chart_drawing, chart_tables

#: four rows of charts and the heading fit one A4 page
CHART_HEIGHT = 150


def stats_section(ctx: BookContext) -> list:
    from reportlab.platypus import Table

    from branchdesk.core.services.statistics import branch_statistics

    if ctx.profile.id is None:
        return []
    stats = branch_statistics(ctx.session, ctx.profile.id, ctx.year, ctx.as_of or date.today())
    blocks = stat_tables(stats)
    out = section_head("团内统计")
    out += [
        note(f"在册人数按 {stats.day.year}年{stats.day.month}月{stats.day.day}日 统计。"),
        spacer(6),
    ]
    rows = [[block.title, block.text()] for block in blocks]
    widths = [110, PORTRAIT_WIDTH - 110]
    out.append(tables.grid(["项目", "情况"], rows, widths, wrap_columns=(0, 1), left_columns=(1,)))
    out += [spacer(4), note(MEETINGS_NOTE)]
    out.append(spacer(10))
    charts = [chart_drawing(t, WIDTH, CHART_HEIGHT) for t in chart_tables(blocks)]
    if charts:
        pairs = [
            charts[i : i + 2] + [spacer(1)] * (2 - len(charts[i : i + 2]))
            for i in range(0, len(charts), 2)
        ]
        # the table's own font would be Helvetica, which is not embedded: name ours
        style = [("FONTNAME", (0, 0), (-1, -1), register_fonts())]
        table = Table(pairs, colWidths=[PORTRAIT_WIDTH / 2] * 2, hAlign="CENTER", style=style)
        out += [table, spacer(8)]
    return out
