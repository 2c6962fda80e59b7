"""The reading pane: one document, typeset once, with marks and highlights as char formats.

Rendering is incremental: a highlight change re-formats only the blocks it touches, so
editing one note on a 4 MB book costs one small edit block, not a full re-layout. Text is
inserted with ``QTextCursor.insertText`` (never HTML), and resources are refused, so
nothing in the corpus or in a note can load a file or reach the network.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
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
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from ..core.document import Block, Document
from ..core.model import Highlight

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


class PositionMap:
    """Python offsets are code points; QTextDocument positions are UTF-16 units."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if text and max(text) > "\uffff" else []

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
        self._hl_starts: list[int] = []
        self._max_hl_len = 0
        self._tooltip: Callable[[SpanMark], str] | None = None
        self._extra: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._base_size = 12.0
        self._zoom = 0
        self._paper = QColor("#fbfaf7")
        self.selectionChanged.connect(self._emit_selection)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self._set_extra("flash", []))

    # -- safety -----------------------------------------------------------------
    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        """Refuse every resource: corpus and notes may never load files or reach the network."""
        return None

    def toPlainText(self) -> str:  # noqa: N802 - Qt override
        # Qt's own toPlainText turns non-breaking spaces into spaces; the canonical text
        # keeps them, so return the raw characters with only block breaks converted.
        return self.document().toRawText().replace("\u2029", "\n")

    # -- document -----------------------------------------------------------------
    @property
    def current_document(self) -> Document | None:
        return self._doc

    def set_paper(self, paper: QColor, ink: QColor) -> None:
        self._paper = paper
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, paper)
        pal.setColor(QPalette.ColorRole.Text, ink)
        self.setPalette(pal)
        if self._doc is not None:
            self._reformat_range(0, len(self._doc.text))

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
        font = self.document().defaultFont()
        font.setPointSizeF(max(6.0, self._base_size + self._zoom))
        self.document().setDefaultFont(font)
        self._update_margins()

    def show_document(
        self,
        doc: Document,
        marks: Iterable[SpanMark],
        highlights: Iterable[Highlight],
        tooltip: Callable[[SpanMark], str] | None = None,
    ) -> None:
        """Typeset ``doc`` once; marks and highlights become char formats on top."""
        self._doc = doc
        self._map = PositionMap(doc.text)
        self._tooltip = tooltip
        self._extra.clear()
        self.setExtraSelections([])
        self._set_marks(marks)
        self._set_highlight_index(highlights)
        qdoc = QTextDocument(self)
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDocumentMargin(28)
        qdoc.setDefaultFont(self.document().defaultFont())
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        for i, block in enumerate(doc.blocks):
            fmt, char = self._block_formats(block)
            if i == 0:
                cursor.setBlockFormat(fmt)
                cursor.setBlockCharFormat(char)
            else:
                cursor.insertBlock(fmt, char)
            cursor.insertText(block.text, char if block.kind != "paragraph" else plain)
        cursor.endEditBlock()
        self.setDocument(qdoc)  # the old document is deleted by Qt if we owned it
        self._reformat_range(0, len(doc.text), fresh=True)
        self.verticalScrollBar().setValue(0)

    def _block_formats(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
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
        self._hl_sorted = sorted(self._highlights.values(), key=lambda h: (h.start, h.end))
        self._hl_starts = [h.start for h in self._hl_sorted]
        self._max_hl_len = max((h.end - h.start for h in self._hl_sorted), default=0)

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
        """Re-format only the blocks the changed or removed highlights touch."""
        if self._doc is None:
            return
        ranges: list[tuple[int, int]] = []
        for hid in removed_ids:
            old = self._highlights.pop(hid, None)
            if old is not None:
                ranges.append((old.start, old.end))
        for h in changed:
            old = self._highlights.get(h.id)
            if old is not None:
                ranges.append((old.start, old.end))
            self._highlights[h.id] = h
            ranges.append((h.start, h.end))
        self._reindex_highlights()
        for a, b in ranges:
            self._reformat_range(a, b)

    def highlight_count(self) -> int:
        return len(self._highlights)

    def _reformat_range(self, a: int, b: int, fresh: bool = False) -> None:
        """Reset char formats of the blocks covering [a, b) and re-apply marks and highlights."""
        doc = self._doc
        if doc is None or not doc.blocks:
            return
        first = doc.block_index_at(max(0, a))
        last = doc.block_index_at(max(a, b - 1))
        a, b = doc.blocks[first].start, doc.blocks[last].end
        qdoc = self.document()
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()
        if not fresh:
            for i in range(first, last + 1):
                block = doc.blocks[i]
                _fmt, char = self._block_formats(block)
                self._select(cursor, block.start, block.end)
                cursor.setCharFormat(char)
        for m in sorted(self._in_range(self._mark_starts, self._marks, self._max_mark_len, a, b),
                        key=lambda m: MARK_PRIORITY.get(m.kind, 0)):
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(MARK_STYLES.get(m.kind, QTextCharFormat.UnderlineStyle.SingleUnderline))
            fmt.setUnderlineColor(QColor(MARK_COLORS.get(m.kind, "#888888")))
            self._select(cursor, max(m.start, a), min(m.end, b))
            cursor.mergeCharFormat(fmt)
        hls = self._in_range(self._hl_starts, self._hl_sorted, self._max_hl_len, a, b)
        for seg_start, seg_end, covering in _segments(hls, a, b):
            fmt = QTextCharFormat()
            fmt.setBackground(multiply([tint(h.color, self._paper) for h in covering]))
            self._select(cursor, seg_start, seg_end)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

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
        c = QTextCursor(self.document())
        self._select(c, start, end)
        self.setTextCursor(c)

    def offset_at_point(self, point: QPoint) -> int:
        return self._map.to_offset(self.cursorForPosition(point).position())

    def top_offset(self) -> int:
        """Canonical offset of the first visible character: the reading position."""
        return self.offset_at_point(QPoint(self.viewport().width() // 2, 4))

    def scroll_to_offset(self, offset: int, *, top: bool = False) -> None:
        if self._doc is None:
            return
        offset = max(0, min(offset, len(self._doc.text)))
        c = QTextCursor(self.document())
        c.setPosition(self._map.to_qt(offset))
        rect = self.cursorRect(c)
        bar = self.verticalScrollBar()
        if top:
            bar.setValue(bar.value() + rect.top() - 8)
        elif rect.top() < 0 or rect.bottom() > self.viewport().height():
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def reveal(self, start: int, end: int, *, select: bool = False) -> None:
        """Scroll a span into view and flash it briefly (or keep it selected)."""
        self.scroll_to_offset(start)
        if select:
            self.select_offsets(start, end)
        self.flash(start, end)

    def flash(self, start: int, end: int) -> None:
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

    def _update_margins(self) -> None:
        # A comfortable line length: a centred column of ~70 characters at any width.
        column = int(TEXT_COLUMN_PX * (1 + self._zoom / 14))
        side = max(0, (self.width() - column) // 2)
        self.setViewportMargins(side, 0, side, 0)


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
