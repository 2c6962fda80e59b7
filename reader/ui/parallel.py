"""Parallel texts: aligned paragraphs in columns that scroll together.

A grid of word-wrapped plain-text labels inside one scroll area: each row is as tall as
its longest translation, so the languages stay side by side at any width.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

MISSING = QT_TRANSLATE_NOOP("ParallelView", "— not in the source —")


class ParallelView(QScrollArea):
    """``parallelView``: rows of (English, Simplified, Traditional) paragraphs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parallelView")
        self.setAccessibleName(self.tr("Parallel texts"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._cells: list[list[QLabel]] = []
        self._headers: list[str] = []
        self._font = QFont()

    def set_text_font(self, font: QFont) -> None:
        self._font = font

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str | None]]) -> None:
        inner = QWidget(self)
        inner.setObjectName("parallelGrid")
        grid = QGridLayout(inner)
        grid.setContentsMargins(24, 16, 24, 24)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(18)
        self._headers = list(headers)
        for c, title in enumerate(headers):
            head = QLabel(title, inner)
            head.setTextFormat(Qt.TextFormat.PlainText)
            head.setStyleSheet("font-weight: 600;")
            grid.addWidget(head, 0, c)
            grid.setColumnStretch(c, 1)
        self._cells = []
        for r, row in enumerate(rows, start=1):
            labels = []
            for c, text in enumerate(row):
                label = QLabel(inner)
                label.setTextFormat(Qt.TextFormat.PlainText)  # corpus text is never markup
                label.setWordWrap(True)
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setFont(self._font)
                if text is None:
                    label.setText(self.tr(MISSING))
                    label.setEnabled(False)
                else:
                    label.setText(text)
                label.setAccessibleName(self.tr("%1, row %2").replace("%1", headers[c]).replace("%2", str(r)))
                grid.addWidget(label, r, c)
                labels.append(label)
            self._cells.append(labels)
        grid.setRowStretch(len(rows) + 1, 1)
        self.setWidget(inner)

    def row_count(self) -> int:
        return len(self._cells)

    def column_count(self) -> int:
        return len(self._headers)

    def cell_text(self, row: int, column: int) -> str:
        return self._cells[row][column].text()

    def cell(self, row: int, column: int) -> QLabel:
        return self._cells[row][column]
