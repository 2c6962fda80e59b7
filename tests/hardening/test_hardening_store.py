"""The data dir under stress (issue 15): writes never exceed what reads accept, imports are
linear and all-or-nothing, the lock names its holder, a read-only or held data dir still
reads, a data dir that is a file is one sentence, and SIGTERM keeps the last edit."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hardening_lib import IDS, REPO, one_sentence, tree_hash, w3c_annotation

from reader.core import datadir_lock, export_jobs
from reader.core import notes as notes_mod
from reader.core.check import run_check
from reader.core.corpus import load_corpus
from reader.core.errors import LockedError, StoreError
from reader.core.notes import NoteBook
from reader.core.store import NoteStore

EXPLAINER = "soft-resistance-explainer"
DRIVER = Path(__file__).with_name("sigterm_driver.py")


def wide_annotations(n: int) -> list[dict[str, object]]:
    """Position-only annotations each spanning the whole explainer (the issue's case)."""
    text = load_corpus().get(EXPLAINER).text
    return [{"type": "Annotation", "id": f"urn:uuid:{i:032x}", "target": {
        "source": f"urn:reader:{EXPLAINER}",
        "selector": [{"type": "TextPositionSelector", "start": 0, "end": len(text)}]}} for i in range(n)]


def compact_annotations(n: int) -> list[dict[str, object]]:
    """Short quote + position annotations spread over the three shipped documents."""
    corpus = load_corpus()
    texts = [(d, corpus.get(d).text) for d in IDS]
    out: list[dict[str, object]] = []
    for i in range(n):
        doc, text = texts[i % len(texts)]
        s = (i * 37) % (len(text) - 40)
        out.append(w3c_annotation(doc, text[s:s + 8], s, s + 8, ann_id=f"a{i}"))
    return out


def import_wide(data_dir: Path, n: int = 6000) -> tuple[str, int]:
    """Import the wide annotations; returns (the outcome, `reader check` problems)."""
    src = data_dir.parent / "wide.json"
    src.write_text(json.dumps(wide_annotations(n)))
    try:
        outcome = export_jobs.import_file(src, data_dir)
    except StoreError as exc:
        outcome = f"refused: {exc}"
    return outcome, len(run_check(data_dir).problems)


def test_wide_import_is_refused_and_check_still_passes(data_dir: Path) -> None:
    book = NoteBook(NoteStore(data_dir), texts=lambda d: load_corpus().get(d).text)
    book.add_highlight(EXPLAINER, 10, 40, note="an earlier highlight")
    book.save_now()
    book.store.release_lock()
    before = tree_hash(data_dir / "notes")
    outcome, problems = import_wide(data_dir)
    assert outcome.startswith("refused: ") and one_sentence(outcome[9:]), outcome
    assert EXPLAINER in outcome and "nothing was imported" in outcome
    assert tree_hash(data_dir / "notes") == before  # nothing written
    assert problems == 0


def test_import_applies_a_batch_in_one_step(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rebuilding a document's highlights per insert made import quadratic: count rebuilds.
    built: list[str] = []
    real = notes_mod.DocumentNotes

    def counting(doc_id: str, *args: object) -> object:
        built.append(doc_id)
        return real(doc_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(notes_mod, "DocumentNotes", counting)
    src = data_dir.parent / "compact.json"
    src.write_text(json.dumps(compact_annotations(3000)))
    summary = export_jobs.import_file(src, data_dir)
    assert "3000 new" in summary
    assert len(built) <= 3 * len(IDS), len(built)


def test_import_is_all_documents_or_none(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = load_corpus()
    book = NoteBook(NoteStore(data_dir), texts=lambda d: corpus.get(d).text)
    for doc in IDS:
        book.add_highlight(doc, 0, 5, note="before the import")
    book.save_now()
    book.store.release_lock()
    before = tree_hash(data_dir / "notes")
    src = data_dir.parent / "two.json"
    src.write_text(json.dumps(compact_annotations(30)))
    last = sorted(IDS)[-1]
    real_mkstemp = tempfile.mkstemp

    def full_disk_for_last(*args: object, **kwargs: object) -> tuple[int, str]:
        if f".{last}.yaml." in str(kwargs.get("prefix", "")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", full_disk_for_last)
    for _ in range(3):  # each failed import must not store another identical backup
        with pytest.raises(StoreError) as info:
            export_jobs.import_file(src, data_dir)
        assert "nothing was imported" in str(info.value) and one_sentence(str(info.value))
        assert tree_hash(data_dir / "notes") == before
    for doc in IDS:
        assert len(NoteStore(data_dir).backups(doc)) <= 1, doc


def test_a_held_data_dir_names_its_holder(data_dir: Path) -> None:
    holder = NoteStore(data_dir, kind="import")
    assert holder.acquire_lock()
    try:
        src = data_dir.parent / "one.json"
        src.write_text(json.dumps(compact_annotations(3)))
        with pytest.raises(LockedError) as info:
            export_jobs.import_file(src, data_dir)
        message = str(info.value)
        assert "window" not in message and "'reader import'" in message and f"PID {os.getpid()}" in message
        with pytest.raises(LockedError, match="reader import"), datadir_lock.DataDirLock(data_dir, "add"):
            pass
        # Reading still works: an export to a writable place.
        out = data_dir.parent / "out.json"
        export_jobs.export_text("w3c", out, data_dir)
        assert out.stat().st_size > 0
    finally:
        holder.release_lock()


def test_read_only_data_dir_opens_read_only(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = load_corpus()
    book = NoteBook(NoteStore(data_dir), texts=lambda d: corpus.get(d).text)
    book.add_highlight(EXPLAINER, 10, 40, note="written before the disk went read-only")
    book.save_now()
    book.store.release_lock()
    real_open = os.open

    def read_only_fs(path: object, flags: int, *args: object) -> int:
        inside = str(path).startswith(str(data_dir))
        if inside and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only_fs)
    store = NoteStore(data_dir, kind="window")
    assert store.acquire_lock() is False
    assert store.read_only and store.read_only_reason.startswith("read-only")
    ro = NoteBook(store, texts=lambda d: corpus.get(d).text)
    assert ro.notes(EXPLAINER).highlights[0].note.startswith("written before")
    with pytest.raises(LockedError) as info:
        ro.add_highlight(EXPLAINER, 50, 60)
    assert one_sentence(str(info.value)) and "read-only" in str(info.value)
    out = data_dir.parent / "ro.md"
    export_jobs.export_text("markdown", out, data_dir)  # reading commands and exports work
    assert "written before the disk went read-only" in out.read_text()


def test_data_dir_that_is_a_file_is_one_sentence_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    bogus = tmp_path / "data"
    bogus.write_text("not a folder")
    src = tmp_path / "a.txt"
    src.write_text("A text.\n")
    commands = [["list"], ["check"], ["search", "soft"], ["export", "-o", str(tmp_path / "o.md")],
                ["import", str(src)], ["add", str(src)], []]
    for argv in commands:
        code = main([*argv, "--data-dir", str(bogus)])
        err = capsys.readouterr().err
        assert code == 1, (argv, code, err)
        assert one_sentence(err) and "is a file, not a folder" in err, (argv, err)
    assert bogus.read_text() == "not a folder"


def run_sigterm_window(data_dir: Path, sig: str = "SIGTERM") -> tuple[int, str, str]:
    """A real window in a child process: one highlight through the core op, then ``sig``
    to itself at once (well inside the writer's delay). Returns (exit code, hid, stderr)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, str(DRIVER), str(data_dir), EXPLAINER, sig],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    return proc.returncode, proc.stdout.strip(), proc.stderr


@pytest.mark.parametrize("sig", ["SIGTERM", pytest.param("SIGHUP", marks=pytest.mark.slow),
                                 pytest.param("SIGINT", marks=pytest.mark.slow)])
def test_quit_signal_keeps_the_last_edit(data_dir: Path, sig: str) -> None:
    code, hid, err = run_sigterm_window(data_dir, sig)
    assert code == 0, (code, err)
    assert hid.startswith("h-")
    assert hid in (data_dir / "notes" / f"{EXPLAINER}.yaml").read_text()
    assert not (data_dir / "reader.lock").exists()  # released on the way out
