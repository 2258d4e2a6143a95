"""The page machinery of a printed book (reportlab platypus), built in ONE layout pass.

- Page templates: ``cover``, ``portrait`` and ``landscape`` A4; switch with `start_on(...)`.
- Running header (left and right text) and footer "第 3 页 共 48 页" on every page but the cover.
- A binding gutter on the edge that is bound: the left edge of a portrait page, and the top
  edge of a landscape page (landscape pages are bound with their top at the spine: the reader
  turns the book clockwise, and the app prints them turned counter-clockwise onto portrait
  paper). For double-sided printing (`mirrored`) even pages have it on the other edge: the right
  of a portrait page, the bottom of a landscape one.
- A table of contents with page numbers on reserved pages (`toc_pages`).

Why one pass: `BookCanvas` keeps every finished page in memory and draws the header, the footer
and the contents when the document is saved, when the total page count and the page of every
heading are known. A multiBuild with `TableOfContents` would lay the whole book out twice.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .fonts import FONT, register_fonts

MARGIN = 48  # pt, about 17 mm: the margins across the binding axis (top/bottom of portrait pages)
#: margins along the binding axis: the bound edge gets the gutter, the opposite edge less, so
#: the body keeps the width (and height) of 2 * MARGIN margins
GUTTER_MARGIN = 62  # pt, about 22 mm from the bound edge (staples, glue, the spine's curve)
OUTER_MARGIN = 2 * MARGIN - GUTTER_MARGIN  # pt, about 12 mm
FOOTER_DROP = 20  # pt from the bottom of the body frame down to the footer's baseline
HEADER_GAP = 22  # pt between the header rule and the body frame
#: the contents of a full handbook (21 sections, 13 sub-sections) fit one A4 page, with room
#: for four more sub-sections
TOC_LINE = 19  # pt per contents line of a section
TOC_SUB_LINE = 15  # pt per contents line of a sub-section
TOC_TITLE_SPACE = 62  # pt above the first contents line on a contents page

COVER, PORTRAIT, LANDSCAPE = "cover", "portrait", "landscape"


@dataclass(frozen=True)
class BookInfo:
    header_left: str
    header_right: str
    toc_title: str = "目    录"
    #: double-sided printing: the gutter alternates between the two edges of the binding axis
    mirrored: bool = False


@dataclass(frozen=True)
class Margins:
    left: float
    bottom: float
    right: float
    top: float


def page_margins(orientation: str, page: int, mirrored: bool = False) -> Margins:
    """The margins of page `page` (1 = the cover, a right-hand page) of the given orientation."""
    bound_first = not mirrored or page % 2 == 1
    near, far = (GUTTER_MARGIN, OUTER_MARGIN) if bound_first else (OUTER_MARGIN, GUTTER_MARGIN)
    if orientation == LANDSCAPE:
        return Margins(MARGIN, far, MARGIN, near)
    return Margins(near, MARGIN, far, MARGIN)


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    page: int
    key: str


def heading(text: str, level: int = 0, toc_text: str | None = None):
    """A bold heading that appears in the contents (level 0 = section, 1 = sub-section)."""
    from .styles import bold_paragraph

    para = bold_paragraph(text, heading_styles()[min(level, 1)])
    para.toc_entry = (level, toc_text or text)
    return para


@cache
def heading_styles() -> tuple:
    """h1 and h2 that stay on the page of what follows them."""
    from reportlab.lib.styles import ParagraphStyle

    from .styles import styles

    base = styles()
    return (
        ParagraphStyle("book_h1", parent=base["h1"], keepWithNext=1, spaceAfter=10),
        ParagraphStyle("book_h2", parent=base["h2"], keepWithNext=1, spaceBefore=10),
    )


def start_on(template: str) -> list:
    """Flowables that start a new page on `template` (PORTRAIT or LANDSCAPE)."""
    from reportlab.platypus import NextPageTemplate, PageBreak

    return [NextPageTemplate(template), PageBreak()]


def toc_line(level: int) -> float:
    return TOC_LINE if level == 0 else TOC_SUB_LINE


def toc_pages(levels: list[int]) -> list:
    """Flowables reserving the contents pages for entries of `levels` (drawn when saved)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak

    usable = A4[1] - 2 * MARGIN - HEADER_GAP - TOC_TITLE_SPACE
    ranges, start, height = [], 0, 0.0
    for i, level in enumerate(levels):
        if height + toc_line(level) > usable:
            ranges.append((start, i))
            start, height = i, 0.0
        height += toc_line(level)
    ranges.append((start, len(levels)))
    flowables: list = []
    for index, (first, last) in enumerate(ranges):
        if index:
            flowables.append(PageBreak())
        flowables.append(_toc_slot_class()(index, first, last))
    return flowables


def toc_levels(flowables) -> list[int]:
    """Levels of the headings among `flowables`, also inside KeepTogether and the like."""
    levels: list[int] = []
    for f in flowables:
        entry = getattr(f, "toc_entry", None)
        if entry:
            levels.append(entry[0])
        inner = getattr(f, "_content", None) or getattr(f, "_flowables", None)
        if isinstance(inner, list | tuple):
            levels += toc_levels(inner)
    return levels


@cache
def _toc_slot_class():
    from reportlab.platypus import Flowable

    class TocSlot(Flowable):
        """Fills a page; the contents are drawn there when the book is saved."""

        def __init__(self, index: int, first: int, last: int):
            super().__init__()
            self.index = index
            self.entries = (first, last)

        def wrap(self, avail_width, avail_height):
            return avail_width, avail_height - 1

        def draw(self):
            self.canv.bd_toc_slot = (self.index, *self.entries)

    return TocSlot


@cache
def book_canvas_class():
    from reportlab.pdfgen.canvas import Canvas

    class BookCanvas(Canvas):
        """Keeps finished pages and draws header, footer and contents on save()."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.bd_pages: list[dict] = []
            self.bd_toc: list[TocEntry] = []
            self.bd_info: BookInfo | None = None
            self.bd_chrome = False
            self.bd_toc_slot = None

        def showPage(self):  # noqa: N802 - reportlab's name
            self.bd_pages.append(dict(self.__dict__))
            self.bd_toc_slot = None
            self._startPage()

        def save(self):
            total = len(self.bd_pages)
            by_page: dict[int, list[TocEntry]] = {}
            for entry in self.bd_toc:
                by_page.setdefault(entry.page, []).append(entry)
            for state in self.bd_pages:
                self.__dict__.update(state)
                for entry in by_page.get(self._pageNumber, ()):
                    # Destinations need the real page, which exists only now.
                    self.bookmarkPage(entry.key)
                    self.addOutlineEntry(entry.text, entry.key, entry.level, closed=entry.level > 0)
                if self.bd_chrome and self.bd_info is not None:
                    draw_chrome(self, self.bd_info, total)
                if self.bd_toc_slot is not None and self.bd_info is not None:
                    index, first, last = self.bd_toc_slot
                    entries = self.bd_toc[first:last]
                    draw_toc(self, self.bd_info, entries, first=index == 0)
                Canvas.showPage(self)
            Canvas.save(self)

    return BookCanvas


def _margins(canvas) -> Margins:
    return getattr(canvas, "bd_margins", None) or page_margins(PORTRAIT, 1)


def draw_chrome(canvas, info: BookInfo, total: int) -> None:
    width, height = canvas._pagesize
    m = _margins(canvas)
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.setFillGray(0.25)
    top = height - m.top + 6
    canvas.drawString(m.left, top, info.header_left)
    canvas.drawRightString(width - m.right, top, info.header_right)
    canvas.setLineWidth(0.6)
    canvas.setStrokeGray(0.35)
    canvas.line(m.left, top - 5, width - m.right, top - 5)
    footer = f"第 {canvas._pageNumber} 页 共 {total} 页"
    canvas.drawCentredString((m.left + width - m.right) / 2, m.bottom - FOOTER_DROP, footer)
    canvas.restoreState()


def draw_cover_border(canvas) -> None:
    """A double rule around the cover, as on a printed register."""
    width, height = canvas._pagesize
    m = _margins(canvas)
    canvas.saveState()
    left, right, bottom, top = m.left - 16, width - m.right + 16, m.bottom - 16, height - m.top + 16
    canvas.setLineWidth(2)
    canvas.rect(left, bottom, right - left, top - bottom)
    canvas.setLineWidth(0.6)
    canvas.rect(left + 5, bottom + 5, right - left - 10, top - bottom - 10)
    canvas.restoreState()


def draw_toc(canvas, info: BookInfo, entries: list[TocEntry], first: bool) -> None:
    from .fonts import draw_bold_string

    width, height = canvas._pagesize
    m = _margins(canvas)
    top = height - m.top - HEADER_GAP
    if first:
        centre = (m.left + width - m.right) / 2
        draw_bold_string(canvas, centre, top - 30, info.toc_title, 20, centred=True)
    y = top - TOC_TITLE_SPACE
    right = width - m.right - 20
    canvas.saveState()
    for i, entry in enumerate(entries):
        if i:  # the space above a line depends on the line: more above a section
            y -= toc_line(entry.level)
        size = 12 if entry.level == 0 else 10.5
        x = m.left + 20 + 24 * entry.level
        canvas.setFont(FONT, size)
        canvas.drawString(x, y, entry.text)
        number = str(entry.page)
        canvas.drawRightString(right, y, number)
        text_end = x + canvas.stringWidth(entry.text, FONT, size) + 6
        dots_end = right - canvas.stringWidth(number, FONT, size) - 6
        canvas.setFont(FONT, 8)
        pair = canvas.stringWidth(" .", FONT, 8)
        if dots_end > text_end + pair:
            canvas.drawRightString(dots_end, y, " ." * int((dots_end - text_end) / pair))
        canvas.linkRect(
            "", entry.key, (x, y - 4, right, y + size), name=f"toc-{entry.key}", thickness=0
        )
    canvas.restoreState()


def build_book(
    out,
    flowables: list,
    info: BookInfo,
    cover: bool = True,
    first: str = PORTRAIT,
    on_page: Callable[[int], None] | None = None,
    title: str = "",
    author: str = "",
) -> int:
    """Lay out `flowables` into `out` (path or file object); returns the page count.

    A path is written through a temporary file renamed over it when complete."""
    if isinstance(out, str | os.PathLike):
        from branchdesk.core.io.atomic_write import atomic_target

        with atomic_target(out) as tmp:
            return _build(str(tmp), flowables, info, cover, first, on_page, title, author)
    return _build(out, flowables, info, cover, first, on_page, title, author)


def _build(out, flowables, info, cover, first, on_page, title, author) -> int:
    register_fonts()
    doc = _book_doc_class()(out, info=info, on_page=on_page, title=title, author=author)
    templates = _page_templates(doc, cover)
    if not cover:
        templates.sort(key=lambda t: t.id != first)
    doc.addPageTemplates(templates)
    doc.build(flowables, canvasmaker=book_canvas_class())
    return doc.page_count


def _page_templates(doc, cover: bool) -> list:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Frame, PageTemplate

    def frame(size, ident, top_gap):
        w, h = size
        return Frame(
            MARGIN,
            MARGIN,
            w - 2 * MARGIN,
            h - 2 * MARGIN - top_gap,
            id=ident,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def begin(orientation: str, chrome: bool):
        """At the start of each page: put the frame beside this page's gutter."""

        def on_page(canvas, doc):
            m = page_margins(orientation, doc.page, doc.info.mirrored)
            body = doc.pageTemplate.frames[0]
            body.x1, body.y1 = m.left, m.bottom  # public Frame attributes (re-computes geometry)
            canvas.bd_margins = m
            canvas.bd_chrome = chrome
            if not chrome:
                draw_cover_border(canvas)

        return on_page

    templates = [
        PageTemplate(
            PORTRAIT, [frame(A4, "p", HEADER_GAP)], onPage=begin(PORTRAIT, True), pagesize=A4
        ),
        PageTemplate(
            LANDSCAPE,
            [frame(landscape(A4), "l", HEADER_GAP)],
            onPage=begin(LANDSCAPE, True),
            pagesize=landscape(A4),
        ),
    ]

    if cover:
        cover_template = PageTemplate(
            COVER,
            [frame(A4, "c", 0)],
            onPage=begin(PORTRAIT, False),
            pagesize=A4,
            autoNextPageTemplate=PORTRAIT,
        )
        templates.insert(0, cover_template)
    return templates


@cache
def _book_doc_class():
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate

    class BookDoc(BaseDocTemplate):
        def __init__(self, out, info: BookInfo, on_page, **kwargs):
            super().__init__(
                out,
                pagesize=A4,
                leftMargin=MARGIN,
                rightMargin=MARGIN,
                topMargin=MARGIN,
                bottomMargin=MARGIN,
                initialFontName=FONT,
                **kwargs,
            )
            self.info = info
            self.on_page = on_page
            self.page_count = 0
            self._heading_no = 0

        def beforeDocument(self):  # noqa: N802 - reportlab's name
            self.canv.bd_info = self.info

        def afterPage(self):  # noqa: N802
            self.page_count = self.page
            if self.on_page is not None:
                self.on_page(self.page)

        def afterFlowable(self, flowable):  # noqa: N802
            entry = getattr(flowable, "toc_entry", None)
            if entry is None:
                return
            level, text = entry
            self._heading_no += 1
            key = f"h{self._heading_no}"
            self.canv.bd_toc.append(TocEntry(level, text, self.page, key))

    return BookDoc
