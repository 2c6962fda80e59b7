"""Navigation in the main window: back/forward, following links, clicks in the text and lists.

A mixin like FileActionsMixin; the history itself is reader.core.navigation.History.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from ..core.editorial import CrossReference
from ..core.errors import ReaderError
from ..core.model import UserLink
from ..core.navigation import Place, next_occurrence
from .i18n import tr as _tr
from .window_parts import WindowParts

ORPHAN_NOTE = "orphan"



class NavigationMixin(WindowParts):
    """Mixed into MainWindow."""

    def navigate(self, doc_id: str, start: int, end: int, *, select: bool = True) -> None:
        """Open a span (in this or another document), highlighted, recording history."""
        if self._doc is None or doc_id != self._doc.id:
            if not self.open_document(doc_id, start):
                return
        else:
            self._record_history(doc_id, self.view.top_offset())
            self._record_history(doc_id, start)
        self.view.reveal(start, end, select=select)

    def _record_history(self, doc_id: str, offset: int) -> None:
        self.history.record(Place(doc_id, offset))
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.menu.actionBack.setEnabled(self.history.can_back())
        self.menu.actionForward.setEnabled(self.history.can_forward())

    def back(self) -> None:
        self._go_history(-1)

    def forward(self) -> None:
        self._go_history(1)

    def _go_history(self, step: int) -> None:
        here = Place(self._doc.id, self.view.top_offset()) if self._doc is not None else None
        place = self.history.go(step, here)
        if place is None:
            return
        if self._doc is None or self._doc.id != place.doc_id:
            self.open_document(place.doc_id, place.offset, record=False)
        self.view.scroll_to_offset(place.offset, top=True)
        self._update_history_actions()

    def follow_link(self, link: CrossReference | UserLink, backlink: bool = False) -> None:
        """Follow an editorial or personal link; ``contradicts`` shows both sides first."""
        target = link.source if backlink else link.target
        if link.type == "contradicts":
            self.show_side_by_side(link)
        self.navigate(target.doc_id, target.anchor.start or 0, target.anchor.end or 0)

    def show_side_by_side(self, link: CrossReference | UserLink) -> QDialog:
        passages = [(self._title_of(end.doc_id), self._context_of(end.doc_id, end.anchor.start or 0, end.anchor.end or 0))
                    for end in (link.source, link.target)]
        quotes = [link.source.anchor.exact, link.target.anchor.exact]
        from . import dialogs

        self._side_by_side: QDialog = dialogs.side_by_side_dialog(self._widget(), link.note, passages, quotes)
        return self._side_by_side

    def _title_of(self, doc_id: str) -> str:
        try:
            return self.session.document(doc_id).title
        except ReaderError:
            return doc_id

    def _context_of(self, doc_id: str, start: int, end: int) -> str:
        try:
            doc = self.session.document(doc_id)
        except ReaderError:
            return ""
        block = doc.block_at(start)
        return block.text if block else doc.text[start:end]

    # ------------------------------------------------------------------ clicks
    def _on_click(self, offset: int) -> None:
        self._ensure_panels()
        hls = self.view.highlights_at(offset)
        marks = self.view.marks_at(offset)
        if hls:
            self.side.setCurrentWidget(self.notes)
            self.notes.select_highlight(hls[0].id)
            self.annotations.select_key(("highlight", hls[0].id))
            return
        if not marks:
            return
        # A link wins a click over a glossary term inside it (the term still answers hover).
        m = next((m for m in marks if m.kind == "crossref"), marks[0])
        self.annotations.select_key((m.kind, m.ref_id, m.start, m.end))
        if m.kind == "crossref" and self._follow_mark(m.ref_id, offset):
            return
        if m.kind == "glossary":
            self.side.setCurrentWidget(self.glossary)
            self.glossary.select_entry(m.ref_id)
        elif m.kind == "crossref":
            self.side.setCurrentWidget(self.crossrefs)
            self.crossrefs.select_link(m.ref_id)
        elif m.kind == "timeline":
            self.side.setCurrentWidget(self.timeline)
            self.timeline.select_key(m.ref_id)
        else:
            self.side.setCurrentWidget(self.annotations)

    def _follow_mark(self, link_id: str, offset: int) -> bool:
        """One click on a cross-referenced span follows it: to the other end of the link."""
        layer = self.session.editorial
        link = (layer.crossref(link_id) if layer is not None else None) or self._own_link(link_id)
        if link is None or self._doc is None:
            return False
        self.side.setCurrentWidget(self.crossrefs)
        self.crossrefs.select_link(link_id)
        here = link.source
        at_source = here.doc_id == self._doc.id and here.placed and here.start <= offset < here.end
        self.follow_link(link, backlink=not at_source)
        return True

    def _on_annotation_activated(self, key: Any) -> None:
        if key[0] == "highlight":
            h = self.session.book.highlight(key[1])
            if h is not None:
                self.view.reveal(h.start, h.end)
                self._ensure_panels()
                self.notes.select_highlight(h.id, notify=False)
            return
        _kind, _ref_id, start, end = key
        self.view.reveal(start, end)

    def _on_glossary_activated(self, entry_id: str) -> None:
        """Scroll to the entry's next occurrence in this document (else its first source)."""
        layer = self.session.editorial
        if layer is None or self._doc is None:
            return
        span = next_occurrence([(m.start, m.end) for m in self._marks
                                if m.kind == "glossary" and m.ref_id == entry_id], self.view.top_offset())
        if span is not None:
            self.view.reveal(*span)
            return
        entry = layer.entry(entry_id)
        if entry is not None and entry.sources:
            s = entry.sources[0]
            self.statusBar().showMessage(
                _tr("“{term}” does not occur in this document; showing its source.").format(term=entry.term), 5000)
            self.navigate(s.doc_id, s.start, s.end, select=False)

    def _on_timeline_activated(self, event_id: str) -> None:
        layer = self.session.editorial
        ev = next((e for e in layer.timeline if e.id == event_id), None) if layer else None
        if ev and ev.spans:
            span = ev.spans[0]
            self.navigate(span.doc_id, span.start, span.end, select=False)

    def reveal_highlight(self, hid: str) -> None:
        h = self.session.book.highlight(hid)
        if h is None:
            return
        if self.session.book.status(hid) == ORPHAN_NOTE:
            self.statusBar().showMessage(
                _tr("This note lost its place in the text: select new text and use “Attach here”."), 8000)
            if self._doc is None or self._doc.id != h.doc_id:
                self.open_document(h.doc_id)
            return
        self.navigate(h.doc_id, h.start, h.end, select=False)
