"""The side panel, whose tabs are built when first shown or looked up, and the panel classes named for the window."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from .widgets import color_icon

if TYPE_CHECKING:
    from .annotations_panel import MARK_LABELS, AnnotationsPanel
    from .compare import TextPassage
    from .crossrefs_panel import CrossrefsPanel
    from .glossary_panel import GlossaryPanel
    from .library_panel import LibraryPanel, provenance_line
    from .notes_panel import NotesPanel
    from .timeline_panel import TimelinePanel

__all__ = ["MARK_LABELS", "AnnotationsPanel", "CrossrefsPanel", "GlossaryPanel", "LibraryPanel", "NotesPanel",
           "SidePanel", "TextPassage", "TimelinePanel", "color_icon", "provenance_line"]

# Each tab's module is imported when the tab is built, not with the window (a cold start pays for the shown one).
_HOMES = {"MARK_LABELS": "annotations_panel", "AnnotationsPanel": "annotations_panel", "TextPassage": "compare",
          "CrossrefsPanel": "crossrefs_panel", "GlossaryPanel": "glossary_panel", "LibraryPanel": "library_panel",
          "provenance_line": "library_panel", "NotesPanel": "notes_panel", "TimelinePanel": "timeline_panel"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SidePanel(QTabWidget):
    """``sidePanel``: every tab label always shows whole (the panel is never narrower than
    its tab row, so there are no scroll arrows hiding a tab).

    A tab added with ``add_lazy_tab`` holds an empty page of the tab's object name until it
    is first shown (once ``start_building`` is called) or looked up from Python (``page``,
    ``widget``, ``currentWidget``, ``findChild``, ``findChildren``); its page is then made,
    put in its place, and ``tabBuilt`` says so."""

    tabBuilt = Signal(str, bool)  # the object name of a tab just built; True when built to be shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setAccessibleName(self.tr("Side panel"))
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self.setDocumentMode(True)
        self.tabBar().setExpanding(False)
        self._makers: dict[QWidget, Callable[[], QWidget]] = {}  # an empty page -> what makes the real one
        self._pages: dict[str, QWidget] = {}
        self._building = False
        self.currentChanged.connect(self._on_current)

    def add_lazy_tab(self, name: str, label: str, make: Callable[[], QWidget]) -> None:
        """A tab labelled ``label`` whose page, named ``name``, ``make()`` builds when needed."""
        empty = QWidget(self)
        empty.setObjectName(name)
        self._makers[empty] = make
        self._pages[name] = empty
        with QSignalBlocker(self):
            self.addTab(empty, label)

    def start_building(self) -> None:
        """From now on a tab is built as soon as it is the current one (the window calls this
        once it has restored the tab it was closed on, so only that one is built at start)."""
        self._building = True
        self._on_current(self.currentIndex())

    def is_built(self, name: str) -> bool:
        page = self._pages.get(name)
        return page is not None and page not in self._makers

    def page(self, name: str) -> QWidget:
        """The tab page named ``name``, built now if it was not."""
        return self._built(self._pages[name])

    def build_all(self) -> None:
        for empty in list(self._makers):
            self._built(empty)

    def _on_current(self, index: int) -> None:
        if self._building and index >= 0:
            self._built(super().widget(index), shown=True)

    def _built(self, page: QWidget, *, shown: bool = False) -> QWidget:
        make = self._makers.pop(page, None)
        if make is None:
            return page
        real = make()
        name = page.objectName()
        index, current = self.indexOf(page), self.currentIndex()
        label = self.tabText(index)
        page.setObjectName("")  # never two widgets of one name, even until it is deleted
        with QSignalBlocker(self):  # the current tab stays the current tab: no change to announce
            self.removeTab(index)
            self.insertTab(index, real, label)
            self.setCurrentIndex(current)
        page.deleteLater()
        self._pages[name] = real
        self.tabBuilt.emit(name, shown)
        return real

    # Python-side lookups see the real pages: a page is built before it is looked at.
    def widget(self, index: int) -> QWidget:
        page = super().widget(index)
        return self._built(page) if page is not None else page

    def currentWidget(self) -> QWidget:  # noqa: N802 - Qt's name
        page = super().currentWidget()
        return self._built(page) if page is not None else page

    def findChild(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        return self.find_built(super().findChild, *args, **kwargs)

    def findChildren(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        self.build_all()
        return super().findChildren(*args, **kwargs)

    def find_built(self, find: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``find(*args)`` (a findChild) as if every tab were built: a tab's empty page found
        is built; nothing found while some are unbuilt builds them all and looks again."""
        found = find(*args, **kwargs)
        if isinstance(found, QWidget) and found in self._makers:
            return self._built(found)
        if found is None and self._makers:
            self.build_all()
            found = find(*args, **kwargs)
        return found

