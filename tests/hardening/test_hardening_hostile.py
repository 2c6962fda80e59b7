"""Hostile text wherever a stranger's or the reader's text can appear: an added document,
a note, a tag, a colour meaning, a link note, a W3C import, a PDF's embedded JSON.

It is shown literally or refused with one sentence; it is never interpreted as rich text,
never makes Qt fetch a resource, never opens anything; huge texts still open.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hardening_lib import (
    HOSTILE,
    IDS,
    REFUSED_IN_NOTES,
    REFUSED_IN_TEXT_FILES,
    TALLY,
    as_added,
    big_single_line,
    many_paragraphs,
    one_sentence,
    pdf_with_attachment,
    refused,
    utf8_bytes,
    w3c_annotation,
)
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QTextEdit, QToolTip

from reader.core import w3c
from reader.core.corpus import load_corpus
from reader.core.errors import DataFileError, ReaderError, ValidationError
from reader.core.library import add_text
from reader.core.store import NoteStore
from reader.pdf.export import read_embedded_annotations

LITERAL = [n for n in HOSTILE if n not in REFUSED_IN_TEXT_FILES]
# Strings that are Markdown syntax, which an added .md file now interprets (issue 16).
MARKDOWN_SYNTAX = {"markdown-raw-html", "markdown-autolinks", "html-entities", "format-strings"}


class _NoFetchDocument(QTextDocument):
    """Renders HTML the way Qt would, but can itself never load anything."""

    def loadResource(self, kind: int, name: Any) -> Any:  # noqa: N802 - Qt override
        return QImage()


def rendered(text: str) -> str:
    """What a QLabel/tooltip/message box with Qt's default AutoText format shows."""
    if not GuiQt.mightBeRichText(text):
        return text
    doc = _NoFetchDocument()
    doc.setHtml(text)
    return doc.toRawText().replace("\u2029", "\n")


def shown_literally(shown: str, hostile: str) -> bool:
    return hostile in rendered(shown)


def assert_no_fetch(requests: list[tuple[str, int, str, Any]]) -> None:
    """Every resource Qt asked our browsers for was refused (the brief's spy contract)."""
    for cls, _kind, url, result in requests:
        bundled = url.startswith("qrc:") or url == ""
        assert bundled or refused(result), f"{cls} returned {result!r} for {url}"


def tooltip_of(model: Any, key: Any) -> str:
    """The tooltip a list row really shows (through the model, as Qt asks for it)."""
    return model.data(model.index(model.find_key(key), 0), Qt.ItemDataRole.ToolTipRole) or ""


def anchors_of(browser: QTextBrowser) -> list[str]:
    """Every link href in a browser's document."""
    out = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                out.extend(fmt.anchorHref() and [fmt.anchorHref()] or [])
            it += 1
        block = block.next()
    return out


# --------------------------------------------------------------------------- added texts

@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_added_text_is_kept_verbatim_or_refused(name: str, fmt: str, data_dir: Path, tmp_path: Path) -> None:
    s = HOSTILE[name]
    TALLY.hostile(name)
    src = tmp_path / f"hostile.{fmt}"
    src.write_bytes(utf8_bytes(f"A title\n\n{s}\n\nThe end.\n"))
    if name in REFUSED_IN_TEXT_FILES:
        with pytest.raises(DataFileError) as err:
            add_text(data_dir, src)
        assert err.value.path == src and one_sentence(str(err.value))
        assert not (data_dir / "library").exists() or not list((data_dir / "library").iterdir())
        return
    doc = add_text(data_dir, src)
    if fmt == "md" and name in MARKDOWN_SYNTAX:
        # Markdown is parsed (issue 16): emphasis, links, autolinks, entities and code spans
        # become text and formatting (markdown-it leaves javascript:/file: links as literal text).
        assert "**" not in doc.text and "`" not in doc.text and "&lt;" not in doc.text
    else:
        assert as_added(s) in doc.text
    again = load_corpus(data_dir).get(doc.id)
    assert again.text == doc.text


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_title_is_kept_or_refused(name: str, data_dir: Path, tmp_path: Path) -> None:
    s = HOSTILE[name]
    TALLY.hostile(name)
    src = tmp_path / "plain.txt"
    src.write_text("Some body text.\n")
    try:
        doc = add_text(data_dir, src, title=s)
    except ReaderError as exc:
        assert name in REFUSED_IN_NOTES, f"{name}: {exc}"
        assert one_sentence(str(exc))
        assert not list((data_dir / "library").glob("*.md"))
        return
    # Control characters and line breaks are taken out of titles (issue 15); the rest is kept.
    kept = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]", "",
                           re.sub(r"[ \t\r\n\f\v\u2028\u2029]+", " ", s)).split(" ")).strip()
    assert doc.title == kept
    assert load_corpus(data_dir).get(doc.id).title == kept


def test_window_shows_added_hostile_texts_literally(make_window, tmp_path: Path, opened_urls: list[str],
                                                     resource_requests: list, message_boxes: list) -> None:
    w = make_window()
    for name in LITERAL:
        s = HOSTILE[name]
        TALLY.hostile(name)
        src = tmp_path / f"{name}.txt"
        src.write_bytes(utf8_bytes(f"{s}\n\nsecond paragraph {s}\n"))
        doc_id = w.add_text(src)
        assert doc_id is not None, name
        assert w.current_document() == doc_id
        text = w.view.toPlainText()
        assert text == w.session.document(doc_id).text, name
        assert as_added(s) in text, name
        assert w.header_title.textFormat() == Qt.TextFormat.PlainText
        assert w.header_title.text() == w.session.document(doc_id).title or not w.header_title.isVisible()
    for name in REFUSED_IN_TEXT_FILES:
        src = tmp_path / f"{name}.txt"
        src.write_bytes(utf8_bytes(f"{HOSTILE[name]}\n"))
        before = w.session.corpus.ids()
        assert w.add_text(src) is None
        assert w.session.corpus.ids() == before
        assert one_sentence(w.statusBar().currentMessage()) and str(src) in w.statusBar().currentMessage()
    for label in w.findChildren(QLabel):
        if label.objectName() in ("documentTitle", "documentInfo", "banner", "noteStatus", "searchCount"):
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert_no_fetch(resource_requests)
    assert opened_urls == [] and message_boxes == []


def test_library_tooltip_shows_hostile_title_literally(make_window, tmp_path: Path) -> None:
    w = make_window()
    s = HOSTILE["img-file"]
    src = tmp_path / "t.txt"
    src.write_text(f"{s}\n\nbody\n")
    doc_id = w.add_text(src)
    assert shown_literally(tooltip_of(w.library.model, doc_id), s)


def test_library_tooltip_never_reads_a_local_file(make_window, tmp_path: Path, qtbot) -> None:
    url = local_image_url(tmp_path)
    w = make_window()
    src = tmp_path / "t.txt"
    src.write_text(f'<img src="{url}">\n\nbody\n')
    doc_id = w.add_text(src)
    QToolTip.showText(w.mapToGlobal(QPoint(10, 10)), tooltip_of(w.library.model, doc_id), w)
    tips = [t for t in QApplication.topLevelWidgets() if t.metaObject().className() == "QTipLabel"]
    try:
        assert tips and all(t.sizeHint().height() < 200 for t in tips), [t.sizeHint() for t in tips]
    finally:
        QToolTip.hideText()


# --------------------------------------------------------------------------- notes and tags

def _select_highlight(w: Any) -> str:
    w.open_document(IDS[0])
    text = w.session.document(IDS[0]).text
    start = text.index("Edwina Lau")
    w.view.select_offsets(start, start + len("Edwina Lau"))
    hid = w.highlight_selection()
    assert hid is not None
    return hid


def test_hostile_notes_and_tags_are_literal_and_survive_a_restart(
        make_window, data_dir: Path, opened_urls: list[str], resource_requests: list, message_boxes: list,
        qtbot) -> None:
    w = make_window()
    hid = _select_highlight(w)
    book = w.session.book
    kept: dict[str, str] = {}
    for name, s in HOSTILE.items():
        TALLY.hostile(name)
        if name in REFUSED_IN_NOTES:
            with pytest.raises(ValueError) as err:
                book.set_note(hid, s)
            assert one_sentence(str(err.value))
            with pytest.raises(ValueError) as err:
                book.set_tags(hid, [s])
            assert one_sentence(str(err.value))
            continue
        book.set_note(hid, s)
        book.set_tags(hid, [s, "plain"])
        w.notes.refresh()
        w.notes.select_highlight(hid)
        # QPlainTextEdit shows U+2028/U+2029 as line breaks; the stored note keeps them.
        assert w.notes.editor.toPlainText() == s.replace("\u2028", "\n").replace("\u2029", "\n"), name
        assert w.notes.tags.text() == f"{s.strip()}, plain"
        row = w.notes.model.rows()[w.notes.model.find_key(hid)]
        assert "plain" in row.text  # display role of a list view: never rich text
        w.notes.preview_toggle.setChecked(True)
        preview = w.notes.preview
        for href in anchors_of(preview):
            preview.anchorClicked.emit(QUrl(href))
        assert preview.source().isEmpty()
        w.notes.preview_toggle.setChecked(False)
        kept[name] = s
    raw = HOSTILE["markdown-raw-html"]
    book.set_note(hid, raw)
    w.notes.select_highlight(hid)
    w.notes.preview_toggle.setChecked(True)
    assert "<b>raw</b>" in w.notes.preview.toPlainText()  # raw HTML shown as text
    assert "<img src=x onerror=alert(1)>" in w.notes.preview.toPlainText()
    w.notes.preview_toggle.setChecked(False)
    last = HOSTILE["separators"]
    book.set_note(hid, last)
    w.notes.select_highlight(hid)
    w.notes.editor.setFocus()
    w.notes.flush()  # showing a note must never rewrite it (U+2028 would become \n)
    assert book.highlight(hid).note == last
    w.session.book.save_now()
    w.close()
    assert NoteStore(data_dir).load_notes(IDS[0]).highlights[0].note == last
    assert_no_fetch(resource_requests)
    assert opened_urls == [] and message_boxes == []


@given(note=st.text(), tags=st.lists(st.text(max_size=40), max_size=4))
def test_any_note_and_tags_round_trip_through_the_store_or_are_refused(tmp_path_factory, note: str,
                                                                        tags: list[str]) -> None:
    from reader.core.notes import NoteBook

    d = tmp_path_factory.mktemp("rt")
    text = load_corpus().get(IDS[0]).text
    store = NoteStore(d)
    book = NoteBook(store, texts=lambda _d: text)
    h, _ = book.add_highlight(IDS[0], 10, 30)
    try:
        book.set_note(h.id, note)
        book.set_tags(h.id, tags)
    except ValueError as exc:
        assert any("\ud800" <= c <= "\udfff" for c in note + "".join(tags))
        assert one_sentence(str(exc))
        return
    finally:
        book.save_now()
        store.release_lock()
    back = NoteStore(d).load_notes(IDS[0]).highlights[0]
    assert back.note == note
    assert back == book.highlight(h.id)


def local_image_url(tmp_path: Path) -> str:
    """A real 300x300 image on disk: if anything loads it, it shows."""
    image = tmp_path / "big.png"
    img = QImage(300, 300, QImage.Format.Format_RGB32)
    img.fill(0xFF0000)
    img.save(str(image))
    return QUrl.fromLocalFile(str(image)).toString()


def test_note_preview_never_reads_a_local_file(make_window, tmp_path: Path, qtbot) -> None:
    url = local_image_url(tmp_path)
    w = make_window()
    hid = _select_highlight(w)
    w.session.book.set_note(hid, f"look: ![x]({url})")
    w.notes.select_highlight(hid)
    w.notes.preview_toggle.setChecked(True)
    doc = w.notes.preview.document()
    doc.size()  # lays it out, which loads images
    assert refused(doc.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)))


def test_every_browser_refuses_local_images_for_real(make_window, tmp_path: Path, qtbot) -> None:
    url = local_image_url(tmp_path)
    w = make_window()
    loaded = []
    for b in w.findChildren(QTextEdit):
        b.document().setHtml(f'<p>x<img src="{url}">y</p>')
        b.document().size()
        if not refused(b.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))):
            loaded.append(f"{type(b).__name__}#{b.objectName()}")
    assert loaded == []


def test_hostile_colour_meaning_tooltip_is_literal(make_window) -> None:
    w = make_window()
    hid = _select_highlight(w)
    h = w.session.book.highlight(hid)
    s = HOSTILE["qt-rich-text"]
    w.session.book.set_color_meaning(h.color, s)
    w.notes.refresh()
    assert shown_literally(tooltip_of(w.notes.model, hid), s)


def test_hostile_link_note_tooltip_is_literal(make_window) -> None:
    from reader.core.anchor import Anchor
    from reader.core.model import Endpoint

    w = make_window()
    w.open_document(IDS[0])
    t0, t1 = w.session.text_of(IDS[0]), w.session.text_of(IDS[1])
    a = Endpoint(IDS[0], Anchor.from_span(t0, 10, 30))
    b = Endpoint(IDS[1], Anchor.from_span(t1, 10, 30))
    s = HOSTILE["script-tag"]
    link, _ = w.session.book.add_link(a, b, "elaborates", s)
    w.crossrefs.refresh(w.session, w.session.document(IDS[0]))
    item = w.crossrefs._items[link.id]
    assert shown_literally(item.toolTip(0), s)


# --------------------------------------------------------------------------- search

def test_hostile_queries_search_without_error(make_window) -> None:
    w = make_window()
    w.open_document(IDS[1])
    for name, s in HOSTILE.items():
        TALLY.hostile(name)
        w.search_all.setChecked(False)
        w.search_field.setText(s)
        w.run_search()
        w.search_all.setChecked(True)
        w.run_search()
    assert w.current_document() == IDS[1]


# --------------------------------------------------------------------------- W3C and PDF imports

def _hostile_collection(corpus: Any) -> tuple[dict, dict[str, str]]:
    text = corpus.get(IDS[0]).text
    items, expect = [], {}
    for i, (name, s) in enumerate(HOSTILE.items()):
        start = 200 + 40 * i
        items.append(w3c_annotation(IDS[0], text[start:start + 20], start, start + 20, note=s, tags=(s,),
                                    ann_id=f"urn:test:{name}"))
        expect[name] = s
    return {"@context": w3c.CONTEXT, "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": items}}, expect


def _check_imported(notes: Any, expect: dict[str, str]) -> None:
    got = {h.note for h in notes.highlights}
    for name, s in expect.items():
        if name in REFUSED_IN_NOTES:
            assert s not in got
        else:
            assert s in got, name


def test_w3c_import_keeps_hostile_bodies_literal(make_window, tmp_path: Path, message_boxes: list,
                                                 opened_urls: list, resource_requests: list) -> None:
    corpus = load_corpus()
    data, expect = _hostile_collection(corpus)
    path = tmp_path / "hostile.jsonld"
    path.write_text(json.dumps(data))  # json escapes the lone surrogate as \ud800
    result = w3c.load_file(path, corpus)
    assert any("surrogate" in s for s in result.skipped)
    w = make_window()
    assert w.import_file(path)
    TALLY.hostile(*expect)
    notes = w.session.book.notes(IDS[0])
    _check_imported(notes, expect)
    w.open_document(IDS[0])
    w.notes.refresh()
    assert message_boxes == [] and opened_urls == []
    assert_no_fetch(resource_requests)


def test_pdf_embedded_json_with_hostile_bodies(make_window, tmp_path: Path, message_boxes: list) -> None:
    corpus = load_corpus()
    data, expect = _hostile_collection(corpus)
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(pdf_with_attachment(json.dumps(data).encode()))
    parsed = read_embedded_annotations(pdf)
    result = w3c.parse_annotations(parsed, corpus, source=str(pdf))
    assert sum(len(v) for v in result.by_doc.values()) == len(expect) - len(REFUSED_IN_NOTES)
    w = make_window()
    assert w.import_file(pdf)
    _check_imported(w.session.book.notes(IDS[0]), expect)
    assert message_boxes == []


@pytest.mark.parametrize("name", ["script-tag", "img-file", "link-javascript"])
def test_hostile_quote_in_import_is_refused_with_one_sentence(name: str, tmp_path: Path, data_dir: Path) -> None:
    s = HOSTILE[name]
    TALLY.hostile(name)
    path = tmp_path / "q.json"
    path.write_text(json.dumps(w3c_annotation(IDS[0], s)))
    with pytest.raises(ValidationError) as err:
        w3c.load_file(path, load_corpus())
    assert err.value.path == path and one_sentence(str(err.value))
    assert s in str(err.value)  # quoted literally so the reader sees what was wrong


def test_import_error_dialog_shows_hostile_quote_literally(make_window, tmp_path: Path,
                                                           message_boxes: list) -> None:
    s = HOSTILE["img-file"]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(w3c_annotation(IDS[0], s)))
    w = make_window()
    assert not w.import_file(path)
    assert message_boxes and s in message_boxes[0][1]
    # ...and the window's warning dialog shows such a message as plain text, never markup.
    from reader.ui.widgets import warn

    box = warn(w, "Import failed", message_boxes[0][1])
    assert box.textFormat() == Qt.TextFormat.PlainText and s in box.text()
    box.close()


# --------------------------------------------------------------------------- huge texts

def _open_big(make_window, tmp_path: Path, name: str, body: str) -> None:
    src = tmp_path / name
    src.write_text(body)
    w = make_window()
    t0 = time.perf_counter()
    doc_id = w.add_text(src)
    QApplication.processEvents()
    took = time.perf_counter() - t0
    assert doc_id is not None
    assert len(w.view.toPlainText()) == len(w.session.document(doc_id).text)
    t1 = time.perf_counter()
    w.view.scroll_to_offset(len(w.session.document(doc_id).text) - 1)
    w.search_field.setText("p1999")
    w.run_search()
    QApplication.processEvents()
    print(f"\n{name}: {len(body):,} chars added and opened in {took:.2f} s; "
          f"scroll to end + search {time.perf_counter() - t1:.2f} s")


@pytest.mark.parametrize("mb", [1])
def test_long_single_line_opens(make_window, tmp_path: Path, mb: int) -> None:
    TALLY.hostile(f"{mb}-MB single line")
    _open_big(make_window, tmp_path, f"line-{mb}mb.txt", big_single_line(mb))


def test_many_paragraphs_open(make_window, tmp_path: Path) -> None:
    TALLY.hostile("20,000 paragraphs")
    _open_big(make_window, tmp_path, "paras-20k.md", many_paragraphs(20_000))


def test_ten_megabyte_single_line_is_refused_in_the_window(make_window, tmp_path: Path) -> None:
    TALLY.hostile("10-MB single line")
    w = make_window()
    src = tmp_path / "line-10mb.txt"
    src.write_text(big_single_line(10))
    assert w.add_text(src) is None  # refused: it would freeze the window for ~12 s
    message = w.statusBar().currentMessage()
    assert one_sentence(message) and "line-10mb.txt" in message and "split it into paragraphs" in message
    assert not list((w.session.data_dir / "library").glob("*.md"))


@pytest.mark.slow
def test_two_hundred_thousand_paragraphs_open(make_window, tmp_path: Path) -> None:
    TALLY.hostile("200,000 paragraphs")
    _open_big(make_window, tmp_path, "paras-200k.md", many_paragraphs(200_000))


def test_huge_texts_in_the_core(data_dir: Path, tmp_path: Path) -> None:
    TALLY.hostile("10-MB single line", "200,000 paragraphs")
    src = tmp_path / "big.txt"
    src.write_text(big_single_line(10))
    t0 = time.perf_counter()
    with pytest.raises(DataFileError) as err:
        add_text(data_dir, src)
    assert one_sentence(str(err.value)) and "big.txt" in str(err.value)
    assert not (data_dir / "library").exists() or not list((data_dir / "library").iterdir())
    src = tmp_path / "big.md"
    src.write_text(many_paragraphs(200_000))
    doc = add_text(data_dir, src)
    print(f"\ncore: 10-MB line refused and 200,000 paragraphs added in {time.perf_counter() - t0:.2f} s")
    assert len(doc.blocks) == 200_000


def test_file_name_that_is_not_utf8_can_be_added(data_dir: Path, tmp_path: Path) -> None:
    import os

    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.txt")
    with open(raw, "wb") as fh:
        fh.write(b"A text whose file name is Latin-1.\n")
    TALLY.hostile("file name not UTF-8")
    doc = add_text(data_dir, Path(os.fsdecode(raw)))
    assert doc.meta.source == "caf\ufffd-\ufffd.txt"
    assert load_corpus(data_dir).get(doc.id).text == "A text whose file name is Latin-1."
