"""The mechanisms that keep a big book instant (issue 9); timings live in benchmarks/.

- opening typesets highlights as char formats in one edit block, before the view lays out;
- a later add / recolour / delete repaints only the blocks it touches and never edits the
  QTextDocument (any edit makes Qt walk every later block);
- autosave runs on the writer's thread and ``submit_notes`` returns before the file changes;
- search indexes are built on a worker thread and delivered to the GUI thread by a signal.
"""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QTextCursor

from reader.core.anchor import Anchor
from reader.core.document import Document, DocumentMeta, parse_plain
from reader.core.model import PALETTE, DocumentNotes, Highlight
from reader.core.store import BackgroundWriter, NoteStore
from reader.ui.reading_view import ReadingView, SpanMark

DOC = "perf-book"
WORDS = ["and", "the", "lord", "unto", "香港", "café", "😀", "shall", "spirit", "waters"]


def _text(blocks: int, rng: random.Random) -> str:
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 25))) for _ in range(blocks))


def _hl(i: int, text: str, start: int, end: int, color: str) -> Highlight:
    return Highlight(id=f"h-{i:05d}", doc_id=DOC, anchor=Anchor.from_span(text, start, end), color=color,
                     created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")


@pytest.fixture
def big_view(qtbot):
    """A view holding 1,500 paragraphs and 3,000 highlights (astral characters included)."""
    rng = random.Random(7)
    text = _text(1500, rng)
    doc = Document(DocumentMeta(id=DOC, title="perf"), parse_plain(text))
    hls = []
    for i in range(3000):
        s = rng.randrange(0, len(doc.text) - 60)
        hls.append(_hl(i, doc.text, s, s + rng.randint(3, 50), PALETTE[i % len(PALETTE)]))
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    marks = [SpanMark("glossary", 10, 20, "g1")]
    view.show_document(doc, marks, hls)
    view.show()
    return view, doc, hls


class _Changes:
    def __init__(self, view: ReadingView) -> None:
        self.calls: list[tuple[int, int, int]] = []
        view.document().contentsChange.connect(lambda *a: self.calls.append(a))


def _blocks_of(doc: Document, start: int, end: int) -> set[int]:
    return set(range(doc.block_index_at(start), doc.block_index_at(max(start, end - 1)) + 1))


def test_open_applies_highlights_as_char_formats(big_view) -> None:
    view, doc, hls = big_view
    h = hls[0]
    c = QTextCursor(view.document())
    c.setPosition(view._map.to_qt(h.start) + 1)
    assert c.charFormat().background().color().isValid()
    assert view.overlay_blocks() == []
    assert view.highlight_count() == 3000


def test_add_recolour_delete_touch_only_their_blocks_and_never_the_document(big_view) -> None:
    view, doc, hls = big_view
    changes = _Changes(view)
    block = doc.blocks[700]
    new = _hl(99999, doc.text, block.start + 2, block.start + 9, PALETTE[3])
    view.update_highlights([new])
    assert changes.calls == []  # no QTextDocument edit, so no layout walk
    assert view.overlay_blocks() == [700]
    colours = {s.format.background().color().name() for s in view.extraSelections()}
    assert len(colours) >= 2  # the block's paper, then at least the new highlight's tint

    recoloured = new.with_(color=PALETTE[5])
    view.update_highlights([recoloured])
    assert view.overlay_blocks() == [700]
    assert any(s.format.background().color().name() == view._bg_format([recoloured]).background().color().name()
               for s in view.extraSelections())

    # a highlight spanning two blocks repaints exactly those two
    b1, b2 = doc.blocks[900], doc.blocks[901]
    wide = _hl(99998, doc.text, b1.end - 3, b2.start + 3, PALETTE[1])
    view.update_highlights([wide])
    assert view.overlay_blocks() == [700, 900, 901]

    victim = hls[1234]
    view.update_highlights([], [victim.id])
    assert set(view.overlay_blocks()) == {700, 900, 901} | _blocks_of(doc, victim.start, victim.end)
    assert view.highlights_at(victim.start + 1) == [h for h in view.highlights_at(victim.start + 1) if h.id != victim.id]
    assert changes.calls == []


def test_note_edit_repaints_nothing(big_view) -> None:
    view, _doc, hls = big_view
    h = hls[10]
    view.update_highlights([h.with_(note="a new note")])
    assert view.overlay_blocks() == []
    assert view.highlights_at(h.start)[0].note == "a new note" or any(
        x.note == "a new note" for x in view.highlights_at(h.start))


def test_overlay_paints_the_multiplied_colour_of_overlaps(big_view) -> None:
    view, doc, _hls = big_view
    block = next(b for b in doc.blocks[200:] if b.end - b.start > 20 and not any(
        view.highlights_at(o) for o in range(b.start, b.end)))  # a block nobody highlighted yet
    a = _hl(90001, doc.text, block.start, block.start + 10, "#ffd54f")
    b = _hl(90002, doc.text, block.start + 5, block.start + 15, "#81c784")
    view.update_highlights([a, b])
    expected = view._bg_format([a, b]).background().color()
    overlap = [s for s in view.extraSelections()
               if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == (view._map.to_qt(block.start + 5),
                                                                          view._map.to_qt(block.start + 10))]
    assert overlap and overlap[-1].format.background().color() == expected
    assert expected != QColor("#ffd54f")


def test_search_and_flash_layers_stay_above_the_overlay(big_view) -> None:
    view, doc, hls = big_view
    view.update_highlights([], [hls[0].id])
    n_overlay = len(view.extraSelections())
    view.set_search_hits([(0, 3), (10, 13)])
    sels = view.extraSelections()
    assert len(sels) == n_overlay + 2
    assert [s.cursor.selectionStart() for s in sels[-2:]] == [0, view._map.to_qt(10)]


def test_show_document_resets_the_overlay(big_view) -> None:
    view, doc, hls = big_view
    view.update_highlights([], [hls[5].id])
    assert view.overlay_blocks()
    view.show_document(doc, [], hls[:10])
    assert view.overlay_blocks() == [] and view.extraSelections() == []


def test_autosave_runs_off_the_gui_thread_and_submit_returns_first(data_dir: Path) -> None:
    store = NoteStore(data_dir)
    assert store.acquire_lock()
    text = "In the beginning God created the heaven and the earth. " * 40
    notes = DocumentNotes(DOC, tuple(_hl(i, text, i * 10, i * 10 + 8, PALETTE[0]) for i in range(100)))
    saved_on: list[int] = []
    done = threading.Event()
    gate = threading.Event()

    def on_saved(_key: str) -> None:
        saved_on.append(threading.get_ident())
        done.set()

    writer = BackgroundWriter(store, delay=0.0, on_saved=on_saved)
    path = store.notes_path(DOC)
    # Hold the worker inside its write until we have looked at the disk.
    real_save = store.save_notes

    def slow_save(n: DocumentNotes) -> None:
        gate.wait(10)
        real_save(n)

    store.save_notes = slow_save  # type: ignore[method-assign]
    try:
        writer.submit_notes(notes)
        assert not path.exists()  # submit returned before anything reached the disk
        gate.set()
        assert done.wait(10)
    finally:
        gate.set()
        writer.close()
        store.release_lock()
    assert path.exists() and NoteStore(data_dir).load_notes(DOC) == notes
    assert saved_on and saved_on[0] != threading.get_ident()


def test_search_indexes_are_built_on_a_worker_thread(qtbot, data_dir: Path, monkeypatch) -> None:
    from reader.ui import session as session_mod

    built_on: list[int] = []
    real = session_mod.SearchIndex

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, doc_id: str, text: str) -> None:
            built_on.append(threading.get_ident())
            super().__init__(doc_id, text)

    monkeypatch.setattr(session_mod, "SearchIndex", Spy)
    s = session_mod.Session(data_dir)
    try:
        doc_id = next(iter(s.corpus.ids()))
        with qtbot.waitSignal(s.searchReady, timeout=10000, check_params_cb=lambda key: key == ""):
            s.prepare_search(doc_id)
        assert built_on and threading.get_ident() not in built_on
        n = len(built_on)
        assert s.search_index(doc_id).find("Hong Kong")  # delivered, not rebuilt
        assert s.library_search().index(doc_id) is s.search_index(doc_id)  # the book is indexed once
        assert len(built_on) == n == len(list(s.corpus.ids()))
        assert not s.search_pending()
    finally:
        s.close()


def test_search_index_waits_for_a_build_in_flight(data_dir: Path) -> None:
    from reader.ui.session import Session

    s = Session(data_dir)
    try:
        doc_id = next(iter(s.corpus.ids()))
        s.prepare_search(doc_id)
        index = s.search_index(doc_id)  # before the queued delivery: waits for the worker
        assert index.text == s.text_of(doc_id)
        assert s.library_search().index(doc_id) is index
    finally:
        s.close()


def test_a_build_that_finishes_at_once_is_still_delivered(qtbot, data_dir: Path, monkeypatch) -> None:
    from concurrent.futures import Future

    from reader.ui import session as session_mod

    class Immediate:  # an executor whose work is done before submit returns
        def __init__(self, *a, **k) -> None:
            pass

        def submit(self, fn):  # noqa: ANN001, ANN201
            f: Future = Future()
            f.set_result(fn())
            return f

        def shutdown(self, **k) -> None:
            pass

    monkeypatch.setattr(session_mod, "ThreadPoolExecutor", Immediate)
    s = session_mod.Session(data_dir)
    try:
        s.prepare_search(next(iter(s.corpus.ids())))
        qtbot.waitUntil(lambda: not s.search_pending(), timeout=5000)
    finally:
        s.close()
