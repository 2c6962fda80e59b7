"""Runs a core operation on a worker thread and hands its result back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ..core.errors import ReaderError

if TYPE_CHECKING:  # concurrent.futures costs 5 ms of a start: loaded by the first job
    from concurrent.futures import Future, ThreadPoolExecutor


class BackgroundJobs(QObject):
    """One worker, jobs in order (Anki's CollectionOp): ``run(work, done)`` calls ``work()``
    off the GUI thread, then ``done(result)`` on it; a ReaderError from either goes to
    ``failed`` (one place reports failures), with the job's title."""

    failed = Signal(str, str)  # title, one sentence
    _finished = Signal(object)  # the job's future, delivered queued on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = None
        self._callbacks: dict[Future[Any], tuple[str, Callable[[Any], None]]] = {}
        self._finished.connect(self._deliver)

    def run(self, title: str, work: Callable[[], Any], done: Callable[[Any], None], *, wait: bool = False) -> bool:
        """Start the job; with ``wait`` block until it is done and return whether it worked
        (a script or a test), else return True at once."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-job")
        future = self._pool.submit(work)
        if wait:
            future.exception()  # waits for the worker
            return self._finish(title, done, future)
        self._callbacks[future] = (title, done)
        future.add_done_callback(self._finished.emit)
        return True

    def busy(self) -> bool:
        return bool(self._callbacks)

    def _deliver(self, future: Future[Any]) -> None:
        entry = self._callbacks.pop(future, None)
        if entry is not None:
            self._finish(*entry, future)

    def _finish(self, title: str, done: Callable[[Any], None], future: Future[Any]) -> bool:
        try:
            done(future.result())
        except ReaderError as exc:
            self.failed.emit(title, str(exc))
            return False
        return True

    def close(self) -> None:
        """Let a job in flight finish (a file half written is never left), drop the rest."""
        self._callbacks.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
