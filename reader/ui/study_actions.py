"""Study actions of the main window: your own glossary entries and timeline events, and one undo for them and notes.

A mixin like NoteActionsMixin: each slot opens a dialog from ``study_dialogs`` (imported on
first use, to keep the dialogs' modules off the start path) and, once
accepted, calls a StudyBook operation (``session.study``); the window re-renders when the
session announces ``studyChanged``. Edit › Undo undoes whichever of the two books changed last.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ..core.editorial import CrossReference, mark_rank
from ..core.errors import ReaderError
from ..core.notes import Change
from ..core.study_io import link_crossrefs
from .i18n import tr as _tr
from .marks import SpanMark
from .note_actions import NoteActionsMixin

if TYPE_CHECKING:
    from ..core.document import Document
    from .study_dialogs import AddSourceDialog, GlossaryEntryDialog, LinkDialog, TimelineEventDialog

_STUDY, _NOTES = "study", "notes"
_NOT_UNDOABLE = frozenset({"reload", "reanchor"})  # notes changes that never enter its undo stack


class StudyActionsMixin(NoteActionsMixin):
    """Mixed into MainWindow, before NoteActionsMixin (its undo/redo come first)."""

    def _connect_study(self) -> None:
        self._undo_owners: list[str] = []  # which book made each undoable change, oldest first
        self._redo_owners: list[str] = []
        self._redoing = False
        self.session.studyChanged.connect(self._on_study_changed)
        self.session.notesChanged.connect(self._track_notes)

    def _wire_glossary(self, glossary: Any) -> None:
        """The Glossary tab, once built (see side_tabs): edit, delete and add a source to your entries."""
        self._wire_study_list(glossary.entries, "entry")
        glossary.offer_add_source(self._is_mine)
        glossary.addSourceRequested.connect(self.add_glossary_source)

    def _wire_timeline(self, timeline: Any) -> None:
        """The Timeline tab, once built: edit and delete your events."""
        self._wire_study_list(timeline, "event")

    def _wire_crossrefs(self, crossrefs: Any) -> None:
        """The Links tab, once built: edit and delete your links."""
        crossrefs.editRequested.connect(self.edit_link)
        crossrefs.deleteRequested.connect(lambda link_id: self._guard(self.session.book.delete_link, link_id))

    def _wire_study_list(self, panel: Any, kind: str) -> None:
        panel.offer_edit(self._is_mine)
        panel.editRequested.connect(partial(self.edit_study_item, kind))
        panel.deleteRequested.connect(partial(self.delete_study_item, kind))

    def _is_mine(self, key: object) -> bool:
        layer = self.session.editorial
        return layer is not None and isinstance(key, str) and key in layer.personal_ids

    def _writable_study(self) -> bool:
        if self.session.store.read_only:
            self._say(_tr("Your study layer is read-only in this window: {reason}.").format(
                reason=self.session.store.read_only_reason), 8000)
            return False
        if self.session.study.read_only:
            self._say(_tr("Your glossary or timeline file could not be read; it is left as it is."), 8000)
            return False
        return True

    def _selection(self) -> tuple[str, str, int, int] | None:
        """(doc id, text, start, end) of the reading pane's selection."""
        sel = self.view.selection_offsets()
        if self._doc is None or sel is None:
            return None
        return self._doc.id, self._doc.text, sel[0], sel[1]

    # -- new entries and events ------------------------------------------------
    def new_glossary_entry(self) -> GlossaryEntryDialog | None:
        sel = self._study_selection(_tr("Select the term in the text first, then choose New glossary entry."))
        if sel is None:
            return None
        doc_id, text, start, end = sel
        from ..core.study_make import new_entry
        from .study_dialogs import GlossaryEntryDialog

        dlg = GlossaryEntryDialog(self._widget(), text[start:end])
        dlg.accepted.connect(lambda: self._study_op(
            self.session.study.add_entry, lambda: new_entry(doc_id, text, start, end, **dlg.values())))
        dlg.open()
        return dlg

    def add_timeline_event(self) -> TimelineEventDialog | None:
        sel = self._study_selection(_tr("Select the passage that dates the event first, then choose Add to timeline."))
        if sel is None or self._doc is None:
            return None
        doc_id, text, start, end = sel
        from ..core.study_make import new_event
        from .study_dialogs import TimelineEventDialog

        dlg = TimelineEventDialog(self._widget(), text[start:end], default_date=self._doc.meta.published)
        dlg.accepted.connect(lambda: self._study_op(
            self.session.study.add_event, lambda: new_event(doc_id, text, start, end, **dlg.values())))
        dlg.open()
        return dlg

    def add_glossary_source(self, entry_id: str | None = None) -> AddSourceDialog | None:
        """The selection as a new source of one of your entries: ``entry_id``'s, else the one chosen in ``addSourceDialog``."""
        study = self.session.study
        if not study.glossary:
            self._say(_tr("You have no glossary entries yet: select a term and choose New glossary entry first."), 6000)
            return None
        sel = self._study_selection(_tr("Select the passage first, then choose Add as glossary source."))
        if sel is None:
            return None
        doc_id, text, start, end = sel
        from ..core.study_make import new_source
        from .study_dialogs import AddSourceDialog

        make = partial(new_source, doc_id, text, start, end)
        if entry_id is not None:
            self._study_op(partial(study.add_source, entry_id), make)
            return None
        dlg = AddSourceDialog(self._widget(), study.glossary, text[start:end], current=self.glossary.current_entry())
        dlg.accepted.connect(lambda: self._study_op(partial(study.add_source, dlg.entry_id()), make))
        dlg.open()
        return dlg

    def _study_selection(self, hint: str) -> tuple[str, str, int, int] | None:
        """The selection a new entry or event starts from, when there is one and the layer is writable."""
        sel = self._selection()
        if sel is None:
            self._say(hint)
            return None
        return sel if self._writable_study() else None

    # -- editing and deleting from the tabs --------------------------------------
    def edit_study_item(self, kind: str, item_id: str) -> GlossaryEntryDialog | TimelineEventDialog | None:
        """Your entry (``kind`` "entry") or event ("event") in its dialog; OK saves the edit as one undo step."""
        study = self.session.study
        items: tuple[Any, ...] = study.glossary if kind == "entry" else study.timeline
        item = next((x for x in items if x.id == item_id), None)
        if item is None or not self._writable_study():
            return None
        from ..core.study_make import entry_changes, event_changes
        from .study_dialogs import GlossaryEntryDialog, TimelineEventDialog

        if kind == "entry":
            dlg: GlossaryEntryDialog | TimelineEventDialog = GlossaryEntryDialog(self._widget(), entry=item)
            edit, check = study.edit_entry, entry_changes
        else:
            dlg = TimelineEventDialog(self._widget(), event=item)
            edit, check = study.edit_event, event_changes
        dlg.accepted.connect(lambda: self._study_op(lambda ch: edit(item_id, **ch), lambda: check(**dlg.values())))
        dlg.open()
        return dlg

    def delete_study_item(self, kind: str, item_id: str) -> None:
        if self._writable_study():
            study = self.session.study
            op = study.delete_entry if kind == "entry" else study.delete_event
            self._study_op(op, lambda: item_id)

    def _study_op(self, op: Any, make: Any) -> None:
        """Build the record (a ValueError says what is missing) and run ``op`` on it as one undo step."""
        try:
            record = make()
        except ValueError as exc:
            self._say(_tr("Not saved: {reason}.").format(reason=exc), 8000)
            return
        try:
            op(record)
        except (ReaderError, ValueError, KeyError) as exc:
            self._say(_tr("Not saved: {reason}.").format(reason=exc), 8000)
            return
        self._undo_owners.append(_STUDY)
        self._redo_owners.clear()
        self._update_undo_actions()

    def _on_study_changed(self) -> None:
        self.glossary.refresh(self.session)
        self.timeline.refresh(self.session)
        if self._doc is not None:  # re-marks the text with the entries as they are now
            self.open_document(self._doc.id, self.view.top_offset(), record=False)
        self._update_undo_actions()

    # -- typed links -------------------------------------------------------------
    def complete_link(self, link_type: str | None = None, note: str | None = None) -> str | None:
        """With a type given, completes at once; else asks for the type and note in ``linkDialog``."""
        if link_type is not None or self._selection() is None or self._link.source is None:
            return super().complete_link(link_type, note)
        from .study_dialogs import LinkDialog

        dlg = LinkDialog(self._widget())
        dlg.accepted.connect(lambda: super(StudyActionsMixin, self).complete_link(*dlg.values()))
        dlg.open()
        return None

    def edit_link(self, link_id: str) -> LinkDialog | None:
        """Your link's type and note in ``linkDialog``; OK saves them as one undo step."""
        link = self.session.book.link(link_id)
        if link is None:
            return None
        from .study_dialogs import LinkDialog

        dlg = LinkDialog(self._widget(), link)
        dlg.accepted.connect(lambda: self._guard(self.session.book.edit_link, link_id, *dlg.values()))
        dlg.open()
        return dlg

    # -- one undo for notes and study ------------------------------------------
    # -- your links in the text ---------------------------------------------------
    def _reading_marks(self, doc: Document) -> list[SpanMark]:
        """The marks of ``doc``: the editorial layer's (your entries and events among them) and
        both ends of your links, in reading order."""
        layer = self.session.editorial
        marks = [SpanMark(m.kind, m.start, m.end, m.ref_id) for m in layer.marks_for(doc)] if layer else []
        out, inc = self.session.book.links_for(doc.id)
        refs = link_crossrefs(list({lk.id: lk for lk in out + inc}.values()), self.session.corpus)
        own = [SpanMark("crossref", s.start, s.end, ref.id) for ref in refs for s in (ref.source, ref.target)
               if s.doc_id == doc.id and s.placed and s.end <= len(doc.text)]
        if own:
            marks = sorted(marks + own, key=lambda m: (m.start, -m.end, mark_rank(m.kind), m.ref_id))
        return marks

    def _own_link(self, link_id: str) -> CrossReference | None:
        """Your link as a cross-reference, its ends anchored in the texts as they are now."""
        link = self.session.book.link(link_id)
        return link_crossrefs([link], self.session.corpus)[0] if link is not None else None

    def _describe_mark(self, kind: str, ref_id: str) -> tuple[str, str] | None:
        """(heading, text) of a mark's tooltip: the editorial layer's, else your link's."""
        layer = self.session.editorial
        described = layer.describe(kind, ref_id) if layer is not None else None
        link = self.session.book.link(ref_id) if described is None and kind == "crossref" else None
        return (_tr("Your link: {type}").format(type=link.type), link.note) if link is not None else described

    def _track_notes(self, change: Change) -> None:
        doc = self._doc
        if change.link_ids and doc is not None and doc.id in change.doc_ids:  # your links mark the text
            self.open_document(doc.id, self.view.top_offset(), record=False)
        if change.kind in _NOT_UNDOABLE:
            return
        if change.undone:
            self._redo_owners.append(_NOTES)
            return
        self._undo_owners.append(_NOTES)
        if not self._redoing:
            self._redo_owners.clear()

    def _owner(self, owners: list[str], study_can: bool, notes_can: bool) -> str | None:
        """The book whose change is on top; an entry its book no longer has is dropped."""
        while owners and not (study_can if owners[-1] == _STUDY else notes_can):
            owners.pop()
        if owners:
            return owners[-1]
        return _STUDY if study_can else _NOTES if notes_can else None

    def undo(self) -> None:
        self._replay(undo=True)

    def redo(self) -> None:
        self._replay(undo=False)

    def _replay(self, *, undo: bool) -> None:
        """Undo (or redo) the newer change of the two books."""
        study, book = self.session.study, self.session.book
        owners, others = (self._undo_owners, self._redo_owners) if undo else (self._redo_owners, self._undo_owners)
        can = (study.can_undo(), book.can_undo()) if undo else (study.can_redo(), book.can_redo())
        if self._owner(owners, *can) != _STUDY:
            self._redoing = not undo
            try:
                super().undo() if undo else super().redo()
            finally:
                self._redoing = False
            if owners and owners[-1] == _NOTES:
                owners.pop()
            return
        what = self._guard(study.undo if undo else study.redo)
        if what is not None:
            if owners:
                owners.pop()
            others.append(_STUDY)
            done = _tr("Undone: {what}") if undo else _tr("Redone: {what}")
            self._say(done.format(what=what), 4000)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        super()._update_undo_actions()
        study, book, menu = getattr(self.session, "study", None), self.session.book, self.menu
        if study is None or not hasattr(self, "_undo_owners"):
            return
        for owners, act, can, text, label in (
                (self._undo_owners, menu.actionUndo, study.can_undo(), study.undo_text(), _tr("&Undo {what}")),
                (self._redo_owners, menu.actionRedo, study.can_redo(), study.redo_text(), _tr("&Redo {what}"))):
            notes_can = book.can_undo() if act is menu.actionUndo else book.can_redo()
            if self._owner(list(owners), can, notes_can) == _STUDY:
                act.setEnabled(True)
                act.setText(label.format(what=text))
