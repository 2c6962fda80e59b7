"""Passages shown side by side for cross-references whose texts differ, with the differing words marked."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

from .offset_map import PositionMap
from .theme import is_dark
from .widgets import refused_resource

_WORD = re.compile(r"\w+|[^\w\s]")
# Soft marks under differing words, dark ink on light paper and light ink on dark: both AA.
DIFF_LIGHT, DIFF_DARK = "#fde29a", "#6b4f0f"
PASSAGE_WIDTH = 430
MAX_HEIGHT = 520


def word_diff(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of the words of ``a`` and of ``b`` that the other does not have (difflib
    on word tokens; "Law" and "law" are the same word)."""
    wa, wb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    matcher = difflib.SequenceMatcher(None, [m.group().casefold() for m in wa], [m.group().casefold() for m in wb],
                                      autojunk=False)
    only_a: list[tuple[int, int]] = []
    only_b: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete") and i2 > i1:
            only_a.append((wa[i1].start(), wa[i2 - 1].end()))
        if op in ("replace", "insert") and j2 > j1:
            only_b.append((wb[j1].start(), wb[j2 - 1].end()))
    return only_a, only_b


class TextPassage(QTextBrowser):
    """A plain passage for side-by-side comparisons (never rich text from the corpus), in
    the reading font and as tall as its text."""

    def __init__(self, text: str, parent: QWidget | None = None, font: QFont | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Passage"))
        if font is None:
            from ..pdf.fonts import reading_font

            font = reading_font(12.5)
        self.document().setDefaultFont(font)
        self.setPlainText(text)
        self._map = PositionMap(text)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # At least this wide, so at least as tall as the text needs at this width: no scrolling.
        self.setMinimumWidth(PASSAGE_WIDTH)
        self.setMinimumHeight(self._content_height(PASSAGE_WIDTH - 2 * self.frameWidth()))

    def _content_height(self, width: int) -> int:
        doc = self.document().clone()
        doc.setTextWidth(width)
        return min(MAX_HEIGHT, int(doc.size().height()) + 2 * self.frameWidth() + 2)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(PASSAGE_WIDTH, self.minimumHeight())

    def mark(self, spans: Sequence[tuple[int, int]], base: int = 0, quote: tuple[int, int] | None = None) -> None:
        """Mark ``spans`` (offsets from ``base``) as differing words; ``quote`` is the linked span, set bold."""
        dark = is_dark(self.palette().color(QPalette.ColorRole.Base))
        cursor = QTextCursor(self.document())
        if quote is not None:
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.DemiBold)
            self._map.select(cursor, *quote)
            cursor.mergeCharFormat(bold)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(DIFF_DARK if dark else DIFF_LIGHT))
        fmt.setFontUnderline(True)  # not by colour alone
        for s, e in spans:
            self._map.select(cursor, base + s, base + e)
            cursor.mergeCharFormat(fmt)

    def loadResource(self, kind: int, name: Any) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)


def mark_differences(sides: Sequence[tuple[TextPassage, str]]) -> None:
    """In two passages, each showing a quote in its context, mark the quote's words the other quote lacks."""
    if len(sides) != 2:
        return
    (pa, qa), (pb, qb) = sides
    ta, tb = pa.toPlainText(), pb.toPlainText()
    ia, ib = max(0, ta.find(qa)), max(0, tb.find(qb))
    only_a, only_b = word_diff(qa, qb)
    pa.mark(only_a, ia, (ia, ia + len(qa)) if qa in ta else None)
    pb.mark(only_b, ib, (ib, ib + len(qb)) if qb in tb else None)
