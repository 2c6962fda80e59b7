"""Reading and writing users' files: one bounded reader, one atomic writer.

Every file this project writes (notes, state, library texts, and every export: PDF,
Markdown, W3C, YAML) goes through :func:`output_stream`: a temp file beside the real
target is written, checked, fsynced and ``os.replace``\\ d over it, so a crash or a full
disk leaves either the old or the new file, never a partial one. Every file it reads
from a user goes through :func:`read_bytes_limited`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO

from .errors import DataFileError, StoreError

STALE_TEMP_SECONDS = 60 * 60
"""A temp file of ours whose writer still seems alive is swept after this long anyway
(the PID may have been reused, or belong to another machine sharing the folder)."""

_TEMP_MARK = ".reader.tmp"
_OUR_TEMP = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_-]+(?:\.qt)?" + re.escape(_TEMP_MARK) + "$")

SAVE_FAILED = "could not be saved ({reason}); the previous version is kept"
EXPORT_FAILED = "could not be written ({reason}); nothing was changed"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace the data file ``path`` with ``data`` atomically (new files private, 0600);
    raise :class:`StoreError` on failure."""
    with output_stream(path, devices=False, new_mode=0o600, failure=SAVE_FAILED) as fh:
        fh.write(data)


def write_output(path: Path, data: bytes) -> None:
    """Write an export to ``path`` through :func:`output_stream` (see there)."""
    with output_stream(path) as fh:
        fh.write(data)


@contextlib.contextmanager
def output_stream(path: Path, *, devices: bool = True, new_mode: int = 0o666,
                  failure: str = EXPORT_FAILED) -> Iterator[BinaryIO]:
    """A binary file whose content replaces ``path`` when the ``with`` block ends cleanly.

    - A symlink is written through: its target gets the content, the link stays.
    - A character device or a pipe (``/dev/null``, ``>(gzip)``) is written directly when
      ``devices`` (a pipe only when someone reads it); anything else that is not a regular
      file is refused with a sentence and left as it is.
    - An existing file keeps its mode (and owner, where allowed); a new one gets
      ``new_mode`` less the umask.
    - The write is checked (flushed, fsynced, size compared) before the rename; on any
      failure or interruption (an exception, KeyboardInterrupt, SIGTERM) the temp file is
      removed and the target is untouched. Stale temp files of ours are swept first.
    Every failure is a :class:`StoreError` naming ``path``: ``failure`` with ``{reason}``.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise StoreError(failure.format(reason=exc.strerror or exc), path) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with _special_stream(path, st, devices, failure) as fh:
            yield fh
        return
    tmp: str | None = None
    try:
        with _interruptible():
            real.parent.mkdir(parents=True, exist_ok=True)
            sweep_stale_temps(real)
            tmp = str(temp_path(real))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), new_mode)
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                size = fh.tell()
                if st is not None:
                    _keep_mode(fd, st)
                os.fsync(fd)
                if os.fstat(fd).st_size != size:
                    raise OSError(errno.EIO, "the written file is shorter than what was written to it")
            os.replace(tmp, real)
            tmp = None
            fsync_dir(real.parent)
    except OSError as exc:
        raise StoreError(failure.format(reason=exc.strerror or exc), path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def scratch_path(path: Path) -> Iterator[Path]:
    """A temp file path beside ``path``'s real target for a helper's intermediate output
    (QPdfWriter's pages), named so that :func:`sweep_stale_temps` recognises it; removed
    on leaving, whatever happens. Beside a device or pipe it goes to the system temp dir."""
    import tempfile

    real = Path(os.path.realpath(path))
    folder = real.parent
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.stat(real).st_mode):
            folder = Path(tempfile.gettempdir())
    tmp = temp_path(folder / real.name, qt=True)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def _special_stream(path: Path, st: os.stat_result, devices: bool, failure: str) -> Iterator[BinaryIO]:
    if stat.S_ISDIR(st.st_mode):
        raise StoreError("is a folder, not a file; nothing was written", path)
    if not devices or not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise StoreError("is not a regular file (a device, pipe or socket); it was left as it is", path)
    try:
        # Non-blocking open: a pipe nobody reads fails at once (ENXIO) instead of hanging.
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        reason = "a pipe nobody is reading" if exc.errno == errno.ENXIO else (exc.strerror or str(exc))
        raise StoreError(failure.format(reason=reason), path) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            yield fh
            fh.flush()
    except OSError as exc:
        raise StoreError(failure.format(reason=exc.strerror or exc), path) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _keep_mode(fd: int, st: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    with contextlib.suppress(OSError):  # only root or the owner may; a copy owned by us is fine
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            os.fchown(fd, st.st_uid, st.st_gid)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """While a write is under way, SIGTERM raises SystemExit (so ``finally`` removes the
    temp file) when nobody else handles it; only the main thread may install handlers."""
    if not hasattr(signal, "SIGTERM") or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, terminate)
        installed = True
    except ValueError:  # not the main thread (asked so: importing threading costs every start 2 ms)
        installed = False
    try:
        yield
    finally:
        if installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def temp_prefix(path: Path) -> str:
    """Hidden temp files next to ``path`` carry the writer's PID, so a later write can
    tell the leftovers of a killed process from a write in progress."""
    return f".{Path(path).name}.{os.getpid()}-"


def temp_path(path: Path, qt: bool = False) -> Path:
    """A fresh temp file name of ours beside ``path`` (see :func:`sweep_stale_temps`)."""
    token = os.urandom(4).hex()  # what secrets.token_hex does, without importing secrets (and hmac)
    return Path(path).with_name(f"{temp_prefix(path)}{token}{'.qt' if qt else ''}{_TEMP_MARK}")


def sweep_stale_temps(path: Path) -> int:
    """Remove the temp files killed writers left in ``path``'s folder: ours by name (any
    target's, and the older ``.<name>.<pid>-*.tmp`` of ``path`` itself) whose process is
    gone, or that are older than STALE_TEMP_SECONDS. Anything else is left alone."""
    if os.name != "posix":  # os.kill(pid, 0) is no probe on Windows
        return 0
    path = Path(path)
    legacy = f".{path.name}."
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith("."):  # every temp file of ours is hidden: most names end here
            continue
        m = _OUR_TEMP.match(entry.name)
        if m is not None:
            pid_text = m.group(1)
        elif entry.name.startswith(legacy) and entry.name.endswith(".tmp"):
            pid_text = entry.name[len(legacy):].split("-", 1)[0]
        else:
            continue
        if not pid_text.isdigit():
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            pid = int(pid_text)
            if (pid == os.getpid() or _alive(pid)) and now - st.st_mtime < STALE_TEMP_SECONDS:
                continue  # a write in progress
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
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


def write_output_text(path: Path, text: str) -> None:
    write_output(path, text.encode("utf-8"))


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
    """Read a file someone gave us: at most ``limit`` bytes, regular files only.

    The file is opened first and the *open* descriptor checked, so a pipe, a device
    (``/dev/zero``), a socket or a folder — also behind a symlink — is refused at once
    instead of hanging or filling memory; and no more than ``limit`` + 1 bytes are ever
    read, whatever the size claims. Every failure is a :class:`DataFileError` naming the
    file: one sentence, no traceback.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a pipe nobody writes to returns at once (then it is refused).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataFileError("does not exist", path) from None
    except IsADirectoryError:
        raise DataFileError("is a folder, not a file", path) from None
    except PermissionError:
        raise DataFileError("cannot be read (permission denied)", path) from None
    except OSError as exc:
        raise DataFileError(f"cannot be read ({exc.strerror or exc})", path) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DataFileError("is a folder, not a file", path)
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError("is not a regular file (a device, pipe or socket); it was not read", path)
        if st.st_size > limit:
            raise DataFileError(f"{too_large} ({st.st_size:,} bytes; the limit is {limit:,})", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(limit + 1 - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # it grew after fstat
            raise DataFileError(f"{too_large} (over {limit:,} bytes, the limit)", path)
        return b"".join(chunks)
    except OSError as exc:
        raise DataFileError(f"cannot be read ({exc.strerror or exc})", path) from None
    finally:
        os.close(fd)


def content_digest(*parts: bytes | str) -> str:
    """A short digest of some bytes or texts, for cache keys (hashlib releases the GIL)."""
    try:  # BLAKE2 is built into CPython; hashlib would also load OpenSSL (about 4 ms at every start)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    h = blake2b(digest_size=20)
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
