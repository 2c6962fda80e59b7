"""The window's corpus: documents listed from the library index, each text read on first use.

Start-up then reads one table, whatever the size of the library: a document's metadata
comes from the index and its text file is parsed only when something asks for its blocks
or text (:class:`~reader.core.document.LazyDocument`). Texts the index has not seen yet
(a library copied in, an index deleted) are indexed right away when they are few; more
than :data:`SYNC_BYTES` are left to a worker process (``LibraryIndex.pending``,
``index_worker``), and listed once it is done. When the index cannot be used at all, the corpus is loaded as before.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import (
    Corpus,
    library_dir,
    load_corpus,
    read_document,
    split_front_matter,
    validate_meta,
)
from .document import Document, DocumentMeta, LazyDocument
from .errors import ReaderError, ValidationError
from .front_cache import FrontCache

if TYPE_CHECKING:  # SQLite and the index load only for a library with texts of the reader's own
    from .library_index import IndexedDocument, LibraryIndex, Stale

# New or changed text indexed before the window shows, at most (about 0.2 s of work).
SYNC_BYTES = 2_000_000
HEAD_BYTES = 65_536  # enough for any front matter `reader add` writes

_TUPLES = {f.name for f in fields(DocumentMeta) if str(f.type).startswith("tuple")}


@dataclass
class Library:
    """A corpus and the open index it came from (None: loaded without one)."""

    corpus: Corpus
    index: LibraryIndex | None

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None


def meta_of(doc: IndexedDocument) -> DocumentMeta:
    """The ``DocumentMeta`` the index stored for a document (as JSON: lists back to tuples)."""
    fixed: dict[str, Any] = {k: tuple(v) if k in _TUPLES and v is not None else v for k, v in doc.meta.items()}
    return DocumentMeta(**fixed)


def _lazy(d: IndexedDocument, fronts: Callable[[], FrontCache]) -> LazyDocument:
    return LazyDocument(lambda: meta_of(d), d.path_str, d.user, _reader(d.path_str, d.user, fronts),
                        lambda: d.extra, d.digest)


def _reader(path: str, user: bool, fronts: Callable[[], FrontCache]) -> Callable[[], Document]:
    def load() -> Document:
        cache = fronts()  # opening a text parses no YAML when its front matter was read before
        doc, problems = read_document(Path(path), user, fronts=cache)
        cache.save()
        if doc is None:  # broken since it was indexed: one sentence naming the file
            first = problems[0]
            raise ValidationError(first.message, first.path, first.line)
        return doc

    return load


def corpus_of(index: LibraryIndex, data_dir: Path, list_pending: bool = False) -> Corpus:
    """The index's documents as a corpus of lazy documents, with the problems ``load_corpus`` reports;
    with ``list_pending``, the texts left to the worker too, listed from their front matter."""
    gone = set(index.pending.gone) if index.pending is not None else set()  # files deleted, not yet dropped
    corpus = Corpus(problems=index.problems())
    fronts = functools.cache(lambda: FrontCache(data_dir, prune=False))
    corpus.documents = {d.doc_id: _lazy(d, fronts) for d in index.documents() if d.row not in gone}
    if index.pending is not None and index.pending.todo:
        corpus.resolve = _pending_reader(index.pending)
        for name, user, *_ in index.pending.todo if list_pending else ():
            doc = _from_front_matter(Path(name), user, fronts)
            if doc is not None:
                corpus.documents[doc.id] = doc  # a changed text replaces its indexed version
    return corpus


def _from_front_matter(path: Path, user: bool, fronts: Callable[[], FrontCache]) -> LazyDocument | None:
    """A text listed from the head of its file (its front matter), read in full when opened;
    None when the head does not say (the text is still found by its id)."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES).decode("utf-8", "ignore")  # a character cut at the end
        front, _body, _line = split_front_matter(head, path)
    except (OSError, ReaderError):
        return None
    meta, _problems = validate_meta(front, path)
    if meta is None:
        return None
    return LazyDocument(lambda: meta, str(path), user, _reader(str(path), user, fronts), dict)


def _pending_reader(pending: Stale) -> Callable[[str], Document | None]:
    """Reads a text the worker has not indexed yet when it is asked for by id (``reader DOC``,
    a link, a synced note): the index is never needed for correctness."""
    paths = {Path(t[0]).stem: (Path(t[0]), t[1]) for t in pending.todo}

    def read(doc_id: str) -> Document | None:
        found = paths.get(doc_id)
        if found is None:
            return None
        doc, _problems = read_document(*found)
        return doc if doc is not None and doc.id == doc_id else None

    return read


def open_library(data_dir: Path, texts: Path | None = None, sync_bytes: int | None = None,
                 indexed: bool = True) -> Library:
    """The library for a window: from the index when it can be used, else loaded in full.

    With no texts of the reader's own, the few shipped ones are simply loaded: the start
    with the shipped corpus needs neither SQLite nor the search code. ``indexed=False``
    (the worker failed): the texts it left are listed from their front matter, and the index
    is let go (search reads the texts), so nothing waits for a worker or reads every text here.
    """
    if not _has_texts(library_dir(Path(data_dir))):
        return Library(load_corpus(data_dir, texts, cached=True), None)
    import sqlite3

    from .library_index import LibraryIndex

    index = LibraryIndex.open(data_dir, texts, sync_bytes=-1 if not indexed else
                              SYNC_BYTES if sync_bytes is None else sync_bytes)
    if index is not None:
        try:
            corpus = corpus_of(index, Path(data_dir), list_pending=not indexed)
            if indexed:
                return Library(corpus, index)
        except (sqlite3.Error, ValueError, TypeError):  # damaged since it was opened: the texts decide
            corpus = None
        index.close()
        if corpus is not None:
            return Library(corpus, None)
    return Library(load_corpus(data_dir, texts, cached=True), None)


def _has_texts(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(".md") for e in entries)
    except OSError:
        return False
