"""The window's library actions: add files (dialog or drop), remove with undo, document info.

A mixin of the main window (through FileActionsMixin); every action is a core library
operation, and the window re-reads the corpus afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog

from ..core.errors import ReaderError
from .i18n import tr as _tr
from .window_parts import WindowParts

ADD_FILTER = "*.txt *.text *.md *.markdown *.html *.htm *.xhtml *.epub *.pdf *.docx"


class LibraryActionsMixin(WindowParts):
    """Uses the window's session, library panel, glossary panel, status bar and open_document."""

    def _open_id(self) -> str | None:
        return self._doc.id if self._doc else None

    def add_text_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._widget(), _tr("Add texts to your library"), str(Path.home()),
            _tr("Texts, web pages, EPUB, PDF, Word ({patterns});;All files (*)").format(patterns=ADD_FILTER))
        self.add_texts([Path(p) for p in paths])

    def add_texts(self, paths: list[Path]) -> list[str]:
        """Add each file (a drop or the dialog); returns the ids added or found."""
        return [i for i in (self.add_text(p) for p in paths) if i is not None]

    def add_text(self, path: Path, title: str | None = None) -> str | None:
        from ..core.library import add_document

        if self._library_read_only():
            return None
        result = self._guard(add_document, self.session.data_dir, path, title,
                             set(self.session.corpus.ids()))
        if result is None:
            return None
        doc = result.document
        self._library_changed()
        self.open_document(doc.id)
        message = {
            "added": _tr("Added “{title}” to your library."),
            "already": _tr("{name} is already in the library as “{title}”; nothing was added."),
            "replaced": _tr("{name} is a new version of “{title}”: its text was replaced and your notes "
                            "were re-anchored (the previous text is in backups/library)."),
        }[result.outcome].format(title=doc.title, name=path.name)
        self.statusBar().showMessage(message, 8000)
        return doc.id

    def remove_from_library(self, doc_id: str) -> bool:
        """Remove an added text (kept in the trash; actionUndoRemoveDocument puts it back)."""
        from ..core.library import remove_document

        if self._library_read_only():
            return False
        removal = self._guard(remove_document, self.session.data_dir, doc_id, self.session.corpus)
        if removal is None:
            return False
        self._removals().append(removal)
        was_open = self._open_id() == doc_id
        self._library_changed()
        if was_open and self.session.corpus.ids():
            self.open_document(self.session.corpus.ids()[0])
        self.undo_remove_action().setEnabled(True)
        self.statusBar().showMessage(
            _tr("Removed “{id}” from your library (Undo remove puts it back; your notes are kept).").format(id=doc_id),
            8000)
        return True

    def undo_remove(self) -> str | None:
        """Put back the text removed last in this session; returns its id."""
        from ..core.library import restore_document

        stack = self._removals()
        if not stack:
            return None
        removal = stack[-1]
        try:
            restore_document(removal)
        except (ReaderError, OSError) as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return None
        stack.pop()
        self.undo_remove_action().setEnabled(bool(stack))
        self._library_changed()
        self.open_document(removal.doc_id)
        self.statusBar().showMessage(_tr("Put “{id}” back in your library.").format(id=removal.doc_id), 6000)
        return removal.doc_id

    def undo_remove_action(self) -> QAction:
        action = getattr(self, "actionUndoRemoveDocument", None)
        if action is None:
            action = QAction(_tr("Undo &remove from library"), self._widget())
            action.setObjectName("actionUndoRemoveDocument")
            action.setEnabled(False)
            action.triggered.connect(self.undo_remove)
            widget = self._widget()
            if widget is not None:
                widget.addAction(action)
            self.library.list.addAction(action)
            self.actionUndoRemoveDocument = action
        return action

    def show_document_info(self, doc_id: str | None = None) -> QDialog | None:
        """Open the Document info dialog (non-modal); saving applies the edits."""
        from .doc_info_dialog import DocumentInfoDialog

        doc_id = doc_id or self._open_id()
        if doc_id is None or doc_id not in self.session.corpus:
            return None
        dlg = DocumentInfoDialog(self.session.corpus.get(doc_id), self._widget())
        dlg.accepted.connect(lambda: self.apply_document_info(doc_id, dlg.changes()))
        dlg.open()
        return dlg

    def apply_document_info(self, doc_id: str, changes: dict[str, Any]) -> bool:
        from ..core.library import update_metadata

        if not changes or self._library_read_only():
            return False
        doc = self._guard(update_metadata, self.session.data_dir, doc_id, changes)
        if doc is None:
            return False
        self._library_changed()
        if self._open_id() == doc_id:
            self.open_document(doc_id)
        self.statusBar().showMessage(_tr("Saved the details of “{title}”.").format(title=doc.title), 6000)
        return True

    def _removals(self) -> list[Any]:
        if not hasattr(self, "_library_removals"):
            self._library_removals: list[Any] = []
        return self._library_removals

    def _library_changed(self) -> None:
        self.session.reload_corpus()
        self.library.refresh(self.session)
        self.glossary.refresh(self.session)

    def _library_read_only(self) -> bool:
        store = self.session.store
        if store.read_only:
            self.statusBar().showMessage(_tr("The library cannot be changed: the data folder is {why}.").format(
                why=store.read_only_reason or "read-only"), 8000)
            return True
        return False
