"""Application entry: ``reader.app.MainWindow``, ``run()`` for the command line, and a clean quit on signals."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

# The Qt-free core the window needs, imported before PySide6: PySide6's import hook reads the
# source of every module imported after it (looking for a __feature__ import).
from .core import editorial, library_corpus, notes, store, study, window_state  # noqa: F401

# isort: split
from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

from .ui.main_window import MainWindow

__all__ = ["MainWindow", "QuitOnSignals", "run"]

QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class QuitOnSignals(QObject):
    """SIGTERM, SIGHUP and SIGINT quit the event loop cleanly, so closing flushes the writer.

    Python runs a signal handler only between bytecodes, and Qt's loop waits in C: the
    signal module writes a byte to a pipe (``set_wakeup_fd``), a socket notifier wakes the
    loop on it, and the handler then runs and calls ``quit()``.
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.received: int | None = None
        self._app = app
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._old_fd = signal.set_wakeup_fd(self._write)
        self._old = {sig: signal.signal(sig, self._handle) for sig in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._read, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _handle(self, signum: int, _frame: object) -> None:
        self.received = signum
        self._app.quit()

    def _drain(self) -> None:
        try:
            os.read(self._read, 512)
        except OSError:
            pass

    def uninstall(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        os.close(self._read)
        os.close(self._write)


def run(doc_id: str | None = None, data_dir: Path | None = None) -> int:
    """Open the window on ``doc_id`` (else the last document, else the first)."""
    from PySide6.QtWidgets import QApplication

    from .core.errors import ReaderError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reader")
    app.setApplicationDisplayName("Reader")
    app.setDesktopFileName("reader")
    try:
        window = MainWindow(data_dir=data_dir)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    if doc_id is not None and doc_id not in window.session.corpus:
        print(f"reader: unknown document '{doc_id}' (known: {', '.join(window.session.corpus.ids())}).",
              file=sys.stderr)
        window.session.close()
        return 2
    target = doc_id or window.last_document() or next(iter(window.session.corpus.ids()), None)
    window.show()
    if target:
        window.open_document(target)
    return exec_window(app, window)


def exec_window(app: QCoreApplication, window: MainWindow) -> int:
    """Run the event loop until the window closes or a quit signal arrives; either way the
    window closes (its notes flushed, its lock released) before this returns."""
    quitter = QuitOnSignals(app) if os.name == "posix" else None

    def close_if_open() -> None:  # quit by a signal or the session manager: close = flush + release
        if window.isVisible():
            window.close()

    app.aboutToQuit.connect(close_if_open)
    app.commitDataRequest.connect(lambda _manager: save_for_logout(window))
    try:
        return app.exec()
    finally:
        if quitter is not None:
            quitter.uninstall()


def save_for_logout(window: MainWindow) -> None:
    """The session manager asks before logging out: put everything on disk now."""
    from .core.errors import ReaderError

    window.flush_notes()  # the note being typed
    window.save_state()
    try:
        window.session.book.save_now()
    except ReaderError as exc:
        window.session.saveFailed.emit(str(exc))
