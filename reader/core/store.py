"""The user's data directory: the only code that reads or writes personal notes.

Layout under ``data_dir``::

    notes/<doc-id>.yaml   highlights, notes, tags, colours, document note (DocumentNotes)
    links.yaml            the reader's own typed cross-references
    state.yaml            last document, positions, window geometry, palette meanings
    backups/<doc-id>/     rolling copies of previous notes files (+ broken-*.yaml set aside)
    backups/_links/       rolling copies of links.yaml
    reader.lock           held by the running instance (PID and host inside, for humans)

Why the files look the way they do: PyYAML needs about 2.6 s to dump and 4.4 s to load
10,000 highlights in block style, far too slow for "durable within a second". So notes
and links are written as YAML whose items are one flow mapping per line (JSON syntax,
which is also YAML). Those lines are read back with ``json`` when they match exactly the
form we write, and everything else (a hand-edited file, comments inside, odd escapes)
goes through the strict YAML loader, so any valid YAML notes file still loads with the
same meaning. Both paths give the same data; a test checks it on random notes.

Rules kept here (DESIGN.md "Personal data"): atomic writes only (fsutil); a rolling
backup of the previous file; a file that fails to parse is never written over (the
error is remembered per file and ``save_*`` refuse until it is restored or fixed);
a second instance on the same data dir gets a read-only store (lock file with flock +
PID; a lock left by a dead process is recovered).

``state.yaml`` is not precious: a broken one is reported in :attr:`NoteStore.problems`
and loads as ``{}``; the next ``save_state`` moves it aside to
``backups/state-broken-<time>.yaml`` (never deleted) and writes a fresh one.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import datetime as _dt
import errno
import json
import os
import re
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlio
from .anchor import Anchor
from .errors import DataFileError, Problem, ReaderError, StoreError
from .fsutil import atomic_write_bytes, content_digest, read_cache_json, write_cache_json
from .model import FORMAT_VERSION, DocumentNotes, Highlight, UserLink
from .yamlio import LineDict, LineList

try:  # POSIX: a kernel lock that dies with the process, never stale
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LINKS_KEY",
    "BackgroundWriter",
    "LockedError",
    "NoteStore",
    "NotesFileError",
    "dump_links",
    "dump_notes",
    "parse_links",
    "parse_notes",
]

LOCK_NAME = "reader.lock"
LINKS_KEY = "_links"
"""Pass to :meth:`NoteStore.backups` / :meth:`NoteStore.restore_newest_backup` for links.yaml."""

_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class NotesFileError(DataFileError):
    """A notes or links file that cannot be used; the file itself is left untouched."""


class LockedError(StoreError):
    """Another running Reader holds the data dir: this one must not write."""


# --------------------------------------------------------------------------- format

_NOTES_HEADER = (
    "# Reader personal notes: YAML, one highlight per line. Any valid YAML with the same\n"
    "# keys is accepted if you edit it by hand.\n"
)
_LINKS_HEADER = "# Reader personal links: YAML, one link per line.\n"

# Characters YAML would not keep verbatim inside a double-quoted scalar (line breaks it
# folds, characters it refuses as non-printable): always written as \u escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _json(value: Any) -> str:
    text = _ENCODER.encode(value)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_notes(notes: DocumentNotes, cache: dict[Highlight, str] | None = None) -> str:
    """The text of ``notes/<doc-id>.yaml`` (valid YAML; one highlight per line).

    ``cache`` maps unchanged (immutable) highlights to their line from the previous save
    and is updated in place to hold exactly this save's highlights: after one edit among
    10,000 highlights only one line is serialised again.
    """
    parts = [
        _NOTES_HEADER,
        f"format_version: {FORMAT_VERSION}\n",
        f"document: {_json(notes.doc_id)}\n",
        f"document_note: {_json(notes.document_note)}\n",
    ]
    if notes.highlights:
        parts.append("highlights:\n")
        if cache is None:
            parts.extend(f"- {_json(h.to_dict())}\n" for h in notes.highlights)
        else:
            fresh: dict[Highlight, str] = {}
            for h in notes.highlights:
                line = cache.get(h)
                if line is None:
                    line = f"- {_json(h.to_dict())}\n"
                fresh[h] = line
                parts.append(line)
            cache.clear()
            cache.update(fresh)
    else:
        parts.append("highlights: []\n")
    return "".join(parts)


def dump_links(links: Sequence[UserLink]) -> str:
    """The text of ``links.yaml``."""
    parts = [_LINKS_HEADER, f"format_version: {FORMAT_VERSION}\n"]
    if links:
        parts.append("links:\n")
        parts.extend(f"- {_json(link.to_dict())}\n" for link in links)
    else:
        parts.append("links: []\n")
    return "".join(parts)


class _NotFast(Exception):
    """The fast reader does not handle this; the strict YAML loader decides."""


# Anything outside what dump_* writes raw: control characters (incl. tab, CR), characters
# YAML folds or refuses, and surrogates.
_FAST_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _fast_pairs(pairs: list[tuple[str, Any]]) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):  # a duplicate key: YAML rejects it, let it say where
        raise _NotFast
    return d


def _not_fast(_: str) -> Any:
    raise _NotFast  # floats, NaN, Infinity: YAML 1.1 reads some of them differently


_DECODER = json.JSONDecoder(object_pairs_hook=_fast_pairs, parse_float=_not_fast, parse_constant=_not_fast)


def _fast_json(text: str) -> Any:
    if _ESCAPED_SURROGATE.search(text) or text.count("[") + text.count("{") > yamlio.MAX_DEPTH - 4:
        raise _NotFast
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        raise _NotFast from None


def _fast_load(text: str, header: tuple[str, ...], list_key: str, path: Path) -> LineDict | None:
    """Parse exactly the layout dump_* writes; None means "use the YAML loader".

    Whatever this accepts means the same under YAML: JSON strings without the characters
    YAML folds or refuses, no floats, no duplicate keys, shallow nesting. (It does not
    enforce YAML's 1024-character limit on a key: an over-long unknown key is ignored.)
    """
    if not text.endswith("\n") or _FAST_FORBIDDEN.search(text):
        return None
    lines = text.split("\n")
    lines.pop()
    n = len(lines)
    i = 0
    while i < n and lines[i].startswith("#"):
        i += 1
    root = LineDict()
    root.line = i + 1
    try:
        for key in header:
            if i >= n or not lines[i].startswith(key + ": "):
                return None
            value = _fast_json(lines[i][len(key) + 2 :])
            if isinstance(value, (dict, list)):
                return None
            root[key] = value
            root.key_lines[key] = i + 1
            i += 1
    except _NotFast:
        return None
    if i >= n:
        return None
    items = LineList()
    items.line = i + 1
    root[list_key] = items
    root.key_lines[list_key] = i + 1
    if lines[i] == f"{list_key}: []":
        i += 1
    elif lines[i] == f"{list_key}:":
        i += 1
        while i < n and lines[i].startswith("- {"):
            line = lines[i]
            try:
                item = _fast_json(line[2:])
            except _NotFast:
                # One unusual line: let YAML read just that line (same meaning in context).
                try:
                    one = yamlio.loads(line, path)
                except DataFileError:
                    return None
                if not isinstance(one, list) or len(one) != 1 or _has_surrogate(one):
                    return None
                item = one[0]
            if not isinstance(item, dict):
                return None
            items.append(item)
            items.item_lines.append(i + 1)
            i += 1
    else:
        return None
    if i != n:
        return None
    return root


def _has_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def _parse(data: bytes, path: Path, header: tuple[str, ...], list_key: str) -> Any:
    """Bytes of a notes/links file -> plain data; NotesFileError with file:line."""
    try:
        text = yamlio.decode_utf8(data, path)
        try:
            fast = _fast_load(text, header, list_key, path)
        except Exception:  # noqa: BLE001 - the strict loader below is the judge
            fast = None
        if fast is not None:
            return fast
        obj = yamlio.loads(text, path)
    except NotesFileError:
        raise
    except DataFileError as exc:
        raise NotesFileError(exc.message, path, exc.line) from None
    if _has_surrogate(obj):
        raise NotesFileError(
            "contains a lone surrogate escape (such as \\ud800), which is not valid Unicode text",
            path, _surrogate_line(text),
        )
    return obj


def _surrogate_line(text: str) -> int | None:
    m = _ESCAPED_SURROGATE.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _check_version(root: Any, path: Path, what: str) -> None:
    if not isinstance(root, LineDict):
        raise NotesFileError(f"must be a mapping with format_version and {what}", path, 1)
    if "format_version" not in root:
        raise NotesFileError("has no format_version", path, root.line)
    version = root["format_version"]
    line = root.line_of("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotesFileError(f"format_version must be a whole number, not {version!r}", path, line)
    if version > FORMAT_VERSION:
        raise NotesFileError(
            f"was written by a newer version of Reader (format_version {version}; this version "
            f"reads {FORMAT_VERSION})", path, line,
        )
    if version != FORMAT_VERSION:
        raise NotesFileError(f"has an unknown format_version {version}", path, line)


_FIELD = re.compile(r"'(\w+)'")


def _item_line(item: Any, items: LineList, index: int, message: str) -> int | None:
    # Items read by the fast path are plain dicts on one line: the item's line is exact.
    if isinstance(item, LineDict):
        m = _FIELD.search(message)
        if m and m.group(1) in item.key_lines:
            return item.key_lines[m.group(1)]
    return items.line_of(index)


_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _quick_highlight(d: Any, doc_id: str) -> Highlight | None:
    """Highlight.from_dict for the exact shape and types dump_notes writes, 3-4x faster
    (it matters when opening a book with 10,000 highlights). Anything else -> None, and
    the model's own validation decides (and words the error)."""
    try:
        hid, a, color, note = d["id"], d["anchor"], d["color"], d["note"]
        tags, created, modified = d["tags"], d["created"], d["modified"]
        exact, prefix, suffix = a["exact"], a["prefix"], a["suffix"]
    except (KeyError, TypeError):
        return None
    review = d.get("review", False)
    start, end = a.get("start"), a.get("end")
    if not (
        type(hid) is str and type(note) is str and type(created) is str and type(modified) is str
        and type(exact) is str and type(prefix) is str and type(suffix) is str
        and type(review) is bool and type(tags) is list and type(color) is str
        and _COLOR.fullmatch(color)
    ):
        return None
    if not (start is None and end is None) and not (
        type(start) is int and type(end) is int and 0 <= start <= end
    ):
        return None
    for t in tags:
        if type(t) is not str:
            return None
    return Highlight(
        hid, doc_id, Anchor(exact, prefix, suffix, start, end), color.lower(), note, tuple(tags),
        created, modified, review,
    )


def parse_notes(data: bytes, path: Path, doc_id: str) -> DocumentNotes:
    """Validate a notes file's bytes; any problem is a NotesFileError naming file and line."""
    root = _parse(data, path, ("format_version", "document", "document_note"), "highlights")
    _check_version(root, path, "highlights")
    doc = root.get("document")
    if doc != doc_id:
        raise NotesFileError(
            f"belongs to document {doc!r}, not {doc_id!r}" if doc is not None
            else "has no 'document' id", path, root.line_of("document"),
        )
    note = root.get("document_note", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise NotesFileError("'document_note' must be a string", path, root.line_of("document_note"))
    items = _item_list(root, "highlights", path)
    seen: set[str] = set()
    highlights: list[Highlight] = []
    for i, item in enumerate(items):
        try:
            h = _quick_highlight(item, doc_id)
            if h is not None:
                pass
            elif not isinstance(item, Mapping):
                raise ValueError("each highlight must be a mapping")
            elif "review" in item and not isinstance(item["review"], bool):
                raise ValueError("'review' must be true or false")
            else:
                h = Highlight.from_dict(item, doc_id)
        except (ValueError, TypeError) as exc:
            raise NotesFileError(
                f"highlight {i + 1}: {exc}", path, _item_line(item, items, i, str(exc))
            ) from None
        if h.id in seen:
            raise NotesFileError(
                f"highlight {i + 1}: duplicate id {h.id!r}", path, _item_line(item, items, i, "'id'")
            )
        seen.add(h.id)
        highlights.append(h)
    return DocumentNotes(doc_id, tuple(highlights), note)


def _item_list(root: LineDict, key: str, path: Path) -> LineList:
    """The list under ``key`` (empty when absent); NotesFileError when it is not a list."""
    items = root.get(key)
    if items is None:
        return LineList()
    if not isinstance(items, list):
        raise NotesFileError(f"'{key}' must be a list", path, root.line_of(key))
    return items


def parse_links(data: bytes, path: Path) -> list[UserLink]:
    """Validate links.yaml's bytes (NotesFileError with file and line)."""
    root = _parse(data, path, ("format_version",), "links")
    _check_version(root, path, "links")
    items = _item_list(root, "links", path)
    seen: set[str] = set()
    links: list[UserLink] = []
    for i, item in enumerate(items):
        try:
            if not isinstance(item, Mapping):
                raise ValueError("each link must be a mapping")
            link = UserLink.from_dict(item)
        except (ValueError, TypeError) as exc:
            raise NotesFileError(
                f"link {i + 1}: {exc}", path, _item_line(item, items, i, str(exc))
            ) from None
        if link.id in seen:
            raise NotesFileError(f"link {i + 1}: duplicate id {link.id!r}", path, items.line_of(i))
        seen.add(link.id)
        links.append(link)
    return links


def _encode(text: str, path: Path, records: Sequence[Any]) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        where = _surrogate_owner(records)
        raise StoreError(
            f"was not saved: {where} contains a lone surrogate (U+{ord(bad):04X}), which is "
            f"not valid Unicode text", path,
        ) from None


def _surrogate_owner(records: Sequence[Any]) -> str:
    for rec in records:
        if isinstance(rec, str):
            if _SURROGATE.search(rec):
                return "the document note"
            continue
        if _has_surrogate(rec.to_dict()):
            kind = "highlight" if isinstance(rec, Highlight) else "link"
            for key, value in rec.to_dict().items():
                if _has_surrogate(value):
                    return f"the {key} of {kind} {rec.id}"
            return f"{kind} {rec.id}"
    return "a text"


# --------------------------------------------------------------------------- lock


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - os.kill would terminate the process there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))  # type: ignore[attr-defined]
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _hostname() -> str:
    if hasattr(os, "uname"):  # the same name as socket.gethostname(), without 8 ms of import
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _lock_text() -> str:
    return f"{os.getpid()}\n{_hostname()}\n"


def _read_holder(path: Path) -> tuple[int | None, str]:
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None, ""
    try:
        pid = int(lines[0].strip()) if lines else None
    except ValueError:
        pid = None
    return pid, lines[1].strip() if len(lines) > 1 else ""


# --------------------------------------------------------------------------- store


def _timestamp(taken: set[str]) -> str:
    t = _dt.datetime.now(_dt.UTC)
    while True:
        name = t.strftime("%Y%m%dT%H%M%S.%fZ")
        if name not in taken:
            return name
        t += _dt.timedelta(microseconds=1)


@dataclass
class _Known:
    signature: tuple[int, int, int]
    backed_up_at: float  # time.monotonic() of the last backup this session (-inf: none)


LOAD_CACHE_MIN = 1000  # highlights; smaller notes files parse in a few ms anyway
_CACHE_VERSION = 1


class LoadCache:
    """Parsed notes of big files, so a book with 10,000 highlights opens without parsing
    its YAML (about 0.3 s, against 0.1 s from here).

    ``<data dir>/cache/<doc id>.notes.json``: a checksum line, then JSON holding the digest
    of the notes file it was made from and the highlights as plain lists. It is used only
    when that digest matches the file's bytes now, so an edit by hand, a restored backup or
    a crash between a save and the next cache write all fall back to parsing the YAML,
    which stays the only record. A cache that is missing, damaged or from another version
    is ignored (and replaced); writing one never touches the notes file.
    """

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "cache"

    digest = staticmethod(content_digest)

    def path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.notes.json"

    def read(self, doc_id: str, digest: str) -> DocumentNotes | None:
        d = read_cache_json(self.path(doc_id))
        try:
            if d["v"] != _CACHE_VERSION or d["file"] != digest or d["doc"] != doc_id:
                return None
            return DocumentNotes(doc_id, tuple(
                Highlight(hid, doc_id, Anchor(exact, prefix, suffix, start, end), color, note, tuple(tags),
                          created, modified, review)
                for hid, exact, prefix, suffix, start, end, color, note, tags, created, modified, review in d["h"]
            ), d["note"])
        except (ValueError, KeyError, TypeError):  # also None: no usable cache
            return None

    def write(self, notes: DocumentNotes, digest: str) -> None:
        rows = [(h.id, h.anchor.exact, h.anchor.prefix, h.anchor.suffix, h.anchor.start, h.anchor.end, h.color,
                 h.note, h.tags, h.created, h.modified, h.review) for h in notes.highlights]
        write_cache_json(self.path(notes.doc_id), {"v": _CACHE_VERSION, "file": digest, "doc": notes.doc_id,
                                                   "note": notes.document_note, "h": rows})


class NoteStore:
    """Reads and writes one data dir; thread-safe (the background writer shares it)."""

    def __init__(self, data_dir: Path, *, backups_kept: int = 10, backup_interval: float = 60.0) -> None:
        """``backup_interval``: while a file is only being autosaved, a new backup of it is
        made at most this often (seconds), so the last N backups span real time rather
        than the last few keystrokes. The first save of a session, and a save over a file
        changed by someone else, always back up first."""
        self.data_dir = Path(data_dir)
        self.backups_kept = max(1, int(backups_kept))
        self.backup_interval = float(backup_interval)
        self.problems: list[Problem] = []
        self._broken: dict[str, NotesFileError] = {}
        self._known: dict[Path, _Known] = {}
        self._lines: dict[str, dict[Highlight, str]] = {}  # doc id -> line cache (dump_notes)
        self._state_broken = False
        self._guard = threading.Lock()
        self._path_locks: dict[Path, threading.Lock] = {}
        self._lock_fd: int | None = None
        self._lock_mode: str | None = None  # "flock" | "pid" while held
        self._lock_state = "none"  # "none" (never tried), "held", "denied"
        self.lock_holder: str = ""
        self._cache_due: dict[str, tuple[str, DocumentNotes]] = {}  # doc id -> (file digest, notes)

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

    def notes_path(self, doc_id: str) -> Path:
        _check_doc_id(doc_id)
        return self.notes_dir / f"{doc_id}.yaml"

    def _slot(self, key: str) -> tuple[Path, Path]:
        """(file, its backup folder) for a doc id or LINKS_KEY."""
        if key == LINKS_KEY:
            return self.links_path, self.backups_dir / LINKS_KEY
        return self.notes_path(key), self.backups_dir / key

    def _path_lock(self, path: Path) -> threading.Lock:
        with self._guard:
            lock = self._path_locks.get(path)
            if lock is None:
                lock = self._path_locks[path] = threading.Lock()
            return lock

    # -- lock ----------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    @property
    def read_only(self) -> bool:
        """True when another live instance holds the data dir (saves raise LockedError)."""
        return self._lock_state == "denied"

    def acquire_lock(self) -> bool:
        """Take the data dir for this instance; False if another live instance has it."""
        with self._guard:
            if self._lock_state == "held":
                return True
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot be created ({exc.strerror or exc})", self.data_dir) from None
            ok = self._flock() if fcntl is not None else None
            if ok is None:
                ok = self._pid_lock()
            self._lock_state = "held" if ok else "denied"
            if ok:
                self._remove_stale_temp_files()
            if not ok:
                pid, host = _read_holder(self.lock_path)
                self.lock_holder = f"PID {pid} on {host or 'this computer'}" if pid else "another Reader"
            return ok

    def _remove_stale_temp_files(self) -> None:
        # Left by a crash between writing a temp file and renaming it. Only the lock
        # holder writes, so while we hold it no temp file can be in use.
        for folder in (self.data_dir, self.notes_dir, *self.backups_dir.glob("*/")):
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else ():
                with contextlib.suppress(OSError):
                    tmp.unlink()

    def _flock(self) -> bool | None:
        """True/False, or None when the file system has no flock (use the PID scheme)."""
        path = self.lock_path
        for _ in range(5):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise StoreError(f"cannot be opened ({exc.strerror or exc})", path) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return False
                return None
            # The holder may have unlinked the file between our open and flock.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, _lock_text().encode(), 0)
            self._lock_fd, self._lock_mode = fd, "flock"
            return True
        return False

    def _pid_lock(self) -> bool:
        path = self.lock_path
        for _ in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid, host = _read_holder(path)
                mine = host in ("", _hostname())
                if pid is not None and (not mine or _pid_alive(pid)):
                    return False
                with contextlib.suppress(OSError):  # stale: its process is gone
                    path.unlink()
                continue
            except OSError as exc:
                raise StoreError(f"cannot be created ({exc.strerror or exc})", path) from None
            try:
                os.write(fd, _lock_text().encode())
            finally:
                os.close(fd)
            self._lock_mode = "pid"
            return True
        return False

    def release_lock(self) -> None:
        with self._guard:
            if self._lock_state != "held":
                self._lock_state = "none"
                return
            if self._lock_mode == "flock" and self._lock_fd is not None:
                with contextlib.suppress(OSError):
                    self.lock_path.unlink()  # while still holding it; see _flock's check
                os.close(self._lock_fd)
            elif self._lock_mode == "pid":
                pid, _ = _read_holder(self.lock_path)
                if pid == os.getpid():
                    with contextlib.suppress(OSError):
                        self.lock_path.unlink()
            self._lock_fd = self._lock_mode = None
            self._lock_state = "none"

    def _check_writable(self) -> None:
        if self._lock_state == "none":
            self.acquire_lock()
        if self._lock_state != "held":
            raise LockedError(
                f"is in use by another Reader ({self.lock_holder}); nothing was saved from this one",
                self.data_dir,
            )

    # -- notes ---------------------------------------------------------------
    def error_for(self, key: str) -> NotesFileError | None:
        """The remembered parse error of a doc's notes file (or LINKS_KEY), if any."""
        return self._broken.get(key)

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

    def _load(self, key: str, path: Path, parse: Callable[[bytes], Any], empty: Any) -> Any:
        with self._path_lock(path):
            try:
                st = path.stat()
            except FileNotFoundError:
                self._broken.pop(key, None)
                return empty
            except OSError as exc:
                raise NotesFileError(f"cannot be read ({exc.strerror or exc})", path) from None
            try:
                if st.st_size > yamlio.MAX_BYTES:
                    raise NotesFileError(
                        f"is too large ({st.st_size:,} bytes; the limit is {yamlio.MAX_BYTES:,})", path
                    )
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise NotesFileError(f"cannot be read ({exc.strerror or exc})", path) from None
                result = parse(data)
            except NotesFileError as exc:
                self._broken[key] = exc
                raise
            self._broken.pop(key, None)
            known = self._known.get(path)
            self._known[path] = _Known(_signature(st), known.backed_up_at if known else float("-inf"))
            return result

    def save_notes(self, notes: DocumentNotes) -> None:
        """Atomically replace the doc's notes file (after a rolling backup of the old one)."""
        path = self.notes_path(notes.doc_id)
        self._check_writable()
        with self._guard:
            cache = self._lines.setdefault(notes.doc_id, {})
        with self._path_lock(path):  # the cache is shared by the writer thread and callers
            text = dump_notes(notes, cache)
        data = _encode(text, path, (notes.document_note, *notes.highlights))
        self._save(notes.doc_id, path, data, lambda old: parse_notes(old, path, notes.doc_id))
        with self._guard:
            if len(notes.highlights) >= LOAD_CACHE_MIN:
                self._cache_due[notes.doc_id] = (LoadCache.digest(data), notes)
            else:
                self._cache_due.pop(notes.doc_id, None)

    def _save(self, key: str, path: Path, data: bytes, parse: Callable[[bytes], Any]) -> None:
        with self._path_lock(path):
            broken = self._broken.get(key)
            if broken is not None:
                raise NotesFileError(
                    f"was not saved over because it could not be read ({broken.message}); "
                    "restore a backup or fix the file first", path, broken.line,
                )
            self._backup_before_write(key, path, parse)
            atomic_write_bytes(path, data)
            try:
                st = path.stat()
            except OSError:
                self._known.pop(path, None)
            else:
                known = self._known.get(path)
                self._known[path] = _Known(_signature(st), known.backed_up_at if known else float("-inf"))

    def _backup_before_write(self, key: str, path: Path, parse: Callable[[bytes], Any]) -> None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot be checked before saving ({exc.strerror or exc})", path) from None
        known = self._known.get(path)
        changed = known is None or known.signature != _signature(st)
        now = time.monotonic()
        if not changed and now - known.backed_up_at < self.backup_interval:  # type: ignore[union-attr]
            return
        try:
            old = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot be read for a backup ({exc.strerror or exc})", path) from None
        if changed:
            # Never write over something we did not read: it must parse first.
            try:
                parse(old)
            except NotesFileError as exc:
                self._broken[key] = exc
                raise NotesFileError(
                    f"was not saved over because it could not be read ({exc.message}); "
                    "restore a backup or fix the file first", path, exc.line,
                ) from None
        folder = self._slot(key)[1]
        taken = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        atomic_write_bytes(folder / f"{_timestamp(taken)}.yaml", old)
        self._known[path] = _Known(_signature(st), now)
        for stale in self.backups(key)[self.backups_kept :]:
            with contextlib.suppress(OSError):
                stale.unlink()

    def backups(self, doc_id: str) -> list[Path]:
        """Rolling backups of a doc's notes file (or LINKS_KEY), newest first."""
        folder = self._slot(doc_id)[1]
        if not folder.is_dir():
            return []
        found = [p for p in folder.glob("*.yaml") if not p.name.startswith(("broken-", "."))]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def restore_newest_backup(self, doc_id: str) -> Path | None:
        """Put the newest backup that parses back in place; the current file is set aside
        (``backups/<doc-id>/broken-<time>.yaml``, never deleted). None: no usable backup,
        nothing changed."""
        self._check_writable()
        path, folder = self._slot(doc_id)
        if doc_id == LINKS_KEY:
            def parse(data: bytes, p: Path = path) -> Any:
                return parse_links(data, p)
        else:
            def parse(data: bytes, p: Path = path) -> Any:
                return parse_notes(data, p, doc_id)
        with self._path_lock(path):
            for candidate in self.backups(doc_id):
                try:
                    data = candidate.read_bytes()
                    parse(data)
                except (OSError, NotesFileError):
                    continue
                if path.exists():
                    taken = {p.stem for p in folder.glob("*.yaml")}
                    aside = folder / f"broken-{_timestamp({t[7:] for t in taken if t.startswith('broken-')})}.yaml"
                    try:
                        os.replace(path, aside)
                    except OSError as exc:
                        raise StoreError(f"could not be set aside ({exc.strerror or exc})", path) from None
                atomic_write_bytes(path, data)
                self._broken.pop(doc_id, None)
                st = path.stat()
                self._known[path] = _Known(_signature(st), time.monotonic())
                return candidate
        return None

    def notes_files(self) -> list[str]:
        """Doc ids that have a notes file, sorted."""
        if not self.notes_dir.is_dir():
            return []
        return sorted(
            p.stem for p in self.notes_dir.glob("*.yaml")
            if not p.name.startswith(".") and _DOC_ID.fullmatch(p.stem)
        )

    # -- links ---------------------------------------------------------------
    def load_links(self) -> list[UserLink]:
        path = self.links_path
        return self._load(LINKS_KEY, path, lambda data: parse_links(data, path), [])

    def save_links(self, links: Sequence[UserLink]) -> None:
        path = self.links_path
        self._check_writable()
        links = list(links)
        data = _encode(dump_links(links), path, links)
        self._save(LINKS_KEY, path, data, lambda old: parse_links(old, path))

    # -- state ---------------------------------------------------------------
    def load_state(self) -> dict:
        """``{}`` when missing or broken (a broken one is added to :attr:`problems`)."""
        path = self.state_path
        if not path.exists():
            return {}
        try:
            data = yamlio.load_file(path)
            if not isinstance(data, dict):
                raise DataFileError("must be a mapping", path, 1)
            version = data.get("format_version")
            if version != FORMAT_VERSION or isinstance(version, bool):
                raise DataFileError(f"has an unknown format_version {version!r}", path, data.line_of("format_version"))
            if _has_surrogate(data):
                raise DataFileError("contains a lone surrogate escape", path)
        except DataFileError as exc:
            self._state_broken = True
            self.problems.append(Problem.from_error(exc))
            return {}
        self._state_broken = False
        return {k: _plain(v) for k, v in data.items() if k != "format_version"}

    def save_state(self, state: Mapping) -> None:
        path = self.state_path
        self._check_writable()
        try:
            text = yamlio.dumps({"format_version": FORMAT_VERSION, **{k: v for k, v in state.items() if k != "format_version"}})
        except Exception as exc:  # noqa: BLE001 - RepresenterError and friends
            raise StoreError(f"was not saved: the window state holds a value YAML cannot store ({exc})", path) from None
        data = _encode(text, path, ())
        with self._path_lock(path):
            if self._state_broken and path.exists():
                self.backups_dir.mkdir(parents=True, exist_ok=True)
                taken = {p.stem[13:] for p in self.backups_dir.glob("state-broken-*.yaml")}
                try:
                    os.replace(path, self.backups_dir / f"state-broken-{_timestamp(taken)}.yaml")
                except OSError as exc:
                    raise StoreError(f"could not be set aside ({exc.strerror or exc})", path) from None
            atomic_write_bytes(path, data)
            self._state_broken = False


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _check_doc_id(doc_id: str) -> None:
    if not isinstance(doc_id, str) or not _DOC_ID.fullmatch(doc_id):
        raise StoreError(
            f"{doc_id!r} is not a document id that can name a notes file "
            "(letters, digits, '.', '_' and '-'; not starting with '.', '_' or '-')"
        )


# --------------------------------------------------------------------------- writer

_WRITERS: weakref.WeakSet[BackgroundWriter] = weakref.WeakSet()


@atexit.register
def _flush_writers() -> None:  # pragma: no cover - runs at interpreter exit
    for writer in list(_WRITERS):
        with contextlib.suppress(Exception):
            writer.flush(timeout=10.0)


@dataclass
class _Item:
    payload: Any
    due: float
    failures: int = 0
    tried_epoch: int = -1  # flush epoch of the last failed attempt


class BackgroundWriter:
    """Saves off the caller's thread: ``submit_*`` only stores the newest snapshot (O(1));
    a worker thread serialises and writes it ``delay`` seconds after the first unsaved
    change, so a burst of edits costs one write and any change is on disk within
    ``delay`` + one save. Failed writes are reported via ``on_error`` (from the worker
    thread) and retried with back-off; the file on disk stays the previous good one."""

    def __init__(
        self,
        store: NoteStore,
        delay: float = 0.2,
        on_error: Callable[[ReaderError], None] | None = None,
        on_saved: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.delay = max(0.0, float(delay))
        self.on_error = on_error
        self.on_saved = on_saved
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._items: dict[tuple[str, str], _Item] = {}
        self._inflight: tuple[str, str] | None = None
        self._urgent = 0
        self._epoch = 0
        self._closed = False
        self._drops = 0  # items given up on (lock lost, unreadable file): flush reports False
        self._thread = threading.Thread(target=self._run, name="reader-store-writer", daemon=True)
        self._thread.start()
        _WRITERS.add(self)

    # -- caller side ---------------------------------------------------------
    def submit_notes(self, notes: DocumentNotes) -> None:
        self._submit(("notes", notes.doc_id), notes)

    def submit_links(self, links: Sequence[UserLink]) -> None:
        self._submit(("links", ""), tuple(links))

    def submit_state(self, state: Mapping) -> None:
        self._submit(("state", ""), copy.deepcopy(dict(state)))

    def _submit(self, key: tuple[str, str], payload: Any) -> None:
        with self._cond:
            if self._closed:
                raise StoreError("was not saved: the writer is already closed", self.store.data_dir)
            item = self._items.get(key)
            if item is None:
                self._items[key] = _Item(payload, time.monotonic() + self.delay)
            else:
                item.payload = payload  # coalesce; keep the first change's deadline
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether something submitted is not yet on disk."""
        with self._lock:
            return bool(self._items) or self._inflight is not None

    def flush(self, timeout: float | None = None) -> bool:
        """Write everything now and wait. False on timeout, or if some write failed (each
        failing item is tried once more during the flush; ``on_error`` has the reason)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._epoch += 1
            epoch = self._epoch
            self._urgent += 1
            drops = self._drops
            self._cond.notify_all()
            try:
                while True:
                    if not self._items and self._inflight is None:
                        return self._drops == drops
                    if self._inflight is None and all(i.tried_epoch >= epoch for i in self._items.values()):
                        return False
                    if not self._thread.is_alive():
                        return False
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        return False
                    self._cond.wait(remaining)
            finally:
                self._urgent -= 1

    def close(self, timeout: float | None = None) -> bool:
        """Flush, then stop the worker. Returns whether everything reached the disk."""
        ok = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5.0)
        _WRITERS.discard(self)
        return ok

    # -- worker side ---------------------------------------------------------
    def _next(self) -> tuple[tuple[str, str], _Item] | None:
        """Under the lock: the next item to write, waiting as needed; None to stop."""
        while True:
            if self._closed:
                return None
            now = time.monotonic()
            best: tuple[str, str] | None = None
            wait: float | None = None
            for key, item in self._items.items():
                ready = item.tried_epoch < self._epoch if self._urgent else item.due <= now
                if self._urgent and not ready and item.due <= now:
                    ready = True
                if ready:
                    if best is None or item.due < self._items[best].due:
                        best = key
                else:
                    left = item.due - now
                    wait = left if wait is None else min(wait, left)
            if best is not None:
                self._inflight = best
                return best, self._items.pop(best)
            self._cond.wait(None if wait is None else max(wait, 0.001))

    def _run(self) -> None:
        while True:
            with self._cond:
                nxt = self._next()
                if nxt is None:
                    return
                epoch = self._epoch
            key, item = nxt
            error: ReaderError | None = None
            try:
                self._write(key, item.payload)
            except ReaderError as exc:
                error = exc
            except Exception as exc:  # noqa: BLE001 - the worker must survive any bug
                error = StoreError(f"was not saved ({type(exc).__name__}: {exc})", self.store.data_dir)
            with self._cond:
                self._inflight = None
                if isinstance(error, (LockedError, NotesFileError)):
                    self._drops += 1  # retrying cannot help; on_error tells the user
                elif error is not None:
                    newer = self._items.get(key)
                    failures = item.failures + 1
                    retry = time.monotonic() + min(5.0, 0.25 * 2**failures)
                    if newer is None:
                        self._items[key] = _Item(item.payload, retry, failures, epoch)
                    else:
                        newer.failures, newer.tried_epoch = failures, epoch
                        newer.due = max(newer.due, retry)
                self._cond.notify_all()
            callback = self.on_error if error is not None else self.on_saved
            if callback is not None:
                with contextlib.suppress(Exception):
                    callback(error if error is not None else self._label(key))  # type: ignore[arg-type]

    def _label(self, key: tuple[str, str]) -> str:
        kind, doc_id = key
        return f"notes/{doc_id}.yaml" if kind == "notes" else f"{kind}.yaml"

    def _write(self, key: tuple[str, str], payload: Any) -> None:
        kind = key[0]
        if kind == "notes":
            self.store.save_notes(payload)
        elif kind == "links":
            self.store.save_links(payload)
        else:
            self.store.save_state(payload)
