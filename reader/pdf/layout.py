"""Typesetting for the annotated PDF: one QTextDocument, paginated by Qt, measured by us.

Why one QTextDocument for the whole export: Qt's document layout already paginates
(a line never straddles a page; ``PageBreak_AlwaysBefore`` starts a document on a new
page), and from the same layout we read back, for any span of a corpus text, the exact
line rectangles on the exact page. Those rectangles drive everything that has to line up
with the glyphs: the highlight tint painted under the text, the ``/QuadPoints`` of the
native ``/Highlight`` annotations, link rectangles and outline destinations.

Units: the layout runs on the QPdfWriter as paint device, so every length here is a
device pixel at ``PageGeometry.resolution`` dpi; ``PageGeometry`` converts to PDF points.

Note marks are *not* characters in the text: the character before a mark gets extra
letter spacing and the number is painted into that gap as a vector path. So copying a
passage, ``pdftotext`` and search never see stray note numbers inside the corpus words,
and every canonical offset maps 1:1 to a position inside its QTextDocument block.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from reader.core.document import Block, Document
from reader.pdf.fonts import reading_font

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "A5": QPageSize.PageSizeId.A5,
    "B5": QPageSize.PageSizeId.B5,
    "LETTER": QPageSize.PageSizeId.Letter,
    "LEGAL": QPageSize.PageSizeId.Legal,
}

RESOLUTION = 1200  # device pixels per inch: fine enough that rounding never shows in points

# Typography (points).
BODY_PT = 10.75
LEADING = 1.42
MARGIN_MM = (24.0, 24.0, 22.0, 25.0)  # left, right, top, bottom
INK = QColor("#1a1a1a")
GREY = QColor("#5a5a5a")
RULE = QColor("#9a9a9a")
MARK_INK = QColor("#9b2226")
LINK_UNDERLINE = QColor("#9fb3c8")
XREF_BAR = QColor("#8fa7bf")

_LINE_TYPE = QTextBlockFormat.LineHeightTypes.FixedHeight.value


def page_size_id(name: str) -> QPageSize.PageSizeId:
    try:
        return PAGE_SIZES[name.strip().upper()]
    except KeyError:
        known = ", ".join(k if k.startswith("A") or k.startswith("B") else k.title() for k in PAGE_SIZES)
        raise ValueError(f"unknown page size {name!r} (known: {known})") from None


@dataclass(frozen=True)
class PageGeometry:
    """Page and text-area sizes in device pixels, with conversions to PDF points."""

    resolution: int
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def for_device(cls, device: QPaintDevice, margins_mm: Sequence[float] = MARGIN_MM) -> PageGeometry:
        res = device.logicalDpiY()
        mm = res / 25.4
        left, right, top, bottom = (m * mm for m in margins_mm)
        return cls(res, float(device.width()), float(device.height()), left, right, top, bottom)

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    def px(self, points: float) -> float:
        return points * self.resolution / 72.0

    def pt(self, pixels: float) -> float:
        return pixels * 72.0 / self.resolution

    @property
    def page_height_pt(self) -> float:
        return self.pt(self.height)

    def to_pdf(self, x: float, y: float) -> tuple[float, float]:
        """Text-area pixel coordinates (y down) -> PDF user space (points, y up)."""
        return self.pt(self.left + x), self.page_height_pt - self.pt(self.top + y)


@dataclass(frozen=True, slots=True)
class LineRect:
    """One line's piece of a span, in text-area pixels of ``page`` (0-based)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float


@dataclass
class PlacedDocument:
    """Where a corpus document landed in the QTextDocument."""

    doc: Document
    block_pos: list[int]  # QTextDocument position of each corpus block's first character
    title_pos: int = 0
    notes_pos: int | None = None
    end_pos: int = 0
    headings: list[tuple[Block, int]] = field(default_factory=list)

    def qpos(self, offset: int) -> int:
        """Canonical offset -> QTextDocument position (offsets in a ``\\n`` gap clamp)."""
        blocks = self.doc.blocks
        if not blocks:
            return self.title_pos
        i = self.doc.block_index_at(offset)
        b = blocks[i]
        return self.block_pos[i] + max(0, min(offset - b.start, len(b.text)))


@dataclass(frozen=True)
class Run:
    """Formatting for a stretch of a corpus block: link underline and/or a note-mark gap."""

    start: int  # canonical offsets
    end: int
    underline: str = ""  # "glossary" gets a dotted underline; "crossref" a margin bar (painted)
    gap: float = 0.0  # extra letter spacing (px) after the run's last character


class Styles:
    """The character and block formats of the edition, built once per export."""

    def __init__(self, geom: PageGeometry):
        self.geom = geom

        def px(points: float) -> float:
            # QTextDocumentLayout scales format lengths (margins, indents, line heights)
            # from 96-dpi pixels to the paint device, so formats are given at 96 dpi.
            return points * 96.0 / 72.0

        self.base_font = reading_font(BODY_PT)
        self.base_font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        self.base_font.setKerning(True)
        # The bundled fonts have no ligatures; switch them off anyway, so that a future
        # font cannot turn "fi" into one glyph that extractors read back as "?" or "ﬁ".
        for tag in ("liga", "clig", "dlig", "hlig"):
            try:
                self.base_font.setFeature(QFont.Tag(tag), 0)
            except (AttributeError, TypeError):  # Qt < 6.7
                break

        def char(size: float, *, bold: bool = False, italic: bool = False, color: QColor = INK,
                 caps: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setFontPointSize(size)
            f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
            f.setFontItalic(italic)
            f.setForeground(QBrush(color))
            if caps:  # set in capitals by Typesetter (Qt's SmallCaps needs the layout up front)
                f.setFontLetterSpacing(106)
                caps_styles.add(id(f))
            return f

        def block(size: float, *, before: float = 0, after: float = 0, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                  indent_left: float = 0, indent_right: float = 0, leading: float = LEADING,
                  first_indent: float = 0) -> QTextBlockFormat:
            f = QTextBlockFormat()
            f.setTopMargin(px(before))
            f.setBottomMargin(px(after))
            f.setLeftMargin(px(indent_left))
            f.setRightMargin(px(indent_right))
            f.setTextIndent(px(first_indent))
            f.setAlignment(align)
            f.setLineHeight(px(size * leading), _LINE_TYPE)
            return f

        caps_styles: set[int] = set()
        justify = Qt.AlignmentFlag.AlignJustify
        center = Qt.AlignmentFlag.AlignHCenter
        b = BODY_PT
        self.fmt: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {
            "paragraph": (block(b, after=b * 0.55, align=justify), char(b)),
            "quote": (block(b, before=2, after=b * 0.75, indent_left=22, indent_right=22, align=justify),
                      char(b, italic=True)),
            "caption": (block(8.6, before=1, after=b * 0.7, leading=1.35), char(8.6, italic=True, color=GREY)),
            "heading1": (block(16, before=14, after=7, leading=1.25), char(16, bold=True)),
            "heading2": (block(12.6, before=12, after=5, leading=1.3), char(12.6, bold=True)),
            # Title page and per-document title block.
            "cover-kicker": (block(9.5, before=150, after=10, align=center), char(8.5, color=GREY, caps=True)),
            "cover-title": (block(26, after=14, align=center, leading=1.2), char(26, bold=True)),
            "cover-line": (block(10.5, after=3, align=center), char(10.5, color=GREY)),
            "cover-head": (block(10.5, before=26, after=6, align=center), char(10.5, bold=True)),
            "cover-doc": (block(10.5, after=6, align=center, indent_left=30, indent_right=30, leading=1.3),
                          char(10.5, italic=True)),
            "cover-note": (block(9.6, after=6, align=center, indent_left=36, indent_right=36, leading=1.45),
                           char(9.6, color=GREY)),
            "doc-kicker": (block(8.5, after=6), char(7.4, color=GREY, caps=True)),
            "doc-title": (block(21, after=6, leading=1.2), char(21, bold=True)),
            "doc-subtitle": (block(13, after=8, leading=1.3), char(13, italic=True)),
            "doc-meta": (block(8.8, after=0.5, leading=1.35), char(8.8, color=GREY)),
            "doc-meta-last": (block(8.8, after=22, leading=1.35), char(8.8, color=GREY)),
            "doc-meta-key": (block(8.8), char(7.4, color=GREY, caps=True)),
            # Endnotes and appendices.
            "section": (block(13, before=20, after=8, leading=1.3), char(13, bold=True)),
            "appendix-title": (block(18, after=12, leading=1.25), char(18, bold=True)),
            "note": (block(9.4, after=5, indent_left=16, first_indent=-16, leading=1.38), char(9.4)),
            "note-quote": (block(9.4), char(9.4, italic=True)),
            "note-meta": (block(9.4), char(9.4, color=GREY)),
            "entry-head": (block(10.5, before=7, after=1.5, leading=1.3), char(10.5, bold=True)),
            "entry": (block(9.8, after=1.5, indent_left=12, align=justify, leading=1.4), char(9.8)),
            "entry-meta": (block(9, after=1, indent_left=12, leading=1.4), char(9, color=GREY)),
        }
        self.caps = {name for name, (_bf, cf) in self.fmt.items() if id(cf) in caps_styles}
        mark = QFont(self.base_font)
        mark.setPixelSize(max(1, round(geom.px(BODY_PT * 0.62))))
        self.mark_font = mark
        self.mark_metrics = QFontMetricsF(mark)

    def mark_gap(self, label: str) -> float:
        """Letter spacing (px) that makes room for a note mark after a character."""
        return self.mark_metrics.horizontalAdvance(label) + self.geom.px(1.2)


CHUNK_CHARS = 300_000
CHUNK_BLOCKS = 6_000
"""A QTextDocument is laid out in one coordinate space whose precision runs out after
about 8.4 million device pixels (~700 A4 pages at 1200 dpi): beyond that, lines pile up
on the last page. Long exports are therefore split into several QTextDocuments
("chunks"), each well below that size, and a chunk always starts on a new page."""


class _Chunk:
    def __init__(self, device: QPaintDevice, styles: Styles, geom: PageGeometry, base: int):
        doc = QTextDocument()
        doc.setUndoRedoEnabled(False)
        # The layout is attached in Typesetter.page_count(): without one, inserting text
        # does no incremental layout work (3x faster building a long export).
        self.device = device
        self.laid_out = False
        doc.setDocumentMargin(0)
        doc.setDefaultFont(styles.base_font)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setPageSize(QSizeF(geom.text_width, geom.text_height))
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.base = base  # global position of this chunk's first character
        self.first_page = 0
        self.pages = 0
        self.empty = True
        self.blocks = 0
        self.line_index: dict[int, list[tuple[object, int, int]]] | None = None


class Typesetter:
    """Builds the export's text documents and answers geometry questions about them.

    Positions handed out are *global*: a chunk's base plus the QTextDocument position.
    """

    def __init__(self, device: QPaintDevice, geom: PageGeometry):
        self.geom = geom
        self.device = device
        self.styles = Styles(geom)
        self.chunks: list[_Chunk] = [_Chunk(device, self.styles, geom, 0)]
        self._bases = [0]
        self.gaps: dict[int, float] = {}  # global position after a gapped char -> gap px
        self._spacing_scale = _letter_spacing_scale(device, self.styles.base_font)

    @property
    def cursor(self) -> QTextCursor:
        return self.chunks[-1].cursor

    @property
    def _base(self) -> int:
        return self.chunks[-1].base

    def _chunk_at(self, pos: int) -> _Chunk:
        return self.chunks[max(0, bisect.bisect_right(self._bases, pos) - 1)]

    # -- building ---------------------------------------------------------------------

    def _maybe_new_chunk(self, page_break: bool) -> bool:
        """Start a new chunk when the current one is big; True if it did (a page break)."""
        cur = self.chunks[-1]
        if cur.empty:
            return False
        size = cur.doc.characterCount()
        if (page_break and size > CHUNK_CHARS // 4) or size > CHUNK_CHARS or cur.blocks > CHUNK_BLOCKS:
            base = cur.base + size
            self.chunks.append(_Chunk(self.device, self.styles, self.geom, base))
            self._bases.append(base)
            return True
        return False

    def add(self, text: str, style: str, *, page_break: bool = False,
            char_format: QTextCharFormat | None = None) -> int:
        """Append a block; returns the (global) position of its first character."""
        bf, cf = self.styles.fmt[style]
        if self._maybe_new_chunk(page_break):
            page_break = False  # a new chunk starts on a new page anyway
        if page_break:
            bf = QTextBlockFormat(bf)
            bf.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        self._new_block(bf, cf)
        pos = self.position
        if text:
            if style in self.styles.caps:
                text = text.upper()
            self.cursor.insertText(_one_block(text), char_format or cf)
        return pos

    def append(self, text: str, style: str, char_format: QTextCharFormat | None = None) -> tuple[int, int]:
        """Append a run to the current block in another style; returns its range."""
        cf = char_format or self.styles.fmt[style][1]
        if style in self.styles.caps:
            text = text.upper()
        start = self.position
        self.cursor.insertText(_one_block(text), cf)
        return start, self.position

    def add_runs(self, text: str, style: str, runs: Sequence[Run], offset: int,
                 *, page_break: bool = False) -> int:
        """Append a corpus block, applying ``runs`` (canonical offsets, block at ``offset``)."""
        pos = self.add("", style, page_break=page_break)
        base = self.styles.fmt[style][1]
        cuts = {0, len(text)}
        for r in runs:
            cuts.add(max(0, min(len(text), r.start - offset)))
            cuts.add(max(0, min(len(text), r.end - offset)))
        upright: list[tuple[int, int]] = []
        if base.fontItalic() and _CJK_RUN.search(text):
            # The CJK font has no italic: a synthesised slant on ideographs is an error.
            for m in _CJK_RUN.finditer(text):
                upright.append(m.span())
                cuts.update(m.span())
        edges = sorted(cuts)
        for a, b in zip(edges, edges[1:], strict=False):
            if b <= a:
                continue
            fmt = base
            if upright and any(s <= a and b <= e for s, e in upright):
                fmt = QTextCharFormat(base)
                fmt.setFontItalic(False)
            underline = ""
            gap = 0.0
            for r in runs:
                rs, re_ = r.start - offset, r.end - offset
                if r.underline == "glossary" and rs <= a and b <= re_:
                    underline = "glossary"
                if r.gap and re_ == b:
                    gap = max(gap, r.gap)
            if underline or gap:
                fmt = QTextCharFormat(fmt)
                if underline == "glossary":
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                    fmt.setUnderlineColor(LINK_UNDERLINE)
                if gap:
                    # Only the last character of the piece carries the gap.
                    if b - a > 1:
                        self.cursor.insertText(text[a:b - 1], QTextCharFormat(fmt))
                        a = b - 1
                    fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                    fmt.setFontLetterSpacing(gap / self._spacing_scale)
                    self.gaps[pos + b] = gap
            self.cursor.insertText(text[a:b], fmt)
        return pos

    def _new_block(self, bf: QTextBlockFormat, cf: QTextCharFormat) -> None:
        chunk = self.chunks[-1]
        chunk.blocks += 1
        if chunk.empty:
            bf = QTextBlockFormat(bf)
            bf.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
            chunk.cursor.setBlockFormat(bf)
            chunk.cursor.setBlockCharFormat(cf)
            chunk.empty = False
        else:
            chunk.cursor.insertBlock(bf, cf)

    def set_page_break(self, pos: int) -> None:
        """Start the block at ``pos`` on a new page (used to keep headings with their text)."""
        chunk = self._chunk_at(pos)
        block = chunk.doc.findBlock(pos - chunk.base)
        if block.position() == 0:
            return
        cur = QTextCursor(block)
        bf = block.blockFormat()
        bf.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cur.setBlockFormat(bf)

    def next_block(self, pos: int) -> int | None:
        """Global position of the block after the one holding ``pos``."""
        chunk = self._chunk_at(pos)
        nxt = chunk.doc.findBlock(pos - chunk.base).next()
        if nxt.isValid():
            return chunk.base + nxt.position()
        i = self.chunks.index(chunk)
        return self.chunks[i + 1].base if i + 1 < len(self.chunks) else None

    @property
    def position(self) -> int:
        return self._base + self.cursor.position()

    # -- geometry ---------------------------------------------------------------------

    def page_count(self) -> int:
        """Lay out every chunk (incrementally) and number their pages."""
        page = 0
        for chunk in self.chunks:
            if not chunk.laid_out:
                chunk.doc.documentLayout().setPaintDevice(chunk.device)
                chunk.doc.setPageSize(QSizeF(self.geom.text_width, self.geom.text_height))
                chunk.doc.markContentsDirty(0, chunk.doc.characterCount())
                chunk.laid_out = True
            chunk.first_page = page
            chunk.pages = chunk.doc.pageCount()
            page += chunk.pages
        return page

    def _lines_on(self, chunk: _Chunk, local: int) -> list[tuple[object, int, int]]:
        """(layout, first line, end line) of every block piece on the chunk's page ``local``."""
        if chunk.line_index is None:
            index: dict[int, list[tuple[object, int, int]]] = {}
            th = self.geom.text_height
            block = chunk.doc.begin()
            while block.isValid():
                layout = block.layout()
                y0 = layout.position().y()
                run_page, run_start = -1, 0
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    page = int((y0 + line.y() + max(line.height(), 2.0) / 2) // th)
                    if page != run_page:
                        if run_page >= 0:
                            index.setdefault(run_page, []).append((layout, run_start, i))
                        run_page, run_start = page, i
                if run_page >= 0:
                    index.setdefault(run_page, []).append((layout, run_start, layout.lineCount()))
                block = block.next()
            chunk.line_index = index
        return chunk.line_index.get(local, [])

    def release_before(self, page: int) -> None:
        """Free the text documents of chunks whose pages are all painted (memory)."""
        for chunk in self.chunks:
            if chunk.doc is not None and chunk.first_page + chunk.pages <= page:
                chunk.doc = None
                chunk.cursor = None
                chunk.line_index = None

    def _page_of(self, chunk: _Chunk, y: float, height: float = 0.0) -> tuple[int, float]:
        """Page (and y on it) of a line at ``y``: the page holding the line's middle.

        Qt occasionally leaves the first line of a block starting a hair above a page
        boundary; it is drawn on the next page (see paint_page), so it belongs there.
        """
        th = self.geom.text_height
        local = int((y + max(height, 2.0) / 2) // th)
        return chunk.first_page + local, y - local * th

    def locate(self, pos: int) -> tuple[int, float]:
        """Page and top y (text-area px) of the line holding global position ``pos``."""
        chunk = self._chunk_at(pos)
        block = chunk.doc.findBlock(pos - chunk.base)
        layout = block.layout()
        base = layout.position()
        line = layout.lineForTextPosition(max(0, pos - chunk.base - block.position()))
        if not line.isValid():
            if layout.lineCount() == 0:
                y = chunk.doc.documentLayout().blockBoundingRect(block).top()
            else:
                y = base.y() + layout.lineAt(0).y()
        else:
            y = base.y() + line.y()
            return self._page_of(chunk, y, line.height())
        return self._page_of(chunk, y)

    def line_rects(self, p0: int, p1: int) -> list[LineRect]:
        """Per-line rectangles covering the glyphs of global positions [p0, p1)."""
        out: list[LineRect] = []
        while p1 > p0:
            chunk = self._chunk_at(p0)
            end = min(p1, chunk.base + chunk.doc.characterCount())
            self._chunk_rects(chunk, p0 - chunk.base, end - chunk.base, out)
            if end <= p0:
                break
            p0 = end
        return out

    def _chunk_rects(self, chunk: _Chunk, p0: int, p1: int, out: list[LineRect]) -> None:
        block = chunk.doc.findBlock(p0)
        while block.isValid() and block.position() < p1:
            bpos = block.position()
            text = block.text()
            a = max(p0, bpos) - bpos
            b = min(p1, bpos + len(text)) - bpos
            layout = block.layout()
            if b > a and layout.lineCount():
                base = layout.position()
                first = layout.lineForTextPosition(a)
                start_line = first.lineNumber() if first.isValid() else 0
                for li in range(start_line, layout.lineCount()):
                    line = layout.lineAt(li)
                    ls = line.textStart()
                    le = ls + line.textLength()
                    if ls >= b:
                        break
                    s, e = max(a, ls), min(b, le)
                    while e > s and text[e - 1].isspace():
                        e -= 1
                    while s < e and text[s].isspace():
                        s += 1
                    if e <= s:
                        continue
                    x0 = _x(line, s)
                    x1 = _x(line, e) - self.gaps.get(chunk.base + bpos + e, 0.0)
                    page, top = self._page_of(chunk, base.y() + line.y(), line.height())
                    baseline = top + line.ascent()
                    out.append(LineRect(page, base.x() + min(x0, x1), top, base.x() + max(x0, x1),
                                        baseline + line.descent(), baseline))
            block = block.next()

    def caret(self, pos: int) -> LineRect | None:
        """Zero-width line rectangle at ``pos`` (for note marks: the gap ends there)."""
        chunk = self._chunk_at(pos)
        block = chunk.doc.findBlock(pos - chunk.base)
        layout = block.layout()
        rel = pos - chunk.base - block.position()
        line = layout.lineForTextPosition(max(0, rel - 1))
        if not line.isValid():
            return None
        base = layout.position()
        x = base.x() + _x(line, rel)
        page, top = self._page_of(chunk, base.y() + line.y(), line.height())
        baseline = top + line.ascent()
        return LineRect(page, x, top, x, baseline + line.descent(), baseline)

    # -- painting ---------------------------------------------------------------------

    def paint_page(self, painter: QPainter, page: int, tints: Iterable[tuple[QColor, LineRect]],
                   marks: Iterable[tuple[str, LineRect]], bars: Iterable[tuple[float, float]] = ()) -> None:
        """Paint one page's text area: highlight tints first, then the text, then note marks."""
        g = self.geom
        th = g.text_height
        painter.save()
        painter.translate(g.left, g.top)
        painter.setPen(Qt.PenStyle.NoPen)
        pad = g.px(0.6)
        for color, r in tints:
            painter.fillRect(QRectF(r.x0 - pad * 0.5, r.top, r.x1 - r.x0 + pad, r.bottom - r.top + pad * 0.5), color)
        bar_x = -g.px(7)
        for top, bottom in bars:
            painter.fillRect(QRectF(bar_x, top, g.px(1.1), bottom - top), XREF_BAR)
        chunk = next((c for c in self.chunks if c.first_page <= page < c.first_page + c.pages), None)
        if chunk is not None and chunk.doc is not None:
            local = page - chunk.first_page
            painter.save()
            painter.translate(0, -local * th)
            # Line by line rather than drawContents(): Qt's QTextLayout::draw also draws
            # the last line *above* its clip rectangle, so a paragraph running over a
            # page would have its last line on the previous page drawn again (clipped,
            # invisible) at the top of this one, where text extractors still find it.
            for layout, first, last in self._lines_on(chunk, local):
                origin = layout.position()
                for i in range(first, last):
                    layout.lineAt(i).draw(painter, origin)
            painter.restore()
        font = self.styles.mark_font
        rise = g.px(BODY_PT * 0.36)
        painter.setBrush(QBrush(MARK_INK))
        for label, r in marks:
            width = self.styles.mark_metrics.horizontalAdvance(label)
            path = QPainterPath()
            path.addText(QPointF(r.x0 - width - g.px(0.35), r.baseline - rise), font, label)
            painter.fillPath(path, QBrush(MARK_INK))
        painter.restore()

    def paint_furniture(self, painter: QPainter, page: int, pages: int, header: str, header_right: str) -> None:
        """Running header (document title) and footer (page N of M)."""
        g = self.geom
        font = QFont(self.styles.base_font)
        font.setPixelSize(round(g.px(8.2)))
        font.setItalic(True)
        painter.save()
        painter.setFont(font)
        painter.setPen(QPen(GREY))
        fm = QFontMetricsF(font)
        head_y = g.top - g.px(16)
        if header or header_right:
            right = fm.elidedText(header_right, Qt.TextElideMode.ElideRight, g.text_width * 0.3)
            left = fm.elidedText(header, Qt.TextElideMode.ElideRight, g.text_width - fm.horizontalAdvance(right) - g.px(24))
            painter.drawText(QPointF(g.left, head_y), left)
            painter.drawText(QPointF(g.left + g.text_width - fm.horizontalAdvance(right), head_y), right)
            painter.setPen(QPen(RULE, g.px(0.4)))
            painter.drawLine(QPointF(g.left, head_y + g.px(5)), QPointF(g.left + g.text_width, head_y + g.px(5)))
        font.setItalic(False)
        painter.setFont(font)
        painter.setPen(QPen(GREY))
        label = f"{page + 1} / {pages}"
        fm = QFontMetricsF(font)
        foot_y = g.height - g.bottom + g.px(26)
        painter.drawText(QPointF(g.left + (g.text_width - fm.horizontalAdvance(label)) / 2, foot_y), label)
        painter.restore()


def _letter_spacing_scale(device: QPaintDevice, font: QFont) -> float:
    """Device pixels Qt actually adds per unit of absolute letter spacing.

    Qt scales format lengths from 96 dpi to the device, and rounds; measuring once is
    more robust than assuming the factor.
    """
    probe = 100.0
    widths = []
    for spacing in (0.0, probe):
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        doc.setDefaultFont(font)
        cur = QTextCursor(doc)
        fmt = QTextCharFormat()
        fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        fmt.setFontLetterSpacing(spacing)
        cur.insertText("n", fmt)
        cur.insertText("n", QTextCharFormat())
        doc.pageCount()
        line = doc.begin().layout().lineAt(0)
        widths.append(_x(line, 1))
    scale = (widths[1] - widths[0]) / probe
    return scale if scale > 0 else device.logicalDpiX() / 96.0


def _x(line, pos: int) -> float:
    v = line.cursorToX(pos)
    return float(v[0] if isinstance(v, tuple) else v)


def _one_block(text: str) -> str:
    """Keep user text inside one block: newlines become line separators."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2028").replace("\u2029", "\u2028")


# -- where a note mark goes --------------------------------------------------------------

_CJK_RUN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_CLOSERS = set(",.;:!?)]}’”»›…'\"")
_CJK_STOPS = set("，。、；：！？」』）】》〉")


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and unicodedata.category(ch).startswith("L")


def mark_offset(text: str, end: int, limit: int) -> int:
    """Where a note mark after a highlight ending at ``end`` sits without splitting a word.

    A mark inside a word or before closing punctuation would make extractors see a gap
    there ("resist ance"); after the word and its punctuation the gap is harmless.
    """
    i = end
    if i <= 0 or i >= limit:
        return min(i, limit)
    if _is_cjk(text[i - 1]) or _is_cjk(text[i]):
        # No spaces between CJK words: the mark goes right after the highlight, or after
        # the punctuation that immediately follows it.
        while i < limit and (text[i] in _CJK_STOPS or text[i] in _CLOSERS):
            i += 1
        return i
    while i < limit and (text[i].isalnum() or text[i] in "-'’") and not _is_cjk(text[i]):
        i += 1
    while i < limit and text[i] in _CLOSERS:
        i += 1
    return i


def mix_with_white(color: QColor, strength: float) -> QColor:
    """A printable tint of a highlight colour: text stays readable in black and white."""
    r, g, b = color.red(), color.green(), color.blue()
    return QColor(round(255 - (255 - r) * strength), round(255 - (255 - g) * strength), round(255 - (255 - b) * strength))
