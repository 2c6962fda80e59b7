"""The window syncs by itself: on start, after a save, when the folder changes; off the GUI
thread; File › Sync folder… sets the folder; the status bar says how it went."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QLabel, QWidget
from sync_devices import DOC, add_entry, corpus, edit, state

from reader.app import MainWindow
from reader.core.model import Highlight
from reader.core.study_make import new_entry
from reader.core.sync.run import remember_folder, sync_data_dir
from reader.ui import sync_runner


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sync_runner, "AFTER_SAVE_MS", 50)
    monkeypatch.setattr(sync_runner, "AFTER_FOLDER_CHANGE_MS", 50)
    made = []

    def make(data_dir: Path) -> MainWindow:
        w = MainWindow(data_dir=data_dir)
        qtbot.addWidget(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def _shown(w: MainWindow, hid: str) -> bool:
    return w.session.book.highlight(hid) is not None and hid in w.view.shown_highlight_ids()


def _listed(w: MainWindow, tab: str, text: str) -> bool:
    """Some row of a list in the side panel's tab shows ``text``."""
    for view in w.findChild(QWidget, tab).findChildren(QAbstractItemView):
        model = view.model()
        for row in range(model.rowCount() if model is not None else 0):
            if text in str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) or ""):
                return True
    return False


def _window_after_b_wrote(window, a: Path, b: Path, shared: Path, start: int,  # noqa: ANN001 - the fixture
                          note: str) -> tuple[Highlight, MainWindow, list[str]]:
    """Device B adds a highlight and syncs; a window opens on A (remembering the folder),
    collecting its status lines."""
    shared.mkdir()
    theirs, _ = edit(b, lambda bk: bk.add_highlight(DOC, start, start + 40, note=note))
    sync_data_dir(b, shared)
    remember_folder(a, shared)
    w = window(a)
    lines: list[str] = []
    w.sync.statusChanged.connect(lines.append)
    w.open_document(DOC)
    return theirs, w, lines


def test_a_window_shows_what_another_device_wrote_to_the_remembered_folder(window, tmp_path: Path, qtbot) -> None:
    a, b, shared = tmp_path / "A", tmp_path / "B", tmp_path / "Sync"
    theirs, w, lines = _window_after_b_wrote(window, a, b, shared, 100, "from B")
    qtbot.waitUntil(lambda: _shown(w, theirs.id), timeout=15_000)
    qtbot.waitUntil(lambda: _listed(w, "annotationsTab", "from B") and _listed(w, "notesTab", "from B"),
                    timeout=15_000)
    assert w.sync.worker_threads and threading.get_ident() not in w.sync.worker_threads
    qtbot.waitUntil(lambda: any("received 1" in line for line in lines), timeout=15_000)
    assert lines[0].startswith("Synced ")
    assert w.findChild(QLabel, "syncStatus").text() == lines[-1]

    # Another device writes while the window is open: the folder's change brings it in.
    later, _ = edit(b, lambda bk: bk.add_highlight(DOC, 200, 240, note="later from B"))
    sync_data_dir(b, shared)
    qtbot.waitUntil(lambda: _shown(w, later.id), timeout=15_000)

    # An edit in the window is sent shortly after it is saved.
    mine, _ = w.session.book.add_highlight(DOC, 300, 330, note="from the window")
    with qtbot.waitSignal(w.sync.synced, timeout=15_000, check_params_cb=lambda r: r.sent >= 1):
        pass
    sync_data_dir(b, shared)
    assert state(b)["highlights"][mine.id]["note"] == "from the window"


def test_sync_folder_action_sets_the_folder_and_skipped_files_show(window, tmp_path: Path, qtbot, monkeypatch) -> None:
    a, shared = tmp_path / "A", tmp_path / "Sync"
    shared.mkdir()
    (shared / "0123456789abcdef.000001.crdt").write_bytes(b"READER-SYNC 1\n{trunc")
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="mine"))
    w = window(a)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kw: str(shared))
    action = w.findChild(QAction, "actionSyncFolder")
    with qtbot.waitSignal(w.sync.synced, timeout=15_000) as blocker:
        action.trigger()
    report = blocker.args[0]
    assert report.sent == 1 and "0123456789abcdef.000001.crdt" in report.skipped
    label = w.findChild(QLabel, "syncStatus")
    assert "skipped 1 file: 0123456789abcdef.000001.crdt" in label.text()
    assert any(p.name.endswith(".crdt") and not p.name.startswith("0123") for p in shared.iterdir())


def test_a_read_only_window_does_not_sync(window, tmp_path: Path, qtbot) -> None:
    a, shared = tmp_path / "A", tmp_path / "Sync"
    shared.mkdir()
    remember_folder(a, shared)
    first = window(a)
    second = window(a)
    assert first.sync.enabled and not second.sync.enabled
    assert not second.findChild(QAction, "actionSyncFolder").isEnabled()


def test_the_window_syncs_the_study_layer_and_keeps_a_raced_delete_for_review(window, tmp_path: Path, qtbot) -> None:
    """Another device's glossary entry shows in the glossary tab by itself; the window's own
    entry reaches the other device; a highlight deleted in the window while another device
    edited it comes back flagged for review, and the status bar says so."""
    a, b, shared = tmp_path / "A", tmp_path / "B", tmp_path / "Sync"
    h, w, lines = _window_after_b_wrote(window, a, b, shared, 10, "original")
    qtbot.waitUntil(lambda: w.session.book.highlight(h.id) is not None, timeout=15_000)

    theirs = add_entry(b, 100, "Term from B")
    edit(b, lambda bk: bk.set_note(h.id, "B's edit the window never saw"))
    w.session.book.delete_highlight(h.id)
    sync_data_dir(b, shared)
    qtbot.waitUntil(lambda: any(e.id == theirs for e in w.session.study.glossary), timeout=15_000)
    qtbot.waitUntil(lambda: _listed(w, "glossaryTab", "Term from B"), timeout=15_000)
    qtbot.waitUntil(lambda: w.session.book.highlight(h.id) is not None, timeout=15_000)
    back = w.session.book.highlight(h.id)
    assert back is not None and back.note == "B's edit the window never saw" and back.review
    assert w.session.book.status(h.id) == "drifted"  # the notes panel's "please review" and its confirm button
    qtbot.waitUntil(lambda: _listed(w, "notesTab", "Deleted on another device while you edited it — please review"),
                    timeout=15_000)
    assert not _listed(w, "notesTab", "Moved")
    qtbot.waitUntil(lambda: any("kept for review" in line for line in lines), timeout=15_000)

    mine = new_entry(DOC, corpus().get(DOC).text, 200, 220, term="Term from the window", kind="concept",
                     aliases=(), definition="d")
    with qtbot.waitSignal(w.sync.synced, timeout=15_000, check_params_cb=lambda r: r.sent >= 1):
        w.session.study.add_entry(mine)
    sync_data_dir(b, shared)
    assert "Term from the window" in {e["term"] for e in state(b)["glossary"]}
    # The glossary changed, so the library search is rebuilt: start it while the window is
    # open (the window's own deferred request would come after the fixture closed it).
    w.session.prepare_search(DOC)
    assert state(b)["highlights"][h.id]["review"] is True
