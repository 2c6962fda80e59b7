"""The persistent library index: document list, metadata and search text in one SQLite file.

``<data dir>/cache/library.sqlite3`` (WAL) holds, per text file, its size, mtime and
digest (to see what changed), its metadata as JSON (so a listing reads one table), the
canonical text and the normalised text with its offset breakpoints (see ``search``). An
FTS5 table with the ``trigram`` tokenizer over the normalised text gives the documents a
query can occur in; the hits themselves are computed by the same ``SearchIndex`` code from
the stored parts, so they are exactly what the in-memory search finds.

The texts stay the source of truth: the index is brought up to date from them (stat, then
digest) whenever it is opened — or, past ``sync_bytes`` of new text, by a worker
(:func:`refresh_pending`) — a damaged or foreign file is deleted and rebuilt, and when
it cannot be used at all (read-only data dir, locked by another process) callers search in
memory instead (:func:`search`). ``reader add`` asks it for duplicates and taken ids, and
the window lists the library from it (``library_corpus``) and searches through it
(``library_search``).
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .corpus import library_dir, library_key, read_entry, refusal
from .errors import Problem
from .fsutil import content_digest
from .listing_cache import md_files as _md_files

if TYPE_CHECKING:  # the search code (and OpenCC) is imported when a text is indexed or searched, not to list
    from .glossary_match import Term
    from .search import Hit, NormalisedParts, SearchIndex

__all__ = ["INDEX_NAME", "IndexedDocument", "LibraryIndex", "index_path", "listing", "search"]

INDEX_NAME = "library.sqlite3"
_VERSION = 5  # PRAGMA user_version: another value is a foreign file, rebuilt
_TRIGRAM = 3  # FTS5 trigram queries need at least three characters

_SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    user INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    doc_id TEXT,            -- NULL when the file has problems (kept so it is not parsed again)
    name TEXT NOT NULL,     -- the file's name (library order sorts by it last)
    key1 TEXT, key2 TEXT,   -- corpus.library_key
    meta TEXT,              -- DocumentMeta as JSON
    extra TEXT,             -- corpus.EXTRA_FIELDS as JSON (format, sha256, url, tags)
    thash TEXT,             -- content_digest of the canonical text (the same text added twice)
    problems TEXT,          -- [[path, line, message], ...]
    text TEXT, norm TEXT, bp BLOB, marks TEXT
);
-- Every column but the texts: listing, change detection and `reader add`'s lookups scan this
-- small b-tree, not the table's pages that hold the texts (1,000 texts: 200 pages, not 2,500).
CREATE INDEX IF NOT EXISTS files_listing ON files(user, key1, key2, name, doc_id, path, size, mtime_ns, digest,
                                                  thash, meta, extra, problems);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(norm, content='files', content_rowid='id',
                                                  tokenize='trigram case_sensitive 1');
PRAGMA user_version = {_VERSION};
COMMIT;
"""


def index_path(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / INDEX_NAME


class IndexedDocument:
    """One document of the library as the index lists it (nothing decoded until asked for)."""

    __slots__ = ("row", "doc_id", "path_str", "user", "meta_json", "extra_json", "digest", "_meta", "_extra",
                 "_title")

    def __init__(self, row: int, doc_id: str, path: str, user: bool, meta_json: str, extra_json: str = "{}",
                 digest: str = "", title: str | None = None) -> None:
        self.row, self.doc_id, self.path_str, self.user = row, doc_id, path, user
        self.meta_json, self.extra_json, self.digest = meta_json, extra_json, digest
        self._title = title  # read by SQLite from the JSON, so a listing decodes none
        self._meta: dict[str, Any] | None = None
        self._extra: dict[str, Any] | None = None

    @property
    def path(self) -> Path:
        return Path(self.path_str)

    @property
    def meta(self) -> dict[str, Any]:
        """The front matter's fields (``DocumentMeta`` as a dict), parsed on first use."""
        if self._meta is None:
            self._meta = json.loads(self.meta_json)
        return self._meta

    @property
    def extra(self) -> dict[str, Any]:
        """The front matter's ``corpus.EXTRA_FIELDS`` that are set (format, sha256, url, tags)."""
        if self._extra is None:
            self._extra = json.loads(self.extra_json or "{}")
        return self._extra

    @property
    def title(self) -> str:
        return self._title if self._title is not None else str(self.meta.get("title", ""))


@dataclass(frozen=True)
class Stale:
    """Text files to (re)index — (path, user, size, mtime_ns, known row) — and rows to drop."""

    todo: list[tuple[str, bool, int, int, tuple[int, int, int, str] | None]]
    gone: list[int]

    def bytes(self) -> int:
        return sum(t[2] for t in self.todo)


class _Unusable(Exception):
    """The index cannot be used now (locked, read-only): search in memory instead."""


def _encode_bp(parts: NormalisedParts) -> bytes:
    return array("q", parts.bp_norm + parts.bp_orig + [int(c) for c in parts.bp_const]).tobytes()


def _decode_bp(blob: bytes) -> tuple[list[int], list[int], list[bool]]:
    a = array("q")
    a.frombytes(blob)
    n = len(a) // 3
    return a[:n].tolist(), a[n:2 * n].tolist(), [bool(c) for c in a[2 * n:]]


def _fts_phrase(q: str) -> str:
    return '"' + q.replace('"', '""') + '"'


class LibraryIndex:
    """An open, up-to-date index; use :meth:`open`, then ``documents``/``find``, then ``close``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, folders: list[tuple[Path, bool]]) -> None:
        self.conn = conn
        self.path = path
        self.folders = folders
        self.changed = 0  # files (re)indexed or dropped by the last refresh
        self._docs: list[IndexedDocument] | None = None
        self._refused: list[tuple[bool, Problem]] = []
        self.pending: Stale | None = None  # left for a worker by open(sync_bytes=...)

    # -- opening -------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, texts: Path | None = None, sync_bytes: int | None = None) -> LibraryIndex | None:
        """The index, brought up to date with the texts; None when it cannot be used.

        A file that is not our database (damaged, foreign, another version) is deleted and
        rebuilt from the texts; a locked or unwritable one is left alone (None). With
        ``sync_bytes``, more than that many bytes of new or changed text are not indexed
        here but left in ``pending`` for a worker (:func:`refresh_pending`).
        """
        path = index_path(data_dir)
        folders = [(texts or paths.texts_dir(), False), (library_dir(Path(data_dir)), True)]
        for attempt in range(2):
            conn: sqlite3.Connection | None = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = _connect(path)
                index = cls(conn, path, folders)
                stale = index.stale()
                if sync_bytes is None or stale.bytes() <= sync_bytes:
                    index.refresh(stale=stale)
                else:  # the shipped texts now (a few), the reader's own on a worker
                    index.refresh(stale=Stale([t for t in stale.todo if not t[1]], []))
                    index.pending = Stale([t for t in stale.todo if t[1]], stale.gone)
                index.documents()  # a damaged table shows here, not in the caller's hands
                return index
            except _Unusable:
                pass
            except sqlite3.OperationalError as exc:
                if _busy(exc) or attempt:
                    pass
                else:
                    _close(conn)
                    conn = None
                    if _discard(path):
                        continue
            except sqlite3.DatabaseError:  # "file is not a database", a damaged page
                _close(conn)
                conn = None
                if not attempt and _discard(path):
                    continue
            except OSError:  # no cache folder can be made: a read-only data dir
                pass
            _close(conn)
            return None
        return None

    def close(self) -> None:
        self.conn.close()

    # -- keeping up with the texts ------------------------------------------------------
    def stale(self, only: Iterable[Path] | None = None) -> Stale:
        """What :meth:`refresh` would do: files new or changed by stat, and rows whose file is gone.

        ``only`` limits it to those text files (one just written), sparing the folder listing.
        """
        seen: dict[str, tuple[bool, int, int]] = {}
        if only is None:
            for folder, user in self.folders:
                base = os.path.join(folder, "")
                for name, size, mtime in _md_files(folder):
                    seen[base + name] = (user, size, mtime)
            rows = self.conn.execute("SELECT path, id, size, mtime_ns, digest FROM files").fetchall()
        else:
            wanted = [str(p) for p in only]
            for name in wanted:
                mine = [u for folder, u in self.folders if os.path.dirname(name) == str(folder)]
                try:
                    st = os.stat(name)
                except OSError:
                    continue
                if mine:
                    seen[name] = (mine[0], st.st_size, st.st_mtime_ns)
            rows = [r for name in wanted for r in self.conn.execute(
                "SELECT path, id, size, mtime_ns, digest FROM files WHERE path = ?", (name,))]
        known = {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}
        todo = [(p, *seen[p], known.get(p)) for p, (_, size, mtime) in seen.items()
                if p not in known or known[p][1:3] != (size, mtime)]
        return Stale(todo, [known[p][0] for p in known if p not in seen])

    def refresh(self, only: Iterable[Path] | None = None, stale: Stale | None = None,
                progress: Callable[[int, int], object] | None = None, each: bool = False) -> int:
        """Index new and changed text files, drop removed ones; how many changed.

        ``progress(done, total)`` is called after each file (for a worker's progress bar).
        ``each`` commits file by file, each read and normalised before its transaction: a
        worker stopped midway keeps what it did, and holds the write lock only to insert.
        """
        stale = stale if stale is not None else self.stale(only)
        self.changed = 0
        if not stale.todo and not stale.gone:
            return 0
        total = len(stale.todo)
        with self._transaction():
            for row in stale.gone:
                self._drop(row)
            if not each:
                for done, (name, user, size, mtime, old) in enumerate(stale.todo, 1):
                    self._write(self._prepare(Path(name), user, size, mtime, old))
                    if progress is not None:
                        progress(done, total)
        if each:
            for done, (name, user, size, mtime, old) in enumerate(stale.todo, 1):
                prepared = self._prepare(Path(name), user, size, mtime, old)
                with self._transaction():
                    self._write(prepared)
                if progress is not None:
                    progress(done, total)
        self.changed = len(stale.todo) + len(stale.gone)
        self._docs = None
        return self.changed

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All of the block's writes are in the index, or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _drop(self, row: int) -> None:
        old = self.conn.execute("SELECT norm FROM files WHERE id = ?", (row,)).fetchone()
        if old is not None and old[0] is not None:
            self.conn.execute("INSERT INTO fts(fts, rowid, norm) VALUES('delete', ?, ?)", (row, old[0]))
        self.conn.execute("DELETE FROM files WHERE id = ?", (row,))

    def _prepare(self, path: Path, user: bool, size: int, mtime: int,
                 old: tuple[int, int, int, str] | None) -> dict[str, Any] | None:
        """A text file's row (read, parsed, normalised: the slow part, needing no lock); None
        when it cannot be read. Without ``meta`` or ``problems`` it only says the file was
        touched, not changed (its digest is ``old``'s)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None  # vanished or unreadable: the next refresh sees it again
        cols: dict[str, Any] = {"path": str(path), "name": path.name, "user": int(user), "size": size,
                                "mtime_ns": mtime, "digest": content_digest(data)}
        if old is not None and old[3] == cols["digest"]:
            return cols
        doc, problems, extra = read_entry(path, user)
        if doc is None:
            cols["problems"] = json.dumps([[str(p.path), p.line, p.message] for p in problems])
        else:
            from .search import SearchIndex

            parts = SearchIndex(doc.id, doc.text).parts()
            key1, key2 = library_key(doc.meta, user)
            cols.update(doc_id=doc.id, key1=key1, key2=key2, meta=json.dumps(asdict(doc.meta)),
                        extra=json.dumps(extra), thash=content_digest(doc.text), text=doc.text,
                        norm=parts.text, bp=_encode_bp(parts), marks="".join(sorted(parts.marks)))
        return cols

    def _write(self, cols: dict[str, Any] | None) -> None:
        """Store a prepared row, in a transaction; the file's row is read again here, since
        another process (a second window's worker) may have indexed it meanwhile."""
        if cols is None:
            return
        now = self.conn.execute("SELECT id, digest FROM files WHERE path = ?", (cols["path"],)).fetchone()
        if now is not None and now[1] == cols["digest"]:  # touched, or indexed meanwhile
            self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                              (cols["size"], cols["mtime_ns"], now[0]))
            return
        if "meta" not in cols and "problems" not in cols:  # changed again since it was read
            return
        if now is not None:
            self._drop(now[0])
        names = ", ".join(cols)
        cur = self.conn.execute(f"INSERT INTO files ({names}) VALUES ({', '.join('?' * len(cols))})",
                                tuple(cols.values()))
        if "norm" in cols:
            self.conn.execute("INSERT INTO fts(rowid, norm) VALUES (?, ?)", (cur.lastrowid, cols["norm"]))

    # -- reading -------------------------------------------------------------------
    def documents(self) -> list[IndexedDocument]:
        """The library in order, as ``load_corpus`` would list it, from one table."""
        if self._docs is None:
            # Folder by folder, then the corpus's key, then files by name (SQLite compares
            # UTF-8 bytes: code point order, as Python's sort does).
            rows = self.conn.execute(
                "SELECT id, path, user, doc_id, meta, extra, thash, json_extract(meta, '$.title') FROM files "
                "WHERE doc_id IS NOT NULL "
                "ORDER BY user, key1, key2, name").fetchall()
            taken: dict[str, str] = {}
            docs: list[IndexedDocument] = []
            self._refused = []
            for row, p, user, doc_id, meta, extra, thash, title in rows:
                earlier = taken.get(doc_id)
                if earlier is not None or not user:  # the rare case: ask the corpus's rule
                    problem = refusal(doc_id, Path(p), bool(user), None if earlier is None else Path(earlier))
                    if problem is not None:
                        self._refused.append((bool(user), problem))
                        continue
                taken[doc_id] = p
                docs.append(IndexedDocument(row, doc_id, p, bool(user), meta, extra or "{}", thash or "",
                                            title if isinstance(title, str) else None))
            self._docs = docs
        return self._docs

    def listed(self) -> list[IndexedDocument]:
        """The documents as last listed, without asking the database (empty before :meth:`documents`)."""
        return list(self._docs or [])

    def problems(self) -> list[Problem]:
        """What ``load_corpus`` reports, in its order: per folder, unreadable files by name, then refused ones."""
        self.documents()
        rows = self.conn.execute("SELECT user, path, problems FROM files WHERE doc_id IS NULL").fetchall()
        rows.sort(key=lambda r: (r[0], os.path.basename(r[1])))
        out: list[Problem] = []
        for user in (False, True):
            out += [Problem(Path(p), line, msg) for u, _, found in rows if bool(u) == user
                    for p, line, msg in json.loads(found)]
            out += [problem for u, problem in self._refused if u == user]
        return out

    def _listed(self, sql: str, args: tuple[Any, ...]) -> list[IndexedDocument]:
        rows = {r[0] for r in self.conn.execute(sql, args)}
        return [d for d in self.documents() if d.row in rows] if rows else []

    def same_text(self, text_hash: str, sha256: str) -> IndexedDocument | None:
        """The listed document with this canonical text, or an added one from the same original file."""
        found = self._listed("SELECT id FROM files WHERE doc_id IS NOT NULL AND (thash = ? OR "
                             "(user = 1 AND json_extract(extra, '$.sha256') = ?))", (text_hash, sha256))
        return found[0] if found else None

    def version_of(self, source: str, fmt: str) -> IndexedDocument | None:
        """The added text imported from a file of this name and format (a new version replaces it)."""
        found = self._listed("SELECT id FROM files WHERE user = 1 AND doc_id IS NOT NULL AND "
                             "json_extract(meta, '$.source') = ? AND json_extract(extra, '$.format') = ?",
                             (source, fmt))
        return found[0] if found else None

    def ids(self) -> set[str]:
        """Every id a text file claims (listed or not), and every file's name: ids a new text cannot take."""
        return {r[0] for r in self.conn.execute("SELECT doc_id FROM files WHERE doc_id IS NOT NULL")} | {
            os.path.basename(r[0])[:-3] for r in self.conn.execute("SELECT path FROM files")}

    def search_index(self, doc: IndexedDocument) -> SearchIndex:
        from .search import NormalisedParts, SearchIndex

        text, norm, bp, marks = self.conn.execute(
            "SELECT text, norm, bp, marks FROM files WHERE id = ?", (doc.row,)).fetchone()
        bp_norm, bp_orig, bp_const = _decode_bp(bp)
        return SearchIndex.from_parts(doc.doc_id, text, NormalisedParts(norm, bp_norm, bp_orig, bp_const,
                                                                        frozenset(marks)))

    def candidates(self, queries: Iterable[str]) -> set[int]:
        """Rows whose normalised text contains one of the (already normalised) queries."""
        rows: set[int] = set()
        for q in queries:
            if not q:
                continue
            try:
                if "\0" in q:  # SQLite's string functions stop at NUL: let the search itself decide
                    raise sqlite3.OperationalError("NUL in query")
                if len(q) >= _TRIGRAM:
                    got = self.conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (_fts_phrase(q),)).fetchall()
                else:  # too short for trigrams (or not for FTS's parser): scan the stored texts in SQLite
                    got = self.conn.execute("SELECT id FROM files WHERE norm IS NOT NULL AND instr(norm, ?) > 0",
                                            (q,)).fetchall()
            except sqlite3.OperationalError:  # a query FTS cannot parse: every text is a candidate
                got = self.conn.execute("SELECT id FROM files WHERE norm IS NOT NULL").fetchall()
            rows.update(r[0] for r in got)
        return rows

    def find(self, query: str, glossary: Iterable[Term] | None = None, limit: int | None = None) -> list[Hit]:
        """The hits ``LibrarySearch`` over the whole library finds, loading only candidate texts."""
        from .library_search import IndexedSearch

        return IndexedSearch(self, glossary).find(query, limit)


def refresh_pending(data_dir: Path, stale: Stale | None = None, texts: Path | None = None,
                    progress: Callable[[int, int], object] | None = None) -> bool:
    """Index what ``open(sync_bytes=...)`` left pending, file by file (in a process of its own:
    see ``index_worker``); False when the index cannot be opened, sqlite3.Error when writing fails."""
    index = LibraryIndex.open(data_dir, texts, sync_bytes=-1)  # -1: only look, index nothing yet
    if index is None:
        return False
    # The 30,000 blocks of a big book trigger full collections of the cyclic GC (100 ms
    # each measured): the texts indexed here make no cycles, so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        index.refresh(stale=index.pending or stale or Stale([], []), progress=progress, each=True)
        # Copy the new pages into the database here: else the window's connection, closed
        # last, would do it on the GUI thread (70 ms for 8 MB of text indexed, 200 for 100).
        index.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        index.close()
        if collecting:
            gc.enable()
    return True


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=2.0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commit only costs a rebuild
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables:
            conn.executescript(_SCHEMA)  # IF NOT EXISTS: another process may be creating it too
        elif version != _VERSION or not {"files", "fts"} <= tables:
            raise sqlite3.DatabaseError("not a library index of this version")
    except BaseException:
        conn.close()
        raise
    if not os.access(path, os.W_OK):
        conn.close()
        raise _Unusable(str(path))
    return conn


def _busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg or "readonly" in msg or "read-only" in msg or "unable to open" in msg


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


def _discard(path: Path) -> bool:
    """Delete a database that is not ours to read (it is only a cache); False if it cannot be."""
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    except OSError:
        return False
    return True


def search(data_dir: Path, query: str, glossary: Iterable[Term] | None = None,
           texts: Path | None = None) -> list[Hit]:
    """``reader search``: through the index when it can be used, else over the loaded corpus."""
    index = LibraryIndex.open(data_dir, texts)
    if index is not None:
        try:
            return index.find(query, glossary)
        except (sqlite3.Error, UnicodeError):  # a query SQLite cannot take, a file damaged since
            pass
        finally:
            index.close()
    from .corpus import load_corpus
    from .search import search_corpus

    return search_corpus(load_corpus(data_dir, texts), query, glossary)


def listing(data_dir: Path, texts: Path | None = None) -> tuple[list[tuple[str, str]], list[Problem]]:
    """``reader list``: (id, title) in library order and the problems, from the index when it can be used.

    The command prints this through ``listing_cache``: bump its ``FORMAT`` when what this gives changes."""
    folder = texts or paths.texts_dir()
    index = LibraryIndex.open(data_dir, texts) if folder.is_dir() else None
    if index is not None:
        try:
            return [(d.doc_id, d.title) for d in index.documents()], index.problems()
        except (sqlite3.Error, ValueError):  # damaged since it was opened: the texts decide
            pass
        finally:
            index.close()
    from .corpus import load_corpus

    corpus = load_corpus(data_dir, texts)
    return [(d.id, d.title) for d in corpus], list(corpus.problems)
