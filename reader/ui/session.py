"""One window's working set: owns the store, its writer thread, corpus, notes and search indexes.

Widgets call core operations through ``session.book`` (undoable note operations) and
listen to the signals here (core events re-emitted on the GUI thread); nothing in the
UI reads or writes files itself. ``close()`` flushes the notes and lets the lock go.

Search indexes of big texts take a good part of a second to build, so ``prepare_search``
builds them on a worker thread (one at a time, the library search after the document's);
``search_index`` and ``library_search`` wait for a build in flight instead of starting a
second one, and build synchronously only when nothing was prepared (small texts, tests).

Many texts new to the library index are indexed by a process of its own
(``reader.core.index_worker``): in a thread, its long steps would hold the interpreter lock
and stall the window. The window reads its progress lines as they come, lists the texts
when it is done, and stops it when it closes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from ..core.corpus import Corpus
from ..core.document import Document
from ..core.editorial import EditorialLayer, load_editorial
from ..core.errors import Problem, ProblemKind, ReaderError
from ..core.notes import Change, NoteBook
from ..core.store import BackgroundWriter, NoteStore
from ..core.study import StudyBook

if TYPE_CHECKING:  # concurrent.futures and search cost ms of a start; the first index build imports them
    from concurrent.futures import Future, ThreadPoolExecutor

    from ..core.library_corpus import Library
    from ..core.search import LibrarySearch, SearchIndex


# The library indexer's command after the interpreter (tests put a failing one here).
INDEXER = ["-m", "reader.core.index_worker"]
STOP_WAIT_MS = 3000  # for the indexer to stop when the window closes, before it is killed


class Session(QObject):
    """Everything one window works on: corpus, editorial layer, the reader's notes."""

    notesChanged = Signal(object)  # core.notes.Change
    saveStateChanged = Signal(bool)  # True while changes are not yet on disk
    saveFailed = Signal(str)
    libraryChanged = Signal()
    searchReady = Signal(str)  # a document id, or "" for the library search: built off-thread
    indexProgress = Signal(int, int)  # texts indexed so far, of how many (0, 0: done)
    indexFailed = Signal(str)  # one sentence: the indexer failed (the texts are then read from their files)
    studyChanged = Signal()  # the reader's own glossary or timeline changed (editorial is rebuilt)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.store = NoteStore(self.data_dir, kind="window")
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
        self._pending: dict[str, Future] = {}  # doc id ("" = library) -> build in flight
        self._generation = 0  # bumped by reload_corpus: results of older builds are dropped
        self._pool: ThreadPoolExecutor | None = None
        self._ready_relay = _Relay()
        self._ready_relay.ready.connect(self._on_built)
        self.library: Library | None = None  # the corpus and the library index it is listed from
        self._indexing: QProcess | None = None
        self._index_error = ""  # the indexer's "error" line, if it said one
        self._index_failed = False  # then this window lists the texts without the index
        self._closed = False
        self.reload_corpus()
        self.book = NoteBook(self.store, writer=self.writer, texts=self.text_of)
        self.book.subscribe(self._on_change)

    # -- corpus ------------------------------------------------------------------
    def reload_corpus(self) -> None:
        """List the library from its index (texts are read when opened); texts the index has not
        seen, when many, are indexed on a worker and listed when it is done."""
        from ..core.library_corpus import open_library

        # The new connection opens before the old one closes: closing the last connection
        # would checkpoint the index's write-ahead log here, on the GUI thread (77 ms measured
        # after a big library was indexed).
        # While the indexer runs, nothing is indexed here: it would race it for the same texts.
        previous, self.library = self.library, open_library(
            self.data_dir, sync_bytes=-1 if self._indexing is not None else None, indexed=not self._index_failed)
        if previous is not None:
            previous.close()
        self.corpus = self.library.corpus
        pending = self.library.index.pending if self.library.index is not None else None
        if pending is not None and (pending.todo or pending.gone) and self._indexing is None:
            self._index_in_background()
        # A second window (read-only) leaves the cache to the first.
        cache = None if self.store.read_only else self.data_dir / "cache" / "editorial.json"
        # The editors' layer anchors in the shipped texts and is checked against them alone, so
        # its cache does not go stale (and read every text) whenever the reader adds one.
        shipped = Corpus({i: d for i, d in self.corpus.documents.items() if not d.user})
        result = load_editorial(shipped, cache=cache)
        result.layer.corpus = self.corpus
        self._base_layer = result.layer
        self._base_layer.marks_cache = cache.parent if cache is not None else None
        self.study = StudyBook(self.data_dir, self.corpus)
        self.study.listeners.append(self._on_study)
        self._with_study()
        self.problems = list(self.corpus.problems) + [
            p for p in result.problems if p.kind is not ProblemKind.DRIFTED
        ] + self.study.problems
        self._generation += 1
        self._indexes.clear()
        self._library_search = None
        self._pending.clear()
        self.libraryChanged.emit()

    def _with_study(self) -> None:
        """The editors' layer plus the reader's own entries and events (marked "yours")."""
        study = self.study
        base = self._base_layer
        self.editorial = base.with_personal(study.glossary, study.timeline) if study.glossary or study.timeline else base

    def _on_study(self) -> None:
        self._with_study()
        self._library_search = None  # its alias expansion knows the glossary
        self._pending.pop("", None)
        self.studyChanged.emit()

    def document(self, doc_id: str) -> Document:
        return self.corpus.get(doc_id)

    def text_of(self, doc_id: str) -> str:
        return self.corpus.get(doc_id).text

    def search_index(self, doc_id: str) -> SearchIndex:
        index = self._indexes.get(doc_id)
        if index is None:
            from ..core.search import SearchIndex

            pending = self._pending.pop(doc_id, None)
            index = pending.result() if pending is not None else SearchIndex(doc_id, self.text_of(doc_id))
            self._indexes[doc_id] = index
        return index

    def library_search(self) -> LibrarySearch:
        if self._library_search is None and self.library is not None and self.library.index is not None:
            from ..core.library_search import IndexedSearch  # reads only the texts a query can hit

            glossary = self.editorial.glossary if self.editorial is not None else None
            self._library_search = IndexedSearch(self.library.index, glossary, built=self._indexes,
                                                 text_of=self.text_of)
        if self._library_search is None:
            pending = self._pending.pop("", None)
            self._library_search = pending.result() if pending is not None else self._build_library()
        return self._library_search

    def _build_library(self) -> LibrarySearch:
        """Reuses the per-document indexes already built, so a book is indexed once."""
        from ..core.search import LibrarySearch, SearchIndex

        glossary = self.editorial.glossary if self.editorial is not None else None
        lib = LibrarySearch((), glossary=glossary)
        built = dict(self._indexes)
        lib.indexes = {d.id: built.get(d.id) or SearchIndex(d.id, d.text) for d in self.corpus}
        return lib

    def prepare_search(self, doc_id: str) -> None:
        """Build ``doc_id``'s index, then the library search, on a worker thread."""
        if self._closed:  # a layout finishing after the window closed: nothing to build for
            return
        # Imported here, not on the worker: an import there would hold the import lock.
        from ..core.search import LibrarySearch, SearchIndex

        if doc_id in self.corpus and doc_id not in self._indexes and doc_id not in self._pending:
            text = self.text_of(doc_id)
            self._submit(doc_id, lambda: SearchIndex(doc_id, text))
        if self.library is not None and self.library.index is not None:
            self.library_search()  # over the library index: nothing to build
        elif self._library_search is None and "" not in self._pending:
            glossary = list(self.editorial.glossary) if self.editorial is not None else None
            docs = [(d.id, d.text) for d in self.corpus]
            known = dict(self._indexes)
            mine = self._pending.get(doc_id)

            def build_library() -> LibrarySearch:
                lib = LibrarySearch((), glossary=glossary)
                ready = dict(known)
                if mine is not None:  # submitted earlier to the same single worker: done
                    ready[doc_id] = mine.result()
                lib.indexes = {i: ready.get(i) or SearchIndex(i, t) for i, t in docs}
                return lib

            self._submit("", build_library)

    def _submit(self, key: str, build: Any) -> None:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-index")
        generation = self._generation
        future = self._pending[key] = self._pool.submit(build)
        # Registered before the callback: a build that is already done calls back right here.
        future.add_done_callback(lambda f: self._ready_relay.ready.emit(key, generation))

    def _on_built(self, key: str, generation: int) -> None:
        """GUI thread, queued: adopt a finished build (unless the corpus changed since)."""
        future = self._pending.get(key)
        if generation != self._generation or future is None or not future.done():
            return
        del self._pending[key]
        try:
            result = future.result()
        except Exception:  # dropped: the next use builds it synchronously (and raises there)
            return
        if key:
            self._indexes.setdefault(key, result)
        elif self._library_search is None:
            self._library_search = result
        self.searchReady.emit(key)

    def _index_in_background(self) -> None:
        """Start the indexer process for the texts new to the index; its lines are read as they
        come (``_on_index_output``), and the texts listed when it is done."""
        proc = QProcess(self)
        package_root = Path(__file__).resolve().parents[2]
        if (package_root / "pyproject.toml").is_file():  # a source checkout: let the child import it too
            env = QProcessEnvironment.systemEnvironment()
            env.insert("PYTHONPATH", os.pathsep.join(p for p in (str(package_root), env.value("PYTHONPATH")) if p))
            proc.setProcessEnvironment(env)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)  # a traceback: the terminal's
        proc.readyReadStandardOutput.connect(self._on_index_output)
        proc.finished.connect(self._on_index_finished)
        proc.errorOccurred.connect(self._on_index_error)
        self._index_error = ""
        self._indexing = proc
        proc.start(sys.executable, [*INDEXER, str(self.data_dir)])

    def _on_index_output(self) -> None:
        """GUI thread: the indexer's progress lines (a few bytes each, never waited for)."""
        from ..core.index_worker import ERROR, PROGRESS

        proc = self._indexing
        while proc is not None and proc.canReadLine():
            kind, _, rest = bytes(proc.readLine().data()).decode("utf-8", "replace").strip().partition(" ")
            if kind == PROGRESS:
                done, _, total = rest.partition(" ")
                if done.isdigit() and total.isdigit() and int(done):
                    self.indexProgress.emit(int(done), int(total))
            elif kind == ERROR:
                self._index_error = rest.rstrip(".")

    def _on_index_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._indexing is not None:
            self._index_done(False, self.tr("the indexer could not be started"))

    def _on_index_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._indexing is None:
            return
        self._on_index_output()  # lines not read yet
        ok = status == QProcess.ExitStatus.NormalExit and code == 0
        self._index_done(ok, self._index_error or self.tr("the indexer stopped unexpectedly (exit status %1)")
                         .replace("%1", str(code)))

    def _index_done(self, ok: bool, reason: str) -> None:
        """List the texts: from the index the worker completed, else (it failed) from the files."""
        proc, self._indexing = self._indexing, None
        if proc is not None:
            proc.deleteLater()
        if self._closed:
            return
        self._index_failed = self._index_failed or not ok
        self.reload_corpus()
        self.indexProgress.emit(0, 0)
        if not ok:
            self.indexFailed.emit(self.tr("Your library could not be indexed (%1); your texts are read from "
                                          "their files instead.").replace("%1", reason))

    def indexing(self) -> bool:
        """Whether texts are being indexed by the worker process (they are listed when it is done)."""
        return self._indexing is not None

    def search_pending(self) -> bool:
        return bool(self._pending)

    def search_ready(self, doc_id: str) -> bool:
        """``doc_id``'s index and the library search are built (queries will not wait)."""
        return doc_id in self._indexes and self._library_search is not None

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
        self._closed = True
        try:
            self.book.save_now()
        except ReaderError as exc:
            self.saveFailed.emit(str(exc))
        self.writer.close()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._stop_indexing()
        if self.library is not None:
            self.library.close()
        if not self.store.read_only:
            self.store.write_load_caches()
        self.store.release_lock()

    def _stop_indexing(self) -> None:
        """The window closes: the indexer stops (the text in hand is rolled back, those done are
        kept, the rest indexed at the next start); killed if it does not stop in time."""
        proc, self._indexing = self._indexing, None
        if proc is None:
            return
        proc.closeWriteChannel()  # its stdin ends: it stops after the text in hand
        proc.terminate()  # SIGTERM: it stops sooner, rolling that text back
        if not proc.waitForFinished(STOP_WAIT_MS):
            proc.kill()
            proc.waitForFinished(1000)


class _Relay(QObject):
    saved = Signal()
    failed = Signal(str)
    ready = Signal(str, int)
