"""The real MainWindow, driven like a reader through objectNames and actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QLabel, QListView, QPlainTextEdit, QTabWidget, QTextEdit
from view_probe import painted_colors_at

from reader.app import MainWindow
from reader.core.corpus import load_corpus

IDS = ["soft-resistance-explainer", "paul-lam-soft-resistance", "recognizing-each-others-struggles"]


@pytest.fixture
def make_window(qtbot, data_dir: Path):
    windows = []

    def make(d: Path = data_dir) -> MainWindow:
        w = MainWindow(data_dir=d)
        qtbot.addWidget(w)
        w.resize(1300, 850)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        if w.isVisible():
            w.close()


def action(w: MainWindow, name: str) -> QAction:
    act = w.findChild(QAction, name)
    assert act is not None, name
    return act


def view(w: MainWindow) -> QTextEdit:
    v = w.findChild(QTextEdit, "readingView")
    assert v is not None
    return v


def select_text(w: MainWindow, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    doc = w.session.document(w.current_document())
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    w.view.select_offsets(start, start + len(phrase))
    return start, start + len(phrase)


def point_of(w: MainWindow, offset: int) -> QPoint:
    c = QTextCursor(w.view.document())
    c.setPosition(offset + 1)
    return w.view.cursorRect(c).center()


def test_object_names_exist(make_window) -> None:
    w = make_window()
    assert w.objectName() == "mainWindow"
    assert isinstance(w.findChild(QListView, "libraryList"), QListView)
    side = w.findChild(QTabWidget, "sidePanel")
    names = [side.widget(i).objectName() for i in range(side.count())]
    assert names == ["annotationsTab", "glossaryTab", "crossrefsTab", "notesTab", "timelineTab"]
    assert isinstance(w.findChild(QPlainTextEdit, "noteEditor"), QPlainTextEdit)
    assert w.findChild(object, "searchField") is not None
    for name in ("actionHighlight", "actionAddNote", "actionDeleteAnnotation", "actionUndo", "actionRedo",
                 "actionBack", "actionForward", "actionFind", "actionExportPdf", "actionToggleParallel"):
        action(w, name)


@pytest.mark.parametrize("doc_id", IDS)
def test_each_document_shows_its_canonical_text(make_window, doc_id: str) -> None:
    w = make_window()
    assert w.open_document(doc_id)
    assert view(w).toPlainText() == load_corpus().get(doc_id).text
    assert w.windowTitle().startswith(load_corpus().get(doc_id).title)


def test_library_opens_with_click_and_enter(make_window, qtbot) -> None:
    w = make_window()
    lib = w.findChild(QListView, "libraryList")
    assert lib.model().rowCount() == 3
    rect = lib.visualRect(lib.model().index(1, 0))
    qtbot.mouseClick(lib.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_document() == IDS[1]
    lib.setCurrentIndex(lib.model().index(2, 0))
    lib.setFocus()
    qtbot.keyClick(lib, Qt.Key.Key_Return)
    assert w.current_document() == IDS[2]


def test_last_document_and_position_come_back(make_window, data_dir: Path, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[0])
    text = w.session.document(IDS[0]).text
    target = text.index("Article 23 of the Basic Law")
    w.view.scroll_to_offset(target, top=True)
    assert w.view.verticalScrollBar().value() > 0
    pos = w.view.top_offset()
    w.close()
    w2 = make_window()
    assert w2.last_document() == IDS[0]
    w2.open_document(w2.last_document())
    assert abs(w2.view.top_offset() - pos) < 200


def test_click_glossary_term_selects_entry(make_window, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[0])
    mark = next(m for m in w._marks if m.kind == "glossary" and not any(
        o.kind != "glossary" and o.start <= m.start < o.end for o in w._marks))
    w.view.scroll_to_offset(mark.start)
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(w, mark.start))
    assert w.side.currentWidget().objectName() == "glossaryTab"
    assert w.glossary.current_entry() == mark.ref_id


def test_selecting_an_annotation_scrolls_to_its_span(make_window, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[0])
    panel = w.annotations
    last = panel.proxy.rowCount() - 1
    index = panel.proxy.index(last, 0)
    kind, ref_id, start, end = index.data(Qt.ItemDataRole.UserRole + 1)
    assert w.view.verticalScrollBar().value() == 0
    panel.list.setCurrentIndex(index)
    panel.list.activated.emit(index)
    rect = w.view.cursorRect(_cursor_at(w, start))
    assert 0 <= rect.top() <= w.view.viewport().height()
    assert w.view.is_flashing()


def _cursor_at(w: MainWindow, offset: int) -> QTextCursor:
    c = QTextCursor(w.view.document())
    c.setPosition(offset)
    return c


def test_follow_crossref_and_come_back(make_window, qtbot) -> None:
    w = make_window()
    layer = w.session.editorial
    ref = next(c for c in layer.crossrefs if c.source.doc_id != c.target.doc_id and c.type != "contradicts")
    w.open_document(ref.source.doc_id)
    w.view.scroll_to_offset(ref.source.start, top=True)
    before = w.view.top_offset()
    w.follow_link(ref)
    assert w.current_document() == ref.target.doc_id
    assert w.view.selection_offsets() == (ref.target.start, ref.target.end)
    assert action(w, "actionBack").isEnabled()
    action(w, "actionBack").trigger()
    assert w.current_document() == ref.source.doc_id
    assert abs(w.view.top_offset() - before) < 120
    action(w, "actionForward").trigger()
    assert w.current_document() == ref.target.doc_id


def test_contradicts_shows_both_passages(make_window) -> None:
    w = make_window()
    ref = next(c for c in w.session.editorial.crossrefs if c.type == "contradicts")
    w.open_document(ref.source.doc_id)
    dlg = w.show_side_by_side(ref)
    passages = [p.toPlainText() for p in dlg.findChildren(QTextEdit, "sideBySidePassage")]
    assert len(passages) == 2
    assert ref.source.anchor.exact in passages[0] and ref.target.anchor.exact in passages[1]
    dlg.close()


def test_library_search_traditional_finds_simplified_and_english(make_window, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[0])
    action(w, "actionFind").trigger()
    w.search_all.setChecked(True)
    with qtbot.waitSignal(w.searchFinished, timeout=5000):
        w.search_field.setText("國安法")
    results = [w.search_results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.search_results.count())]
    corpus = load_corpus()
    texts = {(r.doc_id, corpus.get(r.doc_id).text[r.start:r.end]) for r in results if r.highlight_id is None}
    found = {t for _d, t in texts}
    assert "国安法" in found and "國安法" in found
    assert any("national security law" in t.casefold() for t in found)
    w.search_results.itemActivated.emit(w.search_results.item(0))
    assert w.current_document() == results[0].doc_id


def test_find_in_document_marks_hits(make_window, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[0])
    action(w, "actionFind").trigger()
    with qtbot.waitSignal(w.searchFinished, timeout=5000) as blocker:
        w.search_field.setText("SOFT RESISTANCE")
    n = blocker.args[0]
    assert n > 5
    assert len(w.view.extraSelections()) == n
    first = w.view.textCursor()
    w.search_next_hit()
    assert w.search_count.text().startswith("2 of")
    del first


def test_parallel_view_shows_aligned_rows(make_window) -> None:
    w = make_window()
    w.open_document(IDS[0])
    assert not action(w, "actionToggleParallel").isEnabled()
    w.open_document(IDS[2])
    act = action(w, "actionToggleParallel")
    assert act.isEnabled()
    act.trigger()
    table = w.parallel
    assert w.stack.currentWidget() is table and table.isVisible()
    assert table.column_count() == 3 and table.row_count() >= 2
    texts = [[table.cell_text(r, c) for c in range(3)] for r in range(table.row_count())]
    # rows stay aligned: every cell of a row starts at the same height
    for r in range(table.row_count()):
        assert len({table.cell(r, c).geometry().top() for c in range(3)}) == 1
    full = next(row for row in texts if "清零" in row[1])
    assert "zero-Covid" in full[0] and "國安法" in full[2] and "国安法" in full[1]
    assert any("not in the source" in cell for row in texts for cell in row)
    act.trigger()
    assert w.stack.currentWidget() is w.view


def test_added_text_appears_after_restart(make_window, tmp_path: Path) -> None:
    src = tmp_path / "letter.txt"
    src.write_text("Dear reader,\n\nA text of my own with <b>tags</b> that stay literal.\n", encoding="utf-8")
    w = make_window()
    doc_id = w.add_text(src, "A letter")
    assert doc_id is not None and w.current_document() == doc_id
    assert "<b>tags</b>" in view(w).toPlainText()
    w.close()
    w2 = make_window()
    lib = w2.findChild(QListView, "libraryList")
    titles = [lib.model().index(i, 0).data() for i in range(lib.model().rowCount())]
    assert any(t.startswith("A letter") for t in titles)


def test_highlight_note_tag_survive_restart_with_undo(make_window, data_dir: Path, qtbot) -> None:
    w = make_window()
    w.open_document(IDS[1])
    start, end = select_text(w, "three main elements of soft resistance")
    action(w, "actionHighlight").trigger()
    notes = w.session.book.notes(IDS[1]).highlights
    assert [(h.start, h.end) for h in notes] == [(start, end)]
    hid = notes[0].id
    action(w, "actionAddNote").trigger()
    editor = w.findChild(QPlainTextEdit, "noteEditor")
    assert w.side.currentWidget().objectName() == "notesTab"
    editor.setPlainText("Lam lists three elements; compare the explainer.")
    w.notes.commit_note()
    w.notes.tags.setText("definition, lam")
    w.notes.commit_tags()
    h = w.session.book.highlight(hid)
    assert h.note.startswith("Lam lists") and h.tags == ("definition", "lam")
    # undo/redo each operation
    action(w, "actionUndo").trigger()
    assert w.session.book.highlight(hid).tags == ()
    action(w, "actionUndo").trigger()
    assert w.session.book.highlight(hid).note == ""
    action(w, "actionRedo").trigger()
    action(w, "actionRedo").trigger()
    assert w.session.book.highlight(hid).tags == ("definition", "lam")
    w.close()
    w2 = make_window()
    w2.open_document(IDS[1])
    h2 = w2.session.book.highlight(hid)
    assert h2 is not None and h2.note.startswith("Lam lists") and h2.tags == ("definition", "lam")
    assert w2.view.highlight_count() == 1
    assert w2.notes.model.rowCount() == 1
    # the highlight is drawn in the text, in its colour softened toward the paper
    h2 = w2.session.book.highlight(hid)
    w2.view.scroll_to_offset(start, top=True)
    assert [c.name() for c in painted_colors_at(w2.view, start + 2)] == \
        [w2.view.highlight_background([h2]).name()]
    assert painted_colors_at(w2.view, start + 2)[0] != w2.view.palette().base().color()


def test_delete_with_undo(make_window) -> None:
    w = make_window()
    w.open_document(IDS[0])
    select_text(w, "Xia Baolong")
    hid = w.highlight_selection()
    assert w.view.highlight_count() == 1
    action(w, "actionDeleteAnnotation").trigger()
    assert w.session.book.highlight(hid) is None and w.view.highlight_count() == 0
    action(w, "actionUndo").trigger()
    assert w.session.book.highlight(hid) is not None and w.view.highlight_count() == 1


def test_second_window_is_read_only_and_loses_nothing(make_window, data_dir: Path) -> None:
    w1 = make_window()
    w1.open_document(IDS[0])
    select_text(w1, "Luo Hui-ning")
    hid = w1.highlight_selection()
    w2 = make_window()
    w2.open_document(IDS[0])
    assert w2.session.locked_by_other
    assert "read-only" in w2.banner.text() and "in use" in w2.banner.text()
    notice = w2.findChild(QLabel, "readOnlyNotice")
    assert notice.isVisible() and notice.text() == "Read-only" and "in use" in notice.toolTip()
    assert not w1.findChild(QLabel, "readOnlyNotice").isVisible()
    select_text(w2, "Chris Tang")
    assert w2.highlight_selection() is None
    w2.close()
    w1.close()
    w3 = make_window()
    assert [h.id for h in w3.session.book.notes(IDS[0]).highlights] == [hid]
    assert not w3.session.locked_by_other


def test_hostile_note_is_shown_literally(make_window) -> None:
    w = make_window()
    w.open_document(IDS[0])
    select_text(w, "Edwina Lau")
    hid = w.highlight_selection()
    w.session.book.set_note(hid, '<img src="file:///etc/passwd"><script>alert(1)</script> [x](http://example.com)')
    w.notes.select_highlight(hid)
    assert "<script>" in w.notes.editor.toPlainText()
    w.notes.preview_toggle.setChecked(True)
    assert "<img" not in w.notes.preview.toHtml() or "&lt;img" in w.notes.preview.toHtml()
