"""Test helpers that watch the reading view from outside: what it paints, which blocks it draws."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor


def painted_colors_at(view: Any, offset: int) -> list[QColor]:
    """Background colours the view's extra selections paint over canonical ``offset``."""
    q = view.positions.to_qt(offset)
    return [s.format.background().color() for s in view.extraSelections()
            if s.cursor.selectionStart() <= q < s.cursor.selectionEnd()]


class DrawSpy:
    """Records the blocks the view's highlight overlay draws afresh."""

    def __init__(self, view: Any) -> None:
        self.blocks: list[int] = []
        draw = view.overlay.draw_block

        def spy(qdoc: Any, doc: Any, i: int) -> Any:
            self.blocks.append(i)
            return draw(qdoc, doc, i)

        view.overlay.draw_block = spy

    def take(self) -> list[int]:
        """The blocks drawn since the last call, in order."""
        out, self.blocks = self.blocks, []
        return out
