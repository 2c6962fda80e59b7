"""Atomic file writes: the only way this project writes a user's file.

A temp file in the same directory is written, flushed and fsynced, then ``os.replace``d
over the target, so a crash or a full disk leaves either the old or the new file, never
a partial one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import DataFileError, StoreError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise :class:`StoreError` on failure."""
    path = Path(path)
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale_temps(path)
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(f"could not be saved ({exc.strerror or exc}); the previous version is kept", path) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def temp_prefix(path: Path) -> str:
    """Hidden temp files next to ``path`` carry the writer's PID, so a later write can
    tell the leftovers of a killed process from a write in progress."""
    return f".{Path(path).name}.{os.getpid()}-"


def sweep_stale_temps(path: Path) -> int:
    """Remove the temp files a killed writer left next to ``path``: ours by name, with
    the PID of a process that is gone. Anything else is left alone. Returns how many."""
    if os.name != "posix":  # os.kill(pid, 0) is no probe on Windows
        return 0
    path = Path(path)
    prefix = f".{path.name}."
    removed = 0
    try:
        entries = [e for e in os.scandir(path.parent) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return 0
    for entry in entries:
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or unknowable: keep the file
    return True


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_bytes_limited(path: Path, limit: int, too_large: str = "is too large") -> bytes:
    """Read a file someone gave us, refusing folders and files over ``limit`` bytes.

    Every failure is a :class:`DataFileError` naming the file: one sentence, no traceback.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise DataFileError("is a folder, not a file", path)
        size = path.stat().st_size
        if size > limit:
            raise DataFileError(f"{too_large} ({size:,} bytes; the limit is {limit:,})", path)
        return path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("does not exist", path) from None
    except PermissionError:
        raise DataFileError("cannot be read (permission denied)", path) from None
    except OSError as exc:
        raise DataFileError(f"cannot be read ({exc.strerror or exc})", path) from None


def content_digest(*parts: bytes | str) -> str:
    """A short digest of some bytes or texts, for cache keys (hashlib releases the GIL)."""
    import hashlib  # about 6 ms to import: only the caches need it, not every start

    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))  # so ("ab", "c") and ("a", "bc") differ
        h.update(data)
    return h.hexdigest()


def read_cache_json(path: Path) -> Any:
    """The JSON held by a cache file from :func:`write_cache_json`, or ``None`` when it is
    missing, damaged or unreadable: a cache is never worth an error message."""
    try:
        raw = Path(path).read_bytes()
        head, _, body = raw.partition(b"\n")
        if head.decode("ascii") != content_digest(body):
            return None
        return json.loads(body)
    except (OSError, ValueError, UnicodeError, RecursionError):
        return None


def write_cache_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON under a checksum line, atomically; failures only cost speed
    next time (a full disk, a read-only data dir), so they are swallowed."""
    body = json.dumps(value, separators=(",", ":")).encode("ascii")
    with contextlib.suppress(OSError, StoreError):
        atomic_write_bytes(Path(path), content_digest(body).encode("ascii") + b"\n" + body)
