"""Sync of the reader's own layer: glossary entries, timeline events, colour meanings; and
the outcome of an edit racing a delete, on every device."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_devices import DOC, add_entry, add_event, corpus, edit, export_w3c, state, study, sync

from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.editorial_records import Span
from reader.core.model import PALETTE
from reader.core.study import MY_GLOSSARY, StudyBook
from reader.core.study_make import new_entry
from reader.core.sync.run import sync_data_dir


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    shared = tmp_path / "Sync"
    shared.mkdir()
    return tmp_path / "A", tmp_path / "B", tmp_path / "C", shared


def _entry(d: Path, eid: str) -> dict:
    return next(e for e in state(d)["glossary"] if e["id"] == eid)


def _everyone(*dirs: Path, shared: Path, rounds: int = 2) -> None:
    for _ in range(rounds):
        for d in dirs:
            assert sync(d, shared) == 0


def test_own_glossary_and_timeline_reach_every_device_in_one_order(devices) -> None:
    a, b, c, shared = devices
    ga = add_entry(a, 10, "Term from A")
    gb = add_entry(b, 100, "Term from B")
    tc = add_event(c, 200, "Event from C")
    ta = add_event(a, 300, "Event from A")
    _everyone(c, a, b, shared=shared)
    states = [state(d) for d in (a, b, c)]
    assert states[0] == states[1] == states[2]
    assert [e["id"] for e in states[0]["glossary"]] == sorted([ga, gb])
    assert {e["id"] for e in states[0]["timeline"]} == {tc, ta}
    assert not StudyBook(b, corpus()).read_only  # what the sync wrote reads back cleanly


def test_edits_to_different_fields_of_one_entry_both_survive(devices) -> None:
    a, b, _, shared = devices
    eid = add_entry(a, 10, "Original")
    _everyone(a, b, shared=shared, rounds=1)
    study(a, lambda bk: bk.edit_entry(eid, term="Renamed on A"))
    study(b, lambda bk: bk.edit_entry(eid, definition="Defined on B"))
    _everyone(a, b, shared=shared)
    for d in (a, b):
        got = _entry(d, eid)
        assert (got["term"], got["definition"]) == ("Renamed on A", "Defined on B")


def test_deleting_an_entry_or_event_syncs_and_a_racing_edit_keeps_it(devices) -> None:
    a, b, c, shared = devices
    gone = add_entry(a, 10, "To delete")
    kept = add_entry(a, 60, "Deleted but edited")
    event = add_event(a, 120, "An event to delete")
    _everyone(a, b, c, shared=shared, rounds=1)
    study(b, lambda bk: (bk.delete_entry(gone), bk.delete_entry(kept), bk.delete_event(event)))
    study(c, lambda bk: bk.edit_entry(kept, definition="C's edit B never saw"))
    _everyone(b, c, a, shared=shared)
    for d in (a, b, c):
        s = state(d)
        assert [e["id"] for e in s["glossary"]] == [kept] and s["timeline"] == []
        assert _entry(d, kept)["definition"] == "C's edit B never saw"


def test_an_unreadable_study_file_is_left_alone_and_named(devices, capsys) -> None:
    a, b, _, shared = devices
    add_entry(a, 10, "From A")
    edit(b, lambda bk: bk.add_highlight(DOC, 10, 40, note="B's highlight"))
    broken = b / MY_GLOSSARY
    broken.write_bytes(b"format_version: 1\nentries: [unclosed\n")
    sync(a, shared)
    capsys.readouterr()
    assert sync(b, shared) == 0
    err = capsys.readouterr().err
    assert str(broken) in err and "not synced" in err and "Traceback" not in err
    assert broken.read_bytes() == b"format_version: 1\nentries: [unclosed\n"
    sync(a, shared)
    assert "B's highlight" in {h["note"] for h in state(a)["highlights"].values()}  # the rest synced


def test_an_entry_on_a_text_this_device_lacks_stays_out_of_its_file(devices, tmp_path: Path) -> None:
    a, b, _, shared = devices
    added = tmp_path / "mine.txt"
    added.write_text("A text only device A has in its library, with a phrase worth a glossary entry.\n" * 3)
    from reader.cli import main

    assert main(["add", str(added), "--data-dir", str(a)]) == 0
    texts = load_corpus(a)
    doc = next(d for d in texts if d.id not in corpus().documents)
    shipped = corpus().get(DOC).text
    book = StudyBook(a, texts)
    for text, term in ((doc.text, "Only on A"), (shipped, "On a shipped text")):
        book.add_entry(new_entry(doc.id if text is doc.text else DOC, text, 10, 30, term=term, kind="concept",
                                 aliases=(), definition="d"))
    _everyone(a, b, shared=shared)
    got = state(b)["glossary"]  # readable: state() asserts the book is not read-only
    assert [e["term"] for e in got] == ["On a shipped text"]
    assert len(StudyBook(a, load_corpus(a)).glossary) == 2


def test_an_entry_held_back_for_a_missing_text_arrives_once_the_text_is_added(devices, tmp_path: Path) -> None:
    a, b, _, shared = devices
    added = tmp_path / "mine.txt"
    added.write_text("A text device B adds later to its library, with a phrase worth a glossary entry.\n" * 3)
    from reader.cli import main

    assert main(["add", str(added), "--data-dir", str(a)]) == 0
    both = add_entry(a, 10, "On both devices")
    _everyone(a, b, shared=shared, rounds=1)
    texts = load_corpus(a)
    doc = next(d for d in texts if d.id not in corpus().documents)
    book = StudyBook(a, texts)
    only = new_entry(doc.id, doc.text, 10, 30, term="Only on A", kind="concept", aliases=(), definition="d")
    book.add_entry(only)
    book.add_source(both, Span(doc.id, Anchor.from_span(doc.text, 40, 60)))  # B holds an older version
    _everyone(a, b, shared=shared)
    assert [(e["term"], len(e["sources"])) for e in state(b)["glossary"]] == [("On both devices", 1)]
    assert main(["add", str(added), "--data-dir", str(b)]) == 0  # the same text: the same id
    assert sync(b, shared) == 0
    got = {e.id: e for e in StudyBook(b, load_corpus(b)).glossary}
    assert set(got) == {both, only.id} and len(got[both].sources) == 2
    assert got == {e.id: e for e in StudyBook(a, load_corpus(a)).glossary}
    assert sync(b, shared) == 0  # nothing held back now: the next sync changes nothing
    assert {e.id: e for e in StudyBook(b, load_corpus(b)).glossary} == got


def test_colour_meanings_sync_last_writer_wins_per_colour(devices) -> None:
    a, b, c, shared = devices
    edit(a, lambda bk: bk.set_color_meaning(PALETTE[0], "A's meaning"))
    edit(b, lambda bk: bk.set_color_meaning(PALETTE[1], "B's meaning"))
    edit(c, lambda bk: bk.set_color_meaning(PALETTE[1], "C's meaning"))
    edit(c, lambda bk: bk.set_state("last_document", DOC))  # window state is not synced
    _everyone(a, b, c, shared=shared)
    palettes = [state(d)["palette"] for d in (a, b, c)]
    assert palettes[0] == palettes[1] == palettes[2]
    assert palettes[0][PALETTE[0]] == "A's meaning"
    assert palettes[0][PALETTE[1]] in {"B's meaning", "C's meaning"}
    assert edit(a, lambda bk: bk.state_value("last_document")) is None
    sync_data_dir(a, shared)  # takes in the last device's relay of what it received
    assert sync_data_dir(a, shared).idle
    edit(a, lambda bk: bk.set_state("last_document", DOC))  # only window state moved: still idle
    assert sync_data_dir(a, shared).idle


def test_an_edit_racing_a_delete_is_flagged_for_review_on_every_device(devices, capsys) -> None:
    """A deletes a highlight while B edits its note (and C has the old one): whatever the
    order, all three keep B's edit, flagged for review (the review affordance of the notes
    panel); confirming it on one device settles it everywhere."""
    a, b, c, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="original"))
    _everyone(a, b, c, shared=shared, rounds=1)
    edit(a, lambda bk: bk.delete_highlight(h.id))
    edit(b, lambda bk: bk.set_note(h.id, "B's edit A never saw"))
    capsys.readouterr()
    sync(a, shared)
    sync(b, shared)
    out = capsys.readouterr().out
    assert "1 deleted on one device while edited on another: kept, flagged for review" in out
    _everyone(c, a, b, shared=shared)
    got = [state(d)["highlights"][h.id] for d in (a, b, c)]
    assert got[0] == got[1] == got[2]
    assert got[0]["note"] == "B's edit A never saw" and got[0]["review"] is True
    assert got[0]["review_reason"] == "deleted"  # not "moved": the panel says it was deleted elsewhere
    assert edit(c, lambda bk: bk.status(h.id)) == "drifted"  # what the panel shows as "please review"
    edit(c, lambda bk: bk.confirm_review(h.id))
    _everyone(c, a, b, shared=shared)
    assert all(state(d)["highlights"][h.id].get("review", False) is False for d in (a, b, c))
    assert all("review_reason" not in state(d)["highlights"][h.id] for d in (a, b, c))


def test_a_delete_that_saw_the_edit_wins(devices) -> None:
    a, b, _, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="original"))
    _everyone(a, b, shared=shared, rounds=1)
    edit(b, lambda bk: bk.set_note(h.id, "edited"))
    _everyone(b, a, shared=shared, rounds=1)
    edit(a, lambda bk: bk.delete_highlight(h.id))  # A saw the edit, then deleted
    _everyone(a, b, shared=shared)
    assert h.id not in state(a)["highlights"] and h.id not in state(b)["highlights"]


@pytest.mark.parametrize("order", ["ABC", "CAB"])
def test_w3c_exports_are_identical_with_the_personal_layer(devices, tmp_path: Path, order: str) -> None:
    """The contract: A, B and C each sync once in any order, then once more; their W3C
    exports, which carry the personal layer too, are identical."""
    a, b, c, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    add_entry(a, 50, "A's term")
    add_event(b, 90, "B's event")
    add_entry(c, 130, "C's term")
    edit(c, lambda bk: bk.set_color_meaning(PALETTE[2], "C's colour"))
    by_name = {"A": a, "B": b, "C": c}
    for name in order + order:
        assert sync(by_name[name], shared) == 0
    exports = [export_w3c(d, tmp_path / f"{n}.json") for n, d in by_name.items()]
    assert exports[0] == exports[1] == exports[2]
    assert all(text in exports[0] for text in ("A's", "A's term", "B's event", "C's term"))
    assert state(a) == state(b) == state(c)


def test_a_merge_into_the_study_book_keeps_the_readers_own_undo(devices) -> None:
    """Undo after a sync takes back the reader's own edit, never what another device added."""
    a, b, _, shared = devices
    theirs = add_entry(b, 100, "From B")
    sync(b, shared)
    book = StudyBook(a, corpus())
    mine = new_entry(DOC, corpus().get(DOC).text, 10, 22, term="Mine", kind="concept", aliases=(), definition="d")
    book.add_entry(mine)
    sync(a, shared)  # through its own StudyBook, as the command line does
    merged = StudyBook(a, corpus()).glossary
    book.merge_in(merged, ())
    assert {e.id for e in book.glossary} == {mine.id, theirs}
    assert book.undo() is not None
    assert [e.id for e in book.glossary] == [theirs]
    assert book.redo() is not None and {e.id for e in book.glossary} == {mine.id, theirs}


def test_a_study_edit_made_during_an_exchange_waits_for_the_next_one(devices) -> None:
    """The window's books: an entry edited after the sync read the study layer is not
    written over by the merge; the next exchange merges both."""
    from reader.core.notes import NoteBook
    from reader.core.store import NoteStore
    from reader.core.sync.book import apply_plan
    from reader.core.sync.engine import SyncEngine
    from reader.core.sync.run import read_local
    from reader.core.sync.study import study_snapshot

    a, b, _, shared = devices
    theirs = add_entry(b, 100, "From B")
    sync(b, shared)
    mine = add_entry(a, 10, "Mine")
    store = NoteStore(a)
    store.acquire_lock()
    try:
        notes, book = NoteBook(store), StudyBook(a, corpus())

        def exchange() -> None:
            engine = SyncEngine(a, shared.resolve())
            plan = engine.exchange(read_local(store, corpus, study_snapshot(book)))
            if plan.study is not None and mine in {e.id for e in book.glossary}:
                book.edit_entry(mine, term="Edited during the exchange")  # the reader types meanwhile
            engine.commit(plan, apply_plan(notes, book, plan))

        exchange()
        assert [e.term for e in book.glossary] == ["Edited during the exchange"]  # the merge waited
        exchange()
        assert {e.id: e.term for e in book.glossary} == {mine: "Edited during the exchange", theirs: "From B"}
    finally:
        store.release_lock()
    sync(b, shared)
    assert "Edited during the exchange" in {e["term"] for e in state(b)["glossary"]}
