"""Why a highlight awaits review: moved by re-anchoring, or kept by a sync after a delete on
another device. The reason is stored, exported and shown; files written before it still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.markdown_export import export_markdown
from reader.core.model import DocumentNotes, Highlight
from reader.core.notes_codec import highlight_from_row, highlight_row
from reader.core.store import NotesFileError, NoteStore

DOC = "paul-lam-soft-resistance"
OLD_FILE = (f"format_version: 1\ndocument: {DOC}\nhighlights:\n"
            "  - id: h-1\n    anchor: {exact: soft, start: 3, end: 7}\n    note: ''\n    tags: []\n"
            "    created: '2024-01-01T00:00:00Z'\n    modified: '2024-01-01T00:00:00Z'\n    review: true\n")


@pytest.fixture
def store(data_dir: Path) -> NoteStore:
    s = NoteStore(data_dir, backup_interval=0)
    assert s.acquire_lock()
    yield s
    s.release_lock()


def _path(store: NoteStore) -> Path:
    path = store.data_dir / "notes" / f"{DOC}.yaml"
    path.parent.mkdir(exist_ok=True)
    return path


def test_a_file_written_before_the_reason_reads_as_moved(store: NoteStore) -> None:
    _path(store).write_text(OLD_FILE, encoding="utf-8")
    (h,) = store.load_notes(DOC).highlights
    assert h.review and h.review_reason == "moved"


def test_the_reason_round_trips_and_moved_is_written_as_before(store: NoteStore) -> None:
    anchor = Anchor("soft", "", "", 3, 7)
    kept = Highlight("h-1", DOC, anchor, created="t", modified="t", review=True, review_reason="deleted")
    moved = Highlight("h-2", DOC, anchor, created="t", modified="t", review=True)
    store.save_notes(DocumentNotes(DOC, (kept, moved)))
    text = _path(store).read_text(encoding="utf-8")
    assert text.count("review_reason") == 1 and '"review_reason": "deleted"' in text
    assert store.load_notes(DOC).highlights == (kept, moved)
    for h in (kept, moved):  # the load cache's rows too
        assert highlight_from_row(highlight_row(h), DOC) == h


def test_an_unknown_reason_is_refused_naming_the_field(store: NoteStore) -> None:
    _path(store).write_text(OLD_FILE + "    review_reason: gone\n", encoding="utf-8")
    with pytest.raises(NotesFileError, match="review_reason"):
        store.load_notes(DOC)


def test_the_markdown_export_says_why(tmp_path: Path) -> None:
    corpus = load_corpus()
    text = corpus.get(DOC).text
    start = text.index("Paul Lam")
    anchor = Anchor.from_span(text, start, start + 8)
    notes = {DOC: DocumentNotes(DOC, (
        Highlight("h-1", DOC, anchor, created="t", modified="t", review=True, review_reason="deleted"),))}
    out = export_markdown(corpus, [DOC], notes)
    assert "**Deleted elsewhere:** deleted on another device while edited on this one" in out and "**Moved:**" not in out
