"""The side panel's tabs, one module each; named here for the window."""

from .annotations_panel import MARK_LABELS, AnnotationsPanel
from .compare import TextPassage
from .crossrefs_panel import CrossrefsPanel
from .glossary_panel import GlossaryPanel
from .library_panel import LibraryPanel, provenance_line
from .notes_panel import NotesPanel
from .timeline_panel import TimelinePanel
from .widgets import color_icon

__all__ = ["MARK_LABELS", "AnnotationsPanel", "CrossrefsPanel", "GlossaryPanel", "LibraryPanel", "NotesPanel",
           "TextPassage", "TimelinePanel", "color_icon", "provenance_line"]
