"""The library indexer as a process of its own: ``python -m reader.core.index_worker DATA_DIR``.

The window starts it when many texts are new to the index (``library_corpus.SYNC_BYTES``):
reading, normalising, hashing and the FTS insert of 100 MB of text hold the interpreter
lock for long spells, which in a thread of the window would stall its event loop; in a
process they cannot. The protocol, on stdout, one line each:

- ``progress DONE TOTAL`` after each text (committed one by one: a stop keeps what is done);
- ``error SENTENCE`` before exiting with status 1 (the index could not be opened or written).

It runs at a lower priority, takes no data-dir lock (the index is a cache of the texts, kept
consistent by SQLite's transactions, and the window holding the lock reads it meanwhile),
and stops between two texts when its stdin closes (the window closed or died) or on SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import stat
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from .library_index import refresh_pending
from .paths import resolve_data_dir

__all__ = ["PROGRESS", "ERROR", "main"]

PROGRESS = "progress"
ERROR = "error"
_NICE = 10  # below the window's priority: the GUI gets the CPU first on a busy machine


class _Stopped(Exception):
    """The window asked the worker to stop (its stdin closed, or SIGTERM)."""


def _watch_stdin(stop: threading.Event) -> None:
    """Sets ``stop`` when stdin reaches its end: the window closed it, or is gone."""
    try:  # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts the exit
        while os.read(0, 4096):
            pass
    except (OSError, ValueError):
        pass
    stop.set()


def _on_term(_signum: int, _frame: FrameType | None) -> None:
    raise _Stopped


def _say(kind: str, text: str) -> None:
    sys.stdout.write(f"{kind} {text}\n")
    sys.stdout.flush()


def _stdin_is_pipe() -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(0).st_mode) or stat.S_ISSOCK(os.fstat(0).st_mode)
    except (OSError, ValueError):
        return False


def run(data_dir: Path, texts: Path | None = None) -> int:
    """Index the texts new to ``data_dir``'s index, saying how far it is; the exit status
    (0 done, 1 failed, 3 stopped)."""
    stop = threading.Event()
    if _stdin_is_pipe():  # a window's pipe (a terminal or /dev/null would never, or at once, end)
        threading.Thread(target=_watch_stdin, args=(stop,), name="stdin-watch", daemon=True).start()

    def progress(done: int, total: int) -> None:
        _say(PROGRESS, f"{done} {total}")
        if stop.is_set():
            raise _Stopped

    try:
        ok = refresh_pending(data_dir, texts=texts, progress=progress)
    except _Stopped:  # the transaction of the text in hand was rolled back; the rest is kept
        return 3
    except (sqlite3.Error, OSError) as exc:  # e.g. the disk is full
        _say(ERROR, f"the library index in {data_dir / 'cache'} could not be written ({exc}).")
        return 1
    if not ok:
        _say(ERROR, f"the library index in {data_dir / 'cache'} could not be opened (locked or read-only).")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reader.core.index_worker", description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--texts", type=Path, default=None, help="the shipped texts' folder (default: the package's)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, _on_term)
    try:
        os.nice(_NICE)
    except (AttributeError, OSError):  # not on this platform: the same priority, still off the GUI
        pass
    return run(resolve_data_dir(args.data_dir), args.texts)  # the window's and the CLI's paths


if __name__ == "__main__":
    raise SystemExit(main())
