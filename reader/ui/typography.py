"""How each kind of block is set in the reading pane: spacing, weight, size, style."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextFormat

from ..core.document import Block


class BlockFormats:
    """The block and char format of each (kind, level), made once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], tuple[QTextBlockFormat, QTextCharFormat]] = {}

    def for_block(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        key = (block.kind, block.level)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._make(block)
        return cached

    def _make(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        fmt = QTextBlockFormat()
        char = QTextCharFormat()
        fmt.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(10)
        if block.kind == "heading":
            fmt.setTopMargin(22 if block.level == 2 else 4)
            fmt.setBottomMargin(12)
            fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setHeadingLevel(block.level)
            char.setFontWeight(QFont.Weight.Bold)
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, 2 if block.level == 1 else 1)
        elif block.kind == "quote":
            fmt.setLeftMargin(28)
            fmt.setRightMargin(20)
            char.setFontItalic(True)
        elif block.kind == "caption":
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
            char.setForeground(QColor("#6b6b6b"))
        return fmt, char
