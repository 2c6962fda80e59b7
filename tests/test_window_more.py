"""More of the window: models, links, orphans, damaged files, tooltips, comfort."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from reader.app import MainWindow
from reader.ui.models import Row, RowsFilter, RowsModel, RowSource

IDS = ["soft-resistance-explainer", "paul-lam-soft-resistance", "recognizing-each-others-struggles"]


@pytest.fixture
def window(qtbot, data_dir: Path):
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    yield w
    if w.isVisible():
        w.close()


def select(w: MainWindow, phrase: str) -> tuple[int, int]:
    text = w.session.document(w.current_document()).text
    start = text.index(phrase)
    w.view.select_offsets(start, start + len(phrase))
    return start, start + len(phrase)


def test_rows_model_passes_qtmodeltester(qtmodeltester) -> None:
    model = RowsModel()
    model.set_rows([Row(text=f"row {i}", key=i, color="#ffd400" if i % 2 else None, kind="a b", sort=i,
                        tooltip="tip") for i in range(20)])
    qtmodeltester.check(model)
    proxy = RowsFilter()
    proxy.setSourceModel(model)
    proxy.set_text("row 1")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 11  # "row 1" and "row 10".."row 19"


def test_lazy_rows_are_made_only_when_shown_or_looked_up(qtmodeltester) -> None:
    made: list[int] = []

    def make(i: int) -> Row:
        made.append(i)
        return Row(text=f"item {i}", key=f"k{i}", sort=i, search=f"item {i}")

    model = RowsModel()
    model.set_items(range(0, 2000, 2), RowSource(make, lambda i: f"k{i}", lambda i: i))
    assert model.rowCount() == 1000 and made == []
    assert model.find_key("k1998") == 999 and made == []  # keys come from the items
    assert model.data(model.index(3, 0)) == "item 6" and made == [6]
    model.upsert(Row(text="new", key="k7", sort=7))  # sorted place among unmade items
    assert model.find_key("k7") == 4 and model.row_at(4).text == "new"
    assert model.remove_key("k0") and model.find_key("k2") == 0
    assert len(made) < 10
    qtmodeltester.check(model)
    # random edits keep keys, order and lookups in step (the lists are kept, not rebuilt)
    import random

    model = RowsModel()  # no model tester attached: it re-checks every row on each change
    model.set_items(range(0, 2000, 2), RowSource(make, lambda i: f"k{i}", lambda i: i))
    rng = random.Random(2)
    for _ in range(300):
        k = rng.randrange(0, 2200)
        if rng.random() < 0.4:
            model.remove_key(f"k{k}")
        else:
            model.upsert(Row(text=f"edited {k}", key=f"k{k}", sort=k))
    rows = model.rows()
    assert [r.sort for r in rows] == sorted(r.sort for r in rows)
    assert all(model.find_key(r.key) == i for i, r in enumerate(rows))
    assert len({r.key for r in rows}) == len(rows)
    proxy = RowsFilter()
    proxy.setSourceModel(model)
    proxy.set_text("item 19")  # filtering makes the rows it has to read
    assert proxy.rowCount() == len([r for r in rows if r.text.startswith("item") and "19" in r.text])


def test_window_models_pass_qtmodeltester(window, qtmodeltester) -> None:
    window.open_document(IDS[0])
    for model in (window.library.model, window.annotations.model, window.glossary.entries.model,
                  window.timeline.model, window.notes.model):
        qtmodeltester.check(model)


def test_user_link_across_documents_with_backlink(window) -> None:
    window.open_document(IDS[0])
    select(window, "Luo Hui-ning")
    window.start_link()
    window.open_document(IDS[1])
    select(window, "Luo Huining")
    link_id = window.complete_link("same-person", "Two spellings of one name")
    assert link_id is not None
    assert window.crossrefs.select_link(link_id)  # outgoing is shown on the target side as a backlink
    window.open_document(IDS[0])
    assert window.crossrefs.select_link(link_id)
    window.follow_link(window.session.book.links()[0])
    assert window.current_document() == IDS[1]
    window.findChild(QAction, "actionUndo").trigger()
    assert window.session.book.links() == []


def test_orphaned_note_is_kept_and_can_be_reattached(window, tmp_path: Path) -> None:
    src = tmp_path / "essay.txt"
    src.write_text("First paragraph stays.\n\nThe second paragraph will be rewritten entirely.\n", encoding="utf-8")
    doc_id = window.add_text(src, "Essay")
    hid = None
    start, end = select(window, "will be rewritten entirely")
    hid = window.highlight_selection()
    window.session.book.set_note(hid, "keep me")
    window.session.book.save_now()
    window.close()
    # The reader edits their own text outside the app.
    lib = window.session.data_dir / "library" / f"{doc_id}.md"
    lib.write_text(lib.read_text(encoding="utf-8").replace("The second paragraph will be rewritten entirely.",
                                                           "A wholly different closing line."), encoding="utf-8")
    w2 = MainWindow(data_dir=window.session.data_dir)
    w2.show()
    try:
        w2.open_document(doc_id)
        assert w2.session.book.status(hid) == "orphan"
        assert w2.view.highlight_count() == 0  # not drawn at a wrong place
        w2.notes.select_highlight(hid)
        assert "Orphaned" in w2.notes.model.row_at(0).text
        assert w2.notes.attach_button.isVisible() or not w2.notes.isVisible()
        select(w2, "closing line")
        w2.attach_current()
        h = w2.session.book.highlight(hid)
        assert h.quote == "closing line" and h.note == "keep me"
        assert w2.session.book.status(hid) == "ok"
        assert w2.view.highlight_count() == 1
    finally:
        w2.close()


def test_damaged_notes_file_is_untouched_and_restorable(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.open_document(IDS[0])
    select(w, "Xia Baolong")
    hid = w.highlight_selection()
    w.session.book.save_now()
    select(w, "Emily Lau")
    w.highlight_selection()
    w.close()
    notes = data_dir / "notes" / f"{IDS[0]}.yaml"
    notes.write_bytes(b"format_version: 1\nhighlights: [\x00\xff broken")
    damaged = notes.read_bytes()
    w2 = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w2)
    w2.open_document(IDS[0])
    assert "could not be read" in w2.banner.text() and str(notes) in w2.banner.text()
    assert "(notes read-only)" in w2.windowTitle()
    select(w2, "Chris Tang")
    assert w2.highlight_selection() is None
    w2.close()
    assert notes.read_bytes() == damaged
    w3 = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w3)
    w3.open_document(IDS[0])
    assert w3.restore_button.isHidden() is False
    w3.restore_backup()
    ids = [h.id for h in w3.session.book.notes(IDS[0]).highlights]
    assert hid in ids
    assert w3.banner.isHidden()
    broken = list((data_dir / "backups").rglob("*broken*"))
    assert broken and broken[0].read_bytes() == damaged
    w3.close()


def test_glossary_tooltip_is_escaped_definition(window, qtbot, monkeypatch) -> None:
    window.open_document(IDS[0])
    mark = next(m for m in window._marks if m.kind == "glossary")
    c = QTextCursor(window.view.document())
    c.setPosition(mark.start + 1)
    pos = window.view.cursorRect(c).center()
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda *a, **k: shown.append(a[1]))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, window.view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(window.view.viewport(), event)
    entry = window.session.editorial.entry(mark.ref_id)
    assert shown and entry.term.split()[0] in shown[0]


def test_zoom_theme_shortcuts(window) -> None:
    window.open_document(IDS[0])
    size = window.view.document().defaultFont().pointSizeF()
    window.findChild(QAction, "actionZoomIn").trigger()
    assert window.view.document().defaultFont().pointSizeF() > size
    window.findChild(QAction, "actionZoomReset").trigger()
    assert window.view.document().defaultFont().pointSizeF() == size
    window.findChild(QAction, "actionThemeDark").trigger()
    assert window.view.palette().color(window.view.palette().ColorRole.Base).lightness() < 80
    window.findChild(QAction, "actionThemeLight").trigger()
    assert window.view.palette().color(window.view.palette().ColorRole.Base).lightness() > 200
    dlg = window.show_shortcuts()
    assert dlg.isVisible()
    dlg.close()


def test_every_control_has_an_accessible_name_or_text(window) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window.open_document(IDS[0])
    missing = []
    for cls in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView):
        for w in window.findChildren(cls):
            if w.isVisibleTo(window) and not w.accessibleName() and not w.objectName().startswith("qt_"):
                missing.append(f"{cls.__name__}:{w.objectName()}")
    for b in window.findChildren(QAbstractButton):
        if b.isVisibleTo(window) and not (b.accessibleName() or b.text() or b.toolTip()) and b.objectName():
            missing.append(f"button:{b.objectName()}")
    assert missing == []


def test_keyboard_opens_annotation(window, qtbot) -> None:
    window.open_document(IDS[1])
    window.side.setCurrentWidget(window.annotations)
    lst = window.annotations.list
    lst.setFocus()
    lst.setCurrentIndex(lst.model().index(3, 0))
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert window.view.is_flashing()


def test_mouse_back_button_walks_history(window, qtbot) -> None:
    window.open_document(IDS[0])
    window.open_document(IDS[1])
    qtbot.mousePress(window.view.viewport(), Qt.MouseButton.BackButton, pos=QPoint(50, 50))
    assert window.current_document() == IDS[0]
    qtbot.mousePress(window.view.viewport(), Qt.MouseButton.ForwardButton, pos=QPoint(50, 50))
    assert window.current_document() == IDS[1]


def test_export_and_import_from_the_window(qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QProgressDialog

    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.open_document(IDS[2])
    select(w, "当人们在各城市举起白纸")
    hid = w.highlight_selection("#5fb236")
    w.session.book.set_note(hid, "白纸 — blank paper")
    pdf = tmp_path / "out.pdf"
    assert w.export_pdf(pdf)
    annots = [a.get_object() for page in PdfReader(pdf).pages for a in page.get("/Annots", [])]
    highlights = [a for a in annots if a["/Subtype"] == "/Highlight"]
    assert [h["/NM"] for h in highlights] == [hid] and h_contents(highlights[0]) == "白纸 — blank paper"
    md, js = tmp_path / "out.md", tmp_path / "out.json"
    assert finish(qtbot, w, lambda: w.export_text("markdown", md, wait=False))[0]
    assert "白纸 — blank paper" in md.read_text(encoding="utf-8")
    assert finish(qtbot, w, lambda: w.export_text("w3c", js, wait=False))[0] and hid in js.read_text(encoding="utf-8")
    # cancelling leaves no file behind
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    cancelled = tmp_path / "cancelled.pdf"
    assert not w.export_pdf(cancelled) and not cancelled.exists()
    w.close()
    other = tmp_path / "other-data"
    other.mkdir()
    w2 = MainWindow(data_dir=other)
    qtbot.addWidget(w2)
    ok, message = finish(qtbot, w2, lambda: w2.import_file(pdf, wait=False))
    assert ok and message == f"Imported 1 annotation from {pdf.name}."
    (h,) = w2.session.book.notes(IDS[2]).highlights
    original = w.session.book.notes(IDS[2]).highlights[0]
    assert (h.id, h.anchor, h.note, h.color, h.tags) == (original.id, original.anchor, original.note,
                                                          original.color, original.tags)
    assert finish(qtbot, w2, lambda: w2.import_file(js))[0]  # merging by id: no duplicate
    assert len(w2.session.book.notes(IDS[2]).highlights) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    import reader.ui.file_actions as file_actions

    warned = []
    monkeypatch.setattr(file_actions, "warn", lambda *a: warned.append(a[2]))
    ok, message = finish(qtbot, w2, lambda: w2.import_file(bad, wait=False))
    assert not ok and warned == [message] and "bad.json" in message
    unwritable = tmp_path / "a-folder.md"
    unwritable.mkdir()  # a file cannot replace it
    ok, message = finish(qtbot, w2, lambda: w2.export_text("markdown", unwritable, wait=False))
    assert not ok and warned[-1] == message and "a-folder.md" in message
    w2.close()


def finish(qtbot, w: MainWindow, start) -> tuple[bool, str]:
    """Start a background export/import and wait for the signal with its outcome (ok, message)."""
    with qtbot.waitSignal(w.fileJobFinished, timeout=20000) as blocker:
        start()
    return blocker.args[0], blocker.args[1]


def h_contents(annot) -> str:
    return str(annot["/Contents"])


def test_one_edit_updates_rows_without_rebuilding_lists(window) -> None:
    window.open_document(IDS[0])
    ids = []
    for phrase in ("Xia Baolong", "Emily Lau", "John Burns"):
        select(window, phrase)
        ids.append(window.highlight_selection())
    resets = []
    for model in (window.notes.model, window.annotations.model):
        model.modelReset.connect(lambda m=model: resets.append(m))
    window.session.book.set_note(ids[1], "a note on Emily Lau")
    window.session.book.set_color(ids[2], "#ff6666")
    window.session.book.delete_highlight(ids[0])
    assert resets == []
    assert window.notes.model.rowCount() == 2
    row = window.notes.model.row_at(window.notes.model.find_key(ids[1]))
    assert "a note on Emily Lau" in row.text
    assert window.annotations.model.find_key(("highlight", ids[0])) == -1
    assert window.view.highlight_count() == 2


def test_choosing_a_glossary_entry_shows_it_in_the_text(window) -> None:
    window.open_document(IDS[0])
    window.side.setCurrentWidget(window.glossary)
    lst = window.glossary.entries.list
    model = window.glossary.entries.model
    row = model.find_key("article-23")
    assert row >= 0
    assert window.view.verticalScrollBar().value() == 0
    lst.setCurrentIndex(window.glossary.entries.proxy.mapFromSource(model.index(row, 0)))
    assert window.view.is_flashing()
    assert window.view.verticalScrollBar().value() > 0  # "Article 23" is far down the explainer
    assert "Article 23" in window.glossary.detail.toPlainText()


def test_moving_through_annotations_with_arrow_keys_follows_in_the_text(window, qtbot) -> None:
    window.open_document(IDS[0])
    lst = window.annotations.list
    lst.setFocus()
    lst.setCurrentIndex(lst.model().index(0, 0))
    for _ in range(30):
        qtbot.keyClick(lst, Qt.Key.Key_Down)
    assert window.view.is_flashing() and window.view.verticalScrollBar().value() > 0
    # deleting a highlight that is the current annotation does not jump the text
    select(window, "Xia Baolong")
    hid = window.highlight_selection()
    window.annotations.select_key(("highlight", hid))
    before = window.view.verticalScrollBar().value()
    window.session.book.delete_highlight(hid)
    assert window.view.verticalScrollBar().value() == before


def test_background_jobs_deliver_once_on_the_gui_thread(qtbot) -> None:
    import threading

    from reader.core.errors import DataFileError
    from reader.ui.jobs import BackgroundJobs

    jobs = BackgroundJobs()
    got: list[tuple[object, bool]] = []
    gui = threading.get_ident()
    for _ in range(20):  # an instant job, done before the worker reports back: still one delivery
        assert jobs.run("t", lambda: 1, lambda r: got.append((r, threading.get_ident() == gui)), wait=True)
    assert got == [(1, True)] * 20

    def broken() -> None:
        raise DataFileError("is broken", Path("x.json"))

    with qtbot.waitSignal(jobs.failed) as failed:
        assert not jobs.run("Import failed", broken, got.append, wait=True)
    assert failed.args[0] == "Import failed" and "x.json" in failed.args[1]
    with qtbot.waitSignal(jobs._finished):
        assert jobs.run("t", lambda: 2, lambda r: got.append((r, threading.get_ident() == gui)))
    qtbot.waitUntil(lambda: not jobs.busy())
    assert got[-1] == (2, True)
    jobs.close()


def test_hashtags_typed_in_the_note_editor_become_tags(window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    window.open_document(IDS[1])
    select(window, "soft resistance")
    hid = window.highlight_selection()
    editor = window.findChild(QPlainTextEdit, "noteEditor")
    assert "Select a highlight" not in editor.placeholderText()  # one is selected
    editor.setFocus()
    qtbot.keyClicks(editor, "See #protest and ")
    editor.insertPlainText("#白纸")  # typed through an input method
    window.notes.flush()
    assert window.session.book.highlight(hid).tags == ("protest", "白纸")
    tags = window.notes.tags
    assert isinstance(tags, QLineEdit) and tags.text() == "protest, 白纸"


def test_one_click_on_a_linked_span_follows_the_link_even_over_a_glossary_term(window, qtbot) -> None:
    layer = window.session.editorial
    for doc_id in IDS:
        window.open_document(doc_id)
        links = [m for m in window._marks if m.kind == "crossref"]
        inside = [(link, g) for link in links for g in window._marks
                  if g.kind == "glossary" and link.start <= g.start and g.end <= link.end]
        if inside:
            break
    link_mark, term = inside[0] if inside else (links[0], None)
    link = layer.crossref(link_mark.ref_id)
    at = term.start if term is not None else link_mark.start
    window.view.offsetClicked.emit(at)
    other = link.target if (link.source.doc_id == doc_id and link.source.start <= at < link.source.end) else link.source
    assert window.current_document() == other.doc_id
    assert window.side.currentWidget() is window.crossrefs
    if other.doc_id == doc_id:
        assert window.view.top_offset() <= other.start
    window.findChild(QAction, "actionBack").trigger()
    assert window.current_document() == doc_id
    if term is not None:  # hover: the term's definition, the smallest mark
        assert window.view.marks_at(term.start)[0].kind == "glossary"
