"""The charts of 团内统计, drawn once with reportlab's own graphics: placed as they are in the
handbook PDF, and shown in the app as SVG (QtSvg), so screen and paper show the same chart."""

import re

from branchdesk.core.rules.statistics import StatTable

from .fonts import register_fonts

#: fills that stay distinct when printed in greys
PALETTE = ("#c0392b", "#2e6da4", "#e0a526", "#3c8d5a", "#8e5ea2", "#7f8c8d", "#d35400", "#16a085")
WIDTH, HEIGHT = 250, 170


def chart_tables(tables: list[StatTable]) -> list[StatTable]:
    """The blocks drawn as charts: those with a chart kind and something to count."""
    return [t for t in tables if t.chart and any(isinstance(v, int) and v for _, v in t.rows)]


def chart_drawing(table: StatTable, width: float = WIDTH, height: float = HEIGHT):
    """A titled pie or bar chart of the block's (label, count) rows."""
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    font = register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # else the renderer starts in Helvetica, a font not embedded
    drawing.add(String(width / 2, height - 14, table.title, fontName=font, fontSize=11,
                       textAnchor="middle"))  # fmt: skip
    rows = [(label, int(n)) for label, n in table.rows]
    fills = [colors.HexColor(PALETTE[i % len(PALETTE)]) for i in range(len(rows))]
    if table.chart == "pie":
        _pie(drawing, rows, fills, font, width, height - 22)
    else:
        _bars(drawing, rows, fills, font, width, height - 22)
    return drawing


def _pie(drawing, rows, fills, font, width, height) -> None:
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Rect, String

    shown = [(label, n, fill) for (label, n), fill in zip(rows, fills, strict=True) if n]
    total = sum(n for _, n, _ in shown)
    size = min(height - 10, width * 0.45)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 8, (height - size) / 2, size, size
    pie.data = [n for _, n, _ in shown]
    pie.labels = None
    pie.slices.strokeColor = None
    for i, (_, _, fill) in enumerate(shown):
        pie.slices[i].fillColor = fill
    drawing.add(pie)
    x = size + 22
    for i, (label, n, fill) in enumerate(shown):  # legend: 男 29（48.3%）
        y = height - 18 - i * 16
        drawing.add(Rect(x, y, 9, 9, fillColor=fill, strokeColor=None))
        text = f"{label} {n}（{n / total:.1%}）"
        drawing.add(String(x + 13, y + 1, text, fontName=font, fontSize=8.5))


def _bars(drawing, rows, fills, font, width, height) -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, width - 40, height - 40
    chart.data = [[n for _, n in rows]]
    chart.categoryAxis.categoryNames = [label for label, _ in rows]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5 if len(rows) > 4 else 8.5
    chart.categoryAxis.labels.angle = 30 if len(rows) > 5 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(rows) > 5 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    step = nice_step(max((n for _, n in rows), default=0))
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * (max((n for _, n in rows), default=0) // step + 1)
    chart.bars.strokeColor = None
    for i, fill in enumerate(fills):
        chart.bars[(0, i)].fillColor = fill
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    drawing.add(chart)


def nice_step(top: int, ticks: int = 5) -> int:
    """An axis step of 1, 2 or 5 times a power of ten giving about `ticks` ticks up to `top`."""
    rough = max(top / ticks, 1)
    power = 10 ** (len(str(int(rough))) - 1)
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def chart_svg(table: StatTable, font_family: str, width: float = WIDTH, height: float = HEIGHT):
    """The chart as SVG text for the screen, its text in `font_family` (a family Qt knows)."""
    from reportlab.graphics import renderSVG

    svg = renderSVG.drawToString(chart_drawing(table, width, height))
    # QtSvg (SVG Tiny) has no clipPath: it would paint the clip rectangle black over the chart
    svg = re.sub(r"<clipPath.*?</clipPath>", "", svg, flags=re.S)
    svg = svg.replace('style="clip-path: url(#clip)"', "")
    return re.sub(r"font-family\s*:\s*[^;\"]+", f"font-family: {font_family}", svg)
