"""Simulated devices for the sync tests: a data dir each, edited through the real NoteBook
and StudyBook."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from reader.cli import main as cli_main
from reader.core.corpus import Corpus, load_corpus
from reader.core.notes import NoteBook
from reader.core.notes_codec import highlight_to_dict, link_to_dict
from reader.core.store import NoteStore
from reader.core.study import StudyBook, record_dict
from reader.core.study_make import new_entry, new_event
from reader.core.sync.state import read_palette

DOC = "soft-resistance-explainer"
OTHER = "paul-lam-soft-resistance"
T = TypeVar("T")


@cache
def corpus() -> Corpus:
    return load_corpus(Path("/nonexistent-reader-data-dir"))


def edit(data_dir: Path, fn: Callable[[NoteBook], T]) -> T:
    """Run ``fn`` on the device's notes the way the window would, and save."""
    store = NoteStore(data_dir)
    store.acquire_lock()
    book = NoteBook(store, texts=lambda d: corpus().get(d).text)
    try:
        for doc_id in store.notes_files():
            book.notes(doc_id)  # so a highlight is found by id, as in an open window
        result = fn(book)
        book.save_now()
        return result
    finally:
        store.release_lock()


def study(data_dir: Path, fn: Callable[[StudyBook], T]) -> T:
    """Run ``fn`` on the device's own glossary and timeline, as the window would."""
    store = NoteStore(data_dir)
    store.acquire_lock()
    try:
        return fn(StudyBook(data_dir, corpus()))
    finally:
        store.release_lock()


def add_entry(data_dir: Path, start: int, term: str, definition: str = "a definition") -> str:
    text = corpus().get(DOC).text
    entry = new_entry(DOC, text, start, start + 12, term=term, kind="concept", aliases=(), definition=definition)
    study(data_dir, lambda bk: bk.add_entry(entry))
    return entry.id


def add_event(data_dir: Path, start: int, title: str) -> str:
    text = corpus().get(DOC).text
    event = new_event(DOC, text, start, start + 12, date="2021-04-15", date_text="15 April 2021",
                      reasoning="the text says so", title=title)
    study(data_dir, lambda bk: bk.add_event(event))
    return event.id


def state(data_dir: Path) -> dict[str, Any]:
    """Everything a device holds, as plain data (highlights by id, links, document notes,
    its own glossary and timeline in file order, colour meanings)."""
    store = NoteStore(data_dir)
    book = StudyBook(data_dir, corpus())
    assert not book.read_only, book.problems
    out: dict[str, Any] = {
        "highlights": {}, "links": {}, "doc_notes": {}, "palette": read_palette(data_dir),
        "glossary": [record_dict(e) for e in book.glossary], "timeline": [record_dict(e) for e in book.timeline],
    }
    for doc_id in store.notes_files():
        notes = store.load_notes(doc_id)
        for h in notes.highlights:
            out["highlights"][h.id] = {**highlight_to_dict(h), "doc": doc_id}
        if notes.document_note:
            out["doc_notes"][doc_id] = notes.document_note
    for link in store.load_links():
        out["links"][link.id] = link_to_dict(link)
    return out


def sync(data_dir: Path, folder: Path, capsys: Any = None) -> int:
    return cli_main(["sync", str(folder), "--data-dir", str(data_dir)])


def export_w3c(data_dir: Path, out: Path) -> str:
    assert cli_main(["export", "-o", str(out), "--format", "w3c", "--data-dir", str(data_dir)]) == 0
    text = out.read_text(encoding="utf-8")
    json.loads(text)
    return text
