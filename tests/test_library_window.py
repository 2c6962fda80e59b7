"""The library in the real window: add any format, drop files, sort and filter, remove with undo,
Document info, and the table of contents (tocView)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import WEB_PAGE, write_epub, write_pdf
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication
from test_window_more import window as window  # noqa: F401 - the shared real-window fixture

from reader.core.corpus import load_corpus

pytestmark = pytest.mark.usefixtures("qapp")


def _web_page(tmp_path: Path) -> Path:
    src = tmp_path / "ferry.html"
    src.write_text(WEB_PAGE, encoding="utf-8")
    return src


def test_add_web_page_epub_pdf_in_the_window(window, tmp_path: Path) -> None:
    web = window.add_text(_web_page(tmp_path))
    assert web is not None and window.current_document() == web
    assert window.view.toPlainText() == window.session.document(web).text
    book = window.add_text(write_epub(tmp_path / "book.epub"))
    report = window.add_text(write_pdf(tmp_path / "report.pdf"))
    assert book and report and "Luo Hui-ning" in window.view.toPlainText()
    assert window.add_text(_web_page(tmp_path)) == web  # the same text again adds nothing
    assert "already in the library" in window.statusBar().currentMessage()
    assert len(load_corpus(window.session.data_dir).ids()) == 6


def test_toc_lists_headings_and_scrolls_there(window, qtbot, tmp_path: Path) -> None:
    doc_id = window.add_text(write_epub(tmp_path / "book.epub"))
    toc = window.findChild(QAbstractItemView, "tocView")
    assert toc is not None and toc.model().rowCount() == 2
    texts = [toc.model().index(r, 0).data(Qt.ItemDataRole.DisplayRole).strip() for r in range(2)]
    assert texts == ["Chapter One", "Chapter Two"]
    window.view.scroll_to_offset(0, top=True)
    target = window.session.document(doc_id).headings()[1].start
    rect = toc.visualRect(toc.model().index(1, 0))
    with qtbot.waitSignal(toc.headingActivated) as sig:
        qtbot.mouseClick(toc.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [target]
    qtbot.waitUntil(lambda: window.view.cursorForPosition(QPoint(5, 5)).position() > 0 or
                    window.view.verticalScrollBar().maximum() == 0)
    window.open_document("soft-resistance-explainer")
    assert toc.model().rowCount() == len(window.session.document("soft-resistance-explainer").headings())


def test_drop_files_on_the_library(window, tmp_path: Path) -> None:
    lst = window.library.list
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_web_page(tmp_path))), QUrl.fromLocalFile(str(write_epub(tmp_path / "b.epub")))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(lst.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(lst.viewport(), event)
    ids = window.session.corpus.ids()
    assert "harbour-ferry-returns-after-repairs" in ids and "a-test-book" in ids


def test_sort_and_filter(window, tmp_path: Path) -> None:
    window.add_text(_web_page(tmp_path))
    panel = window.library
    panel.sort.setCurrentText("Title")
    titles = [window.session.document(d).title.casefold() for d in panel.shown_ids()]
    assert titles == sorted(titles)
    panel.sort.setCurrentText("Date added")
    assert panel.shown_ids()[-1] == "harbour-ferry-returns-after-repairs"
    panel.sort.setCurrentText("Publisher")
    publishers = [window.session.document(d).meta.publisher.casefold() for d in panel.shown_ids()]
    named = sorted(p for p in publishers if p)
    assert publishers == named + [""] * (len(publishers) - len(named))  # no publisher: last
    panel.filter.setText("daily tide")
    assert panel.shown_ids() == ["harbour-ferry-returns-after-repairs"]
    panel.filter.setText("")
    assert len(panel.shown_ids()) == 4


def test_remove_with_undo(window, tmp_path: Path) -> None:
    doc_id = window.add_text(_web_page(tmp_path))
    assert not window.remove_from_library("soft-resistance-explainer")  # shipped: refused with a sentence
    assert "cannot be removed" in window.statusBar().currentMessage()
    assert window.remove_from_library(doc_id)
    assert doc_id not in window.session.corpus.ids() and doc_id not in window.library.shown_ids()
    assert window.current_document() != doc_id
    window.actionUndoRemoveDocument.trigger()
    assert doc_id in window.session.corpus.ids() and window.current_document() == doc_id


def test_document_info_dialog_edits_metadata(window, qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    doc_id = window.add_text(_web_page(tmp_path))
    dlg = window.show_document_info(doc_id)
    assert dlg.objectName() == "documentInfoDialog"
    provenance = dlg.findChild(QPlainTextEdit, "provenanceView").toPlainText()
    assert "ferry.html" in provenance and "cookie banner" in provenance and "html" in provenance
    dlg.findChild(QLineEdit, "titleField").setText("Ferry is back")
    dlg.findChild(QLineEdit, "tagsField").setText("islands, transport")
    dlg.accept()
    assert window.session.document(doc_id).title == "Ferry is back"
    assert "Ferry is back" in window.windowTitle()
    shipped = window.show_document_info("soft-resistance-explainer")
    assert shipped.findChild(QLineEdit, "titleField").isReadOnly()
    shipped.reject()


def test_emphasis_is_formatting_in_the_reading_pane(window, tmp_path: Path) -> None:
    from PySide6.QtGui import QFont, QTextCursor

    src = tmp_path / "styled.md"
    src.write_text("# Styled\n\nPlain, *leaning* and **heavy** words.\n", encoding="utf-8")
    doc_id = window.add_text(src)
    text = window.view.toPlainText()
    assert text == window.session.document(doc_id).text and "*" not in text

    def fmt_at(word: str):
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(text.index(word) + 1)  # all BMP: offsets are positions
        return cursor.charFormat()

    assert fmt_at("leaning").fontItalic() and not fmt_at("Plain").fontItalic()
    assert fmt_at("heavy").fontWeight() == QFont.Weight.Bold and fmt_at("words").fontWeight() != QFont.Weight.Bold


def test_the_window_lists_and_searches_the_library_without_reading_unopened_texts(
        qtbot, data_dir: Path, tmp_path: Path) -> None:
    from reader.core.library import add_text
    from reader.ui.main_window import MainWindow

    ids = []
    for i in range(5):
        src = tmp_path / f"t{i}.txt"
        src.write_text(f"Jasmine tea, leaf {i}.\n\nAnother paragraph {i}.\n", encoding="utf-8")
        ids.append(add_text(data_dir, src, title=f"Jasmine {i}").id)
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    try:
        listed = [d for d in w.session.corpus if d.user]
        assert [d.id for d in listed] == ids
        assert all(i in w.library.shown_ids() for i in ids)
        assert not any(d.loaded for d in listed)  # listed from the index, texts not read
        w.search_all.setChecked(True)
        w.search_field.setText("jasmine tea, leaf 3")
        w.run_search()
        assert w.search_results.count() == 1 and "Jasmine 3" in w.search_results.item(0).text()
        assert not any(d.loaded for d in listed)  # the hit came from the index
        w.open_document(ids[3])
        assert [d.id for d in listed if d.loaded] == [ids[3]]
        w.session.library.index.conn.close()  # the index fails under the running window
        w.search_field.setText("another paragraph 4")
        w.run_search()
        assert w.search_results.count() == 1 and "Jasmine 4" in w.search_results.item(0).text()  # from the texts
    finally:
        w.close()


def test_a_lost_index_is_rebuilt_on_a_worker_while_the_window_runs(
        qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.core.library import add_text
    from reader.core.library_index import index_path
    from reader.ui.main_window import MainWindow

    ids = []
    for i in range(3):
        src = tmp_path / f"t{i}.txt"
        src.write_text(f"Oolong, batch {i}.\n", encoding="utf-8")
        ids.append(add_text(data_dir, src, title=f"Oolong {i}").id)
    for suffix in ("", "-wal", "-shm"):
        Path(str(index_path(data_dir)) + suffix).unlink(missing_ok=True)
    monkeypatch.setattr(library_corpus, "SYNC_BYTES", 10)  # these few bytes count as a big library
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.session.indexing() and not set(ids) & set(w.session.corpus.ids())
        assert w.library.progress.isVisible()
        w.open_document(ids[2])  # as `reader DOC` does, before the worker has listed it
        assert w.current_document() == ids[2] and "Oolong, batch 2." in w.view.toPlainText()
        with qtbot.waitSignal(w.session.indexProgress, timeout=20_000, check_params_cb=lambda d, t: (d, t) == (0, 0)):
            pass
        assert set(ids) <= set(w.library.shown_ids()) and not w.library.progress.isVisible()
        assert not w.session.indexing() and index_path(data_dir).exists()
    finally:
        w.close()
