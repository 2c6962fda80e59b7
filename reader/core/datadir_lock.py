"""The data dir's inter-process lock: one writer (a window or a command) at a time.

``reader.lock`` is held with ``flock`` where the file system has it (a kernel lock that
dies with its process, so it is never stale), else by creating it exclusively with our
PID inside (a lock whose process is gone is recovered). Either way the file says who
holds it, for the sentence a second writer gets: PID, host, and what kind of Reader
(``window`` or the command's name).

Nothing takes the lock by being constructed: callers use ``with lock:`` (raises
:class:`LockedError` naming the holder) or ``acquire()``/``release()`` (False, with
:attr:`DataDirLock.reason`). A data dir that is read-only cannot be locked either; it
is reported the same way, so the caller opens it read-only.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal

from .errors import LockedError, StoreError

try:  # POSIX: a kernel lock that dies with the process, never stale
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "DataDirLock", "Holder", "check_data_dir"]

LOCK_NAME = "reader.lock"
WINDOW = "window"
_READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)


@dataclass(frozen=True)
class Holder:
    """Who holds a data dir's lock, as written in the lock file."""

    pid: int | None
    host: str
    kind: str  # "window", a command such as "import", or "" (unknown)

    def describe(self) -> str:
        who = "another Reader window" if self.kind == WINDOW else (
            f"another Reader running 'reader {self.kind}'" if self.kind else "another Reader"
        )
        if self.pid is None:
            return who
        where = "" if self.host in ("", _hostname()) else f" on {self.host}"
        return f"{who} (PID {self.pid}{where})"


def check_data_dir(data_dir: Path) -> None:
    """StoreError, one sentence, when ``data_dir`` exists but is not a folder."""
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(
            "is a file, not a folder: Reader keeps your notes in a data folder; "
            "move the file away or choose another --data-dir", data_dir,
        )


class DataDirLock:
    """The lock of one data dir, for one holder kind; re-entrant only via ``held``."""

    def __init__(self, data_dir: Path, kind: str = "") -> None:
        self.data_dir = Path(data_dir)
        self.kind = kind
        self.path = self.data_dir / LOCK_NAME
        self._fd: int | None = None
        self._mode: Literal["flock", "pid"] | None = None
        self._state: Literal["none", "held", "denied"] = "none"
        self.reason = ""  # why it was denied: "in use by …" or "read-only (…)"

    @property
    def held(self) -> bool:
        return self._state == "held"

    @property
    def denied(self) -> bool:
        return self._state == "denied"

    @property
    def tried(self) -> bool:
        return self._state != "none"

    def holder(self) -> Holder:
        """Who the lock file names (whoever holds it now, or held it last)."""
        try:
            lines = self.path.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            return Holder(None, "", "")
        try:
            pid = int(lines[0].strip()) if lines else None
        except ValueError:
            pid = None
        host = lines[1].strip() if len(lines) > 1 else ""
        return Holder(pid, host, lines[2].strip() if len(lines) > 2 else "")

    def acquire(self) -> bool:
        """Take the data dir; False (with :attr:`reason`) if another Reader holds it or it
        is read-only. StoreError only when it is not a folder at all."""
        if self._state == "held":
            return True
        check_data_dir(self.data_dir)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            ok = self._flock() if fcntl is not None else None
            if ok is None:
                ok = self._pid_lock()
        except OSError as exc:
            if exc.errno not in _READ_ONLY_ERRNOS:
                raise StoreError(f"cannot be used ({exc.strerror or exc})", self.data_dir) from None
            self._state = "denied"
            self.reason = f"read-only ({exc.strerror or exc})"
            return False
        self._state = "held" if ok else "denied"
        if ok:
            self.reason = ""
            self._remove_stale_temp_files()
        else:
            self.reason = f"in use by {self.holder().describe()}"
        return ok

    def release(self) -> None:
        if self._state != "held":
            self._state = "none"
            return
        if self._mode == "flock" and self._fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()  # while still holding it; see _flock's check
            os.close(self._fd)
        elif self._mode == "pid" and self.holder().pid == os.getpid():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._fd = self._mode = None
        self._state = "none"

    def refusal(self, what: str = "nothing was saved") -> LockedError:
        """The one sentence a writer gets when the lock is not ours."""
        hint = "; close it and try again" if "window" in self.reason else ""
        return LockedError(f"is {self.reason or 'not locked by this Reader'}; {what}{hint}", self.data_dir)

    def __enter__(self) -> DataDirLock:
        if not self.acquire():
            raise self.refusal("nothing was changed")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    # -- the two schemes ----------------------------------------------------------
    def _text(self) -> bytes:
        return f"{os.getpid()}\n{_hostname()}\n{self.kind}\n".encode()

    def _flock(self) -> bool | None:
        """True/False, or None when the file system has no flock (use the PID scheme)."""
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return False
                return None
            # The holder may have unlinked the file between our open and flock.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, self._text(), 0)
            self._fd, self._mode = fd, "flock"
            return True
        return False

    def _pid_lock(self) -> bool:
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self.holder()
                mine = holder.host in ("", _hostname())
                if holder.pid is not None and (not mine or _pid_alive(holder.pid)):
                    return False
                with contextlib.suppress(OSError):  # stale: its process is gone
                    self.path.unlink()
                continue
            try:
                os.write(fd, self._text())
            finally:
                os.close(fd)
            self._mode = "pid"
            return True
        return False

    def _remove_stale_temp_files(self) -> None:
        # Left by a crash between writing a temp file and renaming it. Only the lock
        # holder writes, so while we hold it no temp file can be in use.
        backups = self.data_dir / "backups"
        for folder in (self.data_dir, self.data_dir / "notes", *backups.glob("*/")):
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else ():
                with contextlib.suppress(OSError):
                    tmp.unlink()


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
