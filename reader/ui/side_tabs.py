"""The main window's side-panel tabs: each built when first shown or looked up, then kept showing the open document.

A cold start builds only the tab the window was closed on; the others (their modules, widgets,
signal wiring and first fill) wait until the reader opens them or code asks for them
(``window.notes``, ``findChild``). Slots of the window touch only the tabs already built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .panels import SidePanel
from .window_parts import WindowParts

if TYPE_CHECKING:
    from ..core.document import Document
    from ..core.model import Highlight
    from .annotations_panel import AnnotationsPanel
    from .crossrefs_panel import CrossrefsPanel
    from .glossary_panel import GlossaryPanel
    from .notes_panel import NotesPanel
    from .timeline_panel import TimelinePanel

ANNOTATIONS, GLOSSARY, CROSSREFS = "annotationsTab", "glossaryTab", "crossrefsTab"
NOTES, TIMELINE = "notesTab", "timelineTab"
LONG_LISTS = (ANNOTATIONS, NOTES)  # a row per highlight: thousands in a big book
# Above this many rows (marks + highlights) the long lists fill after the text's first paint.
PANEL_DEFER_ROWS = 2000
FILL_SLICE = 1000  # rows a step of a big book's list fill sorts, shows or indexes (2-3 ms)


class SideTabsMixin(WindowParts):
    """Mixed into MainWindow: ``side`` and its tabs as properties that build on first use."""

    _panels_pending: str | None

    def _add_tabs(self, labels: dict[str, str]) -> None:
        """``side``, with a tab for each object name in ``labels`` (the window translates them)."""
        self.side = SidePanel(self._widget())
        for name, label in labels.items():
            self.side.add_lazy_tab(name, label, lambda n=name: self._make_tab(n))
        self.side.tabBuilt.connect(self._tab_built)

    # The panels: built by the first look.
    @property
    def annotations(self) -> AnnotationsPanel:
        return self.side.page(ANNOTATIONS)

    @property
    def glossary(self) -> GlossaryPanel:
        return self.side.page(GLOSSARY)

    @property
    def crossrefs(self) -> CrossrefsPanel:
        return self.side.page(CROSSREFS)

    @property
    def notes(self) -> NotesPanel:
        return self.side.page(NOTES)

    @property
    def timeline(self) -> TimelinePanel:
        return self.side.page(TIMELINE)

    def built(self, name: str) -> bool:
        return self.side.is_built(name)

    def findChild(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        # An object name inside a tab is found whether or not the tab was shown.
        return self.side.find_built(super().findChild, *args, **kwargs)

    def findChildren(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        self.side.build_all()
        return super().findChildren(*args, **kwargs)

    def _make_tab(self, name: str) -> Any:
        parent = self._widget()
        if name == ANNOTATIONS:
            from .annotations_panel import AnnotationsPanel

            panel: Any = AnnotationsPanel(parent)
            panel.activatedKey.connect(self._on_annotation_activated)
        elif name == GLOSSARY:
            from .glossary_panel import GlossaryPanel

            panel = GlossaryPanel(parent)
            panel.openSpan.connect(lambda d, s, e: self.navigate(d, s, e))
            panel.entryActivated.connect(self._on_glossary_activated)
        elif name == CROSSREFS:
            from .crossrefs_panel import CrossrefsPanel

            panel = CrossrefsPanel(parent)
            panel.followLink.connect(self.follow_link)
            self._wire_crossrefs(panel)
        elif name == NOTES:
            from .notes_panel import NotesPanel

            panel = NotesPanel(self.session, parent)
            panel.openHighlight.connect(self.reveal_highlight)
            panel.attachRequested.connect(lambda _h: self.attach_current())
        else:
            from .timeline_panel import TimelinePanel

            panel = TimelinePanel(parent)
            panel.activatedKey.connect(self._on_timeline_activated)
        return panel

    def _tab_built(self, name: str, shown: bool) -> None:
        """A tab just built shows what its siblings already show: a big book's long list
        comes a slice per turn when the tab was built to be shown, at once when code asked."""
        if name == GLOSSARY:
            self._wire_glossary(self.glossary)
            self.glossary.refresh(self.session)
        elif name == TIMELINE:
            self._wire_timeline(self.timeline)
            self.timeline.refresh(self.session)
        else:
            doc, pending = self._doc, self._panels_pending is not None
            long_list = doc is not None and name in LONG_LISTS
            if long_list and shown and not pending and self.is_big(doc):
                self._panels_pending = doc.id  # its rows come a slice per turn, from the next one
            self._show_in_tabs(doc, (name,))
            if long_list and self._panels_pending is not None and (self._panel_fill.busy() or not pending):
                # A fill under way starts again with this list too; a fill still waiting for
                # the book's first paint will include it.
                self._panel_fill.start(self._fill_panels(doc, None if pending else (name,)))

    def is_big(self, doc: Document, highlights: int | None = None) -> bool:
        """Its side lists fill over several turns (after the first paint, when it is opened)."""
        if highlights is None:
            highlights = len(self.session.book.placed_highlights(doc.id))
        return highlights + len(self._marks) > PANEL_DEFER_ROWS

    def _show_in_tabs(self, doc: Document | None, names: tuple[str, ...] | None = None) -> None:
        """Show ``doc`` in the built tabs among ``names`` (all by default); a big book's long
        lists are left empty while its opening is pending (``_fill_panels`` fills them)."""
        pending = self._panels_pending is not None
        for name in names or (ANNOTATIONS, NOTES, CROSSREFS):
            if not self.built(name):
                continue
            if name == ANNOTATIONS:
                if pending or doc is None:
                    self.annotations.refresh(self.session, None, [], [])
                else:
                    self.annotations.refresh(self.session, doc, self._marks, self.session.book.placed_highlights(doc.id))
            elif name == NOTES:
                self.notes.set_document(doc, fill=not pending)
            elif name == CROSSREFS:
                self.crossrefs.refresh(self.session, doc)

    def _fill_panels(self, doc: Document, names: tuple[str, ...] | None = None) -> Iterator[None]:
        """A big book's long lists (those of ``names``, default every built one), a slice of
        ``FILL_SLICE`` rows per step, a step per turn while the turn's budget lasts (see
        ``_ensure_panels`` and steps.TurnBudget)."""
        names = tuple(n for n in names or LONG_LISTS if self.built(n))
        if ANNOTATIONS in names:
            highlights = self.session.book.placed_highlights(doc.id)
            yield
            yield from self.annotations.refresh_in_steps(self.session, doc, self._marks, highlights, step=FILL_SLICE)
        yield
        if NOTES in names:
            yield from self.notes.refresh_in_steps(step=FILL_SLICE)
        self._panels_pending = None
        self.panelsFilled.emit(doc.id)
        yield
        # Key lists for the first edit's lookups, made now rather than on that edit.
        if ANNOTATIONS in names:
            yield from self.annotations.model.warm_in_steps(step=FILL_SLICE)
        if NOTES in names:
            yield from self.notes.model.warm_in_steps(step=FILL_SLICE)

    def _tabs_follow_change(self, doc: Document | None, changed: list[Highlight], removed: list[str],
                            full: list[Highlight] | None) -> None:
        """The built Annotations tab after a notes change: rows updated, or ``full`` refreshed."""
        if not self.built(ANNOTATIONS) or doc is None:
            return
        if full is not None:
            self.annotations.refresh(self.session, doc, self._marks, full)
            return
        for h in changed:
            self.annotations.upsert_highlight(h)
        for hid in removed:
            self.annotations.remove_highlight(hid)

    def flush_notes(self) -> None:
        """Commit the note being typed, if the Notes tab was ever built."""
        if self.built(NOTES):
            self.notes.flush()

    if TYPE_CHECKING:
        from .steps import Stepper

        _panel_fill: Stepper

        def _on_annotation_activated(self, key: object) -> None: ...
        def _on_glossary_activated(self, entry_id: str) -> None: ...
        def _on_timeline_activated(self, key: object) -> None: ...
        def follow_link(self, link: object, backlink: bool) -> None: ...
        def reveal_highlight(self, hid: str) -> None: ...
        def attach_current(self) -> None: ...
        def _wire_glossary(self, glossary: GlossaryPanel) -> None: ...
        def _wire_timeline(self, timeline: TimelinePanel) -> None: ...
        def _wire_crossrefs(self, crossrefs: CrossrefsPanel) -> None: ...
