"""The library search over the persistent index: only the texts a query can occur in are read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping

from .glossary_match import Term
from .library_index import IndexedDocument, LibraryIndex
from .search import LibrarySearch, SearchIndex, normalize_query


def ruled_out(index: LibraryIndex, spellings: Iterable[str]) -> set[str]:
    """Ids of the listed texts that hold none of ``spellings`` by the index (which normalises
    more than the glossary's case-blind match, so it never rules out a text holding one);
    empty when it cannot tell: a spelling normalised away, texts waiting to be indexed again."""
    queries = [normalize_query(s) for s in spellings]
    if not queries or not all(queries):
        return set()
    waiting = {t[0] for t in index.pending.todo} if index.pending is not None else set()
    try:
        rows = index.candidates(queries)
    except sqlite3.Error:
        return set()
    return {d.doc_id for d in index.listed() if d.row not in rows and d.path_str not in waiting}


class IndexedSearch(LibrarySearch):
    """``LibrarySearch`` over an open index: each query reads only the texts it can occur in
    (FTS5), and keeps their decoded indexes for the next query, up to ``keep_chars`` of text."""

    def __init__(self, index: LibraryIndex, glossary: Iterable[Term] | None = None,
                 keep_chars: int = 16_000_000, built: Mapping[str, SearchIndex] | None = None,
                 text_of: Callable[[str], str] | None = None) -> None:
        super().__init__((), glossary)
        self.library = index
        # A document's text: what is searched when the index fails under a running window
        # (damaged, deleted); without it, the error rises.
        self.text_of = text_of
        self.built = built if built is not None else {}  # indexes the caller has (the open book's): used as they are
        self.keep_chars = keep_chars
        self._kept: dict[int, SearchIndex] = {}  # by row, oldest first
        self._kept_chars = 0

    def index(self, doc_id: str) -> SearchIndex:
        doc = next((d for d in self.library.documents() if d.doc_id == doc_id), None)
        if doc is None:
            raise KeyError(doc_id)
        return self._load(doc)

    def _searched(self, query: str, extra: list[str]) -> Iterator[SearchIndex]:
        try:
            wanted = self.library.candidates(normalize_query(q) for q in [query, *extra])
            docs = [d for d in self.library.documents() if d.row in wanted]
        except sqlite3.Error:
            if self.text_of is None:
                raise
            docs = self.library.listed()  # every document (as listed when the index was opened)
        for doc in docs:  # lazily: a search with a limit stops reading texts once it has its hits
            try:
                yield self._load(doc)
            except sqlite3.Error:
                if self.text_of is None:
                    raise
                yield SearchIndex(doc.doc_id, self.text_of(doc.doc_id))  # the text itself, from its file

    def _load(self, doc: IndexedDocument) -> SearchIndex:
        built = self.built.get(doc.doc_id)
        if built is not None:
            return built
        found = self._kept.pop(doc.row, None)
        if found is None:
            found = self.library.search_index(doc)
            self._kept_chars += len(found.text)
            while self._kept and self._kept_chars > self.keep_chars:
                oldest = next(iter(self._kept))
                self._kept_chars -= len(self._kept.pop(oldest).text)
        self._kept[doc.row] = found  # most recently used last
        return found
