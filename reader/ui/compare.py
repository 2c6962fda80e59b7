"""Passages shown side by side, for cross-references whose texts differ."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QTextBrowser,
    QWidget,
)

from .widgets import (
    refused_resource,
)


class TextPassage(QTextBrowser):
    """A plain passage for side-by-side comparisons (never rich text from the corpus)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setPlainText(text)

    def loadResource(self, kind: int, name: Any) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)
