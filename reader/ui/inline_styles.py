"""Emphasis and strong of imported texts in the reading pane: char formats over their spans."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor

from ..core.document import Block
from .offset_map import PositionMap


def _format(kind: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if kind == "em":
        fmt.setFontItalic(True)
    elif kind == "strong":
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


def apply_styles(cursor: QTextCursor, blocks: Sequence[Block], positions: PositionMap) -> None:
    """Merge each block's ``styles`` (offsets within the block) into the typeset text."""
    formats: dict[str, QTextCharFormat] = {}
    for block in blocks:
        for start, end, kind in block.styles:
            if end > start:
                fmt = formats.get(kind) or formats.setdefault(kind, _format(kind))
                positions.select(cursor, block.start + start, block.start + end)
                cursor.mergeCharFormat(fmt)
