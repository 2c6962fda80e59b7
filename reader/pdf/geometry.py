"""Geometry questions about the typeset edition, asked up front and answered one chunk at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .layout import Typesetter
from .styles import LineRect

RectsCallback = Callable[[list[LineRect]], None]
CaretCallback = Callable[[LineRect | None], None]


@dataclass
class Span:
    """The line rectangles of a span, filled in as the chunks it crosses are answered."""

    rects: list[LineRect] = field(default_factory=list)


@dataclass
class _Ask:
    kind: str  # "rects", "caret" or "point"
    start: int
    end: int = 0
    span: Span | None = None
    each: RectsCallback | None = None
    caret: CaretCallback | None = None


class Questions:
    """What the annotations and the painting need to know about the layout.

    Asked while the edition is planned, answered chunk by chunk just before the chunk's
    pages are painted (:meth:`answer_through`), so each chunk is laid out once more for
    painting and never all of them at once; in each chunk in the order asked, so the
    tints, marks and records come out in the same order as when asked one by one.
    :meth:`then` callbacks run, in order, once every chunk is answered (:meth:`finish`).
    """

    def __init__(self, ts: Typesetter):
        self.ts = ts
        self._asks: dict[int, list[_Ask]] = {}
        self._points: dict[int, tuple[int, float]] = {}
        self._later: list[Callable[[], None]] = []
        self._next_chunk = 0
        self.asked = 0

    def rects(self, p0: int, p1: int, each: RectsCallback | None = None) -> Span:
        """The lines of global positions [p0, p1); ``each`` gets each chunk's part of them."""
        span = Span()
        self.asked += 1
        while p1 > p0:
            i = self.ts.chunk_index(p0)
            chunk = self.ts.chunks[i]
            end = min(p1, chunk.base + chunk.doc.characterCount())
            if end <= p0:
                break
            self._asks.setdefault(i, []).append(_Ask("rects", p0, end, span=span, each=each))
            p0 = end
        return span

    def caret(self, pos: int, then: CaretCallback) -> None:
        self._asks.setdefault(self.ts.chunk_index(pos), []).append(_Ask("caret", pos, caret=then))

    def point(self, pos: int) -> None:
        """Ask for the page and top of ``pos`` (read with :meth:`located` once answered)."""
        self._asks.setdefault(self.ts.chunk_index(pos), []).append(_Ask("point", pos))

    def located(self, pos: int) -> tuple[int, float] | None:
        return self._points.get(pos)

    def then(self, fn: Callable[[], None]) -> None:
        self._later.append(fn)

    def answer_through(self, page: int) -> None:
        """Answer every question about the chunks whose pages start at or before ``page``."""
        ts = self.ts
        while self._next_chunk < len(ts.chunks) and ts.chunks[self._next_chunk].first_page <= page:
            for ask in self._asks.pop(self._next_chunk, []):
                if ask.kind == "rects" and ask.span is not None:
                    rects = ts.line_rects(ask.start, ask.end)
                    ask.span.rects.extend(rects)
                    if ask.each is not None:
                        ask.each(rects)
                elif ask.kind == "caret" and ask.caret is not None:
                    ask.caret(ts.caret(ask.start))
                elif ask.start not in self._points:
                    self._points[ask.start] = ts.locate(ask.start)
            self._next_chunk += 1

    def finish(self) -> None:
        """Answer what is left, then run the :meth:`then` callbacks."""
        self.answer_through(1 << 62)
        later, self._later = self._later, []
        for fn in later:
            fn()
