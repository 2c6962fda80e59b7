"""A sorted index of spans: those covering an offset, those meeting a range, the pieces between."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar


class Spanning(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanning)


def _by_place(s: Spanning) -> tuple[Any, ...]:
    return (s.start, s.end)


class SpanIndex(Generic[S]):
    """Spans sorted by ``key`` (whose first item is the start); lookups by bisection,
    bounded by the longest span, so a query near an offset never scans the whole list."""

    def __init__(self, spans: Iterable[S] = (), key: Callable[[S], tuple[Any, ...]] = _by_place) -> None:
        self._key = key
        self.reset(spans)

    def reset(self, spans: Iterable[S]) -> None:
        self._items = sorted(spans, key=self._key)
        self._keys = [self._key(s) for s in self._items]
        self._starts = [s.start for s in self._items]
        self._max_len = max((s.end - s.start for s in self._items), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[S]:
        return iter(self._items)

    def at(self, offset: int) -> list[S]:
        """Spans containing ``offset``, smallest (most specific) first."""
        hi = bisect.bisect_right(self._starts, offset)
        lo = bisect.bisect_left(self._starts, offset - self._max_len)
        found = [s for s in self._items[lo:hi] if s.start <= offset < s.end]
        return sorted(found, key=lambda s: s.end - s.start)

    def meeting(self, a: int, b: int) -> list[S]:
        """Spans overlapping [a, b), in index order."""
        lo = bisect.bisect_left(self._starts, a - self._max_len)
        hi = bisect.bisect_left(self._starts, b)
        return [s for s in self._items[lo:hi] if s.end > a and s.start < b]

    def insert(self, s: S) -> None:
        key = self._key(s)
        i = bisect.bisect_left(self._keys, key)
        self._keys.insert(i, key)
        self._items.insert(i, s)
        self._starts.insert(i, s.start)
        self._max_len = max(self._max_len, s.end - s.start)  # an upper bound is enough

    def remove(self, s: S) -> None:
        key = self._key(s)
        i = bisect.bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            del self._keys[i], self._items[i], self._starts[i]
        else:  # pragma: no cover - the index and its owner always agree
            self.reset([x for x in self._items if self._key(x) != key])

    def replace_in_place(self, s: S) -> None:
        """Swap in ``s`` for the span with the same key (same place: the order holds)."""
        self._items[bisect.bisect_left(self._keys, self._key(s))] = s


def segments(spans: Sequence[S], a: int, b: int) -> list[tuple[int, int, list[S]]]:
    """Split [a, b) at span boundaries (a sweep, O(n log n)); each piece lists the spans covering it."""
    events: list[tuple[int, int, int]] = []
    for i, s in enumerate(spans):
        lo, hi = max(a, s.start), min(b, s.end)
        if hi > lo:
            events.append((lo, 1, i))
            events.append((hi, -1, i))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[tuple[int, int, list[S]]] = []
    active: dict[int, S] = {}
    prev = None
    for pos, kind, i in events:
        if prev is not None and pos > prev and active:
            out.append((prev, pos, list(active.values())))
        if kind == 1:
            active[i] = spans[i]
        else:
            active.pop(i, None)
        prev = pos
    return out
