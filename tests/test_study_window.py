"""Your own study layer in the window: glossary entries, timeline events and typed links made
through the actions and dialogs, surviving a restart, marking the text, shown in their tabs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
)

from reader.app import MainWindow
from reader.core.study import MY_GLOSSARY, MY_TIMELINE
from reader.core.study_make import format_date, new_entry, script_variants, split_aliases
from reader.ui.menus import key_sequences

DOC = "recognizing-each-others-struggles"
TERM = "国家暴力"
OTHER = "國家暴力"


def make_window(qtbot, data_dir: Path) -> MainWindow:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def window(qtbot, data_dir: Path):
    w = make_window(qtbot, data_dir)
    yield w
    if w.isVisible():
        w.close()


def restart(qtbot, w: MainWindow) -> MainWindow:
    data_dir = w.session.data_dir
    w.close()  # flushes and lets the lock go, as a user quitting does
    again = make_window(qtbot, data_dir)
    again.open_document(DOC)
    return again


def select(w: MainWindow, phrase: str) -> tuple[int, int]:
    text = w.session.document(w.current_document()).text
    start = text.index(phrase)
    w.view.select_offsets(start, start + len(phrase))
    return start, start + len(phrase)


def dialog(w: MainWindow, name: str) -> QDialog:
    dlg = w.findChild(QDialog, name)
    assert dlg is not None and dlg.isVisible()
    return dlg


def trigger(w: MainWindow, name: str) -> None:
    act = w.findChild(QAction, name)
    assert act is not None and act.isEnabled()
    act.trigger()


def ok_button(dlg: QDialog) -> QPushButton:
    return dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def glossary_marks(w: MainWindow, entry_id: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in w._marks if m.kind == "glossary" and m.ref_id == entry_id]


def add_entry(w: MainWindow) -> str:
    w.open_document(DOC)
    start, end = select(w, TERM)
    trigger(w, "actionNewGlossaryEntry")
    dlg = dialog(w, "glossaryEntryDialog")
    term = dlg.findChild(QLineEdit, "termField")
    assert term.text() == TERM
    assert not ok_button(dlg).isEnabled()  # a definition is required: the loader refuses an empty one
    suggestion = dlg.findChild(QPushButton, "aliasSuggestion")
    assert suggestion.isVisible() and OTHER in suggestion.text()
    suggestion.click()
    assert dlg.findChild(QLineEdit, "aliasesField").text() == OTHER
    assert not suggestion.isVisible()
    dlg.findChild(QComboBox, "kindField").setCurrentText("concept")
    dlg.findChild(QPlainTextEdit, "definitionField").setPlainText("Stability maintenance, as the essay uses it.")
    assert ok_button(dlg).isEnabled()
    ok_button(dlg).click()
    (entry,) = w.session.study.glossary
    assert entry.term == TERM and entry.aliases == (OTHER,) and entry.kind == "concept"
    assert (entry.sources[0].doc_id, entry.sources[0].start, entry.sources[0].end) == (DOC, start, end)
    return entry.id


def test_new_glossary_entry_marks_text_shows_yours_and_survives_restart(qtbot, window) -> None:
    entry_id = add_entry(window)
    assert (window.session.data_dir / MY_GLOSSARY).exists()
    text = window.session.document(DOC).text
    marked = {text[s:e] for s, e in glossary_marks(window, entry_id)}
    assert marked == {TERM, OTHER}  # the alias in the other script is marked too
    assert window.glossary.entries.select_key(entry_id)
    row = window.glossary.entries.list.currentIndex().data()
    assert TERM in row and "yours" in row
    again = restart(qtbot, window)
    assert [e.id for e in again.session.study.glossary] == [entry_id]
    assert len(glossary_marks(again, entry_id)) == 2
    assert "yours" in again.glossary.entries.model.index(again.glossary.entries.model.find_key(entry_id), 0).data()
    assert again.session.editorial.entry(entry_id) is not None


def test_glossary_entry_undo_redo_through_edit_menu(window) -> None:
    entry_id = add_entry(window)
    assert "glossary entry" in window.findChild(QAction, "actionUndo").text()
    trigger(window, "actionUndo")
    assert window.session.study.glossary == ()
    assert glossary_marks(window, entry_id) == []
    assert window.glossary.entries.model.find_key(entry_id) < 0
    trigger(window, "actionRedo")
    assert [e.id for e in window.session.study.glossary] == [entry_id]
    assert glossary_marks(window, entry_id)


def test_undo_takes_the_latest_change_of_notes_and_study(window) -> None:
    entry_id = add_entry(window)
    select(window, OTHER)
    hid = window.highlight_selection()
    assert hid is not None
    trigger(window, "actionUndo")  # the highlight is the newer change
    assert window.session.book.highlight(hid) is None
    assert [e.id for e in window.session.study.glossary] == [entry_id]
    trigger(window, "actionUndo")  # then the glossary entry
    assert window.session.study.glossary == ()
    trigger(window, "actionRedo")
    assert [e.id for e in window.session.study.glossary] == [entry_id]
    assert window.session.book.highlight(hid) is None
    trigger(window, "actionRedo")
    assert window.session.book.highlight(hid) is not None


def test_edit_and_delete_your_entry_from_the_glossary_tab(window) -> None:
    entry_id = add_entry(window)
    panel = window.glossary.entries
    menu = panel.edit_menu(entry_id)
    assert menu is not None
    editorial = next(e.id for e in window.session.editorial.glossary if e.id != entry_id)
    assert panel.edit_menu(editorial) is None  # the editors' entries are not yours to change
    next(a for a in menu.actions() if a.objectName() == "editOwnItem").trigger()
    dlg = dialog(window, "glossaryEntryDialog")
    assert dlg.findChild(QLineEdit, "termField").text() == TERM
    dlg.findChild(QPlainTextEdit, "definitionField").setPlainText("Edited definition.")
    ok_button(dlg).click()
    assert window.session.study.glossary[0].definition == "Edited definition."
    assert len(window.session.study.glossary[0].sources) == 1  # an edit keeps the sources
    next(a for a in panel.edit_menu(entry_id).actions() if a.objectName() == "deleteOwnItem").trigger()
    assert window.session.study.glossary == ()
    trigger(window, "actionUndo")
    assert window.session.study.glossary[0].definition == "Edited definition."


def test_add_timeline_event_shows_yours_and_survives_restart(qtbot, window) -> None:
    window.open_document(DOC)
    start, end = select(window, TERM)
    trigger(window, "actionAddTimelineEvent")
    dlg = dialog(window, "timelineEventDialog")
    assert dlg.findChild(QLineEdit, "dateTextField").text() == TERM
    precision = dlg.findChild(QComboBox, "precisionField")
    precision.setCurrentIndex(precision.findData("month"))
    dlg.findChild(QPlainTextEdit, "reasoningField").setPlainText("The essay's own dating.")
    dlg.findChild(QLineEdit, "titleField").setText("My event")
    ok_button(dlg).click()
    (event,) = window.session.study.timeline
    assert event.title == "My event" and len(event.date) == 7  # YYYY-MM: month precision
    assert (event.spans[0].start, event.spans[0].end) == (start, end)
    assert (window.session.data_dir / MY_TIMELINE).exists()
    assert window.timeline.select_key(event.id)
    assert "yours" in window.timeline.list.currentIndex().data()
    assert any(m.kind == "timeline" and m.ref_id == event.id for m in window._marks)
    again = restart(qtbot, window)
    assert [e.id for e in again.session.study.timeline] == [event.id]
    assert again.timeline.select_key(event.id)
    assert "yours" in again.timeline.list.currentIndex().data()
    # edited and deleted from the Timeline tab
    next(a for a in again.timeline.edit_menu(event.id).actions() if a.objectName() == "editOwnItem").trigger()
    edit = dialog(again, "timelineEventDialog")
    assert edit.findChild(QComboBox, "precisionField").currentData() == "month"
    edit.findChild(QLineEdit, "titleField").setText("Renamed")
    ok_button(edit).click()
    assert again.session.study.timeline[0].title == "Renamed"
    again.timeline.deleteRequested.emit(event.id)
    assert again.session.study.timeline == ()


def test_typed_link_through_the_link_dialog_survives_restart(qtbot, window) -> None:
    window.open_document(DOC)
    select(window, TERM)
    trigger(window, "actionStartLink")
    select(window, OTHER)
    trigger(window, "actionCompleteLink")
    dlg = dialog(window, "linkDialog")
    kinds = dlg.findChild(QComboBox, "linkTypeField")
    assert [kinds.itemText(i) for i in range(kinds.count())] == [
        "same-event", "same-person", "quotes", "links-to", "translation-of", "contradicts", "elaborates"]
    kinds.setCurrentText("translation-of")
    dlg.findChild(QLineEdit, "linkNoteField").setText("The two scripts of one passage")
    ok_button(dlg).click()
    (link,) = window.session.book.links()
    assert (link.type, link.note) == ("translation-of", "The two scripts of one passage")
    again = restart(qtbot, window)
    (kept,) = again.session.book.links()
    assert (kept.id, kept.type, kept.note) == (link.id, "translation-of", "The two scripts of one passage")
    assert again.crossrefs.select_link(link.id)


def test_no_selection_says_so_and_opens_nothing(window) -> None:
    window.open_document(DOC)
    trigger(window, "actionNewGlossaryEntry")
    trigger(window, "actionAddTimelineEvent")
    assert window.findChild(QDialog, "glossaryEntryDialog") is None
    assert window.findChild(QDialog, "timelineEventDialog") is None
    assert "Select" in window.statusBar().currentMessage()


def test_study_actions_have_their_own_keys_and_are_in_the_context_menu(window) -> None:
    keys = [s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()]
    for name in ("actionNewGlossaryEntry", "actionAddTimelineEvent"):
        mine = window.findChild(QAction, name).shortcuts()
        assert mine and all(keys.count(s.toString()) == 1 for s in mine)
    assert key_sequences("Ctrl+Shift+G")[0].toString() in keys


def test_core_helpers() -> None:
    assert script_variants("维稳") == ("維穩",)
    assert script_variants("維穩") == ("维稳",)
    assert script_variants("Paul Lam") == ()
    assert split_aliases("a, b，c；A") == ("a", "b", "c")
    import datetime

    assert format_date(datetime.date(2021, 4, 15), "year") == "2021"
    with pytest.raises(ValueError, match="definition"):
        new_entry("d", "some text", 0, 4, term="some", kind="concept", aliases=(), definition="  ")
    with pytest.raises(ValueError, match="kind"):
        new_entry("d", "some text", 0, 4, term="some", kind="nonsense", aliases=(), definition="x")


def test_library_search_expands_to_your_aliases(window) -> None:
    entry_id = add_entry(window)
    assert not any(h.via for h in window.session.library_search().find("violence of the state"))
    window.edit_study_item("entry", entry_id)
    dlg = dialog(window, "glossaryEntryDialog")
    dlg.findChild(QLineEdit, "aliasesField").setText(f"{OTHER}, violence of the state")
    ok_button(dlg).click()
    hits = window.session.library_search().find("violence of the state")
    text = window.session.document(DOC).text
    assert {text[h.start:h.end] for h in hits if h.doc_id == DOC and h.via} >= {TERM, OTHER}


def other_phrase(w: MainWindow) -> tuple[str, str]:
    """A document other than DOC and a 30-character phrase of it that occurs once."""
    other = next(d for d in w.session.corpus.ids() if d != DOC)
    text = w.session.document(other).text
    start = len(text) // 2
    phrase = text[start:start + 30]
    assert text.count(phrase) == 1
    return other, phrase


def test_add_source_from_another_document_through_the_chooser(qtbot, window) -> None:
    entry_id = add_entry(window)
    other, phrase = other_phrase(window)
    window.open_document(other)
    start, end = select(window, phrase)
    trigger(window, "actionAddGlossarySource")
    dlg = dialog(window, "addSourceDialog")
    entries = dlg.findChild(QListWidget, "addSourceEntries")
    assert [entries.item(i).data(Qt.ItemDataRole.UserRole) for i in range(entries.count())] == [entry_id]
    field = dlg.findChild(QLineEdit, "addSourceFilter")
    field.setText("no such term")
    assert entries.item(0).isHidden() and not ok_button(dlg).isEnabled()
    field.setText(OTHER)  # an alias finds the entry too
    assert not entries.item(0).isHidden() and ok_button(dlg).isEnabled()
    ok_button(dlg).click()
    sources = window.session.study.glossary[0].sources
    assert [(s.doc_id, s.start, s.end) for s in sources][1:] == [(other, start, end)]
    assert "source" in window.findChild(QAction, "actionUndo").text()
    window.side.setCurrentWidget(window.glossary)
    window.glossary.select_entry(entry_id)
    assert phrase.strip()[:20] in window.glossary.detail.toPlainText()
    trigger(window, "actionUndo")
    assert len(window.session.study.glossary[0].sources) == 1
    assert phrase.strip()[:20] not in window.glossary.detail.toPlainText()  # the card follows the undo
    trigger(window, "actionRedo")
    again = restart(qtbot, window)
    kept = again.session.study.glossary[0].sources
    assert [(s.doc_id, s.start, s.end) for s in kept][1:] == [(other, start, end)]


def test_add_source_from_your_entry_card_and_the_context_menu(window, monkeypatch) -> None:
    entry_id = add_entry(window)
    button = window.glossary.findChild(QPushButton, "addSourceButton")
    window.side.setCurrentWidget(window.glossary)
    editorial = next(e.id for e in window.session.editorial.glossary if e.id != entry_id)
    window.glossary.select_entry(editorial)
    assert not button.isVisible()  # the editors' entries are not yours to change
    window.glossary.select_entry(entry_id)
    assert button.isVisible()
    other, phrase = other_phrase(window)
    window.open_document(other)
    start, end = select(window, phrase)
    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *_args: shown.append(menu))
    window._context_menu(window.view.viewport().rect().center())
    (menu,) = shown
    assert "actionAddGlossarySource" in [a.objectName() for a in menu.actions()]
    select(window, phrase)
    button.click()
    sources = window.session.study.glossary[0].sources
    assert [(s.doc_id, s.start, s.end) for s in sources][1:] == [(other, start, end)]
    select(window, phrase)
    button.click()  # the same passage twice is one source
    assert len(window.session.study.glossary[0].sources) == 2
    assert "already a source" in window.statusBar().currentMessage()


def test_add_source_without_entries_or_selection_says_so(window) -> None:
    window.open_document(DOC)
    select(window, TERM)
    trigger(window, "actionAddGlossarySource")
    assert window.findChild(QDialog, "addSourceDialog") is None
    assert "no glossary entries" in window.statusBar().currentMessage()


def test_definition_preview_renders_markdown_safely_as_typed(window, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices, QFont, QImage, QTextCursor, QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    window.open_document(DOC)
    select(window, TERM)
    trigger(window, "actionNewGlossaryEntry")
    dlg = dialog(window, "glossaryEntryDialog")
    preview = dlg.findChild(QTextBrowser, "definitionPreview")
    assert preview is not None and preview.isVisible() and not preview.openLinks()
    image = tmp_path / "secret.png"
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(image))
    url = f"file://{image}"
    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: opened.append(u))
    field = dlg.findChild(QPlainTextEdit, "definitionField")
    field.setPlainText("**Stability** maintenance")
    assert preview.toPlainText() == "Stability maintenance"  # updated as typed, the asterisks rendered
    cursor = QTextCursor(preview.document())
    cursor.setPosition(2)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    field.setPlainText(f"<b>raw</b> [away](https://example.org) ![x]({url})")
    assert "<b>raw</b>" in preview.toPlainText()  # raw HTML is shown, never run
    assert "https://example.org" in preview.document().toHtml()  # a link, kept as a link...
    preview.anchorClicked.emit(QUrl("https://example.org"))
    assert opened == [] and preview.source().isEmpty()  # ...never followed
    preview.document().size()  # lays it out, which would load the image
    res = preview.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))
    assert not (isinstance(res, QImage) and not res.isNull())  # the local file is never read


def add_link(w: MainWindow, kind: str, note: str) -> str:
    w.open_document(DOC)
    select(w, TERM)
    trigger(w, "actionStartLink")
    select(w, OTHER)
    trigger(w, "actionCompleteLink")
    dlg = dialog(w, "linkDialog")
    dlg.findChild(QComboBox, "linkTypeField").setCurrentText(kind)
    dlg.findChild(QLineEdit, "linkNoteField").setText(note)
    ok_button(dlg).click()
    (link,) = w.session.book.links()
    return link.id


def test_your_contradicts_link_opens_side_by_side_from_the_links_tab(window) -> None:
    link_id = add_link(window, "contradicts", "The scripts disagree")
    assert window.crossrefs.select_link(link_id)
    item = window.crossrefs.tree.currentItem()
    window.crossrefs.tree.itemClicked.emit(item, 0)
    side = dialog(window, "contradictsDialog")
    assert "The scripts disagree" in [lbl.text() for lbl in side.findChildren(QLabel)]
    passages = side.findChildren(QTextEdit, "sideBySidePassage")
    assert len(passages) == 2 and all(TERM in p.toPlainText() or OTHER in p.toPlainText() for p in passages)
    side.close()


def test_edit_and_delete_your_link_from_the_links_tab_with_undo(qtbot, window) -> None:
    link_id = add_link(window, "quotes", "first thought")
    panel = window.crossrefs
    editorial = next(k for k in panel._items if k != link_id)
    assert panel.edit_menu(editorial) is None  # the editors' links are not yours to change
    next(a for a in panel.edit_menu(link_id).actions() if a.objectName() == "editOwnItem").trigger()
    dlg = dialog(window, "linkDialog")
    kinds, note = dlg.findChild(QComboBox, "linkTypeField"), dlg.findChild(QLineEdit, "linkNoteField")
    assert (kinds.currentText(), note.text()) == ("quotes", "first thought")
    kinds.setCurrentText("elaborates")
    note.setText("second thought")
    ok_button(dlg).click()
    (link,) = window.session.book.links()
    assert (link.id, link.type, link.note) == (link_id, "elaborates", "second thought")
    assert panel.select_link(link_id) and "second thought" in panel.tree.currentItem().text(0)
    trigger(window, "actionUndo")
    assert window.session.book.links()[0].note == "first thought"
    assert panel.select_link(link_id) and "first thought" in panel.tree.currentItem().text(0)
    trigger(window, "actionRedo")
    next(a for a in panel.edit_menu(link_id).actions() if a.objectName() == "deleteOwnItem").trigger()
    assert window.session.book.links() == [] and not panel.select_link(link_id)
    trigger(window, "actionUndo")
    again = restart(qtbot, window)
    (kept,) = again.session.book.links()
    assert (kept.id, kept.type, kept.note) == (link_id, "elaborates", "second thought")


def test_timeline_date_shows_only_its_precision_and_labels_take_their_mnemonics(window) -> None:
    from PySide6.QtWidgets import QDateEdit

    window.open_document(DOC)
    select(window, TERM)
    trigger(window, "actionAddTimelineEvent")
    dlg = dialog(window, "timelineEventDialog")
    date, precision = dlg.findChild(QDateEdit, "dateField"), dlg.findChild(QComboBox, "precisionField")
    full = date.text()
    assert len(full) == 10 and dlg.values()["date"] == full
    for kind, shown in (("year", full[:4]), ("month", full[:7]), ("day", full)):
        precision.setCurrentIndex(precision.findData(kind))
        assert date.text() == shown and dlg.values()["date"] == shown
    # a row of two widgets gets its label's Alt+key too (the "&" never shows as text)
    assert any(lbl.buddy() is date for lbl in dlg.findChildren(QLabel))
    dlg.reject()
    select(window, TERM)
    trigger(window, "actionNewGlossaryEntry")
    entry = dialog(window, "glossaryEntryDialog")
    assert any(lbl.buddy() is entry.findChild(QLineEdit, "aliasesField") for lbl in entry.findChildren(QLabel))
    entry.reject()


def test_an_event_dated_to_the_year_is_edited_at_year_precision(window) -> None:
    from PySide6.QtWidgets import QDateEdit

    from reader.core.study_make import new_event

    window.open_document(DOC)
    text = window.session.document(DOC).text
    start = text.index(TERM)
    event = new_event(DOC, text, start, start + len(TERM), date="2022", date_text="that year",
                      reasoning="The essay says so.", title="Yearly")
    window.session.study.add_event(event)
    dlg = window.edit_study_item("event", event.id)
    assert dlg.findChild(QComboBox, "precisionField").currentData() == "year"
    assert dlg.findChild(QDateEdit, "dateField").text() == "2022"
    ok_button(dlg).click()
    assert window.session.study.timeline[0].date == "2022"


def link_marks(w: MainWindow, link_id: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in w._marks if m.kind == "crossref" and m.ref_id == link_id]


def test_your_link_marks_both_ends_and_a_click_on_contradicts_shows_both_sides(qtbot, window) -> None:
    link_id = add_link(window, "contradicts", "The scripts disagree")
    text = window.session.document(DOC).text
    ends = sorted(link_marks(window, link_id))
    assert sorted(text[s:e] for s, e in ends) == sorted([TERM, OTHER])
    marks = window._marks
    assert all(a.start <= b.start for a, b in zip(marks, marks[1:]))  # still in reading order
    mark = next(m for m in marks if m.ref_id == link_id)
    assert "The scripts disagree" in window._tooltip_for(mark)
    window._on_click(mark.start + 1)  # one click on the marked span follows it, as the editors' links do
    side = dialog(window, "contradictsDialog")
    assert "The scripts disagree" in [lbl.text() for lbl in side.findChildren(QLabel)]
    side.close()
    again = restart(qtbot, window)
    assert sorted(link_marks(again, link_id)) == ends
    again.session.book.delete_link(link_id)
    assert link_marks(again, link_id) == []  # the text follows the change at once
    trigger(again, "actionUndo")
    assert sorted(link_marks(again, link_id)) == ends


def test_link_rows_are_as_tall_as_their_wrapped_text_after_a_resize(qtbot, window) -> None:
    from reader.ui.widgets import text_height

    add_link(window, "translation-of", "The Simplified and Traditional paragraphs say the same thing")
    assert window.statusBar().currentMessage().startswith("Linked: translation-of")  # not "Link started…"
    window.side.setCurrentWidget(window.crossrefs)
    tree = window.crossrefs.tree
    for width in (260, 420):
        tree.resize(width, 600)
        qtbot.waitUntil(lambda w=width: tree.viewport().width() <= w)
        tree.doItemsLayout()
        rows = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                for j in range(tree.topLevelItem(i).childCount())]
        assert any(OTHER in r.text(0) or TERM in r.text(0) for r in rows)
        for row in rows:
            rect = tree.visualItemRect(row)
            # The text drawn needs at least this much: Qt's first measure (primary font, first width) clips CJK rows.
            needed = text_height(row.text(0), tree.font(), rect.width() - 8)
            assert rect.height() >= needed, row.text(0)


def test_your_definition_shows_as_safe_markdown_on_its_card(qtbot, window) -> None:
    entry_id = add_entry(window)
    window.session.study.edit_entry(entry_id, definition="As the essay uses it: **stability** <b>raw</b>")
    window.side.setCurrentWidget(window.glossary)
    window.glossary.select_entry(entry_id)
    shown = window.glossary.detail.toPlainText()
    assert "As the essay uses it: stability <b>raw</b>" in shown  # bold rendered, raw HTML shown as typed
    assert "**" not in shown
    editors = next(e for e in window.session.editorial.glossary if e.id not in window.session.editorial.personal_ids)
    window.glossary.select_entry(editors.id)
    assert editors.definition in window.glossary.detail.toPlainText()  # the editors' text, as written
