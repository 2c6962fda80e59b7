"""The background writer: saves notes, links and state off the caller's thread, coalescing bursts.

Its owner flushes it explicitly: ``flush()`` before anything that needs the files on
disk, ``close()`` when done (the window's session does both, on closing and on
quitting, including on SIGTERM). There is no interpreter-exit hook: a writer that is
never closed loses what was submitted in its last ``delay`` seconds.
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import LockedError, NotesFileError, ReaderError, StoreError
from .model import DocumentNotes, UserLink

__all__ = ["BackgroundWriter", "SaveTarget"]


class SaveTarget(Protocol):
    """What the writer saves through (a NoteStore)."""

    data_dir: Path

    def save_notes(self, notes: DocumentNotes) -> None: ...

    def save_links(self, links: Sequence[UserLink]) -> None: ...

    def save_state(self, state: Mapping[str, Any]) -> None: ...


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
        store: SaveTarget,
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

    # -- caller side ---------------------------------------------------------
    def submit_notes(self, notes: DocumentNotes) -> None:
        self._submit(("notes", notes.doc_id), notes)

    def submit_links(self, links: Sequence[UserLink]) -> None:
        self._submit(("links", ""), tuple(links))

    def submit_state(self, state: Mapping[str, Any]) -> None:
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
