"""Faults: a read-only or missing data dir, a full disk, an unwritable export target, the
process killed during autosave, export and import, a second instance, a stale lock.

The app keeps working where it can, says plainly where it cannot, and no note that was
saved before the fault is lost or altered.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hardening_lib import IDS, REPO, TALLY, one_sentence, tree_hash, w3c_annotation

from reader.core import datadir_lock, export_jobs, fsutil
from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.errors import ReaderError, StoreError
from reader.core.markdown_export import export_markdown
from reader.core.model import DocumentNotes, Highlight
from reader.core.notes import NoteBook
from reader.core.store import LockedError, NoteStore, parse_notes

CORPUS = load_corpus()
SHORT = IDS[1]  # the shortest document: quickest PDF


def seed(data_dir: Path, n: int = 3) -> dict[str, DocumentNotes]:
    """Saved notes in two documents: what no fault may ever lose."""
    store = NoteStore(data_dir)
    book = NoteBook(store, texts=lambda d: CORPUS.get(d).text)
    for doc_id in IDS[:2]:
        for i in range(n):
            h, _ = book.add_highlight(doc_id, 100 + 60 * i, 130 + 60 * i, note=f"saved note {i} 香港")
            book.set_tags(h.id, ["kept"])
        book.set_document_note(doc_id, f"document note of {doc_id}")
    book.save_now()
    saved = {d: book.notes(d) for d in IDS[:2]}
    store.release_lock()
    return saved


def lost(data_dir: Path, saved: dict[str, DocumentNotes]) -> int:
    """How many saved highlights (or document notes) are missing or altered on disk."""
    count = 0
    for doc_id, notes in saved.items():
        path = data_dir / "notes" / f"{doc_id}.yaml"
        try:
            now = parse_notes(path.read_bytes(), path, doc_id)
        except (OSError, ReaderError):
            count += len(notes.highlights) + 1
            continue
        on_disk = {h.id: h for h in now.highlights}
        count += sum(1 for h in notes.highlights if on_disk.get(h.id) != h)
        count += now.document_note != notes.document_note
    TALLY.notes_lost += count
    return count


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


class _Proxy:
    """A module stand-in with some functions replaced: confines a fault to one module."""

    def __init__(self, module: Any, **overrides: Any) -> None:
        self._module, self._overrides = module, overrides

    def __getattr__(self, name: str) -> Any:
        return self._overrides.get(name) or getattr(self._module, name)


def _raiser(exc: OSError) -> Any:
    def fail(*_a: Any, **_k: Any) -> Any:
        TALLY.faults += 1
        raise exc
    return fail


class _FullFile:
    """A file whose every write fails with ENOSPC (the disk is full)."""

    def __init__(self, fd: int, *_a: Any, **_k: Any) -> None:
        self.fd = fd

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: Any) -> None:
        os.close(self.fd)

    def write(self, _data: bytes) -> int:
        TALLY.faults += 1
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return self.fd


def _create_raiser(exc: OSError) -> Any:
    """os.open failing only when it would create a file (reads still work)."""
    fail = _raiser(exc)

    def open_(path: Any, flags: int, *a: Any, **k: Any) -> int:
        return fail() if flags & os.O_CREAT else os.open(path, flags, *a, **k)
    return open_


FAULTS = {
    "read-only (create EACCES)": ("os", {"open": _create_raiser(PermissionError(errno.EACCES, "Permission denied"))}),
    "read-only file system (replace EROFS)": ("os", {"replace": _raiser(OSError(errno.EROFS, os.strerror(errno.EROFS)))}),
    "full disk (write ENOSPC)": ("os", {"fdopen": _FullFile}),
    "I/O error (fsync EIO)": ("os", {"fsync": _raiser(OSError(errno.EIO, os.strerror(errno.EIO)))}),
}


def inject(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    module_name, overrides = FAULTS[fault]
    monkeypatch.setattr(fsutil, module_name, _Proxy(os, **overrides))


# --------------------------------------------------------------------------- write faults

@pytest.mark.parametrize("fault", list(FAULTS))
def test_write_fault_keeps_the_previous_file_and_says_so(fault: str, data_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    saved = seed(data_dir)
    before = tree_hash(data_dir)
    store = NoteStore(data_dir)
    book = NoteBook(store, texts=lambda d: CORPUS.get(d).text)
    book.notes(IDS[0])
    hid = saved[IDS[0]].highlights[0].id
    with monkeypatch.context() as m:
        inject(m, fault)
        with pytest.raises(StoreError) as err:
            book.set_note(hid, "changed while the disk was failing")
        assert one_sentence(str(err.value)) and "saved" in str(err.value)
        assert book.dirty()
        with pytest.raises(StoreError):
            book.save_now()
    assert tree_hash(data_dir) == before, "a failed save changed the data dir"
    assert temp_files(data_dir) == []
    assert lost(data_dir, saved) == 0
    book.save_now()  # the fault is gone: the change reaches the disk
    assert not book.dirty()
    assert NoteStore(data_dir).load_notes(IDS[0]).highlights[0].note == "changed while the disk was failing"
    store.release_lock()


@pytest.mark.parametrize("fault", ["full disk (write ENOSPC)", "read-only file system (replace EROFS)"])
def test_autosave_fault_in_the_window_is_told_and_recovered(fault: str, make_window, data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    saved = seed(data_dir)
    w = make_window()
    w.open_document(IDS[0])
    hid = saved[IDS[0]].highlights[1].id
    with monkeypatch.context() as m:
        inject(m, fault)
        w.session.book.set_note(hid, "typed during the fault")
        qtbot.waitUntil(lambda: "Saving failed" in w.banner.text(), timeout=5000)
        assert w.banner.textFormat().name == "PlainText" and one_sentence(w.banner.text())
        assert os.strerror(errno.ENOSPC if "ENOSPC" in fault else errno.EROFS) in w.banner.text()
        assert w.isWindowModified()
        assert lost(data_dir, saved) == 0
    w.session.book.save_now()
    assert NoteStore(data_dir).load_notes(IDS[0]).highlights[1].note == "typed during the fault"
    w.close()
    assert temp_files(data_dir) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_really_read_only_data_dir(data_dir: Path) -> None:
    saved = seed(data_dir)
    book = NoteBook(NoteStore(data_dir), texts=lambda d: CORPUS.get(d).text)
    os.chmod(data_dir / "notes", 0o500)
    try:
        with pytest.raises(StoreError) as err:
            book.set_note(saved[IDS[0]].highlights[0].id, "x")
        assert one_sentence(str(err.value))
    finally:
        os.chmod(data_dir / "notes", 0o700)
    TALLY.faults += 1
    assert lost(data_dir, saved) == 0


def test_missing_data_dir_is_created_on_demand(make_window, tmp_path: Path) -> None:
    d = tmp_path / "not" / "yet" / "there"
    w = make_window(d)
    TALLY.faults += 1
    w.open_document(IDS[0])
    w.view.select_offsets(100, 120)
    hid = w.highlight_selection()
    assert hid is not None
    w.close()
    assert [h.id for h in NoteStore(d).load_notes(IDS[0]).highlights] == [hid]


def test_data_dir_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    f = tmp_path / "data"
    f.write_text("I am a file")
    TALLY.faults += 1
    with pytest.raises(StoreError) as err:
        NoteStore(f).acquire_lock()
    assert err.value.path == f and one_sentence(str(err.value))
    assert f.read_text() == "I am a file"


# --------------------------------------------------------------------------- export targets

def _unwritable_targets(tmp_path: Path, suffix: str) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    a_dir = tmp_path / f"a-folder{suffix}"
    a_dir.mkdir()
    return {"under a file": a_file / f"out{suffix}", "is a folder": a_dir}


@pytest.mark.parametrize("fmt,suffix", [("markdown", ".md"), ("w3c", ".json")])
def test_export_to_an_unwritable_target_is_one_sentence(fmt: str, suffix: str, tmp_path: Path,
                                                        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = seed(data_dir)
    for what, target in _unwritable_targets(tmp_path, suffix).items():
        TALLY.faults += 1
        with pytest.raises(StoreError) as err:
            export_jobs.export_text(fmt, target, data_dir)
        assert err.value.path == target and one_sentence(str(err.value)), what
    existing = tmp_path / f"existing{suffix}"
    existing.write_text("the previous export")
    with monkeypatch.context() as m:
        inject(m, "full disk (write ENOSPC)")
        with pytest.raises(StoreError):
            export_jobs.export_text(fmt, existing, data_dir)
    assert existing.read_text() == "the previous export"
    assert temp_files(tmp_path) == []
    assert lost(data_dir, saved) == 0


def test_pdf_export_to_an_unwritable_target_is_one_sentence(tmp_path: Path, data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.pdf import export as pdf_export

    seed(data_dir)
    job = export_jobs.prepare(data_dir, [SHORT])
    for what, target in _unwritable_targets(tmp_path, ".pdf").items():
        TALLY.faults += 1
        with pytest.raises(StoreError) as err:
            pdf_export.export_pdf(target, job.corpus, job.doc_ids, job.notes, editorial=job.editorial)
        assert err.value.path == target and one_sentence(str(err.value)), what
    existing = tmp_path / "existing.pdf"
    existing.write_bytes(b"%PDF-1.4 the previous export %%EOF")
    with monkeypatch.context() as m:
        m.setattr(fsutil, "os", _Proxy(os, replace=_raiser(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))))
        with pytest.raises(StoreError) as err:
            pdf_export.export_pdf(existing, job.corpus, job.doc_ids, job.notes, editorial=job.editorial)
        assert one_sentence(str(err.value))
    assert existing.read_bytes() == b"%PDF-1.4 the previous export %%EOF"
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_window_export_to_an_unwritable_target_fails_plainly(make_window, tmp_path: Path,
                                                              message_boxes: list) -> None:
    w = make_window()
    target = _unwritable_targets(tmp_path, ".md")["under a file"]
    TALLY.faults += 2
    assert w.export_text("markdown", target) is False
    assert one_sentence(w.statusBar().currentMessage()) and str(target) in w.statusBar().currentMessage()
    assert w.export_pdf(target.with_suffix(".pdf")) is False
    assert message_boxes and one_sentence(message_boxes[-1][1])


def test_window_export_over_an_existing_file_reports_a_failed_write(make_window, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_window()
    folder = _unwritable_targets(tmp_path, ".md")["is a folder"]
    target = tmp_path / "existing.md"
    target.write_text("the previous export")
    failed = [w.export_text("markdown", folder)]
    inject(monkeypatch, "full disk (write ENOSPC)")
    failed.append(w.export_text("markdown", target))
    assert failed == [False, False]


# --------------------------------------------------------------------------- SIGKILL

CHILD = r'''
import os, signal, sys, json
from pathlib import Path
mode, data_dir, target, kill = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if kill.startswith("timer:"):
    signal.signal(signal.SIGALRM, lambda *a: die())
    signal.setitimer(signal.ITIMER_REAL, float(kill[6:]))
elif kill != "none":
    name, when, nth = kill.split(":")
    nth = int(nth)
    real = getattr(os, name)
    count = [0]
    def hooked(*a, **k):
        count[0] += 1
        if count[0] == nth and when == "before":
            die()
        result = real(*a, **k)
        if count[0] == nth and when == "after":
            die()
        return result
    setattr(os, name, hooked)

if mode == "autosave":
    from reader.core.corpus import load_corpus
    from reader.core.notes import NoteBook
    from reader.core.store import BackgroundWriter, NoteStore
    corpus = load_corpus()
    store = NoteStore(data_dir, backup_interval=0)
    writer = BackgroundWriter(store, delay=0.0)
    book = NoteBook(store, writer=writer, texts=lambda d: corpus.get(d).text)
    doc = "soft-resistance-explainer"
    for i in range(400):
        h, _ = book.add_highlight(doc, 2000 + (i * 7) % 3000, 2010 + (i * 7) % 3000, note=f"new {i}")
        book.set_note(h.id, f"new {i} edited")
    book.save_now()
elif mode == "export-md":
    from reader.core import export_jobs
    export_jobs.export_text("markdown", target, data_dir)
elif mode == "export-pdf":
    from reader.core import export_jobs
    from reader.pdf.export import export_pdf
    job = export_jobs.prepare(data_dir, ["paul-lam-soft-resistance"])
    export_pdf(target, job.corpus, job.doc_ids, job.notes, links=job.links, editorial=job.editorial,
               palette=job.palette)
elif mode == "import":
    from reader.core import export_jobs
    export_jobs.import_file(target, data_dir)
signal.setitimer(signal.ITIMER_REAL, 0)  # finished: a late timer must not look like a kill
print("finished", flush=True)
'''


def run_child(mode: str, data_dir: Path, target: Path, kill: str) -> tuple[int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(data_dir), str(target), kill],
                         capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in out.stderr, out.stderr
    TALLY.faults += 1
    return out.returncode, out.stdout


KILLS = {
    "autosave": ["replace:before:2", "replace:after:2", "fsync:before:5", "write:before:3", "timer:0.45"],
    "export-md": ["replace:before:1", "replace:after:1", "fsync:before:1", "timer:0.4"],
    "export-pdf": ["replace:before:1", "fsync:before:1", "timer:1.2"],
    "import": ["replace:before:2", "replace:after:3", "fsync:before:4", "timer:0.4"],
}


def _import_file(tmp_path: Path) -> tuple[Path, int]:
    items = []
    for doc_id in IDS:
        text = CORPUS.get(doc_id).text
        items += [w3c_annotation(doc_id, text[900 + 50 * i:930 + 50 * i], 900 + 50 * i, 930 + 50 * i,
                                 note=f"imported {i}", ann_id=f"urn:test:{doc_id}:{i}") for i in range(5)]
    path = tmp_path / "import.jsonld"
    path.write_text(json.dumps(items))
    return path, len(items)


def _check_after_kill(mode: str, d: Path, saved: dict, target: Path, old: bytes, expected_md: str) -> None:
    assert lost(d, saved) == 0, f"{mode}: saved notes were lost or altered"
    for path in (d / "notes").glob("*.yaml"):
        parse_notes(path.read_bytes(), path, path.stem)  # every notes file still parses
    if mode == "export-md":
        assert target.read_bytes() in (old, expected_md.encode()), "a half Markdown export"
    elif mode == "export-pdf":
        data = target.read_bytes()
        if data != old:
            from reader.pdf.export import read_embedded_annotations

            assert data.rstrip().endswith(b"%%EOF")
            read_embedded_annotations(target)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("mode", list(KILLS))
def test_killed_process_loses_nothing(mode: str, tmp_path: Path) -> None:
    _killed_rounds(mode, KILLS[mode], tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("mode", list(KILLS))
def test_killed_process_loses_nothing_many_rounds(mode: str, tmp_path: Path) -> None:
    import random

    rng = random.Random(mode)
    kills = [f"{rng.choice(['replace', 'fsync', 'write'])}:{rng.choice(['before', 'after'])}:{rng.randint(1, 12)}"
             for _ in range(12)] + [f"timer:{rng.uniform(0.2, 2.0):.3f}" for _ in range(8)]
    _killed_rounds(mode, kills, tmp_path)


def _killed_rounds(mode: str, kills: list[str], tmp_path: Path) -> None:
    base = tmp_path / "base"
    saved = seed(base)
    expected_md = ""
    if mode == "export-md":
        job = export_jobs.prepare(base)
        expected_md = export_markdown(job.corpus, job.doc_ids, job.notes, job.links, job.editorial, job.palette)
    import_path, n_items = _import_file(tmp_path)
    killed = 0
    for i, kill in enumerate(kills):
        d = tmp_path / f"round-{i}"
        import shutil

        shutil.copytree(base, d)
        target = import_path if mode == "import" else tmp_path / f"out-{i}{'.pdf' if mode == 'export-pdf' else '.md'}"
        old = b"the previous export\n"
        if mode.startswith("export"):
            target.write_bytes(old)
        code, out = run_child(mode, d, target, kill)
        killed += code == -signal.SIGKILL
        assert code in (0, -signal.SIGKILL), (kill, code)
        _check_after_kill(mode, d, saved, target, old, expected_md)
        if mode == "import":  # importing again after the crash completes it, without duplicates
            export_jobs.import_file(import_path, d, corpus=CORPUS)
            total = sum(len(NoteStore(d).load_notes(doc).highlights) for doc in IDS)
            assert total == sum(len(n.highlights) for n in saved.values()) + n_items
    # Not an assertion: a killed export leaves its hidden temp file next to the target
    # until the next export to that file (each round here writes a new target); the data
    # dir's own are removed when the next instance takes the lock.
    litter = [p.name for p in tmp_path.glob(".*.tmp")]
    print(f"\n{mode}: {len(kills)} rounds, {killed} killed mid-way, 0 notes lost, "
          f"{len(litter)} temp files left next to the export target")
    assert killed >= 1


# --------------------------------------------------------------------------- second instance, stale lock

def test_second_store_is_refused_and_first_loses_nothing(data_dir: Path) -> None:
    saved = seed(data_dir)
    first = NoteStore(data_dir)
    assert first.acquire_lock()
    second = NoteStore(data_dir)
    TALLY.faults += 1
    assert not second.acquire_lock() and second.read_only
    with pytest.raises(LockedError) as err:
        second.save_notes(DocumentNotes(IDS[0]))
    assert one_sentence(str(err.value)) and "in use" in str(err.value)
    first.release_lock()
    assert lost(data_dir, saved) == 0


def test_cli_import_while_a_window_holds_the_lock(make_window, data_dir: Path, tmp_path: Path) -> None:
    saved = seed(data_dir)
    w = make_window()
    path, _ = _import_file(tmp_path)
    before = tree_hash(data_dir)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "reader", "import", str(path), "--data-dir", str(data_dir)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    TALLY.faults += 1
    assert out.returncode == 1 and one_sentence(out.stderr) and "in use" in out.stderr, out.stderr
    assert tree_hash(data_dir) == before
    w.close()
    assert lost(data_dir, saved) == 0


def test_second_window_cannot_overwrite_the_first(make_window, data_dir: Path) -> None:
    saved = seed(data_dir)
    w1 = make_window()
    w2 = make_window()
    TALLY.faults += 1
    assert w2.session.locked_by_other
    w2.open_document(IDS[0])
    assert "read-only" in w2.banner.text()
    w2.view.select_offsets(1000, 1020)
    assert w2.highlight_selection() is None
    w2.close()
    w1.close()
    assert lost(data_dir, saved) == 0


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_lock_of_a_dead_process_is_recovered(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    seed(data_dir)
    lock = data_dir / "reader.lock"
    lock.write_text(f"{_dead_pid()}\n{socket.gethostname()}\n")
    TALLY.faults += 2
    s = NoteStore(data_dir)
    assert s.acquire_lock()  # flock: nobody holds it
    s.release_lock()
    monkeypatch.setattr(datadir_lock, "fcntl", None)  # the PID scheme (no flock on this file system)
    lock.write_text(f"{_dead_pid()}\n{socket.gethostname()}\n")
    s = NoteStore(data_dir)
    assert s.acquire_lock()
    s.release_lock()
    lock.write_text(f"{os.getppid()}\n{socket.gethostname()}\n")  # alive: refused, and named
    s = NoteStore(data_dir)
    assert not s.acquire_lock() and str(os.getppid()) in s.lock_holder


def test_lock_left_by_a_killed_window_is_recovered(make_window, data_dir: Path) -> None:
    saved = seed(data_dir)
    child = ("import os, signal, sys; from pathlib import Path; from reader.core.store import NoteStore; "
             "s = NoteStore(Path(sys.argv[1])); assert s.acquire_lock(); os.kill(os.getpid(), signal.SIGKILL)")
    out = subprocess.run([sys.executable, "-c", child, str(data_dir)], cwd=REPO, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert out.returncode == -signal.SIGKILL and (data_dir / "reader.lock").exists()
    TALLY.faults += 1
    w = make_window()
    assert not w.session.locked_by_other
    w.open_document(IDS[0])
    assert "read-only" not in w.banner.text()
    w.close()
    assert lost(data_dir, saved) == 0


def test_highlight_helper_is_consistent() -> None:
    # Guards the seed data itself: a test that cannot fail is a defect.
    h = Highlight("x", IDS[0], Anchor("a", "", "", 0, 1))
    assert DocumentNotes(IDS[0], (h,)).highlights[0] is h
