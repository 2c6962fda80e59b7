"""Lays a long document out in slices of a few ms between events, instead of Qt's long stalls."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSizeF, QTimer, Signal
from PySide6.QtGui import QTextDocument

from .steps import turn_budget

TOP_GAP_PX = 8  # a jump to a place puts its line this far below the top edge


def announce_size(qdoc: QTextDocument) -> None:
    """Make the view recompute its scroll range from the layout made so far.

    QTextEdit answers ``documentSizeChanged`` by extrapolating the laid-out height (the
    size passed is not used); ``documentSize()`` itself would lay the whole book out, so
    the size sent is that of the laid-out part."""
    laid = laid_out_prefix(qdoc)
    lay = qdoc.documentLayout()
    bottom = lay.blockBoundingRect(qdoc.findBlockByNumber(laid - 1)).bottom() if laid else 0.0
    lay.documentSizeChanged.emit(QSizeF(qdoc.textWidth(), bottom))


def lay_out_more(qdoc: QTextDocument, laid: int) -> int:
    """Lay out the next few dozen blocks after the ``laid`` first; the new prefix length."""
    qdoc.documentLayout().blockBoundingRect(qdoc.findBlockByNumber(min(qdoc.blockCount(), laid + 64) - 1))
    return laid_out_prefix(qdoc, laid)


def laid_out_prefix(qdoc: QTextDocument, known: int = 0) -> int:
    """How many blocks from the top have a layout (lazy layout works down the book)."""
    lo, hi = known, qdoc.blockCount()
    while lo < hi:
        mid = (lo + hi) // 2
        if qdoc.findBlockByNumber(mid).layout().lineCount() > 0:
            lo = mid + 1
        else:
            hi = mid
    return lo


def position_at(qdoc: QTextDocument, x: float, y: float) -> int:
    """Qt position at document coordinates (x, y), from the layout made so far.

    Lazy layout lays blocks out from the top, so the laid-out blocks are a prefix; when
    ``y`` lies below it, the next blocks are laid out (what painting there would do)."""
    count = qdoc.blockCount()
    laid = laid_out_prefix(qdoc)
    lay = qdoc.documentLayout()
    while laid < count:
        tail = qdoc.findBlockByNumber(laid - 1) if laid else None
        if tail is not None and lay.blockBoundingRect(tail).bottom() > y:
            break
        grown = lay_out_more(qdoc, laid)  # and look again (bounded by the book's length)
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


class LayoutDriver(QObject):
    """Lays a long document out in slices of a few ms between events.

    Qt lays out what it has not shown yet on a timer whose step doubles up to 200,000
    characters: 80-90 ms stalls, one after another for two seconds after opening a 4 MB
    book. While a long document is being laid out, this object eats the timer events of
    its QTextDocumentLayout (only its lazy-layout and size timers fire there) and does
    the same work itself, ``SLICE_S`` at a time, announcing the new size each time so the
    scroll bar grows as Qt's would. Painting, scrolling and cursor queries still lay out
    whatever they need at once; when the last block is laid out Qt stops its timer itself
    and the filter goes away.
    """

    MIN_BLOCKS = 2000  # shorter documents are laid out by Qt in one go
    # A slice per event-loop turn, sometimes two: with a page repaint (about 4 ms) a turn
    # stays within a 16 ms frame while the user scrolls a book still being laid out.
    SLICE_S = 0.004

    progressed = Signal(int)  # this many blocks from the top have a layout
    finished = Signal()  # laid out, or left to Qt: whatever waited for the layout may go on

    def __init__(self, shown: Callable[[], QTextDocument], parent: QObject | None = None) -> None:
        """``shown`` answers the document the view shows now (a replaced one is dropped)."""
        super().__init__(parent)
        self._shown = shown
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
        if self._layout is not None and self._shown() is self._qdoc:
            self._layout.removeEventFilter(self)
        self._qdoc = self._layout = None

    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        return obj is self._layout and event.type() == QEvent.Type.Timer

    def _tick(self) -> None:
        qdoc = self._qdoc
        if qdoc is None or self._shown() is not qdoc:
            self.stop()
            return
        budget = min(self.SLICE_S, turn_budget().left())
        if budget <= 0:  # the turn is spent (a list fill, a paint): the next turn goes on
            return
        self.ticks += 1
        count = qdoc.blockCount()
        laid = laid_out_prefix(qdoc, min(self._laid, count))
        t0 = time.perf_counter()
        start = laid
        while laid < count and time.perf_counter() - t0 < budget:
            laid = lay_out_more(qdoc, laid)
        self._laid = laid
        self.progressed.emit(laid)
        if laid == start and laid < count:  # no progress (nothing to lay out against): let Qt do it
            self.stop()
            self._finished()
            return
        announce_size(qdoc)  # the scroll range follows
        if laid >= count:
            self.stop()
            self._finished()

    def _finished(self) -> None:
        """Run what waited for the layout (callers check it is still their document)."""
        self.finished.emit()
        callbacks, self._when_done = self._when_done, []
        for cb in callbacks:
            QTimer.singleShot(0, self, cb)
