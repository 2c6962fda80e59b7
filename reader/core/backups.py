"""Rolling backups of notes and links files: taken before a write, restored by hand.

``backups/<doc-id>/<time>.yaml`` (``backups/_links/`` for links.yaml) hold previous
versions, newest last by name; ``broken-<time>.yaml`` are unreadable files set aside
by a restore (never deleted). A backup is skipped when it would repeat the newest one
byte for byte, so failing saves on a full disk do not eat the last free space.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import NotesFileError, StoreError
from .fsutil import atomic_write_bytes

__all__ = ["Backups", "timestamp"]

Signature = tuple[int, int, int]


def timestamp(taken: set[str]) -> str:
    """A UTC time stamp for a file name, not one of ``taken``."""
    t = _dt.datetime.now(_dt.UTC)
    while True:
        name = t.strftime("%Y%m%dT%H%M%S.%fZ")
        if name not in taken:
            return name
        t += _dt.timedelta(microseconds=1)


def signature(st: os.stat_result) -> Signature:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class _Known:
    signature: Signature
    backed_up_at: float  # time.monotonic() of the last backup this session (-inf: none)


class Backups:
    """Backups of the files of one data dir; remembers what each file looked like when
    this session last read or wrote it (a file changed behind our back is re-checked)."""

    def __init__(self, folder: Path, kept: int, interval: float) -> None:
        self.folder = folder
        self.kept = max(1, int(kept))
        self.interval = float(interval)
        self._known: dict[Path, _Known] = {}

    def slot(self, key: str) -> Path:
        return self.folder / key

    def seen(self, path: Path, st: os.stat_result | None) -> None:
        """Record ``path`` as this session last read or wrote it (None: unknown now)."""
        if st is None:
            self._known.pop(path, None)
            return
        known = self._known.get(path)
        self._known[path] = _Known(signature(st), known.backed_up_at if known else float("-inf"))

    def before_write(self, key: str, path: Path, parse: Callable[[bytes], object]) -> None:
        """Back up ``path`` unless one was taken recently and it is unchanged since. A file
        changed behind our back must parse first: its NotesFileError is raised as is."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot be checked before saving ({exc.strerror or exc})", path) from None
        known = self._known.get(path)
        now = time.monotonic()
        if known is not None and known.signature == signature(st) and now - known.backed_up_at < self.interval:
            return
        try:
            old = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot be read for a backup ({exc.strerror or exc})", path) from None
        if known is None or known.signature != signature(st):
            parse(old)  # never write over something we did not read
        folder = self.slot(key)
        found = self.list(key)
        if not found or not _same_bytes(found[0], old):
            taken = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
            atomic_write_bytes(folder / f"{timestamp(taken)}.yaml", old)
        self._known[path] = _Known(signature(st), now)
        for stale in self.list(key)[self.kept :]:
            with contextlib.suppress(OSError):
                stale.unlink()

    def list(self, key: str) -> list[Path]:
        """Rolling backups of a file, newest first."""
        folder = self.slot(key)
        if not folder.is_dir():
            return []
        found = [p for p in folder.glob("*.yaml") if not p.name.startswith(("broken-", "."))]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def restore_newest(self, key: str, path: Path, parse: Callable[[bytes], object]) -> Path | None:
        """Put the newest backup that parses in place of ``path``, which is set aside as
        ``broken-<time>.yaml`` (never deleted). None: no usable backup, nothing changed."""
        folder = self.slot(key)
        for candidate in self.list(key):
            try:
                data = candidate.read_bytes()
                parse(data)
            except (OSError, NotesFileError):
                continue
            if path.exists():
                taken = {p.stem[7:] for p in folder.glob("broken-*.yaml")}
                try:
                    os.replace(path, folder / f"broken-{timestamp(taken)}.yaml")
                except OSError as exc:
                    raise StoreError(f"could not be set aside ({exc.strerror or exc})", path) from None
            atomic_write_bytes(path, data)
            self._known[path] = _Known(signature(path.stat()), time.monotonic())
            return candidate
        return None


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
