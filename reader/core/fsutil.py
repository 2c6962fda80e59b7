"""Atomic file writes: the only way this project writes a user's file.

A temp file in the same directory is written, flushed and fsynced, then ``os.replace``d
over the target, so a crash or a full disk leaves either the old or the new file, never
a partial one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import DataFileError, StoreError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise :class:`StoreError` on failure."""
    path = Path(path)
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
