"""Canonical offsets (code points) to QTextDocument positions (UTF-16 units) and back."""

from __future__ import annotations

import bisect
import re

from PySide6.QtGui import QTextCursor

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

    def select(self, cursor: QTextCursor, start: int, end: int, base: int = 0) -> None:
        """Select the canonical span [start, end) with ``cursor`` (in a copy starting at Qt position ``base``)."""
        cursor.setPosition(self.to_qt(start) - base)
        cursor.setPosition(self.to_qt(end) - base, QTextCursor.MoveMode.KeepAnchor)
