"""The one place that relies on reportlab's internals (private attributes and methods).

`fast_table` draws one-line string cells itself: it overrides `Table._drawCell`, reads
`Table._curcellstyle` and appends to `canvas._code`. `cjk_paragraph` breaks one-font CJK
paragraphs into lines itself: it overrides `Paragraph.breakLinesCJK` and calls
`textsplit.dumbSplit`. These are not reportlab's public API, so the versions they were
written against are bounded in pyproject.toml, and tests/core/reports/test_rl_internals.py
checks them against a plain `Table` (same text at the same places) and a plain `Paragraph`
(same lines) so that a reportlab upgrade that changes them fails a test, not a printout.
"""

from functools import cache


class BoldText(str):
    """A one-line table cell drawn in (fake) bold by `fast_table`."""


class SizedText(str):
    """A one-line table cell drawn by `fast_table` in a smaller font, so that it fits its width
    (a name, a number or a date is shrunk, never broken across lines)."""

    size: float

    def __new__(cls, text: str, size: float):
        obj = super().__new__(cls, text)
        obj.size = size
        return obj


def fast_table(data, **kwargs):
    """A reportlab Table that draws one-line string cells from a per-document cache.

    Registers and rosters repeat the same short strings (男, 共青团员, 在册, 0.20, ...)
    thousands of times; reportlab encodes each one afresh. The PDF operators are the ones
    `drawString` writes, so the output is the same.

    Cells whose style commands are the same share one CellStyle: reportlab makes one per cell
    and applies every font, padding and alignment command to each of them (a 1,000-row
    register is 14,000 styles and over 100,000 assignments, most of its table's making).
    """
    style = kwargs.get("style")
    if data and style is not None and "cellStyles" not in kwargs:
        shared = _shared_cell_styles(data, style)
        if shared is not None:
            kwargs["cellStyles"], kwargs["style"] = shared
            table = _fast_table_class()(data, **kwargs)
            table.bd_shared_styles = True
            return table
    return _fast_table_class()(data, **kwargs)


#: TableStyle operations that set a cell's CellStyle (the others are lines, backgrounds, spans)
CELL_OPS = frozenset(
    (
        "FONT",
        "FONTNAME",
        "FACE",
        "SIZE",
        "FONTSIZE",
        "LEADING",
        "TEXTCOLOR",
        "ALIGN",
        "ALIGNMENT",
        "VALIGN",
        "LEFTPADDING",
        "RIGHTPADDING",
        "TOPPADDING",
        "BOTTOMPADDING",
        "HREF",
        "DESTINATION",
        "DIRECTION",
        "SHAPING",
    )
)


def _shared_cell_styles(data, style):
    """(cell styles, the style's other commands) with one CellStyle per distinct run of cell
    commands, as reportlab's `Table._addCommand` would set them cell by cell; None when the
    style is not a plain list of commands on numbered rows."""
    from reportlab.platypus import TableStyle
    from reportlab.platypus.tables import CellStyle, _setCellStyle

    if isinstance(style, TableStyle):
        if style._opts or hasattr(style, "spaceBefore") or hasattr(style, "spaceAfter"):
            return None
        commands = style.getCommands()
    else:
        commands = list(style)
    cell, rest = [], []
    for command in commands:
        if command[0] not in CELL_OPS:
            rest.append(command)
            continue
        (sc, sr), (ec, er) = command[1:3]
        if not all(isinstance(v, int) for v in (sc, sr, ec, er)):
            return None  # 'splitfirst' rows and the like: reportlab's own way
        cell.append(command)
    nrows, ncols = len(data), max(len(row) for row in data)

    def span(start: int, end: int, size: int) -> tuple[int, int]:  # Table.normCellRange
        start, end = start + size if start < 0 else start, end + size if end < 0 else end
        return max(0, start), min(size - 1, end)

    ranges = []
    for command in cell:
        (sc, sr), (ec, er) = command[1:3]
        ranges.append((*span(sc, ec, ncols), *span(sr, er, nrows)))
    # rows between two consecutive boundaries are covered by the same commands
    bounds = sorted({0, nrows, *(r for _, _, sr, er in ranges for r in (sr, er + 1))})
    made: dict[tuple[int, ...], object] = {}
    rows: list[list] = []
    for first, end in zip(bounds, bounds[1:], strict=False):
        if not 0 <= first < end <= nrows:
            continue
        covering = [i for i, (_, _, sr, er) in enumerate(ranges) if sr <= first and end - 1 <= er]
        band = []
        for column in range(ncols):
            key = tuple(i for i in covering if ranges[i][0] <= column <= ranges[i][1])
            if key not in made:
                made[key] = style_ = CellStyle(repr(key))
                for i in key:
                    _setCellStyle([[style_]], 0, 0, cell[i][0], cell[i][3:])
            band.append(made[key])
        rows += [list(band) for _ in range(first, end)]
    return rows, TableStyle(rest)


@cache
def _fast_table_class():
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table

    from .fonts import FAKE_BOLD_STROKE

    class FastTable(Table):
        #: cells share CellStyles (made by `fast_table`); the parts of a split table too
        bd_shared_styles = False

        def onSplit(self, T, byRow=1):  # noqa: N802, N803 - reportlab's names
            T.bd_shared_styles = self.bd_shared_styles

        def _addCommand(self, cmd):  # noqa: N802 - reportlab's name
            """A cell command given after the table was made changes the cells it names, not
            the other cells that share their CellStyle."""
            if self.bd_shared_styles and cmd[0] in CELL_OPS and not isinstance(cmd[1][1], str):
                sc, ec, sr, er = self.normCellRange(cmd[1][0], cmd[2][0], cmd[1][1], cmd[2][1])
                for row in self._cellStyles[sr : er + 1]:
                    row[sc : ec + 1] = [style.copy() for style in row[sc : ec + 1]]
            super()._addCommand(cmd)

        def _drawCell(self, cellval, cellstyle, pos, size):  # noqa: N802 - reportlab's name
            if (
                type(cellval) not in (str, BoldText, SizedText)
                or "\n" in cellval
                or cellstyle.href
                or cellstyle.destination
                or cellstyle.direction
                or cellstyle.shaping
                or cellstyle.alignment not in ("LEFT", "CENTER", "CENTRE", "RIGHT")
            ):
                return super()._drawCell(cellval, cellstyle, pos, size)
            if not cellval:
                return None
            canv = self.canv
            if self._curcellstyle is not cellstyle:
                cur = self._curcellstyle
                if cur is None or cellstyle.color != cur.color:
                    canv.setFillColor(cellstyle.color)
                if cur is None or (cellstyle.leading, cellstyle.fontname, cellstyle.fontsize) != (
                    cur.leading,
                    cur.fontname,
                    cur.fontsize,
                ):
                    canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
                self._curcellstyle = cellstyle
            font_size = cellstyle.fontsize
            if type(cellval) is SizedText:
                font_size = cellval.size
                canv.setFont(cellstyle.fontname, font_size, cellstyle.leading)
                self._curcellstyle = None  # the next cell sets its own font again
            width, body = _encoded(canv, cellval, cellstyle.fontname, font_size, cellstyle.leading)
            (colpos, rowpos), (colwidth, rowheight) = pos, size
            just = cellstyle.alignment
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            elif just == "RIGHT":
                x = colpos + colwidth - cellstyle.rightPadding - width
            else:
                x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
                x -= width * 0.5
            y = _baseline(cellstyle, rowpos, rowheight)
            code = f"BT 1 0 0 1 {fp_str(x, y)} Tm {body}"
            if type(cellval) is BoldText:
                stroke = fp_str(cellstyle.fontsize * FAKE_BOLD_STROKE)
                code = f"q 0 G {stroke} w 2 Tr {code} 0 Tr Q"
            canv._code.append(code)
            return None

    def _encoded(canv, text, fontname, fontsize, leading):
        cache = canv.__dict__.setdefault("bd_text_cache", {})
        key = (str(text), fontname, fontsize, leading)
        hit = cache.get(key)
        if hit is None:
            obj = canv.beginText(0, 0)
            obj.textLine(str(text))
            code = obj.getCode()
            body = code[code.index(" Tm ") + 4 :]
            hit = cache[key] = (stringWidth(text, fontname, fontsize), body)
        return hit

    def _baseline(cellstyle, rowpos, rowheight):
        valign, leading, size = cellstyle.valign, cellstyle.leading, cellstyle.fontsize
        if valign == "BOTTOM":
            return rowpos + cellstyle.bottomPadding + leading - size
        if valign == "TOP":
            return rowpos + rowheight - cellstyle.topPadding - size
        return (
            rowpos
            + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + leading) / 2
            - size
        )

    return FastTable


def cjk_paragraph(text: str, style):
    """A reportlab Paragraph (`text` is its markup) that breaks CJK lines with cached widths.

    reportlab measures every character of a CJK paragraph afresh each time it is wrapped
    (one `stringWidth` call per character): a meeting's list of those present is thousands
    of characters, and that was most of the handbook's paragraph time. The lines are the ones
    reportlab makes (its own `dumbSplit` on the same widths).
    """
    return cjk_paragraph_class()(text, style)


@cache
def cjk_paragraph_class():
    from reportlab.lib.textsplit import dumbSplit
    from reportlab.platypus import Paragraph

    class CjkParagraph(Paragraph):
        def breakLinesCJK(self, maxWidths):  # noqa: N802 - reportlab's name
            frags = self.frags
            if (
                len(frags) != 1
                or self.bulletText
                or self.style.endDots
                or getattr(self, "_splitpara", 0)
                or hasattr(frags[0], "cbDefn")
                or not isinstance(getattr(frags[0], "text", None), str)
            ):
                return super().breakLinesCJK(maxWidths)
            # reportlab's single-fragment case, with the widths from the cache
            if not isinstance(maxWidths, list | tuple):
                maxWidths = [maxWidths]  # noqa: N806
            self.height = 0
            f = frags[0]
            widths = _glyph_widths(f.fontName, f.fontSize)
            lines = dumbSplit(f.text, [widths[c] for c in f.text], maxWidths)
            return f.clone(
                kind=0,
                lines=[(space, [line]) for space, line in lines],
                ascent=f.fontSize,
                descent=-0.2 * f.fontSize,
            )

    return CjkParagraph


@cache
def _glyph_widths(font_name: str, font_size: float) -> dict[str, float]:
    """Character → its width in the font and size, measured once."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    class Widths(dict):
        def __missing__(self, char: str) -> float:
            width = self[char] = stringWidth(char, font_name, font_size)
            return width

    return Widths()
