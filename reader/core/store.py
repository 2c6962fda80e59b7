"""The user's data directory: the one door through which personal notes are read and written.

Layout under ``data_dir``::

    notes/<doc-id>.yaml   highlights, notes, tags, colours, document note (notes_codec)
    links.yaml            the reader's own typed cross-references
    state.yaml            last document, positions, window geometry, palette meanings (state)
    backups/<doc-id>/     rolling copies of previous notes files (backups)
    backups/_links/       rolling copies of links.yaml
    cache/                load caches of big notes files (load_cache)
    reader.lock           who holds the data dir (datadir_lock)

Rules kept here (DESIGN.md "Personal data"): atomic writes only (fsutil); a rolling
backup of the previous file; no file over the size loading accepts; a file that fails to
parse is never written over (the error is remembered per file and ``save_*`` refuse until
it is restored or fixed); only the lock holder writes. The lock is explicit: ``with
store.locked():`` or ``acquire_lock()``/``release_lock()``; a save on a store whose lock
was never tried takes it (and keeps it until ``release_lock``). A data dir another Reader
holds, or one on a read-only disk, is read-only: :attr:`read_only_reason` says why.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from . import notes_codec
from .backups import Backups
from .datadir_lock import DataDirLock, check_data_dir
from .errors import DataFileError, LockedError, NotesFileError, Problem, StoreError
from .fsutil import atomic_write_bytes, fsync_dir, read_bytes_limited, temp_prefix
from .load_cache import LOAD_CACHE_MIN, LoadCache
from .model import DocumentNotes, UserLink
from .notes_codec import LineCache, dump_links, dump_notes, encode, parse_links, parse_notes
from .state import StateFile
from .writer import BackgroundWriter

__all__ = [
    "LINKS_KEY",
    "LOAD_CACHE_MIN",
    "LoadCache",
    "BackgroundWriter",
    "LockedError",
    "NoteStore",
    "NotesFileError",
    "check_data_dir",
    "dump_links",
    "dump_notes",
    "parse_links",
    "parse_notes",
]

LINKS_KEY = "_links"
"""Pass to :meth:`NoteStore.backups` / :meth:`NoteStore.restore_newest_backup` for links.yaml."""

_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_T = TypeVar("_T")


class NoteStore:
    """Reads and writes one data dir; thread-safe (the background writer shares it)."""

    def __init__(
        self, data_dir: Path, *, backups_kept: int = 10, backup_interval: float = 60.0, kind: str = "",
    ) -> None:
        """``backup_interval``: while a file is only being autosaved, a new backup of it is
        made at most this often (seconds), so the last N backups span real time rather
        than the last few keystrokes. The first save of a session, and a save over a file
        changed by someone else, always back up first. ``kind`` names this Reader in the
        lock file ("window", a command such as "import", or "" for unknown)."""
        self.data_dir = Path(data_dir)
        self.problems: list[Problem] = []
        self.lock = DataDirLock(self.data_dir, kind)
        self._backups = Backups(self.data_dir / "backups", backups_kept, backup_interval)
        self._state = StateFile(self.data_dir / "state.yaml", self.data_dir / "backups", self.problems)
        self._broken: dict[str, NotesFileError] = {}
        self._lines: dict[str, LineCache] = {}  # doc id -> line cache (dump_notes)
        self._guard = threading.Lock()
        self._path_locks: dict[Path, threading.Lock] = {}
        self._cache_due: dict[str, tuple[str, DocumentNotes]] = {}  # doc id -> (file digest, notes)

    @property
    def backup_interval(self) -> float:
        return self._backups.interval

    @backup_interval.setter
    def backup_interval(self, seconds: float) -> None:
        self._backups.interval = float(seconds)

    @property
    def backups_kept(self) -> int:
        return self._backups.kept

    # -- paths ---------------------------------------------------------------
    @property
    def notes_dir(self) -> Path:
        return self.data_dir / "notes"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def links_path(self) -> Path:
        return self.data_dir / "links.yaml"

    @property
    def state_path(self) -> Path:
        return self.data_dir / "state.yaml"

    @property
    def lock_path(self) -> Path:
        return self.lock.path

    def notes_path(self, doc_id: str) -> Path:
        if not isinstance(doc_id, str) or not _DOC_ID.fullmatch(doc_id):
            raise StoreError(
                f"{doc_id!r} is not a document id that can name a notes file "
                "(letters, digits, '.', '_' and '-'; not starting with '.', '_' or '-')"
            )
        return self.notes_dir / f"{doc_id}.yaml"

    def _slot(self, key: str) -> Path:
        return self.links_path if key == LINKS_KEY else self.notes_path(key)

    def _path_lock(self, path: Path) -> threading.Lock:
        with self._guard:
            lock = self._path_locks.get(path)
            if lock is None:
                lock = self._path_locks[path] = threading.Lock()
            return lock

    # -- lock ----------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """True when another Reader holds the data dir or it is read-only (saves refused)."""
        return self.lock.denied

    @property
    def read_only_reason(self) -> str:
        """Why saves are refused, e.g. "in use by a Reader window (PID 12)" or
        "read-only (Read-only file system)"; "" while this Reader may write."""
        return self.lock.reason if self.lock.denied else ""

    @property
    def lock_holder(self) -> str:
        return self.lock.holder().describe()

    def acquire_lock(self) -> bool:
        """Take the data dir for this Reader; False (read-only, see read_only_reason) if
        another Reader has it or it cannot be written."""
        with self._guard:
            return self.lock.acquire()

    def release_lock(self) -> None:
        with self._guard:
            self.lock.release()

    @contextlib.contextmanager
    def locked(self) -> Iterator[NoteStore]:
        """Hold the data dir for the block (LockedError naming the holder if another has
        it); a lock held before the block is kept after it."""
        already = self.lock.held
        if not self.acquire_lock():
            raise self.lock.refusal("nothing was changed")
        try:
            yield self
        finally:
            if not already:
                self.release_lock()

    def _check_writable(self) -> None:
        if not self.lock.tried:
            self.acquire_lock()
        if not self.lock.held:
            raise self.lock.refusal("nothing was saved from this one")

    # -- notes ---------------------------------------------------------------
    def error_for(self, key: str) -> NotesFileError | None:
        """The remembered parse error of a doc's notes file (or LINKS_KEY), if any."""
        return self._broken.get(key)

    def notes_files(self) -> list[str]:
        """Doc ids that have a notes file, sorted."""
        if not self.notes_dir.is_dir():
            return []
        return sorted(
            p.stem for p in self.notes_dir.glob("*.yaml")
            if not p.name.startswith(".") and _DOC_ID.fullmatch(p.stem)
        )

    def load_notes(self, doc_id: str) -> DocumentNotes:
        """Empty notes when there is no file; NotesFileError (remembered) when it is unusable.

        A big notes file is read through its load cache when the cache was made from
        exactly these bytes (see ``LoadCache``); otherwise it is parsed, and cached."""
        path = self.notes_path(doc_id)
        cache = LoadCache(self.data_dir)

        def parse(data: bytes) -> DocumentNotes:
            if len(data) < LOAD_CACHE_MIN * 64:  # too short to hold LOAD_CACHE_MIN highlights
                return parse_notes(data, path, doc_id)
            digest = LoadCache.digest(data)
            cached = cache.read(doc_id, digest)
            if cached is not None:
                return cached
            notes = parse_notes(data, path, doc_id)
            if len(notes.highlights) >= LOAD_CACHE_MIN and not self.read_only:
                with self._guard:  # written on closing: not on the way to the first paint
                    self._cache_due.setdefault(doc_id, (digest, notes))
            return notes

        return self._load(doc_id, path, parse, DocumentNotes(doc_id))

    def write_load_caches(self) -> None:
        """Cache the big notes files saved in this session (called on closing: building
        the cache costs a few tens of ms that autosave should not spend)."""
        with self._guard:
            due, self._cache_due = self._cache_due, {}
        cache = LoadCache(self.data_dir)
        for digest, notes in due.values():
            cache.write(notes, digest)

    def encode_notes(self, notes: DocumentNotes) -> bytes:
        """The bytes ``save_notes`` would write; StoreError (nothing written) when they
        could not be read back (too large, a lone surrogate)."""
        path = self.notes_path(notes.doc_id)
        with self._guard:
            cache = self._lines.setdefault(notes.doc_id, {})
        with self._path_lock(path):  # the line cache is shared by the writer thread and callers
            text = dump_notes(notes, cache)
        return encode(text, path, (notes.document_note, *notes.highlights))

    def save_notes(self, notes: DocumentNotes) -> None:
        """Atomically replace the doc's notes file (after a rolling backup of the old one)."""
        self.save_notes_together([notes])

    def save_notes_together(self, batch: Sequence[DocumentNotes]) -> None:
        """Save several documents' notes all or none: every file is encoded, checked,
        backed up and staged (written and fsynced beside its target) before the first is
        replaced, so a full disk or an oversized document leaves every notes file as it was."""
        self._check_writable()
        encoded = [(notes, self.notes_path(notes.doc_id), self.encode_notes(notes)) for notes in batch]
        temps: dict[Path, str] = {}
        with contextlib.ExitStack() as held:
            for path in sorted({path for _, path, _ in encoded}):
                held.enter_context(self._path_lock(path))
            try:
                for notes, path, _ in encoded:
                    self._before_write(notes.doc_id, path, self._notes_parser(notes.doc_id))
                for _, path, data in encoded:
                    temps[path] = _stage(path, data)
                for _, path, _ in encoded:
                    _commit(temps[path], path)
                    del temps[path]
                    self._written(path)
            finally:
                for tmp in temps.values():
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        with self._guard:
            for notes, _, data in encoded:
                if len(notes.highlights) >= LOAD_CACHE_MIN:
                    self._cache_due[notes.doc_id] = (LoadCache.digest(data), notes)
                else:
                    self._cache_due.pop(notes.doc_id, None)

    def _notes_parser(self, doc_id: str) -> Callable[[bytes], DocumentNotes]:
        path = self.notes_path(doc_id)
        return lambda data: parse_notes(data, path, doc_id)

    def backups(self, doc_id: str) -> list[Path]:
        """Rolling backups of a doc's notes file (or LINKS_KEY), newest first."""
        self._slot(doc_id)
        return self._backups.list(doc_id)

    def restore_newest_backup(self, doc_id: str) -> Path | None:
        """Put the newest backup that parses back in place; the current file is set aside
        (``backups/<doc-id>/broken-<time>.yaml``, never deleted). None: no usable backup,
        nothing changed."""
        self._check_writable()
        path = self._slot(doc_id)
        parse: Callable[[bytes], object] = (
            (lambda data: parse_links(data, path)) if doc_id == LINKS_KEY else self._notes_parser(doc_id)
        )
        with self._path_lock(path):
            restored = self._backups.restore_newest(doc_id, path, parse)
            if restored is not None:
                self._broken.pop(doc_id, None)
            return restored

    # -- links ---------------------------------------------------------------
    def load_links(self) -> list[UserLink]:
        path = self.links_path
        return self._load(LINKS_KEY, path, lambda data: parse_links(data, path), [])

    def save_links(self, links: Sequence[UserLink]) -> None:
        path = self.links_path
        self._check_writable()
        links = list(links)
        data = encode(dump_links(links), path, links)
        self._save(LINKS_KEY, path, data, lambda old: parse_links(old, path))

    # -- state ---------------------------------------------------------------
    def load_state(self) -> dict[str, Any]:
        """``{}`` when missing or broken (a broken one is added to :attr:`problems`)."""
        return self._state.load()

    def save_state(self, state: Mapping[str, Any]) -> None:
        self._check_writable()
        with self._path_lock(self.state_path):
            self._state.save(state)

    # -- shared ----------------------------------------------------------------
    def _load(self, key: str, path: Path, parse: Callable[[bytes], _T], empty: _T) -> _T:
        with self._path_lock(path):
            try:
                st = path.stat()
            except FileNotFoundError:
                self._broken.pop(key, None)
                return empty
            except OSError as exc:
                raise NotesFileError(f"cannot be read ({exc.strerror or exc})", path) from None
            try:
                try:  # bounded, regular files only: a FIFO or /dev/zero here is refused, not read
                    data = read_bytes_limited(path, notes_codec.MAX_FILE_BYTES)
                except DataFileError as exc:
                    raise NotesFileError(exc.message, path) from None
                result = parse(data)
            except NotesFileError as exc:
                self._broken[key] = exc
                raise
            self._broken.pop(key, None)
            self._backups.seen(path, st)
            return result

    def _save(self, key: str, path: Path, data: bytes, parse: Callable[[bytes], object]) -> None:
        with self._path_lock(path):
            self._before_write(key, path, parse)
            atomic_write_bytes(path, data)
            self._written(path)

    def _before_write(self, key: str, path: Path, parse: Callable[[bytes], object]) -> None:
        """Under the path's lock: refuse to replace a file we could not read; back it up."""
        broken = self._broken.get(key)
        if broken is not None:
            raise _not_saved_over(broken, path)
        try:
            self._backups.before_write(key, path, parse)
        except NotesFileError as exc:
            self._broken[key] = exc
            raise _not_saved_over(exc, path) from None

    def _written(self, path: Path) -> None:
        try:
            self._backups.seen(path, path.stat())
        except OSError:
            self._backups.seen(path, None)


def _not_saved_over(err: NotesFileError, path: Path) -> NotesFileError:
    return NotesFileError(
        f"was not saved over because it could not be read ({err.message}); "
        "restore a backup or fix the file first", path, err.line,
    )


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a synced temp file beside ``path``; returns its name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"could not be saved ({exc.strerror or exc}); the previous version is kept", path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"could not be saved ({exc.strerror or exc}); the previous version is kept", path) from None
    return tmp


def _commit(tmp: str, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"could not be saved ({exc.strerror or exc}); the previous version is kept", path) from None
    fsync_dir(path.parent)
