"""The reading view's editorial-mark modes and its quiet note markers (issue 18)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from reader.core.anchor import Anchor
from reader.core.document import Document, DocumentMeta, parse_body
from reader.core.model import Highlight
from reader.ui.marks import MarkMode, drawn_marks
from reader.ui.reading_view import ReadingView, SpanMark

BODY = "# Title\n\nLam spoke. Then Lam spoke again.\n\n## Later\n\nLam once more, on 1 July.\n"


def _doc() -> Document:
    return Document(DocumentMeta(id="d", title="Title"), parse_body(BODY))


def _marks(doc: Document) -> list[SpanMark]:
    out = []
    at = 0
    while (at := doc.text.find("Lam", at)) >= 0:
        out.append(SpanMark("glossary", at, at + 3, "lam"))
        at += 3
    day = doc.text.index("1 July")
    out.append(SpanMark("timeline", day, day + 6, "ev1"))
    return out


def _underlined(view: ReadingView, offset: int) -> bool:
    c = QTextCursor(view.document())
    c.setPosition(view.positions.to_qt(offset) + 1)
    return c.charFormat().underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline


def _view(qtbot, highlights: list[Highlight] = ()) -> tuple[ReadingView, Document, list[SpanMark]]:
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    doc = _doc()
    marks = _marks(doc)
    view.show_document(doc, marks, list(highlights), tooltip=lambda m: f"about {m.ref_id}")
    view.show()
    qtbot.waitExposed(view)
    return view, doc, marks


def test_the_calm_default_marks_a_term_once_per_section_and_the_rest_answer_on_hover(qtbot) -> None:
    view, doc, marks = _view(qtbot)
    lams = [m.start for m in marks if m.kind == "glossary"]
    assert view.editorial_marks() is MarkMode.FIRST
    # "Lam" in the title's section twice (first underlined), then in "Later" once (underlined)
    assert [_underlined(view, s) for s in lams] == [True, False, True]
    assert _underlined(view, marks[-1].start)  # other kinds are always drawn
    assert [m.ref_id for m in view.marks_at(lams[1])] == ["lam"]  # unmarked, still answers
    assert view.toPlainText() == doc.text


def test_marks_all_glossary_only_and_none(qtbot) -> None:
    view, doc, marks = _view(qtbot)
    lams = [m.start for m in marks if m.kind == "glossary"]
    day = marks[-1].start
    view.set_editorial_marks("all")
    assert [_underlined(view, s) for s in lams] == [True, True, True] and _underlined(view, day)
    view.set_editorial_marks(MarkMode.GLOSSARY)
    assert all(_underlined(view, s) for s in lams) and not _underlined(view, day)
    assert view.marks_at(day) == []
    view.set_editorial_marks(MarkMode.NONE)
    assert not any(_underlined(view, s) for s in [*lams, day])
    assert view.marks_at(lams[0]) == []
    assert view.toPlainText() == doc.text
    view.set_editorial_marks(MarkMode.ALL)
    assert all(_underlined(view, s) for s in [*lams, day])


def test_changing_the_mode_keeps_the_highlights_and_the_search_hits(qtbot) -> None:
    doc = _doc()
    h = Highlight(id="h1", doc_id="d", anchor=Anchor.from_span(doc.text, 8, 18), color="#ffd54f",
                  created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
    view, doc, _marks = _view(qtbot, [h])
    view.set_search_hits([(0, 5)])
    n = len(view.extraSelections())
    view.set_editorial_marks(MarkMode.NONE)
    assert view.highlight_count() == 1
    assert len(view.extraSelections()) == n


def test_drawn_marks_sections_are_counted_from_headings() -> None:
    marks = [SpanMark("glossary", 5, 8, "a"), SpanMark("glossary", 12, 15, "a"), SpanMark("glossary", 30, 33, "a")]
    assert drawn_marks(marks, MarkMode.FIRST, [0, 20]) == [marks[0], marks[2]]
    assert drawn_marks(marks, MarkMode.ALL, [0, 20]) == marks
    assert drawn_marks(marks, MarkMode.NONE, [0, 20]) == []


def test_a_highlight_with_a_note_gets_a_drawn_marker_and_its_note_on_hover(qtbot) -> None:
    doc = _doc()
    start = doc.text.index("Then Lam")
    noted = Highlight(id="n1", doc_id="d", anchor=Anchor.from_span(doc.text, start, start + 8), color="#e57373",
                      note="A <b>note</b> of mine", created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
    plain = Highlight(id="p1", doc_id="d", anchor=Anchor.from_span(doc.text, 0, 4), color="#ffd54f",
                      created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
    view, doc, _ = _view(qtbot, [noted, plain])
    image = view.viewport().grab().toImage()  # paints
    markers = view.note_marks()
    assert [hid for _r, hid in markers] == ["n1"]  # only the highlight with a note
    rect = markers[0][0]
    inside = QColor(image.pixel(rect.left() + 1, rect.top() + 1))
    assert inside.name() == QColor("#e57373").darker(170).name()
    assert view.toPlainText() == doc.text  # drawn, not inserted
    tip = view.tooltip_at(rect.center())
    assert "A &lt;b&gt;note&lt;/b&gt; of mine" in tip  # escaped: shown, never interpreted
    # over the highlighted words: the note, then the term's description
    c = QTextCursor(view.document())
    c.setPosition(view.positions.to_qt(start + 6))
    words = view.cursorRect(c).center() + QPoint(2, 0)
    tip = view.tooltip_at(words)
    assert "of mine" in tip and "about lam" in tip
    # the note removed: the marker goes
    view.update_highlights([noted.with_(note="")])
    view.viewport().grab()
    assert view.note_marks() == []
