"""The reading pane: one document, typeset once; highlights drawn only where the reader looks.

Opening typesets a detached QTextDocument in one edit block (``BlockFormats.typeset``, marks
as char formats) before the view sees it; Qt lays out what is visible, ``LayoutDriver`` the
rest. Highlights are never char formats (``HighlightOverlay``). Positions come from the
layout made so far (``position_at``), never ``cursorForPosition``, which forces the whole
layout. Text is inserted as text (never HTML) and resources are refused, so nothing in the
corpus or a note can load a file or reach the network.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from ..core.document import Document
from ..core.model import Highlight
from ..core.reading_settings import ReadingSettings
from .highlight_overlay import HighlightOverlay
from .inline_styles import apply_styles
from .layout_driver import TOP_GAP_PX, LayoutDriver, announce_size, laid_out_prefix, position_at
from .marks import MarkMode, SpanMark, active_marks, apply_marks, drawn_marks
from .note_marks import NoteMarks
from .offset_map import PositionMap
from .span_index import SpanIndex
from .theme import LIGHT_READING, is_dark, reading_colors
from .typography import BlockFormats
from .widgets import excerpt, refused_resource, tooltip_html

__all__ = ["MarkMode", "PositionMap", "ReadingView", "SpanMark"]

FLASH_MS = 900
# A jump this many blocks beyond the laid-out part of a long book shows a copy of the page
# first (about 0.2 s of layout: a 4 MB book has 31,000 blocks); the copy holds this much.
PREVIEW_MIN_BLOCKS = 2000
PREVIEW_CHARS = 12_000


class ReadingView(QTextBrowser):
    """``readingView``: read-only, ``toPlainText()`` is the canonical text."""

    offsetClicked = Signal(int)  # a click without a selection, at this canonical offset
    selectionChangedOffsets = Signal(int, int)
    backRequested = Signal()
    forwardRequested = Signal()
    contextRequested = Signal(QPoint)
    progressChanged = Signal(int, str)  # percent read (to the bottom of the page), current section

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.setAccessibleName(self.tr("Reading pane"))
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        flags = Qt.TextInteractionFlag
        self.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.contextRequested)
        self._settings = ReadingSettings()
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(self._settings.margin)
        self._doc: Document | None = None
        self._map = PositionMap("")
        self._all_marks: list[SpanMark] = []  # every mark of the document, shown or not
        self._marks: SpanIndex[SpanMark] = SpanIndex()  # those answering hover and clicks
        self._mark_mode = MarkMode(self._settings.marks)
        self._search: tuple[list[tuple[int, int]], int, int] | None = None
        self._note_marks = NoteMarks()  # drawn by the last paint
        self._tooltip: Callable[[SpanMark], str] | None = None
        self._colors = LIGHT_READING
        self.overlay = HighlightOverlay(QColor(self._colors.paper))
        # Layers of extra selections, painted in this order (highlights under search and flash).
        self._extra: dict[str, list[QTextEdit.ExtraSelection]] = {"highlights": []}
        self._after_paint: list[Callable[[], None]] = []
        self._layout_driver = LayoutDriver(self.document, self)
        self._layout_driver.progressed.connect(self._layout_progress)
        self._layout_driver.finished.connect(self._settle_preview)  # a jump waits no longer
        self._preview: QTextBrowser | None = None  # a far jump's PagePreview (see _start_preview)
        self._pending: tuple[int, int] | None = None  # the offset and block that jump waits for
        self._block_formats = BlockFormats(QColor(self._colors.caption), self._settings.line_spacing)
        self._base_font = QFont()
        self._base_size = 12.0
        self._sections: tuple[list[int], list[str]] = ([], [])  # heading starts and texts
        self._progress: tuple[int, str] | None = None
        self._zoom = 0
        self.selectionChanged.connect(self._emit_selection)
        self.verticalScrollBar().valueChanged.connect(self._refresh_overlay)
        self.verticalScrollBar().valueChanged.connect(self._report_progress)
        self._flash_timer = QTimer(self, singleShot=True, timeout=lambda: self._set_extra("flash", []))

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

    @property
    def positions(self) -> PositionMap:
        """The open document's offset map (canonical offsets <-> Qt positions)."""
        return self._map

    def set_paper(self, paper: QColor, ink: QColor) -> None:
        """The theme's paper and ink; highlight tints, captions and search colours follow."""
        self._settle_preview()
        self._colors = reading_colors(is_dark(paper))
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, paper)
        pal.setColor(QPalette.ColorRole.Text, ink)
        self.setPalette(pal)
        self.overlay.set_paper(paper, self._colors.tint_strength)
        if self._block_formats.set_caption_color(QColor(self._colors.caption)):
            self._retypeset()
        self._refresh_overlay()
        if self._search is not None:
            self.set_search_hits(*self._search)

    def set_base_font(self, font: QFont) -> None:
        """The bundled reading font (its families stay as fallbacks behind a chosen family)."""
        self._base_font = QFont(font)
        self._base_size = font.pointSizeF()
        self.document().setDefaultFont(font)
        self._apply_zoom()

    def set_reading_settings(self, settings: ReadingSettings) -> None:
        """Font family and size, line spacing, margin, text width and the editorial-mark mode."""
        old, self._settings = self._settings, settings
        font = QFont(self._base_font)
        if settings.font_family:
            font.setFamilies([settings.font_family, *self._base_font.families()])
        self._base_size = settings.font_size
        self.document().setDefaultFont(font)
        mode = MarkMode(settings.marks)
        retypeset = self._block_formats.set_line_spacing(settings.line_spacing)
        retypeset = retypeset or settings.margin != old.margin or mode is not self._mark_mode
        self._mark_mode = mode
        self.document().setDocumentMargin(settings.margin)
        if retypeset:
            self._retypeset()
        self._apply_zoom()

    def reading_settings(self) -> ReadingSettings:
        return replace(self._settings, marks=self._mark_mode.value)

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
        self._search = None
        self.setExtraSelections([])
        self._all_marks = list(marks)
        self._marks.reset(active_marks(self._all_marks, self._mark_mode))
        self.overlay.reset(highlights, self._map)
        qdoc = QTextDocument(self)
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDocumentMargin(self._settings.margin)
        font = self.document().defaultFont()
        # A long book is typeset without kerning: shaping every line costs a third of
        # laying out a 4 MB text, which a reader waits for when reopening near its end
        # (KOReader makes the same trade with its "fast" kerning mode). Short texts keep it.
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping if len(doc.blocks) >= LayoutDriver.MIN_BLOCKS
                              else QFont.StyleStrategy.PreferDefault)
        qdoc.setDefaultFont(font)
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()
        self._block_formats.typeset(cursor, doc.blocks)
        apply_styles(cursor, doc.blocks, self._map)
        sections = [b.start for b in doc.headings()]
        apply_marks(cursor, drawn_marks(self._all_marks, self._mark_mode, sections), self._map)
        cursor.endEditBlock()
        self.setDocument(qdoc)  # the old document is deleted by Qt if we owned it
        heads = doc.headings()
        self._sections = ([b.start for b in heads], [b.text for b in heads])
        self._progress = None
        self.verticalScrollBar().setValue(0)
        self._layout_driver.start(qdoc)
        self._refresh_overlay()
        self._report_progress()

    # -- reading progress ---------------------------------------------------------
    def reading_progress(self) -> tuple[int, str]:
        """Percent read (the text down to the bottom of the page) and the current section's heading."""
        doc = self._doc
        if doc is None or not doc.text:
            return (0, "")
        top = self.top_offset()
        if self._pending is not None:
            bottom = top
        else:
            bar = self.verticalScrollBar()
            at_end = bar.value() >= bar.maximum() and not self.layout_pending()
            bottom = len(doc.text) if at_end else self.offset_at_point(QPoint(0, self.viewport().height() - 1))
        starts, titles = self._sections
        i = bisect.bisect_right(starts, top) - 1
        return (min(100, round(100 * bottom / len(doc.text))), titles[i] if i >= 0 else "")

    def _report_progress(self, *_args: object) -> None:
        progress = self.reading_progress()
        if progress != self._progress:
            self._progress = progress
            self.progressChanged.emit(*progress)

    # -- marks and highlights ------------------------------------------------------
    def set_editorial_marks(self, mode: MarkMode | str) -> None:
        """Underline all editorial marks, a term's first occurrence per section (the rest
        answer on hover), glossary terms only, or none; the document is typeset again in
        place (marks are char formats)."""
        mode = MarkMode(mode)
        if mode is self._mark_mode:
            return
        self._mark_mode = mode
        self._settings = replace(self._settings, marks=mode.value)
        self._retypeset()

    def _retypeset(self) -> None:
        """Typeset the open document again (marks or formats changed), keeping the place."""
        doc = self._doc
        if doc is None:
            return
        top, search = self.top_offset(), self._search
        self.show_document(doc, self._all_marks, self.overlay.highlights(), self._tooltip)
        self.scroll_to_offset(top, top=True)
        if search is not None:
            self.set_search_hits(*search)

    def editorial_marks(self) -> MarkMode:
        return self._mark_mode

    def marks_at(self, offset: int) -> list[SpanMark]:
        """Marks containing ``offset``, smallest (most specific) first."""
        return self._marks.at(offset)

    def highlights_at(self, offset: int) -> list[Highlight]:
        return self.overlay.at(offset)

    def update_highlights(self, changed: Iterable[Highlight], removed_ids: Iterable[str] = ()) -> None:
        """Index the changed or removed highlights and redraw only the visible blocks they
        touch (a note or tag edit changes nothing visible and redraws nothing)."""
        if self._doc is None:
            return
        self._settle_preview()  # the copy on screen has the old highlights baked in
        ranges = self.overlay.update(changed, removed_ids)
        if ranges:
            self.overlay.drop(self._doc, ranges)
            self._refresh_overlay()

    def highlight_count(self) -> int:
        return self.overlay.count()

    def shown_highlight_ids(self) -> list[str]:
        return self.overlay.ids()

    def highlight_background(self, covering: Sequence[Highlight]) -> QColor:
        """The colour the pane paints under text these highlights cover."""
        return self.overlay.format_for(covering).background().color()

    # -- the overlay: highlights of the blocks on screen ---------------------------
    def _refresh_overlay(self, *_args: object) -> None:
        """Draw the highlights of the blocks in view; blocks drawn before are reused."""
        doc = self._doc
        if doc is None or not doc.blocks:
            return
        first, last = self.visible_blocks()
        self._set_extra("highlights", self.overlay.draw(self.document(), doc, first, last))

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
        return self.overlay.drawn_blocks()

    def _position_at(self, x: float, y: float) -> int:
        return position_at(self.document(), x, y)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        c = QTextCursor(self.document())
        self._map.select(c, start, end)
        return c

    def _selection(self, start: int, end: int, color: str) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = self._cursor(start, end)
        sel.format.setBackground(QColor(color))
        return sel

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
        self.setTextCursor(self._cursor(start, end))

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
            announce_size(self.document())
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
        if target - laid_out_prefix(qdoc) < PREVIEW_MIN_BLOCKS:
            return False  # near enough to lay out now
        from .page_preview import PagePreview, page_copy  # only a far jump needs it

        copy, base = page_copy(qdoc, max(0, target - 2), PREVIEW_CHARS, self, self._bake_highlights)
        if self._preview is None:
            self._preview = PagePreview(self.viewport(), self)
            self._preview.settleRequested.connect(self._settle_preview)
            self._preview.painted.connect(self._painted)
        self._preview.show_copy(copy, base)
        self._pending = (offset, target)
        self._preview.place(self.viewport().geometry(), self.palette(), self._map.to_qt(offset))
        # The scroll bar still shows the top of the book: greyed out, it cannot be dragged
        # from there while the copy shows the page.
        self.verticalScrollBar().setEnabled(False)
        return True

    def _bake_highlights(self, cursor: QTextCursor, base: int, end: int) -> None:
        """The copy's highlights as character backgrounds (the overlay draws the book's)."""
        self.overlay.bake(cursor, self._map.to_offset(base), self._map.to_offset(end), base)

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
        self._set_extra("flash", [self._selection(start, end, self._colors.flash)])
        self._flash_timer.start(FLASH_MS)

    def is_flashing(self) -> bool:
        return bool(self._extra.get("flash"))

    def set_search_hits(self, hits: Sequence[tuple[int, int]], current: int = -1, limit: int = 5000) -> None:
        self._settle_preview()
        self._search = (list(hits), current, limit) if hits else None
        colors = self._colors
        self._set_extra("search", [self._selection(s, e, colors.search_current if i == current else colors.search_hit)
                                   for i, (s, e) in enumerate(hits[:limit])])

    def _set_extra(self, layer: str, sels: list[QTextEdit.ExtraSelection]) -> None:
        self._extra[layer] = sels
        self.setExtraSelections([s for layer_sels in self._extra.values() for s in layer_sels])

    # -- events ----------------------------------------------------------------------
    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` from the event loop once the text has been painted."""
        self._after_paint.append(callback)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self._paint_note_marks()
        self._painted()

    def _paint_note_marks(self) -> None:
        """A small corner mark after each highlight with a note on screen (drawn, never
        inserted: the text stays the canonical text)."""
        doc = self._doc
        if doc is None or not doc.blocks or self._pending is not None:
            self._note_marks.clear()
            return
        first, last = self.visible_blocks()
        noted = [h for h in self.overlay.meeting(doc.blocks[first].start, doc.blocks[last].end + 1) if h.note]
        c = QTextCursor(self.document())

        def corner(h: Highlight) -> QRect:
            c.setPosition(self._map.to_qt(h.end))
            return self.cursorRect(c)

        self._note_marks.paint(self.viewport(), noted, corner, QFontMetrics(self.document().defaultFont()).height())

    def note_marks(self) -> list[tuple[QRect, str]]:
        """The note markers on screen: viewport rectangle and highlight id."""
        return self._note_marks.shown()

    def tooltip_at(self, point: QPoint) -> str:
        """The tooltip at a viewport point: the note of a highlight (its marker or its
        text), then the editorial mark's description (rich text built from escaped text)."""
        marked = self._note_marks.at(point)
        if marked is not None:
            return tooltip_html(excerpt(marked.note, 600))
        offset = self.offset_at_point(point)
        parts = [tooltip_html(excerpt(h.note, 600)) for h in self.highlights_at(offset)[:1] if h.note]
        if self._tooltip is not None:
            for mark in self.marks_at(offset):
                text = self._tooltip(mark)
                if text:
                    parts.append(text)
                    break
        return "".join(parts)

    def _painted(self) -> None:
        if self._after_paint:
            callbacks, self._after_paint = self._after_paint, []
            for cb in callbacks:
                QTimer.singleShot(0, self, cb)  # not after the view is gone

    def keyPressEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._settle_preview()  # keys act on the real page
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
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
        self._report_progress()
        if self._pending is not None and self._preview is not None:
            self._preview.place(self.viewport().geometry(), self.palette(), self._map.to_qt(self._pending[0]))

    def _update_margins(self) -> None:
        # A comfortable line length: a centred column of ~70 characters at any width.
        column = int(self._settings.text_width * (1 + self._zoom / 14))
        side = max(0, (self.width() - column) // 2)
        self.setViewportMargins(side, 0, side, 0)
        if self._doc is not None:  # a new width or size lays the whole text out again
            self._layout_driver.start(self.document())
