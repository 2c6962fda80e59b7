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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QFont,
    QPaintDevice,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from reader.core.document import Block, Document

from .styles import LINK_UNDERLINE, LineRect, PageGeometry, Styles


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



_CJK_RUN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
PageLines = tuple[QTextLayout, int, int]  # a block's layout, its first line on a page, its end line

CHUNK_CHARS = 300_000
CHUNK_BLOCKS = 6_000
"""A QTextDocument is laid out in one coordinate space whose precision runs out after
about 8.4 million device pixels (~700 A4 pages at 1200 dpi): beyond that, lines pile up
on the last page. Long exports are therefore split into several QTextDocuments
("chunks"), each well below that size, and a chunk always starts on a new page."""


RESIDENT_CHARS = 2 * CHUNK_CHARS
"""Qt keeps ~60 bytes per character of a laid-out text, ~95 with the shaped glyphs we
keep (the KJV: ~400 MB), so at most this many characters stay laid out; an older chunk
loses its layout and is laid out again (identically) when it is next needed: once to
count the pages, once to paint them."""


class _Chunk:
    def __init__(self, device: QPaintDevice, styles: Styles, geom: PageGeometry, base: int):
        # The layout is attached in Typesetter._use(): without one, inserting text does
        # no incremental layout work (3x faster building a long export).
        self.device = device
        self.styles = styles
        self.geom = geom
        self.laid_out = False
        self.counted = False  # ``pages`` is up to date with the content
        self._doc: QTextDocument | None = self._configure(QTextDocument())
        self._cursor: QTextCursor | None = QTextCursor(self._doc)
        self.editing = False  # an edit block is open: see ``cursor``
        self.base = base  # global position of this chunk's first character
        self.first_page = 0
        self.pages = 0
        self.empty = True
        self.blocks = 0
        self.line_index: dict[int, list[PageLines]] | None = None

    def _configure(self, doc: QTextDocument) -> QTextDocument:
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self.styles.base_font)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setPageSize(QSizeF(self.geom.text_width, self.geom.text_height))
        return doc

    @property
    def doc(self) -> QTextDocument:
        if self._doc is None:
            raise RuntimeError("this part of the export was already painted and released")
        return self._doc

    @property
    def cursor(self) -> QTextCursor:
        """The cursor text is appended with, inside an edit block until the next layout:
        outside one, every insertion placed the cursor on its line (laying the block out
        for it), and a chunk already laid out was laid out again after each insertion."""
        if self._cursor is None:
            raise RuntimeError("this part of the export was already painted and released")
        if not self.editing:
            self._cursor.beginEditBlock()
            self.editing = True
        return self._cursor

    @property
    def released(self) -> bool:
        return self._doc is None

    def lay_out(self) -> None:
        if self.editing and self._cursor is not None:
            self.editing = False
            self._cursor.endEditBlock()  # what was added since the last layout is laid out now
            if self.laid_out:
                self.doc.pageCount()
        if not self.laid_out:
            doc = self.doc
            # Each block keeps the glyphs its layout shaped (~35 bytes a character, for the
            # chunks laid out at once), else measuring and drawing it shaped it all again.
            block = doc.begin()
            while block.isValid():
                block.layout().setCacheEnabled(True)
                block = block.next()
            doc.documentLayout().setPaintDevice(self.device)
            doc.setPageSize(QSizeF(self.geom.text_width, self.geom.text_height))
            doc.markContentsDirty(0, doc.characterCount())
            doc.pageCount()  # Qt lays out lazily; a QTextLayout's lines are only read, never awaited
            self.laid_out = True

    def drop_layout(self) -> None:
        """Free the layout's memory, keeping the text: without a document layout Qt
        deletes every block's layout (a copy of the document cost as much again)."""
        if self._doc is None or not self.laid_out:
            return
        self._doc.setDocumentLayout(None)  # type: ignore[arg-type]  # Qt: the next one is made on demand
        self.laid_out = False
        self.line_index = None

    def release(self) -> None:
        self._doc = None
        self._cursor = None
        self.editing = False
        self.line_index = None
        self.laid_out = False


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
        self._resident: list[_Chunk] = []  # laid-out chunks, least recently used first

    @property
    def cursor(self) -> QTextCursor:
        return self.chunks[-1].cursor

    def chunk_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._bases, pos) - 1)

    def _chunk_at(self, pos: int) -> _Chunk:
        return self.chunks[self.chunk_index(pos)]

    def _use(self, chunk: _Chunk) -> _Chunk:
        """``chunk``, laid out; the least recently used others lose their layout beyond RESIDENT_CHARS."""
        resident = self._resident
        if resident and resident[-1] is chunk and chunk.laid_out and not chunk.editing:
            return chunk
        chunk.lay_out()
        if chunk in resident:
            resident.remove(chunk)
        resident.append(chunk)
        size = sum(c.doc.characterCount() for c in resident)
        while len(resident) > 1 and size > RESIDENT_CHARS:
            old = resident.pop(0)
            size -= old.doc.characterCount()
            old.drop_layout()
        return chunk

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
        self.chunks[-1].counted = False
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
        self.chunks[-1].counted = False
        return start, self.position

    def add_runs(self, text: str, style: str, runs: Sequence[Run], offset: int,
                 *, page_break: bool = False) -> int:
        """Append a corpus block, applying ``runs`` (canonical offsets, block at ``offset``)."""
        pos = self.add("", style, page_break=page_break)
        base = self.styles.fmt[style][1]
        italic = style in self.styles.italic
        if not runs and not (italic and _CJK_RUN.search(text)):
            if text:  # most blocks of a long text: one piece, in the style's format
                self.cursor.insertText(text, base)
            return pos
        cuts = {0, len(text)}
        for r in runs:
            cuts.add(max(0, min(len(text), r.start - offset)))
            cuts.add(max(0, min(len(text), r.end - offset)))
        upright: list[tuple[int, int]] = []
        if italic and _CJK_RUN.search(text):
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
        chunk.counted = False

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
        chunk = self.chunks[-1]
        return chunk.base + chunk.cursor.position()

    # -- geometry ---------------------------------------------------------------------

    def page_count(self, keep_with_next: Sequence[int] = ()) -> int:
        """Lay out each chunk that changed, number the pages, and move each heading at
        ``keep_with_next`` stranded at the foot of a page to the next one. One chunk at a
        time: each is laid out once here and keeps only its page count."""
        keep = sorted(keep_with_next)
        # Last chunk first, so that the first ones, painted first, are still laid out at the end.
        for i in reversed(range(len(self.chunks))):
            chunk = self.chunks[i]
            if not chunk.counted:
                self._use(chunk)
                mine = keep[bisect.bisect_left(keep, chunk.base):bisect.bisect_left(keep, chunk.base + chunk.doc.characterCount())]
                if mine:
                    chunk.pages = chunk.doc.pageCount()
                    self._keep_headings(i, mine)  # page numbers relative to the chunk: first_page may be stale
                chunk.pages = chunk.doc.pageCount()
                chunk.counted = True
        page = 0
        for chunk in self.chunks:
            chunk.first_page = page
            page += chunk.pages
        return page

    def _keep_headings(self, index: int, positions: Sequence[int]) -> None:
        """Start each heading that is a chunk's last line on a page on the next page (twice at most)."""
        chunk = self.chunks[index]
        for _ in range(2):
            moved = False
            for pos in positions:
                page, _y = self.locate(pos)
                nxt = self.next_block(pos)
                if nxt is None:
                    continue
                # The next chunk always starts on a new page.
                if self.chunk_index(nxt) != index or self.locate(nxt)[0] > page:
                    self.set_page_break(pos)
                    moved = True
            if not moved:
                break
            chunk.pages = chunk.doc.pageCount()

    def page_lines(self, page: int) -> tuple[int, list[PageLines]]:
        """The lines on ``page`` (global) and the page's index inside its chunk; none once released."""
        chunk = next((c for c in self.chunks if c.first_page <= page < c.first_page + c.pages), None)
        if chunk is None or chunk.released:
            return 0, []
        local = page - chunk.first_page
        return local, self._lines_on(self._use(chunk), local)

    def _lines_on(self, chunk: _Chunk, local: int) -> list[PageLines]:
        """(layout, first line, end line) of every block piece on the chunk's page ``local``."""
        if chunk.line_index is None:
            index: dict[int, list[PageLines]] = {}
            th = self.geom.text_height
            block = chunk.doc.begin()
            while block.isValid():
                layout = block.layout()
                y0 = layout.position().y()
                n = layout.lineCount()
                if n:
                    # Most blocks sit on one page: the box of all their lines inside one page
                    # holds every line's middle, else their first and last lines say so (pages only grow).
                    box = layout.boundingRect()
                    page = int((y0 + box.top()) // th)
                    if page != int((y0 + box.bottom() + 1.0) // th):  # +1: a line under 2 px has its middle 1 px down
                        first, last = layout.lineAt(0), layout.lineAt(n - 1)
                        page = int((y0 + first.y() + max(first.height(), 2.0) / 2) // th)
                        if page != int((y0 + last.y() + max(last.height(), 2.0) / 2) // th):
                            page = -1
                    if page >= 0:
                        index.setdefault(page, []).append((layout, 0, n))
                        block = block.next()
                        continue
                run_page, run_start = -1, 0
                for i in range(n):
                    line = layout.lineAt(i)
                    page = int((y0 + line.y() + max(line.height(), 2.0) / 2) // th)
                    if page != run_page:
                        if run_page >= 0:
                            index.setdefault(run_page, []).append((layout, run_start, i))
                        run_page, run_start = page, i
                if run_page >= 0:
                    index.setdefault(run_page, []).append((layout, run_start, n))
                block = block.next()
            chunk.line_index = index
        return chunk.line_index.get(local, [])

    def release_before(self, page: int) -> None:
        """Free the text documents of chunks whose pages are all painted (memory)."""
        for chunk in self.chunks:
            if not chunk.released and chunk.first_page + chunk.pages <= page:
                if chunk in self._resident:
                    self._resident.remove(chunk)
                chunk.release()

    def _page_of(self, chunk: _Chunk, y: float, height: float = 0.0) -> tuple[int, float]:
        """Page (and y on it) of a line at ``y``: the page holding the line's middle.

        Qt occasionally leaves the first line of a block starting a hair above a page
        boundary; it is drawn on the next page (see paint_page), so it belongs there.
        """
        th = self.geom.text_height
        local = int((y + max(height, 2.0) / 2) // th)
        return chunk.first_page + local, y - local * th

    def locate_many(self, positions: Iterable[int]) -> dict[int, tuple[int, float]]:
        """:meth:`locate` for many positions, in order, so that each chunk is laid out once."""
        return {pos: self.locate(pos) for pos in sorted(set(positions))}

    def locate(self, pos: int) -> tuple[int, float]:
        """Page and top y (text-area px) of the line holding global position ``pos``."""
        chunk = self._use(self._chunk_at(pos))
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
            chunk = self._use(self._chunk_at(p0))
            end = min(p1, chunk.base + chunk.doc.characterCount())
            self._chunk_rects(chunk, p0 - chunk.base, end - chunk.base, out)
            if end <= p0:
                break
            p0 = end
        return out

    def _chunk_rects(self, chunk: _Chunk, p0: int, p1: int, out: list[LineRect]) -> None:
        # The hot loop of a big export (a call per highlight per chunk): names bound locally.
        gaps = self.gaps
        block = chunk.doc.findBlock(p0)
        while block.isValid():
            bpos = block.position()
            if bpos >= p1:
                break
            text = block.text()
            a = max(p0, bpos) - bpos
            b = min(p1, bpos + len(text)) - bpos
            layout = block.layout()
            count = layout.lineCount()
            if b > a and count:
                base = layout.position()
                bx, by = base.x(), base.y()
                first = layout.lineForTextPosition(a)
                for li in range(first.lineNumber() if first.isValid() else 0, count):
                    line = layout.lineAt(li)
                    ls = line.textStart()
                    if ls >= b:
                        break
                    s, e = max(a, ls), min(b, ls + line.textLength())
                    while e > s and text[e - 1].isspace():
                        e -= 1
                    while s < e and text[s].isspace():
                        s += 1
                    if e <= s:
                        continue
                    x0 = _x(line, s)
                    x1 = _x(line, e) - gaps.get(chunk.base + bpos + e, 0.0)
                    page, top = self._page_of(chunk, by + line.y(), line.height())
                    baseline = top + line.ascent()
                    out.append(LineRect(page, bx + min(x0, x1), top, bx + max(x0, x1),
                                        baseline + line.descent(), baseline))
            block = block.next()

    def caret(self, pos: int) -> LineRect | None:
        """Zero-width line rectangle at ``pos`` (for note marks: the gap ends there)."""
        chunk = self._use(self._chunk_at(pos))
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


def _x(line: QTextLine, pos: int) -> float:
    v: object = line.cursorToX(pos)
    x = v[0] if isinstance(v, tuple) else v  # PySide6 versions differ: a float or (x, pos)
    return float(x) if isinstance(x, (int, float)) else 0.0


def _one_block(text: str) -> str:
    """Keep user text inside one block: newlines become line separators."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2028").replace("\u2029", "\u2028")


