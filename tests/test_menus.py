"""View and Edit menu items: copy with citation, editorial marks, full screen, preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit

from reader.app import MainWindow
from reader.core.citation import cite
from reader.core.window_state import USER_NAME_KEY

DOC = "paul-lam-soft-resistance"


@pytest.fixture
def window(qtbot, data_dir: Path):
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    if w.isVisible():
        w.close()


def act(w: MainWindow, name: str) -> QAction:
    found = w.findChild(QAction, name)
    assert found is not None, name
    return found


def test_copy_with_citation_puts_plain_and_rich_text_on_the_clipboard(window) -> None:
    window.open_document(DOC)
    doc = window.session.document(DOC)
    start = doc.text.index("soft resistance")
    window.view.select_offsets(start, start + 15)
    act(window, "actionCopyWithCitation").trigger()
    mime = QApplication.clipboard().mimeData()
    expected = cite(doc, start, start + 15)
    assert mime.text() == expected.plain and mime.text().startswith("“soft resistance” — ")
    assert mime.hasHtml() and "“soft resistance”" in mime.html() and "<i>" in mime.html()
    window.view.select_offsets(start, start)  # nothing selected: a message, the clipboard kept
    assert window.copy_with_citation() is None and QApplication.clipboard().text() == expected.plain


def test_editorial_marks_toggle_and_choice_are_kept(window, data_dir: Path, qtbot) -> None:
    window.open_document(DOC)
    show = act(window, "actionShowEditorialMarks")
    assert show.isCheckable() and show.isChecked() and act(window, "actionMarksFirst").isChecked()
    act(window, "actionMarksAll").trigger()
    underlined = window.view.marks_at  # marks answer clicks only while shown
    some = next(m for m in window._marks if m.kind == "glossary")
    assert underlined(some.start)
    show.trigger()
    assert not show.isChecked() and act(window, "actionMarksNone").isChecked()
    assert underlined(some.start) == []
    show.trigger()
    assert act(window, "actionMarksAll").isChecked() and underlined(some.start)
    act(window, "actionMarksGlossary").trigger()
    assert show.isChecked() and all(m.kind == "glossary" for m in underlined(some.start))
    window.close()
    again = MainWindow(data_dir=data_dir)
    qtbot.addWidget(again)
    assert act(again, "actionMarksGlossary").isChecked()
    again.close()


def test_f11_toggles_full_screen(window, qtbot) -> None:
    full = act(window, "actionFullScreen")
    assert [s.toString() for s in full.shortcuts()] == ["F11"]
    full.trigger()
    qtbot.waitUntil(lambda: window.isFullScreen())
    full.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_preferences_user_name_is_kept_and_signs_pdf_annotations(window, data_dir: Path, tmp_path: Path,
                                                                 qtbot) -> None:
    from pypdf import PdfReader

    act(window, "actionPreferences").trigger()
    dlg = window.findChild(type(window.show_preferences()), "preferencesDialog")
    dlg.close()
    dlg = window.show_preferences()
    field = dlg.findChild(QLineEdit, "userNameField")
    assert field.accessibleName()
    field.setText("  Ada   Lovelace ")
    dlg.accept()
    assert window.state.user_name == "Ada Lovelace"
    assert window.session.book.state_value(USER_NAME_KEY) == "Ada Lovelace"
    window.open_document(DOC)
    start = window.session.document(DOC).text.index("soft resistance")
    window.view.select_offsets(start, start + 15)
    window.highlight_selection()
    out = tmp_path / "out.pdf"
    assert window.export_pdf(out)
    annots = [a.get_object() for page in PdfReader(out).pages for a in page.get("/Annots", [])]
    assert [str(a["/T"]) for a in annots if a["/Subtype"] == "/Highlight"] == ["Ada Lovelace"]


def test_status_bar_shows_reading_progress(window, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    window.open_document(DOC)
    label = window.findChild(QLabel, "readingProgress")
    bar = window.view.verticalScrollBar()
    qtbot.waitUntil(lambda: not window.view.layout_pending())
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: label.text().startswith("100% read"))
    percent, section = window.view.reading_progress()
    assert percent == 100 and label.toolTip() == section and section[:20] in label.text()
