"""The side panel and its tabs (one module each), named here for the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from .annotations_panel import MARK_LABELS, AnnotationsPanel
from .compare import TextPassage
from .crossrefs_panel import CrossrefsPanel
from .glossary_panel import GlossaryPanel
from .library_panel import LibraryPanel, provenance_line
from .notes_panel import NotesPanel
from .timeline_panel import TimelinePanel
from .widgets import color_icon

__all__ = ["MARK_LABELS", "AnnotationsPanel", "CrossrefsPanel", "GlossaryPanel", "LibraryPanel", "NotesPanel",
           "SidePanel", "TextPassage", "TimelinePanel", "color_icon", "provenance_line"]


class SidePanel(QTabWidget):
    """``sidePanel``: every tab label always shows whole (the panel is never narrower than
    its tab row, so there are no scroll arrows hiding a tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setAccessibleName(self.tr("Side panel"))
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self.setDocumentMode(True)
        self.tabBar().setExpanding(False)
