"""The quiet markers the reading pane draws where a highlight has a note (never inserted into the text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPolygon
from PySide6.QtWidgets import QWidget

from ..core.model import Highlight
from .theme import is_dark


class NoteMarks:
    """A small dog-ear after the last character of each noted highlight on screen, in the
    highlight's colour; remembers where it drew them, for the note's tooltip."""

    def __init__(self) -> None:
        self._drawn: list[tuple[QRect, Highlight]] = []

    def clear(self) -> None:
        self._drawn = []

    def paint(self, viewport: QWidget, noted: Sequence[Highlight], end_rect: Callable[[Highlight], QRect],
              line_height: int) -> None:
        """Draw a marker for each of ``noted`` at ``end_rect(h)`` (the caret rectangle after its last character)."""
        self._drawn = []
        if not noted:
            return
        dark = is_dark(viewport.palette().color(QPalette.ColorRole.Base))
        size = max(5, line_height // 3)
        painter = QPainter(viewport)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for h in noted:
            r = end_rect(h)
            x, y = r.left() + 1, r.top() + 1
            painter.setBrush(QColor(h.color) if dark else QColor(h.color).darker(170))
            painter.drawPolygon(QPolygon([QPoint(x, y), QPoint(x + size, y), QPoint(x, y + size)]))
            self._drawn.append((QRect(x, y, size, size), h))
        painter.end()

    def shown(self) -> list[tuple[QRect, str]]:
        return [(r, h.id) for r, h in self._drawn]

    def at(self, point: QPoint) -> Highlight | None:
        """The highlight whose marker is at (or within a few pixels of) ``point``."""
        return next((h for r, h in self._drawn if r.adjusted(-3, -3, 3, 3).contains(point)), None)
