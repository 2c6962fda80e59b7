"""The mechanisms that keep a big book instant (issue 9); timings live in benchmarks/.

- opening typesets text and marks in one edit block, before the view lays out; highlights
  are indexed, never char formats, and drawn only for the blocks on screen;
- an add / recolour / delete redraws only the visible blocks it touches and never edits the
  QTextDocument (any edit makes Qt walk every later block);
- positions come from the layout made so far, so a half-laid-out book is not laid out whole;
- autosave runs on the writer's thread and ``submit_notes`` returns before the file changes;
- search indexes are built on a worker thread and delivered to the GUI thread by a signal.
"""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QTextBrowser
from view_probe import DrawSpy, painted_colors_at

from reader.core.anchor import Anchor
from reader.core.document import Document, DocumentMeta, parse_plain
from reader.core.model import PALETTE, DocumentNotes, Highlight
from reader.core.store import BackgroundWriter, NoteStore
from reader.ui.layout_driver import LayoutDriver
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


def _painted(view: ReadingView, h: Highlight) -> set[str]:
    return {c.name() for c in painted_colors_at(view, h.start)}


def _in_view(view: ReadingView, doc: Document, hls: list[Highlight]) -> list[Highlight]:
    first, last = view.visible_blocks()
    return [h for h in hls if first <= doc.block_index_at(h.start) <= last]


def test_open_indexes_highlights_and_draws_only_the_blocks_in_view(big_view) -> None:
    view, doc, hls = big_view
    assert view.highlight_count() == 3000
    # no highlight is a char format: the document holds text and marks only
    backgrounds = set()
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.hasProperty(fmt.Property.BackgroundBrush):
                backgrounds.add(fmt.background().color().name())
            it += 1
        block = block.next()
    assert backgrounds == set()
    first, last = view.visible_blocks()
    assert first == 0 and 3 <= last < 100
    assert view.overlay_blocks() == list(range(first, last + 1))
    shown = _in_view(view, doc, hls)
    assert shown and all(_painted(view, h) for h in shown)
    off_screen = next(h for h in hls if doc.block_index_at(h.start) > last + 5)
    assert painted_colors_at(view, off_screen.start) == []


def test_scrolling_draws_the_new_blocks_and_forgets_the_old(big_view, qtbot) -> None:
    view, doc, hls = big_view
    changes = _Changes(view)
    drawn = DrawSpy(view)
    view.scroll_to_offset(doc.blocks[800].start, top=True)
    first, last = view.visible_blocks()
    assert first in (799, 800, 801) and last - first < 100
    assert view.overlay_blocks() == list(range(first, last + 1))
    assert set(drawn.take()) == set(range(first, last + 1))
    assert all(_painted(view, h) == {view.highlight_background([h]).name()}
               for h in _in_view(view, doc, hls)
               if len(view.highlights_at(h.start)) == 1)
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + 30)  # a small step reuses most blocks
    assert len(drawn.take()) <= 3
    assert changes.calls == []


def test_add_recolour_delete_redraw_only_their_visible_blocks_and_never_the_document(big_view) -> None:
    view, doc, hls = big_view
    changes = _Changes(view)
    drawn = DrawSpy(view)
    view.scroll_to_offset(doc.blocks[700].start, top=True)
    first, last = view.visible_blocks()
    block = doc.blocks[700]
    drawn.take()
    new = _hl(99999, doc.text, block.start + 2, block.start + 9, PALETTE[3])
    view.update_highlights([new])
    assert changes.calls == []  # no QTextDocument edit, so no layout walk
    assert drawn.take() == [700]
    tint = view.highlight_background([new]).name()
    assert tint in _painted(view, new)

    recoloured = new.with_(color=PALETTE[5])
    view.update_highlights([recoloured])
    assert drawn.take() == [700]
    assert view.highlight_background([recoloured]).name() in _painted(view, recoloured)
    assert tint not in _painted(view, recoloured) or len(view.highlights_at(new.start)) > 1

    # a highlight spanning two visible blocks redraws exactly those two
    wide = _hl(99998, doc.text, doc.blocks[702].end - 3, doc.blocks[703].start + 3, PALETTE[1])
    view.update_highlights([wide])
    assert drawn.take() == [702, 703]

    # off screen: indexed, nothing redrawn; drawn once scrolled to
    far = _hl(99997, doc.text, doc.blocks[1400].start, doc.blocks[1400].start + 5, PALETTE[2])
    assert doc.block_index_at(far.start) > last
    view.update_highlights([far])
    assert drawn.take() == []
    view.scroll_to_offset(far.start, top=True)
    assert view.highlight_background([far]).name() in _painted(view, far) or \
        len(view.highlights_at(far.start)) > 1

    view.scroll_to_offset(new.start, top=True)
    drawn.take()
    view.update_highlights([], [new.id])
    assert drawn.take() == [700]
    assert all(h.id != new.id for h in view.highlights_at(new.start))
    assert changes.calls == []


def test_note_edit_redraws_nothing(big_view) -> None:
    view, _doc, hls = big_view
    h = hls[10]
    drawn = DrawSpy(view)
    view.update_highlights([h.with_(note="a new note")])
    assert drawn.take() == []
    assert any(x.note == "a new note" for x in view.highlights_at(h.start))


def test_overlay_paints_the_multiplied_colour_of_overlaps(big_view) -> None:
    view, doc, _hls = big_view
    first, last = view.visible_blocks()
    block = next(b for b in doc.blocks[first:last + 1] if b.end - b.start > 20)
    view.update_highlights([], {h.id for o in range(block.start, block.end) for h in view.highlights_at(o)})
    assert painted_colors_at(view, block.start + 7) == []
    a = _hl(90001, doc.text, block.start, block.start + 10, "#ffd54f")
    b = _hl(90002, doc.text, block.start + 5, block.start + 15, "#81c784")
    view.update_highlights([a, b])
    expected = view.highlight_background([a, b])
    assert [c.name() for c in painted_colors_at(view, block.start + 7)] == [expected.name()]
    assert expected != QColor("#ffd54f")


def test_search_and_flash_layers_stay_above_the_overlay(big_view) -> None:
    view, doc, hls = big_view
    view.update_highlights([], [hls[0].id])
    n_overlay = len(view.extraSelections())
    assert n_overlay > 0
    view.set_search_hits([(0, 3), (10, 13)])
    sels = view.extraSelections()
    assert len(sels) == n_overlay + 2
    assert [s.cursor.selectionStart() for s in sels[-2:]] == [0, view.positions.to_qt(10)]


def test_show_document_resets_the_overlay(big_view) -> None:
    view, doc, hls = big_view
    view.scroll_to_offset(doc.blocks[900].start, top=True)
    view.show_document(doc, [], hls[:1])
    assert view.verticalScrollBar().value() == 0
    first, last = view.visible_blocks()
    assert view.overlay_blocks() == list(range(first, last + 1))
    drawn = [s for s in view.extraSelections()]
    assert len(drawn) == (1 if doc.block_index_at(hls[0].start) <= last else 0)


def test_positions_come_from_the_layout_made_so_far(qtbot) -> None:
    """The reading position of a half-laid-out book is where the reader is, and finding
    it does not lay out the rest (Qt's own hit test answers "the end" and does)."""
    rng = random.Random(11)
    doc = Document(DocumentMeta(id=DOC, title="long"), parse_plain(_text(12000, rng)))
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show_document(doc, [], [])
    view.show()
    qtbot.waitExposed(view)
    qdoc = view.document()
    assert qdoc.lastBlock().layout().lineCount() == 0  # still being laid out lazily
    assert view.top_offset() < 200
    second = doc.blocks[1]
    assert view.offset_at_point(view.viewport().rect().topLeft()) < second.start
    assert qdoc.lastBlock().layout().lineCount() == 0
    view.scroll_to_offset(doc.blocks[3000].start, top=True)
    assert doc.block_index_at(view.top_offset()) in (2999, 3000)  # 8 px of the line above show


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
    from reader.core import search as search_mod
    from reader.ui import session as session_mod

    built_on: list[int] = []
    real = search_mod.SearchIndex  # the session imports it when it first builds one

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, doc_id: str, text: str) -> None:
            built_on.append(threading.get_ident())
            super().__init__(doc_id, text)

    monkeypatch.setattr(search_mod, "SearchIndex", Spy)
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

    monkeypatch.setattr("concurrent.futures.ThreadPoolExecutor", Immediate)  # imported by the first build
    s = session_mod.Session(data_dir)
    try:
        s.prepare_search(next(iter(s.corpus.ids())))
        qtbot.waitUntil(lambda: not s.search_pending(), timeout=5000)
    finally:
        s.close()


def _added_text(data_dir: Path, tmp_path: Path, blocks: int, rng: random.Random, title: str = "Long") -> Document:
    """A text of ``blocks`` random paragraphs, added to the data dir's library."""
    from reader.core.library import add_text

    src = tmp_path / "book.txt"
    src.write_text(_text(blocks, rng), encoding="utf-8")
    return add_text(data_dir, src, title=title)


def _window(qtbot, data_dir: Path, *, exposed: bool = False) -> Any:  # noqa: ANN001
    """A shown 1200x800 window on ``data_dir`` (nothing opened yet)."""
    from reader.app import MainWindow

    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    if exposed:
        qtbot.waitExposed(w)
    return w


def _big_book_window(qtbot, data_dir: Path, tmp_path: Path, rng: random.Random,  # noqa: ANN001
                     n: int) -> tuple[Any, Document, list[Highlight]]:
    """A window (shown, nothing open yet) on a data dir holding a 3,000-paragraph text
    with ``n`` highlights saved through the store."""
    doc = _added_text(data_dir, tmp_path, 3000, rng, "A big book")
    hls = []
    for i in range(n):
        s = rng.randrange(0, len(doc.text) - 60)
        hls.append(Highlight(id=f"h-{i:05d}", doc_id=doc.id, anchor=Anchor.from_span(doc.text, s, s + 12),
                             color=PALETTE[i % 8], created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z"))
    store = NoteStore(data_dir)
    assert store.acquire_lock()
    store.save_notes(DocumentNotes(doc.id, tuple(hls)))
    store.release_lock()
    return _window(qtbot, data_dir), doc, hls


def test_a_big_book_paints_first_and_fills_its_side_lists_after(qtbot, data_dir: Path, tmp_path: Path) -> None:
    """Above PANEL_DEFER_ROWS the text (with its highlights) paints before the side lists
    are built; they fill right after, and a click before then still selects the note."""
    from reader.ui.main_window import PANEL_DEFER_ROWS

    n = PANEL_DEFER_ROWS + 500
    w, doc, hls = _big_book_window(qtbot, data_dir, tmp_path, random.Random(5), n)
    painted: list[tuple[str, int, int]] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj, event):  # noqa: N802, ANN001, ANN201 - Qt API
            if event.type() == QEvent.Type.Paint and w.view.current_document is not None:
                painted.append((w.view.current_document.id, w.notes.model.rowCount(), len(w.view.extraSelections())))
            return False

    spy = PaintSpy()
    w.view.viewport().installEventFilter(spy)
    with qtbot.waitSignal(w.panelsFilled, timeout=10_000):
        w.open_document(doc.id)
        assert w.panels_pending() and w.notes.model.rowCount() == 0
        assert w.view.highlight_count() == n
    # the text and its highlights were painted while the lists were still empty
    assert painted and painted[0][0] == doc.id and painted[0][1] == 0 and painted[0][2] > 0
    w.view.viewport().removeEventFilter(spy)
    assert w.notes.model.rowCount() == n
    assert w.annotations.model.rowCount() == n
    assert not w.panels_pending()

    # a click before the lists are filled fills them and selects the highlight's note
    w.open_document(next(i for i in w.session.corpus.ids() if i != doc.id))
    w.open_document(doc.id)
    assert w.panels_pending()
    first = w.view.highlights_at(hls[0].start + 1) or [hls[0]]
    w._on_click(first[0].start + 1)
    assert not w.panels_pending()
    assert w.notes.current_highlight() == w.view.highlights_at(first[0].start + 1)[0].id
    w.close()


def _long_view(qtbot, blocks: int, rng: random.Random) -> tuple[ReadingView, Document]:  # noqa: ANN001
    """A shown view that has just been given a long document (still being laid out)."""
    doc = Document(DocumentMeta(id=DOC, title="long"), parse_plain(_text(blocks, rng)))
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(doc, [], [])
    return view, doc


def test_a_long_document_is_laid_out_in_slices_with_its_scroll_range_following(qtbot) -> None:
    """Qt's own lazy layout takes steps of up to 200,000 characters (80-90 ms stalls on a
    book); the view lays a long document out itself, a few ms per event-loop turn."""
    rng = random.Random(3)
    view, doc = _long_view(qtbot, 12000, rng)
    qdoc = view.document()
    assert view.layout_pending()
    assert qdoc.lastBlock().layout().lineCount() == 0
    bar = view.verticalScrollBar()
    maxima: list[int] = []
    bar.rangeChanged.connect(lambda _lo, hi: maxima.append(hi))
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30_000)
    assert qdoc.lastBlock().layout().lineCount() > 0
    assert view.findChild(LayoutDriver).ticks > 5  # in slices, not one long stall
    assert maxima and bar.maximum() == maxima[-1] > 100_000  # the range grew to the whole book
    # scrolling to the end shows the last screenful
    view.scroll_to_offset(doc.blocks[-1].start, top=True)
    assert bar.value() == bar.maximum()
    assert view.visible_blocks()[1] == len(doc.blocks) - 1

    short = Document(DocumentMeta(id="short", title="short"), parse_plain(_text(50, rng)))
    view.show_document(short, [], [])
    assert not view.layout_pending()  # short documents are left to Qt


def test_zooming_a_long_document_lays_it_out_again_in_slices(qtbot) -> None:
    view, _doc = _long_view(qtbot, 6000, random.Random(4))
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30_000)
    height = view.verticalScrollBar().maximum()
    view.zoom(+2)
    assert view.layout_pending()
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30_000)
    assert view.verticalScrollBar().maximum() > height  # bigger type, longer book
    assert view.document().lastBlock().layout().lineCount() > 0


def test_the_search_index_waits_for_a_long_book_to_be_laid_out(qtbot, data_dir: Path, tmp_path: Path) -> None:
    """A worker building the index holds the GIL for a share of every millisecond, so it
    starts only once the book is painted and laid out (the index still arrives)."""
    doc = _added_text(data_dir, tmp_path, 6000, random.Random(8))
    w = _window(qtbot, data_dir, exposed=True)
    started_while_laying_out: list[bool] = []
    real = w.session.prepare_search

    def spy(doc_id: str) -> None:
        started_while_laying_out.append(w.view.layout_pending())
        real(doc_id)

    w.session.prepare_search = spy  # type: ignore[method-assign]
    w.open_document(doc.id)
    assert w.view.layout_pending()
    qtbot.waitUntil(lambda: w.session.search_ready(doc.id), timeout=30_000)
    assert started_while_laying_out and not any(started_while_laying_out)
    w.close()


def test_opening_the_find_bar_starts_the_index_at_once(qtbot, data_dir: Path, tmp_path: Path) -> None:
    doc = _added_text(data_dir, tmp_path, 6000, random.Random(9))
    w = _window(qtbot, data_dir)
    w.open_document(doc.id)
    assert w.view.layout_pending() and not w.session.search_pending()
    w.show_find()
    assert w.session.search_pending() or w.session.search_ready(doc.id)
    qtbot.waitUntil(lambda: w.session.search_ready(doc.id), timeout=30_000)
    w.close()


def test_a_window_starts_from_the_editorial_cache_and_a_second_one_leaves_it(data_dir: Path, monkeypatch) -> None:
    from reader.ui.session import Session

    first = Session(data_dir)
    cache = data_dir / "cache" / "editorial.json"
    try:
        assert cache.is_file()
        made = cache.stat().st_mtime_ns
        second = Session(data_dir)  # read-only: the first holds the lock
        try:
            assert second.store.read_only
            assert second.editorial == first.editorial
        finally:
            second.close()
        assert cache.stat().st_mtime_ns == made
    finally:
        first.close()

    def no_yaml(*_a: object, **_k: object) -> None:
        raise AssertionError("the editorial YAML was parsed although the cache matched")

    monkeypatch.setattr("reader.core.yamlio.load_file", no_yaml)
    third = Session(data_dir)
    try:
        assert third.editorial == first.editorial and third.editorial.glossary
    finally:
        third.close()


def _far_jump(qtbot, rng: random.Random, blocks: int = 12000):  # noqa: ANN001, ANN202
    """A long book with highlights, jumped 3/4 in while it is still being laid out."""
    doc = Document(DocumentMeta(id=DOC, title="long"), parse_plain(_text(blocks, rng)))
    block = doc.blocks[blocks * 3 // 4]
    hls = [_hl(i, doc.text, doc.blocks[blocks * 3 // 4 + i].start + 2, doc.blocks[blocks * 3 // 4 + i].start + 14,
               PALETTE[i % 8]) for i in range(6)]
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(doc, [SpanMark("glossary", block.start, block.start + 5, "g")], hls)
    view.scroll_to_offset(block.start, top=True)
    return view, doc, block, hls


def test_a_far_jump_into_a_long_book_shows_a_copy_of_the_page_at_once(qtbot) -> None:
    """Qt must lay out every line before a place to know where it is; a jump far past the
    laid-out part shows a copy of the page (same width, formats and highlights) while the
    book is laid out behind it, then scrolls the book there and drops the copy."""
    from reader.ui.reading_view import PREVIEW_MIN_BLOCKS

    view, doc, block, hls = _far_jump(qtbot, random.Random(11))
    qdoc = view.document()
    target = doc.blocks.index(block)
    assert target > PREVIEW_MIN_BLOCKS
    preview = view.findChild(QTextBrowser, "readingPreview")
    assert view.preview_shown() and preview is not None and preview.isVisible()
    assert not view.verticalScrollBar().isEnabled()  # it shows the top: not to be dragged from there
    assert qdoc.findBlockByNumber(target).layout().lineCount() == 0  # the book is not laid out to there
    assert view.top_offset() == block.start  # the reading position is the page on screen
    copy = preview.document().toRawText().replace("\u2029", "\n")
    assert block.text in copy and copy in doc.text
    # the page's top line is the jumped-to block, as the book will show it
    c = preview.cursorForPosition(QPoint(40, 12))
    qblock = qdoc.findBlockByNumber(target)
    assert preview.base + c.position() in range(qblock.position(), qblock.position() + qblock.length())
    # highlights are baked into the copy with the colours the overlay paints
    h = hls[0]
    fmt = QTextCursor(preview.document())
    fmt.setPosition(view.positions.to_qt(h.start + 1) - preview.base)
    assert fmt.charFormat().background().color() == view.highlight_background([h])
    shown = preview.grab().toImage()

    qtbot.waitUntil(lambda: not view.preview_shown(), timeout=30_000)
    assert not preview.isVisible() and view.verticalScrollBar().isEnabled()
    assert qdoc.findBlockByNumber(target).layout().lineCount() > 0
    assert view.top_offset() == block.start
    assert {c.name() for c in painted_colors_at(view, h.start + 1)} == {view.highlight_background([h]).name()}
    # the book now shows what the copy showed, to the pixel (lines at fractional heights
    # may round one pixel apart)
    real = view.viewport().grab().toImage()
    w, h = real.width(), real.height()
    assert (w, h) == (shown.width(), shown.height())

    def matched(x: int, y: int) -> bool:
        return any(real.pixel(x + dx, y + dy) == shown.pixel(x, y)
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1) if 0 <= x + dx < w and 0 <= y + dy < h)

    assert sum(not matched(x, y) for y in range(0, h, 3) for x in range(0, w, 3)) < w * h / 9 * 0.002


def test_the_first_input_on_the_copy_settles_the_jump_at_once(qtbot) -> None:
    view, doc, block, _ = _far_jump(qtbot, random.Random(12))
    preview = view.findChild(QTextBrowser, "readingPreview")
    assert view.preview_shown()
    bar = view.verticalScrollBar()
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 20))
    assert not view.preview_shown() and not preview.isVisible() and bar.isEnabled()
    assert bar.value() > bar.maximum() // 2  # the book itself is at the page now
    assert doc.block_index_at(view.top_offset()) == doc.blocks.index(block)

    view.scroll_to_offset(0, top=True)
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30_000)
    view.zoom(+1)  # lays the book out again: a far jump shows a copy again
    view.scroll_to_offset(block.start, top=True)
    assert view.preview_shown()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # keys go to the book, which settles first
    assert not view.preview_shown()
    assert doc.block_index_at(view.top_offset()) in range(doc.blocks.index(block) - 1, doc.blocks.index(block) + 2)


def test_near_jumps_and_short_documents_need_no_copy(qtbot) -> None:
    rng = random.Random(13)
    view, doc = _long_view(qtbot, 12000, rng)
    view.scroll_to_offset(doc.blocks[300].start, top=True)
    assert not view.preview_shown()
    assert view.top_offset() == doc.blocks[300].start
    view.scroll_to_offset(doc.blocks[9000].start)  # a reveal (not a page jump) lays out at once
    assert not view.preview_shown()
    view.scroll_to_offset(doc.blocks[-1].start, top=True)  # far past the layout made so far
    assert view.preview_shown() and not view.verticalScrollBar().isEnabled()
    short = Document(DocumentMeta(id="short", title="short"), parse_plain(_text(200, rng)))
    view.show_document(short, [], [])  # another document drops the jump
    preview = view.findChild(QTextBrowser, "readingPreview")
    assert not view.preview_shown() and not preview.isVisible() and view.verticalScrollBar().isEnabled()
    view.scroll_to_offset(short.blocks[150].start, top=True)
    assert not view.preview_shown()


def test_a_long_book_is_typeset_without_kerning_and_a_short_text_with_it(qtbot) -> None:
    """Shaping is a third of laying out a 4 MB book; short texts keep their kerning."""
    from PySide6.QtGui import QFont

    rng = random.Random(14)
    view, _doc = _long_view(qtbot, 3000, rng)
    no_shaping = QFont.StyleStrategy.PreferNoShaping
    assert view.document().defaultFont().styleStrategy() & no_shaping
    view.show_document(Document(DocumentMeta(id="s", title="s"), parse_plain(_text(30, rng))), [], [])
    assert not view.document().defaultFont().styleStrategy() & no_shaping


def test_reopening_a_book_deep_in_shows_the_page_and_keeps_the_place(qtbot, data_dir: Path, tmp_path: Path) -> None:
    """Reopening where the reader stopped shows that page at once; closing before the book
    is laid out down to it keeps the place (it does not become the top of the book)."""
    doc = _added_text(data_dir, tmp_path, 9000, random.Random(15))
    place = doc.blocks[8000].start

    def window() -> Any:
        return _window(qtbot, data_dir, exposed=True)

    w = window()
    w.open_document(doc.id, place)  # a jump from a link (shown a third down): laid out at once
    assert not w.view.preview_shown()
    place = w.view.top_offset()
    assert doc.blocks[7900].start < place < doc.blocks[8000].start
    w.close()
    for _ in range(2):  # twice: the place must not creep, nor fall back to the top
        w = window()
        w.open_document(doc.id)
        assert w.view.preview_shown() and w.view.top_offset() == place
        w.close()
    w = window()
    w.open_document(doc.id)
    qtbot.waitUntil(lambda: not w.view.preview_shown(), timeout=30_000)
    assert w.view.top_offset() == place
    w.close()


def test_a_right_click_on_the_copy_opens_the_panes_menu(qtbot) -> None:
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    view, _doc, _block, _ = _far_jump(qtbot, random.Random(16))
    asked: list[QPoint] = []
    view.contextRequested.connect(asked.append)
    preview = view.findChild(QTextBrowser, "readingPreview")
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(50, 30), preview.viewport().mapToGlobal(QPoint(50, 30)))
    QApplication.sendEvent(preview.viewport(), event)
    assert not view.preview_shown()
    assert asked == [QPoint(50, 30)]


def test_a_long_list_fills_in_steps_in_order(qtbot) -> None:
    """10,000 rows are sorted over several event-loop turns of a few ms each, then shown
    a slice per turn, in order (one reset, then appends), ending as set_items would."""
    from reader.ui.models import Row, RowsModel, RowSource

    rng = random.Random(17)
    items = [(rng.randrange(10**6), f"i{k}") for k in range(10_000)]
    source = RowSource(lambda x: Row(text=x[1], key=x[1], sort=x[0]), lambda x: x[1], lambda x: x[0])
    at_once = RowsModel()
    at_once.set_items(items, source)
    model = RowsModel()
    changes: list[tuple[str, int]] = []
    model.modelReset.connect(lambda: changes.append(("reset", model.rowCount())))
    model.rowsInserted.connect(lambda _p, first, last: changes.append(("append", last - first + 1)))
    steps = model.set_items_in_steps(items, source, step=2500)
    for _ in range(5):  # four slices of sort values, then the sort
        next(steps)
        assert model.rowCount() == 0 and changes == []
    next(steps)
    assert changes == [("reset", 2500)]
    shown = [r.key for r in model.rows()]
    assert shown == [r.key for r in at_once.rows()][:2500]  # the first rows, in order
    assert model.find_key(shown[-1]) == 2499  # lookups meanwhile see the rows shown so far
    assert list(steps) == [None, None]
    assert changes == [("reset", 2500), ("append", 2500), ("append", 2500), ("append", 2500)]
    assert [r.key for r in model.rows()] == [r.key for r in at_once.rows()]
    assert model.find_key("i17") == at_once.find_key("i17")  # the key list grew with the rows
    assert model._sort_list() == at_once._sort_list()

    # warming the key list in steps gives way to an edit made meanwhile
    model.set_items(items, source)
    warm = model.warm_in_steps(step=2500)
    next(warm)
    model.remove_key("i3")  # makes the key list itself
    assert list(warm) == [] and model.find_key("i3") == -1 and model.rowCount() == 9_999


def test_a_big_books_lists_fill_a_slice_per_turn(qtbot, data_dir: Path, tmp_path: Path) -> None:
    from reader.ui.main_window import PANEL_DEFER_ROWS
    from reader.ui.steps import Stepper

    n = PANEL_DEFER_ROWS * 3
    w, doc, _hls = _big_book_window(qtbot, data_dir, tmp_path, random.Random(18), n)
    steps = [0]
    real = Stepper._step

    def counting(self: Stepper) -> None:
        steps[0] += 1
        real(self)

    Stepper._step = counting  # type: ignore[method-assign]
    try:
        with qtbot.waitSignal(w.panelsFilled, timeout=10_000):
            w.open_document(doc.id)
    finally:
        Stepper._step = real  # type: ignore[method-assign]
    assert steps[0] >= 2 * (n // 2500) + 2  # slices of both lists, each sorted in a turn of its own
    assert w.notes.model.rowCount() == n and w.annotations.model.rowCount() >= n
