"""NoteBook operations with undo/redo, change notification, re-anchoring, import, writer."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest

from reader.core import fsutil
from reader.core.anchor import Anchor
from reader.core.errors import ReaderError, StoreError
from reader.core.model import DEFAULT_MEANINGS, PALETTE, DocumentNotes, Endpoint, Highlight
from reader.core.notes import Change, NoteBook
from reader.core.store import BackgroundWriter, LockedError, NotesFileError, NoteStore

A = "doc-a"
B = "doc-b"
TEXT_A = (
    "Soft resistance is a phrase used by officials. The explainer says it describes quiet acts. "
    "Readers of the statement may disagree about what counts. A final sentence closes the text."
)
TEXT_B = "A second document that links back to the first one about soft resistance."


@pytest.fixture
def texts() -> dict[str, str]:
    return {A: TEXT_A, B: TEXT_B}


@pytest.fixture
def store(data_dir: Path) -> NoteStore:
    s = NoteStore(data_dir, backup_interval=0)
    yield s
    s.release_lock()


@pytest.fixture
def book(store: NoteStore, texts: dict[str, str]) -> NoteBook:
    return NoteBook(store, texts=texts.__getitem__)


def span(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


def on_disk(store: NoteStore, doc_id: str) -> DocumentNotes:
    return NoteStore(store.data_dir).load_notes(doc_id)


def test_add_highlight_creates_anchor_and_saves(book: NoteBook, store: NoteStore) -> None:
    changes: list[Change] = []
    book.subscribe(changes.append)
    h, change = book.add_highlight(A, *span(TEXT_A, "quiet acts"), color="#FF6666", note="n", tags=[" x ", "x", ""])
    assert h.quote == "quiet acts" and h.color == "#ff6666" and h.tags == ("x",)
    assert h.created and h.created == h.modified
    assert change == Change("add", frozenset({A}), frozenset({h.id}), description="Highlight")
    assert changes == [change]
    assert book.highlight(h.id) == h
    assert on_disk(store, A).highlights == (h,)
    assert book.undo_text() == "Highlight" and book.can_undo() and not book.can_redo()


def test_every_operation_undo_redo_round_trips(book: NoteBook, store: NoteStore) -> None:
    h, _ = book.add_highlight(A, *span(TEXT_A, "Soft resistance"))
    ops = [
        lambda: book.set_note(h.id, "a note with emoji 😀"),
        lambda: book.set_tags(h.id, ["b", "a", "b", "  "]),
        lambda: book.set_color(h.id, PALETTE[3]),
        lambda: book.set_document_note(A, "about A"),
        lambda: book.add_highlight(A, *span(TEXT_A, "final sentence"))[1],
        lambda: book.delete_highlight(h.id),
    ]
    for op in ops:
        before = book.notes(A)
        change = op()
        after = book.notes(A)
        assert after != before
        assert on_disk(store, A) == after
        undone = book.undo()
        assert undone is not None and undone.undone and undone.kind == change.kind
        assert book.notes(A) == before
        assert on_disk(store, A) == before
        redone = book.redo()
        assert redone == change
        assert book.notes(A) == after
        assert on_disk(store, A) == after
    # Unwind everything back to the empty document, then forward again.
    final = book.notes(A)
    while book.can_undo():
        book.undo()
    assert book.notes(A) == DocumentNotes(A)
    while book.can_redo():
        book.redo()
    assert book.notes(A) == final


def test_tag_normalisation_and_colour_validation(book: NoteBook) -> None:
    h, _ = book.add_highlight(A, 0, 4)
    book.set_tags(h.id, ["  politics ", "law", "politics", "", "法律"])
    assert book.highlight(h.id).tags == ("politics", "law", "法律")
    with pytest.raises(ValueError, match="palette"):
        book.set_color(h.id, "#123456")
    with pytest.raises(ValueError, match="bad span"):
        book.add_highlight(A, 5, 5)


def test_no_op_edit_makes_no_undo_step(book: NoteBook) -> None:
    h, _ = book.add_highlight(A, 0, 4, note="same")
    seen: list[Change] = []
    book.subscribe(seen.append)
    book.set_note(h.id, "same")
    assert seen == [] and book.undo_text() == "Highlight"


def test_subscribers_get_the_right_change_and_can_unsubscribe(book: NoteBook) -> None:
    seen: list[Change] = []
    unsubscribe = book.subscribe(seen.append)
    h, _ = book.add_highlight(A, 0, 4)
    c = book.set_color(h.id, PALETTE[1])
    assert seen[-1] == c and c.kind == "color" and c.highlight_ids == {h.id} and c.doc_ids == {A}
    book.undo()
    assert seen[-1].undone and seen[-1].kind == "color"
    unsubscribe()
    book.redo()
    assert len(seen) == 3


def test_new_operation_clears_redo(book: NoteBook) -> None:
    h, _ = book.add_highlight(A, 0, 4)
    book.set_note(h.id, "one")
    book.undo()
    assert book.can_redo() and book.redo_text() == "Edit Note"
    book.set_note(h.id, "two")
    assert not book.can_redo()


def test_links_with_backlinks_and_undo(book: NoteBook, store: NoteStore) -> None:
    src = Endpoint(A, Anchor.from_span(TEXT_A, *span(TEXT_A, "Soft resistance")))
    dst = Endpoint(B, Anchor.from_span(TEXT_B, *span(TEXT_B, "soft resistance")))
    link, change = book.add_link(src, dst, "same-event", "both use the phrase")
    assert change.kind == "link-add" and change.doc_ids == {A, B} and change.link_ids == {link.id}
    assert book.links_for(A) == ([link], [])
    assert book.links_for(B) == ([], [link])
    assert NoteStore(store.data_dir).load_links() == [link]
    book.undo()
    assert book.links() == [] and NoteStore(store.data_dir).load_links() == []
    book.redo()
    c = book.delete_link(link.id)
    assert c.kind == "link-delete" and book.links() == []
    book.undo()
    assert book.links() == [link]
    with pytest.raises(ValueError, match="link type"):
        book.add_link(src, dst, "agrees-with")


def test_palette_meanings_in_state(book: NoteBook, store: NoteStore) -> None:
    assert book.palette() == DEFAULT_MEANINGS
    c = book.set_color_meaning(PALETTE[4], "  to check ")
    assert c.kind == "palette" and book.palette()[PALETTE[4]] == "to check"
    assert NoteStore(store.data_dir).load_state()["palette"][PALETTE[4]] == "to check"
    book.set_state("last_document", A)
    assert NoteStore(store.data_dir).load_state()["palette"][PALETTE[4]] == "to check"
    book.undo()
    assert book.palette()[PALETTE[4]] == DEFAULT_MEANINGS[PALETTE[4]]
    assert NoteStore(store.data_dir).load_state()["last_document"] == A


def test_reanchor_ok_drifted_orphan_and_reattach(store: NoteStore, texts: dict[str, str]) -> None:
    book = NoteBook(store, texts=texts.__getitem__)
    ok, _ = book.add_highlight(A, *span(TEXT_A, "Soft resistance"))
    moving, _ = book.add_highlight(A, *span(TEXT_A, "may disagree about what counts"), note="keep me")
    lost, _ = book.add_highlight(A, *span(TEXT_A, "A final sentence closes the text."), note="orphan note")
    # A corrected edition: text inserted before the second span, last sentence rewritten.
    texts[A] = (
        "Soft resistance is a phrase used by officials. The explainer, published later, says it "
        "describes quiet acts. Readers of the statement may disagree about what counts. "
        "Nothing else follows here at all."
    )
    book2 = NoteBook(store, texts=texts.__getitem__)
    seen: list[Change] = []
    book2.subscribe(seen.append)
    statuses = book2.reanchor(A)
    assert statuses == {ok.id: "ok", moving.id: "drifted", lost.id: "orphan"}
    moved = book2.highlight(moving.id)
    assert moved.review and moved.note == "keep me"
    assert texts[A][moved.start : moved.end] == "may disagree about what counts"
    assert book2.highlight(lost.id) == lost  # orphans are kept unchanged
    assert seen and seen[-1].kind == "reanchor" and seen[-1].highlight_ids == {moving.id}
    assert not book2.can_undo()  # re-anchoring is not a user operation
    assert on_disk(store, A).highlights[1] == moved  # but it is saved

    book2.confirm_review(moving.id)
    assert book2.status(moving.id) == "ok" and not book2.highlight(moving.id).review
    book2.undo()
    assert book2.status(moving.id) == "drifted"

    c = book2.reattach(lost.id, *span(texts[A], "Nothing else follows"))
    assert c.kind == "reattach" and book2.status(lost.id) == "ok"
    assert book2.highlight(lost.id).quote == "Nothing else follows"
    assert book2.highlight(lost.id).note == "orphan note"
    book2.undo()
    assert book2.status(lost.id) == "orphan" and book2.highlight(lost.id).quote == lost.quote


def test_undo_of_note_edit_keeps_a_later_reanchor(store: NoteStore, texts: dict[str, str]) -> None:
    book = NoteBook(store, texts=texts.__getitem__)
    h, _ = book.add_highlight(A, *span(TEXT_A, "quiet acts"))
    book.set_note(h.id, "edited")
    texts[A] = "Inserted first. " + TEXT_A
    book.reanchor(A)
    moved_anchor = book.highlight(h.id).anchor
    book.undo()  # undo the note only
    assert book.highlight(h.id).note == "" and book.highlight(h.id).anchor == moved_anchor


def test_import_merges_by_id_without_duplicates(book: NoteBook) -> None:
    h, _ = book.add_highlight(A, *span(TEXT_A, "quiet acts"), note="local")
    older = h.with_(note="older remote", modified="2000-01-01T00:00:00Z")
    newer = h.with_(note="newer remote", modified="2999-01-01T00:00:00Z")
    fresh = Highlight("h-imported", "other-doc", Anchor.from_span(TEXT_A, 0, 4), note="new", created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
    c = book.import_highlights(A, [older, fresh])
    assert c.kind == "import" and c.highlight_ids == {"h-imported"}
    assert book.highlight(h.id).note == "local"
    assert book.highlight("h-imported").doc_id == A
    c2 = book.import_highlights(A, [newer, fresh])
    assert c2.highlight_ids == {h.id} and book.highlight(h.id).note == "newer remote"
    assert len(book.notes(A).highlights) == 2
    again = book.import_highlights(A, [newer, fresh])
    assert again.highlight_ids == frozenset() and book.undo_text() == c2.description
    book.undo()
    assert book.highlight(h.id).note == "local"
    book.undo()  # one step removes the whole first import
    assert book.highlight("h-imported") is None and len(book.notes(A).highlights) == 1


def test_broken_file_makes_doc_read_only_with_clear_message(store: NoteStore, book: NoteBook) -> None:
    path = store.notes_path(A)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"format_version: 1\ndocument: doc-a\nhighlights: [\n")
    assert book.notes(A) == DocumentNotes(A)
    assert isinstance(book.error_for(A), NotesFileError) and book.is_read_only(A)
    with pytest.raises(StoreError, match=f"notes for doc-a are read-only because {path} could not be read"):
        book.add_highlight(A, 0, 4)
    with pytest.raises(StoreError, match="read-only"):
        book.set_document_note(A, "x")
    assert path.read_bytes() == b"format_version: 1\ndocument: doc-a\nhighlights: [\n"
    book.add_highlight(B, 0, 4)  # other documents still work
    assert not book.is_read_only(B)


def test_second_instance_is_read_only(data_dir: Path, texts: dict[str, str]) -> None:
    first = NoteBook(NoteStore(data_dir), texts=texts.__getitem__)
    h, _ = first.add_highlight(A, 0, 4, note="first window")
    second_store = NoteStore(data_dir)
    second = NoteBook(second_store, texts=texts.__getitem__)
    assert not second.is_read_only(A)  # a NoteBook takes no lock by itself
    assert not second_store.acquire_lock()
    assert second.is_read_only(A) and "another Reader" in second_store.read_only_reason
    assert second.notes(A).highlights == (h,)  # it can still read
    with pytest.raises(LockedError, match="another Reader"):
        second.add_highlight(A, 5, 9)
    with pytest.raises(LockedError):
        second.set_color_meaning(PALETTE[0], "x")
    second.set_state("last_document", A)  # kept in memory only
    assert on_disk(first.store, A).highlights == (h,)
    first.store.release_lock()


def test_lone_surrogate_rejected_at_operation(book: NoteBook) -> None:
    h, _ = book.add_highlight(A, 0, 4)
    with pytest.raises(ValueError, match=r"lone surrogate \(U\+DC00\)"):
        book.set_note(h.id, "bad \udc00")
    assert book.highlight(h.id).note == ""


def test_save_errors_without_writer_are_raised_and_retried(
    book: NoteBook, store: NoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    h, _ = book.add_highlight(A, 0, 4)
    before = store.notes_path(A).read_bytes()

    def full(*a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full)
    with pytest.raises(StoreError, match="No space left"):
        book.set_note(h.id, "unsaved")
    assert book.dirty() and store.notes_path(A).read_bytes() == before
    monkeypatch.undo()
    book.save_now()
    assert not book.dirty() and on_disk(store, A).highlights[0].note == "unsaved"


# -- BackgroundWriter -------------------------------------------------------------


class Gate:
    """Blocks the writer thread inside save_notes until released (no sleeps)."""

    def __init__(self, store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls: list[DocumentNotes] = []
        real = store.save_notes

        def gated(notes: DocumentNotes) -> None:
            self.calls.append(notes)
            self.entered.set()
            assert self.release.wait(10)
            real(notes)

        monkeypatch.setattr(store, "save_notes", gated)


def test_writer_submit_returns_immediately_and_flush_makes_durable(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.acquire_lock()
    gate = Gate(store, monkeypatch)
    saved: list[str] = []
    writer = BackgroundWriter(store, delay=0, on_saved=saved.append)
    n1 = DocumentNotes(A, document_note="one")
    writer.submit_notes(n1)  # returns although the save is blocked
    assert gate.entered.wait(10)
    assert writer.pending()
    # While the first save is in flight, two more snapshots coalesce into one write.
    writer.submit_notes(DocumentNotes(A, document_note="two"))
    writer.submit_notes(DocumentNotes(A, document_note="three"))
    gate.release.set()
    assert writer.flush(10)
    assert not writer.pending()
    assert [n.document_note for n in gate.calls] == ["one", "three"]
    assert on_disk(store, A).document_note == "three"
    assert saved == [f"notes/{A}.yaml", f"notes/{A}.yaml"]
    assert writer.close()


def test_writer_delay_coalesces_before_first_write(store: NoteStore) -> None:
    store.acquire_lock()
    calls: list[str] = []
    real = store.save_notes
    store.save_notes = lambda n: (calls.append(n.document_note), real(n))  # type: ignore[method-assign]
    writer = BackgroundWriter(store, delay=3600)
    for i in range(100):
        writer.submit_notes(DocumentNotes(A, document_note=str(i)))
    writer.submit_state({"last_document": A})
    assert writer.pending()
    assert writer.flush(10)  # flush does not wait for the delay
    assert calls == ["99"]
    assert store.load_state() == {"last_document": A}
    writer.close()


def test_writer_errors_reported_and_previous_file_intact(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.acquire_lock()
    store.save_notes(DocumentNotes(A, document_note="good"))
    before = store.notes_path(A).read_bytes()
    errors: list[ReaderError] = []
    writer = BackgroundWriter(store, delay=0, on_error=errors.append)

    def full(*a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full)
    writer.submit_notes(DocumentNotes(A, document_note="lost?"))
    assert writer.flush(10) is False
    assert errors and isinstance(errors[0], StoreError) and "No space left" in str(errors[0])
    assert store.notes_path(A).read_bytes() == before
    assert writer.pending()  # kept for a retry
    monkeypatch.undo()
    assert writer.flush(10) is True
    assert on_disk(store, A).document_note == "lost?"
    writer.close()


def test_writer_drops_what_it_must_not_write(data_dir: Path) -> None:
    holder = NoteStore(data_dir)
    assert holder.acquire_lock()
    other = NoteStore(data_dir)
    assert not other.acquire_lock()
    errors: list[ReaderError] = []
    writer = BackgroundWriter(other, delay=0, on_error=errors.append)
    writer.submit_notes(DocumentNotes(A, document_note="x"))
    assert writer.flush(10) is False
    assert isinstance(errors[0], LockedError) and not writer.pending()
    assert not other.notes_path(A).exists()
    writer.close()
    holder.release_lock()


def test_notebook_with_writer_is_dirty_until_flushed(store: NoteStore, texts: dict[str, str]) -> None:
    writer = BackgroundWriter(store, delay=3600)
    book = NoteBook(store, writer, texts.__getitem__)
    h, _ = book.add_highlight(A, 0, 4)
    assert book.dirty()
    book.save_now()
    assert not book.dirty() and on_disk(store, A).highlights == (h,)
    writer.close()
    with pytest.raises(StoreError, match="closed"):
        writer.submit_notes(book.notes(A))


def test_restore_backup_makes_the_document_writable_again(store: NoteStore, texts: dict[str, str]) -> None:
    book = NoteBook(store, texts=texts.__getitem__)
    h, _ = book.add_highlight(A, 0, 4, note="kept")
    book.set_note(h.id, "kept, edited")  # the previous version goes to backups/
    store.notes_path(A).write_bytes(b"highlights: [\n")
    book2 = NoteBook(store, texts=texts.__getitem__)
    assert book2.is_read_only(A) and book2.notes(A).highlights == ()
    seen: list[Change] = []
    book2.subscribe(seen.append)
    assert book2.restore_newest_backup(A) is not None
    assert not book2.is_read_only(A)
    assert book2.highlight(h.id).note == "kept"
    assert seen[-1].kind == "reload" and seen[-1].doc_ids == {A}
    book2.set_note(h.id, "writable again")
    assert on_disk(store, A).highlights[0].note == "writable again"
