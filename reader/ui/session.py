"""The thin Qt adapter over the core: owns nothing but references, re-emits core events.

Widgets call core operations through ``session.book`` (undoable note operations) and
listen to the signals here; nothing in the UI reads or writes files itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.corpus import Corpus, load_corpus
from ..core.document import Document
from ..core.editorial import EditorialLayer, load_editorial
from ..core.errors import Problem, ReaderError
from ..core.notes import Change, NoteBook
from ..core.search import LibrarySearch, SearchIndex
from ..core.store import BackgroundWriter, NoteStore


class Session(QObject):
    """Everything one window works on: corpus, editorial layer, the reader's notes."""

    notesChanged = Signal(object)  # core.notes.Change
    saveStateChanged = Signal(bool)  # True while changes are not yet on disk
    saveFailed = Signal(str)
    libraryChanged = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.store = NoteStore(self.data_dir)
        self.locked_by_other = not self.store.acquire_lock()
        # The writer thread reports through queued signals, never touching widgets.
        self._saved_relay = _Relay()
        self._saved_relay.saved.connect(self._on_saved)
        self._saved_relay.failed.connect(self._on_failed)
        self.writer = BackgroundWriter(
            self.store,
            on_error=lambda err: self._saved_relay.failed.emit(str(err)),
            on_saved=lambda _key: self._saved_relay.saved.emit(),
        )
        self.corpus: Corpus = Corpus()
        self.editorial: EditorialLayer | None = None
        self.problems: list[Problem] = []
        self._indexes: dict[str, SearchIndex] = {}
        self._library_search: LibrarySearch | None = None
        self.reload_corpus()
        self.book = NoteBook(self.store, writer=self.writer, texts=self.text_of)
        self.book.subscribe(self._on_change)

    # -- corpus ------------------------------------------------------------------
    def reload_corpus(self) -> None:
        self.corpus = load_corpus(self.data_dir)
        result = load_editorial(self.corpus)
        self.editorial = result.layer
        self.problems = list(self.corpus.problems) + [
            p for p in result.problems if "drifted" not in p.message
        ]
        self._indexes.clear()
        self._library_search = None
        self.libraryChanged.emit()

    def document(self, doc_id: str) -> Document:
        return self.corpus.get(doc_id)

    def text_of(self, doc_id: str) -> str:
        return self.corpus.get(doc_id).text

    def search_index(self, doc_id: str) -> SearchIndex:
        index = self._indexes.get(doc_id)
        if index is None:
            index = self._indexes[doc_id] = SearchIndex(doc_id, self.text_of(doc_id))
        return index

    def library_search(self) -> LibrarySearch:
        if self._library_search is None:
            glossary = self.editorial.glossary if self.editorial is not None else None
            self._library_search = LibrarySearch(((d.id, d.text) for d in self.corpus), glossary=glossary)
        return self._library_search

    # -- notes -----------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        self.notesChanged.emit(change)
        self.saveStateChanged.emit(self.book.dirty())

    def _on_saved(self) -> None:
        self.saveStateChanged.emit(self.book.dirty())

    def _on_failed(self, message: str) -> None:
        self.saveFailed.emit(message)
        self.saveStateChanged.emit(True)

    def close(self) -> None:
        """Flush every pending save, then let go of the lock."""
        try:
            self.book.save_now()
        except ReaderError as exc:
            self.saveFailed.emit(str(exc))
        self.writer.close()
        self.store.release_lock()


class _Relay(QObject):
    saved = Signal()
    failed = Signal(str)
