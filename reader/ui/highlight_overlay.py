"""The reader's highlights as the reading pane draws them: extra selections for the blocks on screen.

Highlights are never char formats: any char-format change makes QTextDocumentLayout walk
every block after it. They are kept in a sorted index, and only the blocks in view get
``ExtraSelection`` s, cached per block: an edit drops the blocks it touches, scrolling drops
those no longer in view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ..core.document import Document
from ..core.model import Highlight
from .ink import Inks
from .offset_map import PositionMap
from .span_index import SpanIndex, segments


def _by_place_and_id(h: Highlight) -> tuple[Any, ...]:
    return (h.start, h.end, h.id)


class HighlightOverlay:
    """Highlights indexed by place; the selections of the blocks drawn so far, by block index."""

    def __init__(self, paper: QColor) -> None:
        self.inks = Inks(paper)
        self._by_id: dict[str, Highlight] = {}
        self._index: SpanIndex[Highlight] = SpanIndex(key=_by_place_and_id)
        self._blocks: dict[int, list[QTextEdit.ExtraSelection]] = {}
        self._map = PositionMap("")

    def reset(self, highlights: Iterable[Highlight], positions: PositionMap) -> None:
        self._by_id = {h.id: h for h in highlights}
        self._index.reset(self._by_id.values())
        self._blocks.clear()
        self._map = positions

    def set_paper(self, paper: QColor, strength: float) -> None:
        self.inks.set_paper(paper, strength)  # tints are mixed with the paper
        self._blocks.clear()

    def forget(self) -> None:
        """Drop every drawn block (a new width, font or paper draws them again)."""
        self._blocks.clear()

    # -- queries ---------------------------------------------------------------------
    def count(self) -> int:
        return len(self._by_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def highlights(self) -> list[Highlight]:
        return list(self._by_id.values())

    def at(self, offset: int) -> list[Highlight]:
        return self._index.at(offset)

    def meeting(self, a: int, b: int) -> list[Highlight]:
        return self._index.meeting(a, b)

    def drawn_blocks(self) -> list[int]:
        return sorted(self._blocks)

    def format_for(self, covering: Sequence[Highlight]) -> QTextCharFormat:
        return self.inks.format_for(h.color for h in covering)

    # -- edits -----------------------------------------------------------------------
    def update(self, changed: Iterable[Highlight], removed_ids: Iterable[str]) -> list[tuple[int, int]]:
        """Index the changed or removed highlights; the spans whose drawing changed."""
        ranges: list[tuple[int, int]] = []
        for hid in removed_ids:
            old = self._by_id.pop(hid, None)
            if old is not None:
                self._index.remove(old)
                ranges.append((old.start, old.end))
        for h in changed:
            old = self._by_id.get(h.id)
            self._by_id[h.id] = h
            if old is not None:
                if (old.start, old.end, old.color) == (h.start, h.end, h.color):
                    self._index.replace_in_place(h)  # same place, same colour: nothing to draw
                    continue
                self._index.remove(old)
                ranges.append((old.start, old.end))
            self._index.insert(h)
            ranges.append((h.start, h.end))
        return ranges

    def drop(self, doc: Document, ranges: Iterable[tuple[int, int]]) -> None:
        """Forget the drawn blocks these spans touch."""
        for a, b in ranges:
            first, last = doc.block_index_at(max(0, a)), doc.block_index_at(max(a, b - 1))
            for i in [k for k in self._blocks if first <= k <= last]:
                del self._blocks[i]

    # -- drawing ---------------------------------------------------------------------
    def draw(self, qdoc: QTextDocument, doc: Document, first: int, last: int) -> list[QTextEdit.ExtraSelection]:
        """The selections of blocks ``first..last``; blocks drawn before are reused, others dropped."""
        for i in [k for k in self._blocks if not first <= k <= last]:
            del self._blocks[i]
        for i in range(first, last + 1):
            if i not in self._blocks:
                self._blocks[i] = self.draw_block(qdoc, doc, i)
        return [s for i in sorted(self._blocks) for s in self._blocks[i]]

    def draw_block(self, qdoc: QTextDocument, doc: Document, i: int) -> list[QTextEdit.ExtraSelection]:
        """The selections of block ``i`` afresh."""
        block = doc.blocks[i]
        out = []
        for a, b, covering in segments(self._index.meeting(block.start, block.end), block.start, block.end):
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(qdoc)
            self._map.select(c, a, b)
            sel.cursor = c
            sel.format = self.format_for(covering)
            out.append(sel)
        return out

    def bake(self, cursor: QTextCursor, a: int, b: int, base: int) -> None:
        """Highlights of [a, b) as character backgrounds of a page copy starting at Qt position ``base``."""
        for s, e, covering in segments(self._index.meeting(a, b), a, b):
            self._map.select(cursor, s, e, base)
            cursor.mergeCharFormat(self.format_for(covering))
