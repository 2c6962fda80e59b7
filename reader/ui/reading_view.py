"""The reading pane: one document, typeset once; highlights drawn only where the reader looks.

Opening is one edit block on a detached QTextDocument: runs of same-kind blocks are inserted
with one ``insertText`` each and the editorial marks are merged as char formats; only then is
the document handed to the view, so Qt lays out what is visible and the rest lazily.

Personal highlights are never char formats. Any char-format change, however small, makes
QTextDocumentLayout walk every block after it (about 1.5 us a block: 50-100 ms on a book of
31,000 paragraphs), and 10,000 of them cost a third of a second to merge and a lot of memory.
Instead the view keeps its highlights in a sorted index and draws those of the blocks on
screen as ``ExtraSelection`` s, recomputed when it scrolls, resizes or a highlight changes;
an edit recomputes only the visible blocks it touches and the QTextDocument never changes.
Positions are found from the layout Qt has already made (never ``cursorForPosition``, whose
hit test answers "the end of the book" while a long book is still being laid out and then
forces the whole layout). Text is inserted with ``QTextCursor.insertText`` (never HTML), and
resources are refused, so nothing in the corpus or in a note can load a file or reach the
network.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication, QTextBrowser, QTextEdit, QToolTip, QWidget

from ..core.document import Block, Document
from ..core.model import Highlight
from .widgets import refused_resource

MARK_STYLES: dict[str, QTextCharFormat.UnderlineStyle] = {
    "glossary": QTextCharFormat.UnderlineStyle.DotLine,
    "crossref": QTextCharFormat.UnderlineStyle.DashUnderline,
    "note": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "timeline": QTextCharFormat.UnderlineStyle.DashDotLine,
}
# Quiet: the underlines are half-transparent so the text, not the apparatus, leads.
MARK_COLORS = {"glossary": "#805a7fa8", "crossref": "#902f8f83", "note": "#80b7791f", "timeline": "#808a6bb8"}
# When marks overlap, the more specific kind draws the underline.
MARK_PRIORITY = {"glossary": 1, "timeline": 2, "note": 3, "crossref": 4}
FLASH_MS = 900
TEXT_COLUMN_PX = 720
TOP_GAP_PX = 8  # a jump to a place puts its line this far below the top edge
# A jump this many blocks beyond the laid-out part of a long book shows a copy of the page
# first (about 0.2 s of layout: a 4 MB book has 31,000 blocks); the copy holds this much.
PREVIEW_MIN_BLOCKS = 2000
PREVIEW_CHARS = 12_000


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Python offsets are code points; QTextDocument positions are UTF-16 units."""

    def __init__(self, text: str) -> None:
        # A C-speed scan: a 4 MB book costs a few ms here, not a Python loop over it.
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset) if self._astral else offset

    def to_offset(self, pos: int) -> int:
        if not self._astral:
            return pos
        lo, hi = 0, pos
        while lo < hi:  # largest offset whose Qt position is <= pos
            mid = (lo + hi + 1) // 2
            if self.to_qt(mid) <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo


@dataclass(frozen=True)
class SpanMark:
    """An editorial mark as the pane needs it (kind, span, id)."""

    kind: str
    start: int
    end: int
    ref_id: str


def tint(color: str, paper: QColor, strength: float = 0.55) -> QColor:
    """A highlight colour softened toward the paper, so text stays readable."""
    c = QColor(color)
    return QColor(
        round(paper.red() + (c.red() - paper.red()) * strength),
        round(paper.green() + (c.green() - paper.green()) * strength),
        round(paper.blue() + (c.blue() - paper.blue()) * strength),
    )


def multiply(colors: Sequence[QColor]) -> QColor:
    """Overlapping highlights multiply, like ink: both stay visible and the overlap shows."""
    r = g = b = 1.0
    for c in colors:
        r, g, b = r * c.redF(), g * c.greenF(), b * c.blueF()
    return QColor.fromRgbF(r, g, b)


class ReadingView(QTextBrowser):
    """``readingView``: read-only, ``toPlainText()`` is the canonical text."""

    offsetClicked = Signal(int)  # a click without a selection, at this canonical offset
    selectionChangedOffsets = Signal(int, int)
    backRequested = Signal()
    forwardRequested = Signal()
    contextRequested = Signal(QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.setAccessibleName("Reading pane")
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.contextRequested)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(28)
        self._doc: Document | None = None
        self._map = PositionMap("")
        self._marks: list[SpanMark] = []
        self._mark_starts: list[int] = []
        self._max_mark_len = 0
        self._highlights: dict[str, Highlight] = {}
        self._hl_sorted: list[Highlight] = []
        self._hl_keys: list[tuple[int, int, str]] = []  # (start, end, id), parallel to _hl_sorted
        self._hl_starts: list[int] = []
        self._max_hl_len = 0
        self._tooltip: Callable[[SpanMark], str] | None = None
        # Layers of extra selections, painted in this order (overlay under search and flash).
        self._extra: dict[str, list[QTextEdit.ExtraSelection]] = {"highlights": []}
        # Highlight selections of the blocks on screen, by block index (a cache: an edit
        # drops the blocks it touches, scrolling drops those no longer in view).
        self._overlay: dict[int, list[QTextEdit.ExtraSelection]] = {}
        self._recomputed: list[int] = []  # blocks drawn afresh by the last refresh (for tests)
        self._after_paint: list[Callable[[], None]] = []
        self._layout_driver = _LayoutDriver(self)
        # A far jump into a long book shows the page from a small copy while the layout
        # catches up (see _start_preview): the offset and block it waits for.
        self._preview: _Preview | None = None
        self._pending: tuple[int, int] | None = None
        self._bg_formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self._block_fmt_cache: dict[tuple[str, int], tuple[QTextBlockFormat, QTextCharFormat]] = {}
        self._base_size = 12.0
        self._zoom = 0
        self._paper = QColor("#fbfaf7")
        self.selectionChanged.connect(self._emit_selection)
        self.verticalScrollBar().valueChanged.connect(self._refresh_overlay)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self._set_extra("flash", []))
        self._first_paint = _FirstPaintProbe(self) if os.environ.get("READER_BENCH_FIRST_PAINT") else None
        if self._first_paint is not None:
            self.viewport().installEventFilter(self._first_paint)

    # -- safety -----------------------------------------------------------------
    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        """Refuse every resource: corpus and notes may never load files or reach the network."""
        return refused_resource(kind)

    def toPlainText(self) -> str:  # noqa: N802 - Qt override
        # Qt's own toPlainText turns non-breaking spaces into spaces; the canonical text
        # keeps them, so return the raw characters with only block breaks converted.
        return self.document().toRawText().replace("\u2029", "\n")

    # -- document -----------------------------------------------------------------
    @property
    def current_document(self) -> Document | None:
        return self._doc

    def set_paper(self, paper: QColor, ink: QColor) -> None:
        self._settle_preview()
        self._paper = paper
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, paper)
        pal.setColor(QPalette.ColorRole.Text, ink)
        self.setPalette(pal)
        self._bg_formats.clear()  # highlight tints are mixed with the paper
        self._overlay.clear()
        self._refresh_overlay()

    def set_base_font(self, font: QFont) -> None:
        self._base_size = font.pointSizeF()
        self.document().setDefaultFont(font)
        self._apply_zoom()

    def zoom(self, step: int) -> None:
        """Ctrl +/-: step +1/-1; 0 resets."""
        self._zoom = 0 if step == 0 else max(-6, min(12, self._zoom + step))
        self._apply_zoom()

    def zoom_level(self) -> int:
        return self._zoom

    def set_zoom_level(self, level: int) -> None:
        self._zoom = max(-6, min(12, int(level)))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        self._settle_preview()
        font = self.document().defaultFont()
        font.setPointSizeF(max(6.0, self._base_size + self._zoom))
        self.document().setDefaultFont(font)
        self._update_margins()
        self._refresh_overlay()

    def show_document(
        self,
        doc: Document,
        marks: Iterable[SpanMark],
        highlights: Iterable[Highlight],
        tooltip: Callable[[SpanMark], str] | None = None,
    ) -> None:
        """Typeset ``doc`` in one edit block, marks included, before the view sees it: a
        detached document has no layout, so nothing is laid out twice. Highlights are only
        indexed here; the overlay draws the ones on screen."""
        self._cancel_preview()
        self._doc = doc
        self._map = PositionMap(doc.text)
        self._tooltip = tooltip
        self._extra = {"highlights": []}
        self._overlay.clear()
        self.setExtraSelections([])
        self._set_marks(marks)
        self._set_highlight_index(highlights)
        qdoc = QTextDocument(self)
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDocumentMargin(28)
        font = self.document().defaultFont()
        # A long book is typeset without kerning: shaping every line costs a third of
        # laying out a 4 MB text, which a reader waits for when reopening near its end
        # (KOReader makes the same trade with its "fast" kerning mode). Short texts keep it.
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping if len(doc.blocks) >= _LayoutDriver.MIN_BLOCKS
                              else QFont.StyleStrategy.PreferDefault)
        qdoc.setDefaultFont(font)
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        blocks = doc.blocks
        i, n = 0, len(blocks)
        while i < n:  # one insertText per run of same-kind blocks: "\n" starts a block
            kind, level = blocks[i].kind, blocks[i].level
            j = i + 1
            while j < n and blocks[j].kind == kind and blocks[j].level == level:
                j += 1
            fmt, char = self._block_formats(blocks[i])
            if i == 0:
                cursor.setBlockFormat(fmt)
                cursor.setBlockCharFormat(char)
            else:
                cursor.insertBlock(fmt, char)
            text = blocks[i].text if j == i + 1 else "\n".join(b.text for b in blocks[i:j])
            cursor.insertText(text, char if kind != "paragraph" else plain)
            i = j
        self._apply_formats(cursor)
        cursor.endEditBlock()
        self.setDocument(qdoc)  # the old document is deleted by Qt if we owned it
        self.verticalScrollBar().setValue(0)
        self._layout_driver.start(qdoc)
        self._refresh_overlay()

    def _apply_formats(self, cursor: QTextCursor) -> None:
        """Marks, more specific kinds last so they win."""
        by_kind: dict[str, list[SpanMark]] = {}
        for m in self._marks:
            by_kind.setdefault(m.kind, []).append(m)
        for kind in sorted(by_kind, key=lambda k: MARK_PRIORITY.get(k, 0)):
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(MARK_STYLES.get(kind, QTextCharFormat.UnderlineStyle.SingleUnderline))
            fmt.setUnderlineColor(QColor(MARK_COLORS.get(kind, "#888888")))
            for m in by_kind[kind]:
                if m.end > m.start:
                    self._select(cursor, m.start, m.end)
                    cursor.mergeCharFormat(fmt)

    def _bg_format(self, covering: Sequence[Highlight]) -> QTextCharFormat:
        key = tuple(sorted(h.color for h in covering))
        fmt = self._bg_formats.get(key)
        if fmt is None:
            fmt = self._bg_formats[key] = QTextCharFormat()
            fmt.setBackground(multiply([tint(c, self._paper) for c in key]))
        return fmt

    def _block_formats(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        key = (block.kind, block.level)
        cached = self._block_fmt_cache.get(key)
        if cached is None:
            cached = self._block_fmt_cache[key] = self._make_block_formats(block)
        return cached

    def _make_block_formats(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        fmt = QTextBlockFormat()
        char = QTextCharFormat()
        fmt.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(10)
        if block.kind == "heading":
            fmt.setTopMargin(22 if block.level == 2 else 4)
            fmt.setBottomMargin(12)
            fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setHeadingLevel(block.level)
            char.setFontWeight(QFont.Weight.Bold)
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, 2 if block.level == 1 else 1)
        elif block.kind == "quote":
            fmt.setLeftMargin(28)
            fmt.setRightMargin(20)
            char.setFontItalic(True)
        elif block.kind == "caption":
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
            char.setForeground(QColor("#6b6b6b"))
        return fmt, char

    # -- marks and highlights ------------------------------------------------------
    def _set_marks(self, marks: Iterable[SpanMark]) -> None:
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._mark_starts = [m.start for m in self._marks]
        self._max_mark_len = max((m.end - m.start for m in self._marks), default=0)

    def _set_highlight_index(self, highlights: Iterable[Highlight]) -> None:
        self._highlights = {h.id: h for h in highlights}
        self._reindex_highlights()

    def _reindex_highlights(self) -> None:
        self._hl_sorted = sorted(self._highlights.values(), key=lambda h: (h.start, h.end, h.id))
        self._hl_keys = [(h.start, h.end, h.id) for h in self._hl_sorted]
        self._hl_starts = [h.start for h in self._hl_sorted]
        self._max_hl_len = max((h.end - h.start for h in self._hl_sorted), default=0)

    def _index_remove(self, h: Highlight) -> None:
        i = bisect.bisect_left(self._hl_keys, (h.start, h.end, h.id))
        if i < len(self._hl_keys) and self._hl_keys[i][2] == h.id:
            del self._hl_keys[i], self._hl_sorted[i], self._hl_starts[i]
        else:  # pragma: no cover - the index and the dict always agree
            self._reindex_highlights()

    def _index_insert(self, h: Highlight) -> None:
        key = (h.start, h.end, h.id)
        i = bisect.bisect_left(self._hl_keys, key)
        self._hl_keys.insert(i, key)
        self._hl_sorted.insert(i, h)
        self._hl_starts.insert(i, h.start)
        self._max_hl_len = max(self._max_hl_len, h.end - h.start)  # an upper bound is enough

    def marks_at(self, offset: int) -> list[SpanMark]:
        """Marks containing ``offset``, smallest (most specific) first."""
        hi = bisect.bisect_right(self._mark_starts, offset)
        lo = bisect.bisect_left(self._mark_starts, offset - self._max_mark_len)
        found = [m for m in self._marks[lo:hi] if m.start <= offset < m.end]
        return sorted(found, key=lambda m: m.end - m.start)

    def highlights_at(self, offset: int) -> list[Highlight]:
        hi = bisect.bisect_right(self._hl_starts, offset)
        lo = bisect.bisect_left(self._hl_starts, offset - self._max_hl_len)
        found = [h for h in self._hl_sorted[lo:hi] if h.start <= offset < h.end]
        return sorted(found, key=lambda h: h.end - h.start)

    def _in_range(self, starts: list[int], items: list, max_len: int, a: int, b: int) -> list:
        lo = bisect.bisect_left(starts, a - max_len)
        hi = bisect.bisect_left(starts, b)
        return [x for x in items[lo:hi] if x.end > a and x.start < b]

    def update_highlights(self, changed: Iterable[Highlight], removed_ids: Iterable[str] = ()) -> None:
        """Index the changed or removed highlights and redraw only the visible blocks they
        touch (a note or tag edit changes nothing visible and redraws nothing)."""
        if self._doc is None:
            return
        self._settle_preview()  # the copy on screen has the old highlights baked in
        ranges: list[tuple[int, int]] = []
        for hid in removed_ids:
            old = self._highlights.pop(hid, None)
            if old is not None:
                self._index_remove(old)
                ranges.append((old.start, old.end))
        for h in changed:
            old = self._highlights.get(h.id)
            self._highlights[h.id] = h
            if old is not None:
                if (old.start, old.end, old.color) == (h.start, h.end, h.color):
                    i = bisect.bisect_left(self._hl_keys, (h.start, h.end, h.id))
                    self._hl_sorted[i] = h  # same place, same colour: nothing to draw
                    continue
                self._index_remove(old)
                ranges.append((old.start, old.end))
            self._index_insert(h)
            ranges.append((h.start, h.end))
        if not ranges:
            self._recomputed = []
            return
        doc = self._doc
        for a, b in ranges:
            first, last = doc.block_index_at(max(0, a)), doc.block_index_at(max(a, b - 1))
            for i in [k for k in self._overlay if first <= k <= last]:
                del self._overlay[i]
        self._refresh_overlay()

    def highlight_count(self) -> int:
        return len(self._highlights)

    def shown_highlight_ids(self) -> list[str]:
        return list(self._highlights)

    # -- the overlay: highlights of the blocks on screen ---------------------------
    def _refresh_overlay(self, *_args: object) -> None:
        """Draw the highlights of the blocks in view; blocks drawn before are reused."""
        doc = self._doc
        if doc is None or not doc.blocks:
            self._recomputed = []
            return
        first, last = self.visible_blocks()
        self._recomputed = []
        for i in [k for k in self._overlay if not first <= k <= last]:
            del self._overlay[i]
        qdoc = self.document()
        for i in range(first, last + 1):
            if i in self._overlay:
                continue
            self._recomputed.append(i)
            block = doc.blocks[i]
            hls = self._in_range(self._hl_starts, self._hl_sorted, self._max_hl_len, block.start, block.end)
            self._overlay[i] = [self._selection(qdoc, a, b, self._bg_format(covering))
                                for a, b, covering in _segments(hls, block.start, block.end)]
        self._set_extra("highlights", [s for i in sorted(self._overlay) for s in self._overlay[i]])

    def visible_blocks(self) -> tuple[int, int]:
        """First and last block (indexes into the document's blocks) touching the viewport."""
        if self._doc is None or not self._doc.blocks:
            return (0, -1)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = self._doc.block_index_at(self._map.to_offset(self._position_at(0, top)))
        last = self._doc.block_index_at(self._map.to_offset(self._position_at(0, bottom)))
        return first, max(first, last)

    def layout_pending(self) -> bool:
        """True while a long document is still being laid out in the background."""
        return self._layout_driver.active()

    def after_layout(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` from the event loop once the document is laid out."""
        self._layout_driver.when_done(callback)

    def overlay_blocks(self) -> list[int]:
        """Indexes of the blocks whose highlights are drawn now (the ones in view)."""
        return sorted(self._overlay)

    def recomputed_blocks(self) -> list[int]:
        """Blocks the last refresh drew afresh (for tests: an edit stays local)."""
        return list(self._recomputed)

    def painted_colors_at(self, offset: int) -> list[QColor]:
        """Background colours the overlay paints over ``offset`` (empty if none or off screen)."""
        q = self._map.to_qt(offset)
        return [s.format.background().color() for sels in self._overlay.values() for s in sels
                if s.cursor.selectionStart() <= q < s.cursor.selectionEnd()]

    def _position_at(self, x: float, y: float) -> int:
        """Qt position at document coordinates (x, y), from the layout made so far.

        Lazy layout lays blocks out from the top, so the laid-out blocks are a prefix; when
        ``y`` lies below it, the next blocks are laid out (what painting there would do)."""
        qdoc = self.document()
        count = qdoc.blockCount()
        laid = _laid_out_prefix(qdoc)
        lay = qdoc.documentLayout()
        while laid < count:
            tail = qdoc.findBlockByNumber(laid - 1) if laid else None
            if tail is not None and lay.blockBoundingRect(tail).bottom() > y:
                break
            grown = _lay_out_more(qdoc, laid)  # and look again (bounded by the book's length)
            if grown == laid:  # nothing more can be laid out (no viewport yet)
                break
            laid = grown
        lo, hi = 0, max(0, laid - 1)
        while lo < hi:  # last block whose top is at or above y
            mid = (lo + hi + 1) // 2
            if qdoc.findBlockByNumber(mid).layout().position().y() <= y:
                lo = mid
            else:
                hi = mid - 1
        block = qdoc.findBlockByNumber(lo)
        layout = block.layout()
        origin = layout.position()
        for k in range(layout.lineCount()):
            line = layout.lineAt(k)
            if y < origin.y() + line.y() + line.height() or k == layout.lineCount() - 1:
                return block.position() + line.xToCursor(x - origin.x())
        return block.position()

    def _selection(self, qdoc: QTextDocument, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(qdoc)
        self._select(c, start, end)
        sel.cursor = c
        sel.format = fmt
        return sel

    def _select(self, cursor: QTextCursor, start: int, end: int) -> None:
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)

    # -- selection, scrolling, flashing -----------------------------------------
    def selection_offsets(self) -> tuple[int, int] | None:
        c = self.textCursor()
        if not c.hasSelection():
            return None
        a, b = self._map.to_offset(c.selectionStart()), self._map.to_offset(c.selectionEnd())
        if self._doc is not None:
            b = min(b, len(self._doc.text))
        return (a, b) if b > a else None

    def _emit_selection(self) -> None:
        sel = self.selection_offsets()
        if sel:
            self.selectionChangedOffsets.emit(*sel)

    def select_offsets(self, start: int, end: int) -> None:
        self._settle_preview()
        c = QTextCursor(self.document())
        self._select(c, start, end)
        self.setTextCursor(c)

    def offset_at_point(self, point: QPoint) -> int:
        """Canonical offset under a viewport point."""
        self._settle_preview()
        x = point.x() + self.horizontalScrollBar().value()
        y = point.y() + self.verticalScrollBar().value()
        return self._map.to_offset(self._position_at(x, y)) if self._doc is not None else 0

    def top_offset(self) -> int:
        """Canonical offset of the first visible character: the reading position."""
        if self._pending is not None:  # the page on screen is the one jumped to
            return self._pending[0]
        # The start of the first line at the top: a jump puts a line's top TOP_GAP_PX down,
        # so look just below that (above it is the previous block's margin, and reopening
        # a book crept back one line per session).
        return self.offset_at_point(QPoint(0, TOP_GAP_PX + 4))

    def scroll_to_offset(self, offset: int, *, top: bool = False) -> None:
        if self._doc is None:
            return
        offset = max(0, min(offset, len(self._doc.text)))
        self._cancel_preview()  # this jump replaces one still waiting
        if top and self._start_preview(offset):
            return
        self._scroll_to(offset, top)

    def _scroll_to(self, offset: int, top: bool) -> None:
        c = QTextCursor(self.document())
        c.setPosition(self._map.to_qt(offset))
        rect = self.cursorRect(c)  # lays the book out down to the offset
        bar = self.verticalScrollBar()
        if bar.value() + rect.top() > bar.maximum():
            # During lazy layout the scroll range lags behind what is laid out; have the
            # view recompute it now, else setValue() stops short.
            _announce_size(self.document())
        if top:
            bar.setValue(bar.value() + rect.top() - TOP_GAP_PX)
        elif rect.top() < 0 or rect.bottom() > self.viewport().height():
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    # -- a far jump into a long book -------------------------------------------------
    def _start_preview(self, offset: int) -> bool:
        """Show the page at ``offset`` at once, from a copy of a few dozen blocks, when the
        book is not yet laid out down to there (Qt must lay out every line before a
        place to know where it is: 0.6 s at 90% of a 4 MB book). The book goes on being
        laid out in slices; once it reaches the page the view scrolls there and the copy
        goes (``_settle_preview``), as it does at once on the first key, click or wheel."""
        qdoc = self.document()
        if not self._layout_driver.active() or self._doc is None:
            return False
        target = qdoc.findBlock(self._map.to_qt(offset)).blockNumber()
        if target - _laid_out_prefix(qdoc) < PREVIEW_MIN_BLOCKS:
            return False  # near enough to lay out now
        first = max(0, target - 2)
        last, chars = first, 0
        while last < qdoc.blockCount() - 1 and chars < PREVIEW_CHARS:
            chars += qdoc.findBlockByNumber(last).length()
            last += 1
        base = qdoc.findBlockByNumber(first).position()
        end_block = qdoc.findBlockByNumber(last)
        cursor = QTextCursor(qdoc)
        # Inside an edit block a cursor skips its x position, which would otherwise lay
        # the book out down to here (the very wait this avoids). Nothing is edited.
        cursor.beginEditBlock()
        cursor.setPosition(base)
        cursor.setPosition(end_block.position() + end_block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        fragment = cursor.selection()
        cursor.endEditBlock()
        copy = QTextDocument(self)
        copy.setUndoRedoEnabled(False)
        copy.setDocumentMargin(qdoc.documentMargin())
        copy.setDefaultFont(qdoc.defaultFont())
        into = QTextCursor(copy)
        into.beginEditBlock()
        into.insertFragment(fragment)
        head = QTextCursor(copy.firstBlock())  # a fragment does not carry its first block's format
        head.setBlockFormat(qdoc.findBlockByNumber(first).blockFormat())
        self._bake_highlights(into, self._map.to_offset(base), self._map.to_offset(cursor.selectionEnd()), base)
        into.endEditBlock()
        if self._preview is None:
            self._preview = _Preview(self)
        self._preview.show_copy(copy, base)
        self._pending = (offset, target)
        self._place_preview(offset)
        # The scroll bar still shows the top of the book: greyed out, it cannot be dragged
        # from there while the copy shows the page.
        self.verticalScrollBar().setEnabled(False)
        return True

    def _bake_highlights(self, cursor: QTextCursor, a: int, b: int, base: int) -> None:
        """The copy's highlights as character backgrounds (the overlay draws the book's)."""
        hls = self._in_range(self._hl_starts, self._hl_sorted, self._max_hl_len, a, b)
        for s, e, covering in _segments(hls, a, b):
            cursor.setPosition(self._map.to_qt(s) - base)
            cursor.setPosition(self._map.to_qt(e) - base, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._bg_format(covering))

    def _place_preview(self, offset: int) -> None:
        preview = self._preview
        assert preview is not None
        preview.setGeometry(self.viewport().geometry())
        preview.setPalette(self.palette())
        preview.show()  # delivers the resize: the copy is laid out at the pane's width
        preview.raise_()
        preview.document().documentLayout().documentSize()  # and the scroll range follows
        c = QTextCursor(preview.document())
        c.setPosition(self._map.to_qt(offset) - preview.base)
        rect = preview.cursorRect(c)
        bar = preview.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - TOP_GAP_PX)  # where _scroll_to(top=True) puts it

    def _layout_progress(self, laid: int) -> None:
        """The layout driver's report: ``laid`` blocks from the top have a layout."""
        if self._pending is not None and laid > self._pending[1]:
            self._settle_preview()

    def _settle_preview(self) -> None:
        """Scroll the book to the page the copy shows (laying out what is still missing)
        and drop the copy."""
        if self._pending is None:
            return
        offset, _ = self._pending
        self._pending = None
        self._scroll_to(offset, True)
        self._drop_preview()

    def _cancel_preview(self) -> None:
        if self._pending is not None:
            self._pending = None
            self._drop_preview()

    def _drop_preview(self) -> None:
        self.verticalScrollBar().setEnabled(True)
        if self._preview is not None:
            self._preview.hide()

    def preview_shown(self) -> bool:
        """True while a far jump shows its copy and the book is laid out behind it."""
        return self._pending is not None

    def reveal(self, start: int, end: int, *, select: bool = False) -> None:
        """Scroll a span into view and flash it briefly (or keep it selected)."""
        self.scroll_to_offset(start)
        if select:
            self.select_offsets(start, end)
        self.flash(start, end)

    def flash(self, start: int, end: int) -> None:
        self._settle_preview()
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(self.document())
        self._select(c, start, end)
        sel.cursor = c
        sel.format.setBackground(QColor(255, 200, 60, 150))
        self._set_extra("flash", [sel])
        self._flash_timer.start(FLASH_MS)

    def is_flashing(self) -> bool:
        return bool(self._extra.get("flash"))

    def set_search_hits(self, hits: Sequence[tuple[int, int]], current: int = -1, limit: int = 5000) -> None:
        self._settle_preview()
        sels = []
        for i, (s, e) in enumerate(hits[:limit]):
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(self.document())
            self._select(c, s, e)
            sel.cursor = c
            sel.format.setBackground(QColor("#ff9632") if i == current else QColor(255, 150, 50, 90))
            sels.append(sel)
        self._set_extra("search", sels)

    def _set_extra(self, layer: str, sels: list[QTextEdit.ExtraSelection]) -> None:
        self._extra[layer] = sels
        self.setExtraSelections([s for layer_sels in self._extra.values() for s in layer_sels])

    # -- events ----------------------------------------------------------------------
    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` from the event loop once the text has been painted."""
        self._after_paint.append(callback)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self._painted()

    def _painted(self) -> None:
        if self._after_paint:
            callbacks, self._after_paint = self._after_paint, []
            for cb in callbacks:
                QTimer.singleShot(0, self, cb)  # not after the view is gone

    def keyPressEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._settle_preview()  # keys act on the real page
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and self._tooltip is not None:
            offset = self.offset_at_point(event.pos())
            for mark in self.marks_at(offset):
                text = self._tooltip(mark)
                if text:
                    QToolTip.showText(event.globalPos(), text, self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.BackButton:
            self.backRequested.emit()
            return
        if event.button() == Qt.MouseButton.ForwardButton:
            self.forwardRequested.emit()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.offsetClicked.emit(self.offset_at_point(event.position().toPoint()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_margins()
        self._refresh_overlay()
        if self._pending is not None and self._preview is not None:
            self._place_preview(self._pending[0])

    def _update_margins(self) -> None:
        # A comfortable line length: a centred column of ~70 characters at any width.
        column = int(TEXT_COLUMN_PX * (1 + self._zoom / 14))
        side = max(0, (self.width() - column) // 2)
        self.setViewportMargins(side, 0, side, 0)
        if self._doc is not None:  # a new width or size lays the whole text out again
            self._layout_driver.start(self.document())


def _announce_size(qdoc: QTextDocument) -> None:
    """Make the view recompute its scroll range from the layout made so far.

    QTextEdit answers ``documentSizeChanged`` by extrapolating the laid-out height (the
    size passed is not used); ``documentSize()`` itself would lay the whole book out, so
    the size sent is that of the laid-out part."""
    laid = _laid_out_prefix(qdoc)
    lay = qdoc.documentLayout()
    bottom = lay.blockBoundingRect(qdoc.findBlockByNumber(laid - 1)).bottom() if laid else 0.0
    lay.documentSizeChanged.emit(QSizeF(qdoc.textWidth(), bottom))


def _lay_out_more(qdoc: QTextDocument, laid: int) -> int:
    """Lay out the next few dozen blocks after the ``laid`` first; the new prefix length."""
    qdoc.documentLayout().blockBoundingRect(qdoc.findBlockByNumber(min(qdoc.blockCount(), laid + 64) - 1))
    return _laid_out_prefix(qdoc, laid)


def _laid_out_prefix(qdoc: QTextDocument, known: int = 0) -> int:
    """How many blocks from the top have a layout (lazy layout works down the book)."""
    lo, hi = known, qdoc.blockCount()
    while lo < hi:
        mid = (lo + hi) // 2
        if qdoc.findBlockByNumber(mid).layout().lineCount() > 0:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _segments(hls: Sequence[Highlight], a: int, b: int) -> list[tuple[int, int, list[Highlight]]]:
    """Split [a, b) at highlight boundaries (a sweep, O(n log n)); each piece lists the
    highlights covering it."""
    events: list[tuple[int, int, int]] = []
    for i, h in enumerate(hls):
        s, e = max(a, h.start), min(b, h.end)
        if e > s:
            events.append((s, 1, i))
            events.append((e, -1, i))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[tuple[int, int, list[Highlight]]] = []
    active: dict[int, Highlight] = {}
    prev = None
    for pos, kind, i in events:
        if prev is not None and pos > prev and active:
            out.append((prev, pos, list(active.values())))
        if kind == 1:
            active[i] = hls[i]
        else:
            active.pop(i, None)
        prev = pos
    return out


class _LayoutDriver(QObject):
    """Lays a long document out in slices of a few ms between events.

    Qt lays out what it has not shown yet on a timer whose step doubles up to 200,000
    characters: 80-90 ms stalls, one after another for two seconds after opening a 4 MB
    book. While a long document is being laid out, this object eats the timer events of
    its QTextDocumentLayout (only its lazy-layout and size timers fire there) and does
    the same work itself, ``SLICE_S`` at a time, telling the view the new size each
    time so the scroll bar grows as Qt's would. Painting, scrolling and cursor queries
    still lay out whatever they need at once; when the last block is laid out Qt stops
    its timer itself and the filter goes away.
    """

    MIN_BLOCKS = 2000  # shorter documents are laid out by Qt in one go
    # A slice per event-loop turn, sometimes two: with a page repaint (about 4 ms) a turn
    # stays within a 16 ms frame while the user scrolls a book still being laid out.
    SLICE_S = 0.004

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self._view = view
        self._qdoc: QTextDocument | None = None
        self._layout: QObject | None = None
        self._laid = 0
        self.ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._when_done: list[Callable[[], None]] = []

    def when_done(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this document is laid out (at once when it already is)."""
        if self.active():
            self._when_done.append(callback)
        else:
            QTimer.singleShot(0, self, callback)

    def start(self, qdoc: QTextDocument) -> None:
        self.stop()
        if qdoc.blockCount() < self.MIN_BLOCKS:
            self._finished()
            return
        self._qdoc, self._layout, self._laid, self.ticks = qdoc, qdoc.documentLayout(), 0, 0
        self._layout.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._layout is not None and self._view.document() is self._qdoc:
            self._layout.removeEventFilter(self)
        self._qdoc = self._layout = None

    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        return obj is self._layout and event.type() == QEvent.Type.Timer

    def _tick(self) -> None:
        qdoc = self._qdoc
        if qdoc is None or self._view.document() is not qdoc:
            self.stop()
            return
        self.ticks += 1
        count = qdoc.blockCount()
        laid = _laid_out_prefix(qdoc, min(self._laid, count))
        t0 = time.perf_counter()
        start = laid
        while laid < count and time.perf_counter() - t0 < self.SLICE_S:
            laid = _lay_out_more(qdoc, laid)
        self._laid = laid
        self._view._layout_progress(laid)
        if laid == start and laid < count:  # no progress (nothing to lay out against): let Qt do it
            self.stop()
            self._finished()
            return
        _announce_size(qdoc)  # the scroll range follows
        if laid >= count:
            self.stop()
            self._finished()

    def _finished(self) -> None:
        """Run what waited for the layout (callers check it is still their document)."""
        self._view._settle_preview()  # laid out (or left to Qt): a jump waits no longer
        callbacks, self._when_done = self._when_done, []
        for cb in callbacks:
            QTimer.singleShot(0, self, cb)


class _Preview(QTextBrowser):
    """The copy a far jump shows over the reading pane's viewport while the book is laid
    out behind it: the same width, fonts, formats and highlights, no interaction. The
    first key, click or wheel turn settles the jump and goes on to the real pane."""

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self._view = view
        self.base = 0  # the Qt position in the book of the copy's first character
        self.setObjectName("readingPreview")
        self.setAccessibleName("Reading pane")  # what it shows is the pane's page
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if view._first_paint is not None:
            self.viewport().installEventFilter(view._first_paint)

    def show_copy(self, copy: QTextDocument, base: int) -> None:
        old = self.document()
        mine = old.parent() is self  # an earlier copy (Qt deletes only documents it made)
        copy.setParent(self)
        self.setDocument(copy)
        if mine:
            old.deleteLater()
        self.base = base

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self._view._painted()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        # A press, double click or wheel turn settles the jump and goes on to the book; so
        # does the rest of a drag begun here (Qt sends it here even once this is hidden).
        # Hovering does not settle anything.
        dragging = kind == QEvent.Type.MouseMove and event.buttons() != Qt.MouseButton.NoButton
        if kind in _FORWARDED_EVENTS or dragging:
            self._view._settle_preview()  # hides this copy
            QApplication.sendEvent(self._view.viewport(), event.clone())
            return True
        return super().viewportEvent(event)


_FORWARDED_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                               QEvent.Type.MouseButtonRelease, QEvent.Type.Wheel, QEvent.Type.ContextMenu})


class _FirstPaintProbe(QObject):
    """Benchmark hook (``READER_BENCH_FIRST_PAINT=1``): print the wall-clock time of the
    first paint of a document to stderr; with ``=exit``, quit right after. Installed only
    when the variable is set, so normal runs pay nothing."""

    def __init__(self, view: ReadingView) -> None:
        super().__init__(view)
        self._view = view
        self._seen = False  # watching the pane's viewport and a far jump's copy: once

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._view.current_document is not None and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._report)  # after this paint has been drawn
        return False

    def _report(self) -> None:
        import resource

        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        print(f"READER_FIRST_PAINT {time.time():.6f} {rss_mb:.0f}", file=sys.stderr, flush=True)
        if os.environ.get("READER_BENCH_FIRST_PAINT") == "exit":
            QApplication.instance().quit()
