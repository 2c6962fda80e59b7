"""How each kind of block is set in the reading pane (spacing, weight, size, style), and the typesetting itself."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat

from ..core.document import Block


class BlockFormats:
    """The block and char format of each (kind, level), made once."""

    def __init__(self, caption: QColor, line_spacing: int = 150) -> None:
        self._caption = caption
        self._line_spacing = line_spacing
        self._cache: dict[tuple[str, int], tuple[QTextBlockFormat, QTextCharFormat]] = {}

    def set_line_spacing(self, percent: int) -> bool:
        """Line height of the body text in percent of the font's; True when it changed."""
        if percent == self._line_spacing:
            return False
        self._line_spacing = percent
        self._cache.clear()
        return True

    def set_caption_color(self, color: QColor) -> bool:
        """Captions are set in a quieter colour of the theme; True when it changed."""
        if color == self._caption:
            return False
        self._caption = color
        self._cache.clear()
        return True

    def typeset(self, cursor: QTextCursor, blocks: Sequence[Block]) -> None:
        """Insert ``blocks`` at ``cursor`` (of an empty document): one insertText per run of
        same-kind blocks, "\n" starting a block (the fastest way to fill a QTextDocument)."""
        plain = QTextCharFormat()
        i, n = 0, len(blocks)
        while i < n:
            kind, level = blocks[i].kind, blocks[i].level
            j = i + 1
            while j < n and blocks[j].kind == kind and blocks[j].level == level:
                j += 1
            fmt, char = self.for_block(blocks[i])
            if i == 0:
                cursor.setBlockFormat(fmt)
                cursor.setBlockCharFormat(char)
            else:
                cursor.insertBlock(fmt, char)
            text = blocks[i].text if j == i + 1 else "\n".join(b.text for b in blocks[i:j])
            cursor.insertText(text, char if kind != "paragraph" else plain)
            i = j

    def for_block(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        key = (block.kind, block.level)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._make(block)
        return cached

    def _make(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        fmt = QTextBlockFormat()
        char = QTextCharFormat()
        fmt.setLineHeight(self._line_spacing, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
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
            char.setForeground(self._caption)
        return fmt, char
