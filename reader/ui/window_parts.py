"""The parts of the main window its mixins (file, note, navigation actions) may use, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStatusBar, QTabWidget

    from ..core.document import Document
    from ..core.navigation import History, LinkDraft
    from ..core.window_state import WindowState
    from . import panels
    from .jobs import BackgroundJobs
    from .menus import MainMenu
    from .reading_view import ReadingView, SpanMark
    from .session import Session


class WindowParts:
    """Set by ``MainWindow.__init__``; a mixin inherits this to say what it relies on."""

    session: Session
    menu: MainMenu
    jobs: BackgroundJobs
    history: History
    state: WindowState
    view: ReadingView
    side: QTabWidget
    library: panels.LibraryPanel
    annotations: panels.AnnotationsPanel
    glossary: panels.GlossaryPanel
    crossrefs: panels.CrossrefsPanel
    notes: panels.NotesPanel
    timeline: panels.TimelinePanel
    fileJobFinished: SignalInstance
    _doc: Document | None
    _marks: list[SpanMark]
    _link: LinkDraft
    _current_color: str

    if TYPE_CHECKING:
        def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
        def open_document(self, doc_id: str, offset: int | None = None, *, record: bool = True) -> bool: ...
        def navigate(self, doc_id: str, start: int, end: int, *, select: bool = True) -> None: ...
        def _ensure_panels(self, *, one_per_turn: bool = False) -> None: ...
        def _guard(self, fn: Callable[..., Any], *args: Any) -> Any: ...
        def save_state(self) -> None: ...

    def _widget(self) -> QWidget | None:
        """The window as a dialog's parent."""
        return self if isinstance(self, QWidget) else None
