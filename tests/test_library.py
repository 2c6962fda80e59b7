"""Managing the library: new versions, remove/restore, metadata, tags, safe listing, concurrent adds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.corpus import load_corpus, tags_of
from reader.core.errors import ReaderError, ValidationError
from reader.core.library import (
    add_document,
    add_text,
    document_info,
    remove_document,
    restore_document,
    set_tags,
    update_metadata,
)
from reader.core.safetext import escape_line, window_title

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "reader", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def _notebook(data_dir: Path):
    from reader.core.notes import NoteBook
    from reader.core.store import NoteStore

    store = NoteStore(data_dir)
    assert store.acquire_lock()
    return store, NoteBook(store, texts=lambda d: load_corpus(data_dir).get(d).text)


def test_new_version_replaces_the_text_and_notes_reanchor(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "essay.txt"
    src.write_text("An essay\n\nThe first paragraph talks about tides.\n\nThe second one talks about ferries.\n")
    doc = add_text(data_dir, src)
    store, book = _notebook(data_dir)
    start = doc.text.index("ferries")
    h, _change = book.add_highlight(doc.id, start, start + len("ferries"), note="mine")
    book.save_now()
    store.release_lock()
    src.write_text("An essay\n\nA new opening paragraph.\n\nThe first paragraph talks about tides.\n\n"
                   "The second one talks about ferries.\n")
    again = add_document(data_dir, src)
    assert again.outcome == "replaced" and again.document.id == doc.id
    assert "A new opening paragraph." in again.document.text
    assert list((data_dir / "backups" / "library").glob(f"{doc.id}.*.md"))
    store, book = _notebook(data_dir)
    statuses = book.reanchor(doc.id)
    moved = book.highlight(h.id)
    assert statuses[h.id] == "drifted" and moved is not None and moved.note == "mine"
    new_text = load_corpus(data_dir).get(doc.id).text
    assert new_text[moved.anchor.start:moved.anchor.end] == "ferries"
    store.release_lock()


def test_remove_and_restore(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "note.md"
    src.write_text("# A note\n\nSome words.\n")
    doc = add_text(data_dir, src)
    removal = remove_document(data_dir, doc.id)
    assert doc.id not in load_corpus(data_dir) and removal.trashed.is_file()
    restore_document(removal)
    assert load_corpus(data_dir).get(doc.id).text == doc.text


def test_shipped_documents_cannot_be_removed_or_edited(data_dir: Path) -> None:
    with pytest.raises(ValidationError, match="shipped with Reader"):
        remove_document(data_dir, "soft-resistance-explainer")
    with pytest.raises(ValidationError, match="shipped with Reader"):
        update_metadata(data_dir, "soft-resistance-explainer", {"title": "x"})
    out = run("remove", "soft-resistance-explainer", data_dir=data_dir)
    assert out.returncode == 1 and "cannot be removed" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_cli_remove_and_unknown_id(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("Title line\n\nBody text here.\n")
    doc_id = run("add", str(src), data_dir=data_dir).stdout.split("\t")[0]
    out = run("remove", doc_id, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert doc_id not in run("list", data_dir=data_dir).stdout
    out = run("remove", doc_id, data_dir=data_dir)
    assert out.returncode == 1 and "unknown document" in out.stderr


def test_edit_metadata_and_tags(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("Title line\n\nBody text here.\n")
    doc = add_text(data_dir, src)
    edited = update_metadata(data_dir, doc.id, {
        "title": "Better\ttitle\n", "authors": "Ann One, Bob Two", "published": "2020-02-03",
        "publisher": "Self", "languages": ["en", "fr"]})
    assert edited.title == "Better title" and edited.meta.authors == ("Ann One", "Bob Two")
    assert edited.meta.published == "2020-02-03" and edited.meta.languages == ("en", "fr")
    assert edited.text == doc.text and edited.id == doc.id
    with pytest.raises(ReaderError):
        update_metadata(data_dir, doc.id, {"published": "last week"})
    set_tags(data_dir, doc.id, ["reading group", "2024"])
    again = load_corpus(data_dir).get(doc.id)
    assert tags_of(again) == ["reading group", "2024"] and document_info(again)["tags"] == ["reading group", "2024"]
    info = json.loads(run("info", doc.id, "--json", data_dir=data_dir).stdout)
    assert info["title"] == "Better title" and info["source"] == "x.txt" and info["format"] == "txt"


def test_title_controls_removed_and_list_cannot_be_forged(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("Body text here.\n")
    out = run("add", str(src), "--title", "Real\nsoft-resistance-explainer\tSpoofed \u202eevil", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    doc_id = out.stdout.split("\t")[0]
    assert load_corpus(data_dir).get(doc_id).title == "Real soft-resistance-explainer Spoofed \u202eevil"
    lines = run("list", data_dir=data_dir).stdout.splitlines()
    assert len(lines) == 4 and all(line.count("\t") == 1 for line in lines)
    assert "\u202e" not in "".join(lines) and "\\u202e" in lines[-1]


def test_safe_text_helpers() -> None:
    assert escape_line("a\tb\nc\u202ed\x1b") == "a\\tb\\nc\\u202ed\\u001b"
    assert window_title("invoice \u202egnp.exe\u202c\n x") == "invoice gnp.exe x"


def test_concurrent_adds_of_one_title_each_get_their_own_document(data_dir: Path, tmp_path: Path) -> None:
    rounds, per_round = 2, 4
    sources = []
    for i in range(rounds * per_round):
        src = tmp_path / f"same-{i}.txt"
        src.write_text(f"Body number {i} of a text whose title is always the same.\n")
        sources.append(src)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ok = 0
    for r in range(rounds):
        procs = [subprocess.Popen([sys.executable, "-m", "reader", "add", str(src), "--title", "One title",
                                   "--data-dir", str(data_dir)], env=env, cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for src in sources[r * per_round:(r + 1) * per_round]]
        for p in procs:
            _out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            ok += 1
    files = list((data_dir / "library").glob("*.md"))
    print(f"\nconcurrent add: {ok} successes, {len(files)} documents")
    assert ok == len(files) == rounds * per_round
    assert len({f.stem for f in files}) == len(files)
