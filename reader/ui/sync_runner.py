"""The window's sync: File › Sync folder…, syncs on start, after saves and when the folder
changes, each exchange off the GUI thread, and a status-bar line saying how the last went.

The sync engine (pycrdt and its dependencies) costs a good share of a cold start, so it is
imported only for an exchange; ``start()``, which the window calls once it has painted,
reads the remembered folder from the small sync state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow

from ..core.corpus import Corpus
from ..core.errors import ReaderError
from .i18n import tr as _tr
from .session import Session

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from ..core.sync.engine import Plan, SyncEngine, SyncReport
    from ..core.sync.study import StudySnapshot

AFTER_SAVE_MS = 1500  # a burst of edits is one sync, shortly after the last save
AFTER_FOLDER_CHANGE_MS = 400  # a sync tool writes a file in steps: wait for it to settle
POLL_MS = 60_000  # when the folder's change notices do not arrive (network drives)


class SyncRunner(QObject):
    """One window's syncing; ``statusChanged`` carries the status-bar line."""

    statusChanged = Signal(str)
    synced = Signal(object)  # core.sync.engine.SyncReport, after each exchange
    _done = Signal(object, object)  # (continuation, result): back on the GUI thread

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._folder: Path | None = None
        self._folder_read = False
        self.worker_threads: set[int] = set()  # tests: exchanges run off the GUI thread
        self._engine: SyncEngine | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._started = False
        self._busy = False
        self._again = False
        self._closed = False
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _p: self.schedule(AFTER_FOLDER_CHANGE_MS))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(lambda: self.schedule(0))
        session.saveStateChanged.connect(lambda dirty: None if dirty else self.schedule(AFTER_SAVE_MS))
        session.studyChanged.connect(lambda: self.schedule(AFTER_SAVE_MS))  # its book saves at once

    # -- what the window calls -----------------------------------------------------
    def start(self) -> None:
        """Watch the remembered folder and sync with it now (once; the window calls this
        after its first paint)."""
        if not self._started:
            self._started = True
            self._watch()
            self.schedule(0)

    @property
    def folder(self) -> Path | None:
        """The folder this data dir syncs through (read from the sync state on first use)."""
        if not self._folder_read:
            from ..core.sync.state import remembered_folder

            self._folder, self._folder_read = remembered_folder(self.session.data_dir), True
        return self._folder

    @property
    def enabled(self) -> bool:
        return self.folder is not None and not self.session.store.read_only and not self._closed

    def set_folder(self, folder: Path) -> None:
        """Remember ``folder`` for this data dir and sync with it now."""
        from ..core.sync.run import remember_folder

        try:
            remember_folder(self.session.data_dir, Path(folder))
        except ReaderError as exc:
            self.statusChanged.emit(_tr("Sync folder not set: {error}").format(error=exc))
            return
        self._folder, self._folder_read = Path(folder).resolve(), True
        self._started = True
        self._engine = None
        self._watch()
        self.schedule(0)

    def schedule(self, delay_ms: int) -> None:
        if self.enabled and (not self._timer.isActive() or self._timer.remainingTime() > delay_ms):
            self._timer.start(delay_ms)

    def sync_now(self) -> None:
        from ..core.sync.book import flush
        from ..core.sync.study import study_snapshot

        if not self.enabled:
            return
        if self._busy:
            self._again = True
            return
        if self.folder is not None and str(self.folder) not in self._watcher.directories():
            self._watch()  # the folder is back (a drive plugged in again)
        error = flush(self.session.book)
        if error:
            self.statusChanged.emit(_tr("Not synced: {error}").format(error=error))
            return
        self._busy = True
        # Taken here, on the GUI thread that edits them; the worker only reads this copy.
        study, corpus = study_snapshot(self.session.study), self.session.corpus
        self._submit(lambda: self._exchange(study, lambda: corpus), self._after_exchange)

    def shutdown(self) -> None:
        """Let an exchange in flight finish its files (before the window lets go of the lock)."""
        self._closed = True
        self._timer.stop()
        self._poll.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    # -- the steps ----------------------------------------------------------------
    def _watch(self) -> None:
        for path in self._watcher.directories():
            self._watcher.removePath(path)
        if self.enabled and self.folder is not None and self.folder.is_dir():
            self._watcher.addPath(str(self.folder))
        if self.enabled:
            self._poll.start()

    def _submit(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        from ..core.sync.folder import FolderError

        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-sync")

        def run() -> None:
            self.worker_threads.add(threading.get_ident())
            try:
                result: Any = work()
            except (ReaderError, FolderError) as exc:
                result = exc
            self._done.emit(then, result)

        self._pool.submit(run)

    def _exchange(self, study: tuple[StudySnapshot | None, tuple[Path, ...]],
                  texts: Callable[[], Corpus]) -> SyncReport | Plan:
        """Worker thread: nothing here touches a book or a widget."""
        from ..core.sync.engine import SyncEngine
        from ..core.sync.folder import check_folder
        from ..core.sync.run import read_local

        assert self.folder is not None
        check_folder(self.folder)
        if self._engine is None or self._engine.folder != self.folder:
            self._engine = SyncEngine(self.session.data_dir, self.folder)
        if self._engine.idle():
            return self._engine.idle_report()
        return self._engine.exchange(read_local(self.session.store, texts, study))

    def _after_exchange(self, result: Any) -> None:
        from ..core.sync.book import apply_plan
        from ..core.sync.engine import Plan

        if not isinstance(result, Plan):
            self._finish(result)
            return
        done = apply_plan(self.session.book, self.session.study, result)
        engine = self._engine
        assert engine is not None
        self._submit(lambda: engine.commit(result, done), self._finish)

    def _on_done(self, then: Callable[[Any], None], result: Any) -> None:
        if not self._closed:
            then(result)

    def _finish(self, result: Any) -> None:
        from ..core.sync.engine import SyncReport

        self._busy = False
        if isinstance(result, SyncReport):
            self.statusChanged.emit(status_line(result))
            self.synced.emit(result)
        else:
            self.statusChanged.emit(_tr("Not synced: {error}").format(error=result))
        if self._again:
            self._again = False
            self.schedule(0)


def status_line(report: SyncReport) -> str:
    from datetime import datetime

    at = datetime.now().strftime("%H:%M")
    if report.error:
        line = _tr("Sync {at}: could not send ({error})").format(at=at, error=report.error)
    elif report.idle:
        line = _tr("Synced {at}: nothing new").format(at=at)
    else:
        line = _tr("Synced {at}: sent {sent}, received {received}, merged {merged}").format(
            at=at, sent=report.sent, received=report.received, merged=report.merged)
    if report.revived:
        line += _tr("; %n deleted on one device while edited on another: kept for review", "", report.revived)
    if report.skipped:
        line += _tr("; skipped %n file(s): {names}", "", len(report.skipped)).format(names=", ".join(sorted(report.skipped)))
    if report.left_out:
        line += _tr("; not synced, cannot be read: {names}").format(names=", ".join(p.name for p in report.left_out))
    return line


def install(window: QMainWindow, session: Session) -> SyncRunner:
    """Add File › Sync folder… and the status-bar line to ``window``; start syncing."""
    runner = SyncRunner(session, window)
    label = QLabel("", window)
    label.setObjectName("syncStatus")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(_tr("Sync status"))
    window.statusBar().addPermanentWidget(label)
    runner.statusChanged.connect(label.setText)
    action = QAction(_tr("S&ync folder…"), window)
    action.setObjectName("actionSyncFolder")
    action.setStatusTip(_tr("Choose a shared folder (Syncthing, Nextcloud, a USB stick) to sync notes through"))
    action.setEnabled(not session.store.read_only)

    def choose() -> None:
        start = str(runner.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(window, "Sync folder", start)
        if chosen:
            runner.set_folder(Path(chosen))

    action.triggered.connect(choose)
    quit_action = window.findChild(QAction, "actionQuit")
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and quit_action in menu.actions():
            menu.insertAction(quit_action, action)
            menu.insertSeparator(quit_action)
            break
    window.actionSyncFolder = action  # type: ignore[attr-defined]
    return runner
