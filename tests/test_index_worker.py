"""The library indexer process: its protocol, a failure reported in one sentence, and a window
closed while it runs leaving a usable index (completed at the next start)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.library_index import index_path

pytestmark = pytest.mark.usefixtures("qapp")

ROOT = Path(__file__).resolve().parents[1]
# The real indexer, each text's transaction held open a while: a window closes in the middle.
SLOW = ("import sys, time\n"
        "from reader.core import library_index as li\n"
        "write = li.LibraryIndex._write\n"
        "li.LibraryIndex._write = lambda self, cols: (write(self, cols), time.sleep(0.4))[0]\n"
        "from reader.core.index_worker import main\n"
        "sys.exit(main(sys.argv[1:]))\n")


def _library(data_dir: Path, tmp_path: Path, n: int, word: str = "Oolong") -> list[str]:
    """``n`` added texts whose index is lost: all of them are new to it."""
    from reader.core.library import add_text

    ids = []
    for i in range(n):
        src = tmp_path / f"t{i}.txt"
        src.write_text(f"{word}, batch {i}.\n", encoding="utf-8")
        ids.append(add_text(data_dir, src, title=f"{word} {i}").id)
    for suffix in ("", "-wal", "-shm"):
        Path(str(index_path(data_dir)) + suffix).unlink(missing_ok=True)
    return ids


def _indexed(data_dir: Path) -> tuple[str, int]:
    """The index's integrity check and how many added texts it holds (read as another process would)."""
    conn = sqlite3.connect(str(index_path(data_dir)))
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("SELECT count(*) FROM files WHERE user = 1 AND doc_id IS NOT NULL").fetchone()[0])
    finally:
        conn.close()


def test_the_worker_reports_each_text_and_lists_them(data_dir: Path, tmp_path: Path, capsys) -> None:
    from reader.core import library_corpus
    from reader.core.index_worker import run

    ids = _library(data_dir, tmp_path, 3)
    library_corpus.open_library(data_dir, sync_bytes=10).close()  # the window's open: they are left pending
    assert run(data_dir) == 0
    assert capsys.readouterr().out.splitlines() == ["progress 1 3", "progress 2 3", "progress 3 3"]
    lib = library_corpus.open_library(data_dir, sync_bytes=10)
    try:
        assert set(ids) <= set(lib.corpus.ids()) and lib.index is not None and lib.index.pending is None
    finally:
        lib.close()


def test_the_worker_says_why_it_cannot_index_in_one_line(data_dir: Path, tmp_path: Path, capsys) -> None:
    from reader.core.index_worker import run

    _library(data_dir, tmp_path, 1)
    index_path(data_dir).mkdir(parents=True)  # a folder where the index should be: it cannot be opened
    assert run(data_dir) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("error the library index in ") and "could not be opened" in out[0]


def test_the_worker_stops_when_its_stdin_ends(data_dir: Path, tmp_path: Path) -> None:
    """The window closed (or died): the worker stops after the text in hand, no orphan left."""
    _library(data_dir, tmp_path, 6)
    proc = subprocess.Popen([sys.executable, "-c", SLOW, str(data_dir)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().startswith("progress 1 6")
        proc.stdin.close()
        assert proc.wait(timeout=30) == 3  # stopped, not done
    finally:
        proc.kill()
        proc.wait()
    check, done = _indexed(data_dir)
    assert check == "ok" and 1 <= done < 6


def test_the_window_indexes_through_the_worker_and_lists_the_texts(
        qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.ui.main_window import MainWindow

    ids = _library(data_dir, tmp_path, 3, word="Genmaicha")
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 10)  # these few bytes count as a big library
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    failed: list[str] = []
    w.session.indexFailed.connect(failed.append)
    try:
        assert w.session.indexing() and w.session._indexing is not None  # a process, not a thread of the window
        assert w.session._indexing.processId() not in (0, os.getpid())
        with qtbot.waitSignal(w.session.indexProgress, timeout=20_000, check_params_cb=lambda d, t: (d, t) == (0, 0)):
            pass
        assert not failed and not w.session.indexing()
        assert set(ids) <= set(w.library.shown_ids()) and _indexed(data_dir) == ("ok", 3)
        w.search_field.setText("genmaicha, batch 2")
        w.search_all.setChecked(True)
        w.run_search()
        assert w.search_results.count() == 1
    finally:
        w.close()


def test_a_failing_worker_is_one_sentence_and_the_texts_still_list(
        qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.ui import session
    from reader.ui.main_window import MainWindow

    ids = _library(data_dir, tmp_path, 3)
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 10)  # these few bytes count as a big library
    monkeypatch.setattr(session, "INDEXER", ["-c", "import sys; print('error the disk is full.'); sys.exit(1)"])
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    try:
        with qtbot.waitSignal(w.session.indexFailed, timeout=20_000) as failed:
            assert w.session.indexing()
        sentence = failed.args[0]
        assert "the disk is full" in sentence and "Traceback" not in sentence and "\n" not in sentence
        assert sentence.count(". ") == 0 and sentence.endswith(".")
        assert w.statusBar().currentMessage() == sentence
        assert w.library.progress.isVisible() and w.library.progress.text() == sentence
        assert not w.session.indexing() and set(ids) <= set(w.library.shown_ids())  # from the files themselves
        assert w.session.library is not None and w.session.library.index is None  # let go: the texts decide
        w.open_document(ids[1])
        assert "Oolong, batch 1." in w.view.toPlainText()
        w.search_field.setText("oolong, batch 2")
        w.search_all.setChecked(True)
        w.run_search()
        assert w.search_results.count() == 1  # read from the texts
    finally:
        w.close()


def test_a_crashing_worker_is_reported_too(qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.ui import session
    from reader.ui.main_window import MainWindow

    ids = _library(data_dir, tmp_path, 2)
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 10)
    monkeypatch.setattr(session, "INDEXER", ["-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    try:
        with qtbot.waitSignal(w.session.indexFailed, timeout=20_000) as failed:
            pass
        assert "stopped unexpectedly" in failed.args[0] and set(ids) <= set(w.session.corpus.ids())
    finally:
        w.close()


def test_closing_the_window_mid_index_leaves_a_usable_index(
        qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.ui import session
    from reader.ui.main_window import MainWindow

    ids = _library(data_dir, tmp_path, 6, word="Sencha")
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 10)
    monkeypatch.setattr(session, "INDEXER", ["-c", SLOW])
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    proc = w.session._indexing
    assert proc is not None
    with qtbot.waitSignal(w.session.indexProgress, timeout=20_000, check_params_cb=lambda d, t: d >= 1):
        pass
    pid = proc.processId()
    w.close()
    with pytest.raises(ProcessLookupError):  # stopped and reaped: no orphan
        os.kill(pid, 0)
    check, done = _indexed(data_dir)
    assert check == "ok" and 1 <= done < 6  # what was done is kept, the text in hand rolled back
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 2_000_000)
    again = MainWindow(data_dir=data_dir)  # the rest is few bytes: indexed before it shows
    qtbot.addWidget(again)
    try:
        assert not again.session.indexing() and set(ids) <= set(again.library.shown_ids())
        assert _indexed(data_dir) == ("ok", 6)
    finally:
        again.close()


def test_without_the_worker_the_texts_it_left_are_listed_from_their_front_matter(data_dir: Path, tmp_path: Path) -> None:
    from reader.core import library_corpus

    ids = _library(data_dir, tmp_path, 3, word="Hojicha")
    library_corpus.open_library(data_dir, sync_bytes=10).close()  # left pending, as for a worker
    lib = library_corpus.open_library(data_dir, indexed=False)
    try:
        assert lib.index is None and set(ids) <= set(lib.corpus.ids())
        docs = [lib.corpus.get(i) for i in ids]
        assert [d.title for d in docs] == ["Hojicha 0", "Hojicha 1", "Hojicha 2"]
        assert not any(d.loaded for d in docs)  # listed from the head of each file, no text read
        assert docs[2].text == "Hojicha, batch 2." and docs[2].user
    finally:
        lib.close()
    assert _indexed(data_dir) == ("ok", 0)  # nothing was indexed here


def test_the_worker_neither_takes_nor_needs_the_data_dir_lock_nor_the_network(data_dir: Path, tmp_path: Path) -> None:
    from reader.core.datadir_lock import DataDirLock

    ids = _library(data_dir, tmp_path, 2, word="Matcha")
    lock = DataDirLock(data_dir, "window")
    assert lock.acquire()  # the window holds it
    try:
        probe = ("import sys\nfrom reader.core.index_worker import main\ncode = main(sys.argv[1:])\n"
                 "print(sorted(m for m in sys.modules if m.split('.')[0] in ('socket', 'PySide6', 'http') "
                 "or m == 'reader.core.datadir_lock'))\nsys.exit(code)\n")
        proc = subprocess.run([sys.executable, "-c", probe, str(data_dir)], capture_output=True, text=True,
                              cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stdout.splitlines()[-1] == "[]"
        assert lock.held and lock.holder().pid == os.getpid()
    finally:
        lock.release()
    assert _indexed(data_dir) == ("ok", len(ids))
