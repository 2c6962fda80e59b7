"""Where the reader has been and is going: back/forward history, the link being made, next occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .anchor import Anchor
from .model import Endpoint

# Two places this close in one document are the same place (a scroll of a character or so).
SAME_PLACE = 2


@dataclass(frozen=True, slots=True)
class Place:
    """A reading position: a document and a character offset into its canonical text."""

    doc_id: str
    offset: int

    def near(self, other: Place) -> bool:
        return self.doc_id == other.doc_id and abs(self.offset - other.offset) < SAME_PLACE


@dataclass(frozen=True, slots=True)
class Passage:
    """A span to show: a search hit, a note found by search (``highlight_id``)."""

    doc_id: str
    start: int
    end: int
    highlight_id: str | None = None


class History:
    """Back/forward like a browser: recording a new place drops the places ahead of it."""

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index = -1

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def record(self, place: Place) -> None:
        """Add ``place`` after the current one (nothing when it is the current place)."""
        current = self.current
        if current is not None and current.near(place):
            return
        del self._places[self._index + 1:]
        self._places.append(place)
        self._index = len(self._places) - 1

    def can_go(self, step: int) -> bool:
        return 0 <= self._index + step < len(self._places) and self._index >= 0

    def can_back(self) -> bool:
        return self.can_go(-1)

    def can_forward(self) -> bool:
        return self.can_go(1)

    def go(self, step: int, here: Place | None = None) -> Place | None:
        """Move ``step`` places (-1 back, +1 forward); returns the place to show, or None.

        Going back from ``here`` (where the reader scrolled to in the current place's
        document) remembers it, so Forward comes back to it.
        """
        if not self.can_go(step):
            return None
        current = self.current
        if step < 0 and here is not None and current is not None and current.doc_id == here.doc_id:
            self._places[self._index] = here
        self._index += step
        return self._places[self._index]

    def __len__(self) -> int:
        return len(self._places)


class LinkDraft:
    """A link the reader started at one passage and completes at another."""

    def __init__(self) -> None:
        self._source: Endpoint | None = None

    @property
    def source(self) -> Endpoint | None:
        return self._source

    def start(self, doc_id: str, text: str, start: int, end: int) -> Endpoint:
        self._source = Endpoint(doc_id, Anchor.from_span(text, start, end))
        return self._source

    def target(self, doc_id: str, text: str, start: int, end: int) -> tuple[Endpoint, Endpoint] | None:
        """Source and target endpoints, or None when no link was started."""
        if self._source is None:
            return None
        return self._source, Endpoint(doc_id, Anchor.from_span(text, start, end))

    def clear(self) -> None:
        self._source = None


def next_occurrence(spans: Sequence[tuple[int, int]], after: int) -> tuple[int, int] | None:
    """The first span starting after ``after`` (the top of the page), else the first span."""
    if not spans:
        return None
    return next((s for s in spans if s[0] > after), spans[0])
